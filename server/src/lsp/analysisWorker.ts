import { parentPort, workerData } from 'node:worker_threads';
import { ConfigResolver } from '../analysis/config';
import { Engine } from '../analysis/engine';
import { preloadFacts } from '../analysis/semantics/preloadReport';
import type { ExtensionInfo } from '../analysis/model/model';
import { KeptExtensions } from './keptExtensions';
import type { AnalysisResult, WorkerData, WorkerMessage, WorkerRequest } from './workerProtocol';

/** The analysis worker: owns the engine and its caches; answers the server's requests in order. */
const port = parentPort!;
const cancel = new Int32Array((workerData as WorkerData).cancel);
const post = (m: WorkerMessage) => port.postMessage(m);
const log = (level: 'info' | 'error', message: string) => post({ kind: 'log', level, message });

let projects = new ConfigResolver();
const engineReady = Engine.create();

port.on('message', (req: WorkerRequest) => {
  void engineReady.then(
    (engine) => handle(engine, req),
    (e) => 'id' in req && post({ kind: 'failed', id: req.id, error: `cannot load the grammars: ${(e as Error)?.stack ?? e}` }),
  );
});

function handle(engine: Engine, req: WorkerRequest): void {
  switch (req.kind) {
    case 'invalidate':
      engine.invalidate(req.file);
      return;
    case 'closed':
      engine.closed(req.file);
      return;
    case 'resetConfig':
      projects = new ConfigResolver();
      return;
  }
  try {
    post({ kind: 'reply', id: req.id, value: ANSWER[req.kind](engine, req as never) });
  } catch (e) {
    post({ kind: 'failed', id: req.id, error: (e as Error)?.stack ?? String(e) });
  }
}

const ANSWER: { [K in Extract<WorkerRequest, { id: number }>['kind']]: (engine: Engine, req: Extract<WorkerRequest, { kind: K }>) => unknown } = {
  discover: (engine, req) => engine.discover(req.paths, projects.isIgnored),
  analyze,
  preloadFacts: (engine, req) => {
    const facts = preloadFacts(engine.views(req.ext, req.settings, { overlay: (file) => req.overlays[file] }));
    analysed(engine, req);
    return facts;
  },
};

/** Whose data the engine keeps between analyses: open extensions', and the last others' within a budget. */
let kept: KeptExtensions | undefined;
function analysed(engine: Engine, req: { ext: ExtensionInfo; overlays: Record<string, string> }): void {
  kept ??= new KeptExtensions((ext) => engine.forget(ext));
  kept.analysed(req.ext, Object.keys(req.overlays).length > 0);
}

/** What was last said about each file: a skipped or odd file is told once, not after every edit. */
const told = new Map<string, string>();
function tellOnce(file: string, message: string): void {
  if (told.get(file) === message) return;
  told.set(file, message);
  log('info', `${file}: ${message}`);
}

function analyze(engine: Engine, req: Extract<WorkerRequest, { kind: 'analyze' }>): AnalysisResult {
  const isCancelled = () => Atomics.load(cancel, 0) === 1;
  if (isCancelled()) return {};
  const findings = engine.analyzeExtension(req.ext, req.settings, {
    overlay: (file) => req.overlays[file],
    onSkip: (file, reason) => tellOnce(file, `skipped: ${reason}`),
    onWarning: (file, message) => tellOnce(file, message),
    onRuleError: (rule, e) => log('error', `rule ${rule} failed on ${req.ext.name}: ${(e as Error)?.stack ?? e}`),
    isCancelled,
  });
  if (isCancelled()) return {};
  analysed(engine, req);
  return { findings };
}
