import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintSettings } from '../analysis/engine';
import type { PreloadFacts } from '../analysis/semantics/preloadReport';
import type { ExtensionInfo } from '../analysis/model/model';
import type { Log } from './linting';
import type { AnalysisResult, WorkerData, WorkerMessage, WorkerRequest } from './workerProtocol';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * The worker's old-generation limit. V8 scales how far it lets the heap grow past the live data before
 * a full collection by this limit: with the default (a quarter of the RAM, up to 4 GB) up to 4×, with
 * 1 GB about 1.6×. Each analysis leaves its views and memos behind; on citus that took the worker's
 * heap from 190 MB after indexing to 336 MB after 13 keystrokes, 274 MB with this limit (live data
 * there: about 150 MB). A workspace whose data outgrows it stops the worker, which the next request
 * starts again, as after any other crash.
 */
const WORKER_OLD_GENERATION_MB = 1024;

/**
 * The server's side of the analysis worker. A worker that dies (a crash in a front end, out of
 * memory) fails the requests in flight and is started again on the next request.
 */
export class AnalysisHost {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly cancel = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;

  constructor(private readonly log: Log) {}

  discover(paths: string[]): Promise<ExtensionInfo[]> {
    return this.request({ kind: 'discover', id: this.nextId++, paths }) as Promise<ExtensionInfo[]>;
  }

  /** Analyses one extension with the editor's unsaved texts; resolves without findings when cancelled. */
  async analyze(ext: ExtensionInfo, settings: LintSettings, overlays: Record<string, string>, signal: AbortSignal): Promise<AnalysisResult> {
    Atomics.store(this.cancel, 0, 0);
    const onAbort = () => Atomics.store(this.cancel, 0, 1);
    signal.addEventListener('abort', onAbort);
    try {
      return (await this.request({ kind: 'analyze', id: this.nextId++, ext, settings, overlays })) as AnalysisResult;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  preloadFacts(ext: ExtensionInfo, settings: LintSettings, overlays: Record<string, string>): Promise<PreloadFacts> {
    return this.request({ kind: 'preloadFacts', id: this.nextId++, ext, settings, overlays }) as Promise<PreloadFacts>;
  }

  closed(file: string): void {
    this.worker?.postMessage({ kind: 'closed', file } satisfies WorkerRequest);
  }

  invalidate(file: string): void {
    this.worker?.postMessage({ kind: 'invalidate', file } satisfies WorkerRequest);
  }

  resetConfig(): void {
    this.worker?.postMessage({ kind: 'resetConfig' } satisfies WorkerRequest);
  }

  dispose(): Promise<number> | undefined {
    return this.worker?.terminate();
  }

  private request(req: Extract<WorkerRequest, { id: number }>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(req.id, { resolve, reject });
      this.start().postMessage(req);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // beside this module both in out/ and in the bundle (dist/)
    const worker = new Worker(path.join(__dirname, 'analysisWorker.js'), {
      workerData: { cancel: this.cancel.buffer as SharedArrayBuffer } satisfies WorkerData,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB },
    });
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'log') return m.level === 'error' ? this.log.error(m.message) : this.log.info(m.message);
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.kind === 'reply') p?.resolve(m.value);
      else p?.reject(new Error(m.error));
    });
    const fail = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log.error(`analysis worker stopped: ${why}`);
      for (const p of this.pending.values()) p.reject(new Error(`analysis worker stopped: ${why}`));
      this.pending.clear();
    };
    worker.on('error', (e) => fail(e.stack ?? e.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
