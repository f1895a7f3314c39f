import type { Diagnostic } from 'vscode-languageserver/node';
import type { AnalyzeIO, Engine } from '../analysis/engine';
import type { Finding } from '../analysis/findings';
import type { OpenDocuments } from './documents';
import type { ExtensionIndex } from './extensions';
import type { DiagnosticsPublisher } from './publisher';
import type { SettingsStore } from './settings';
import type { Analyse } from './scheduler';
import { toDiagnostic } from './diagnostics';
import type { EditTarget } from './workspaceEdits';

export interface Log {
  info(message: string): void;
  error(message: string): void;
}

/** Runs the engine on one extension and turns its findings into each file's diagnostics. */
export function extensionLinter(deps: {
  engine: Engine;
  docs: OpenDocuments;
  extensions: ExtensionIndex;
  settings: SettingsStore;
  publisher: DiagnosticsPublisher;
  editTarget: EditTarget;
  log: Log;
}): Analyse {
  const { engine, docs, extensions, settings, publisher, editTarget, log } = deps;
  return async (root, isCancelled) => {
    const ext = extensions.get(root);
    const { enable, lint } = await settings.forExtension(root);
    if (!ext || !enable) return () => publisher.clear(root);
    if (isCancelled()) return undefined;
    const io: AnalyzeIO = {
      overlay: (file) => docs.overlay(file),
      onSkip: (file, reason) => log.info(`${file}: skipped: ${reason}`),
      onRuleError: (rule, e) => log.error(`rule ${rule} failed on ${ext.name}: ${(e as Error)?.stack ?? e}`),
      isCancelled,
    };
    const started = Date.now();
    const findings = engine.analyzeExtension(ext, lint, io);
    if (isCancelled()) return undefined;
    log.info(`${ext.name}: ${findings.length} finding(s) in ${Date.now() - started} ms`);
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) byFile.set(f.loc.file, [...(byFile.get(f.loc.file) ?? []), f]);
    const byUri = new Map<string, { diagnostics: Diagnostic[]; version?: number }>();
    for (const [file, list] of byFile) {
      const read = engine.read(file, io);
      const text = 'text' in read ? read.text : undefined;
      byUri.set(docs.uriFor(file), {
        diagnostics: list.map((f) => toDiagnostic(f, text, editTarget)),
        version: docs.get(file)?.version,
      });
    }
    return () => publisher.publish(root, byUri);
  };
}
