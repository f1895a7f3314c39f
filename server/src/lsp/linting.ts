import type { Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../analysis/model/findings';
import { readSource } from '../analysis/syntax/source';
import type { AnalysisHost } from './analysisHost';
import type { OpenDocuments } from './documents';
import type { ExtensionIndex } from './extensions';
import type { DiagnosticsPublisher } from './publisher';
import type { EditorSettings } from './settings';
import type { Analyse } from './scheduler';
import { toDiagnostic } from './diagnostics';
import type { EditTarget } from './workspaceEdits';

export interface Log {
  info(message: string): void;
  error(message: string): void;
}

/** Runs the engine (in the analysis worker) on one extension and turns its findings into each file's diagnostics. */
export function extensionLinter(deps: {
  host: AnalysisHost;
  docs: OpenDocuments;
  extensions: ExtensionIndex;
  settingsOf: (root: string) => Promise<EditorSettings>;
  publisher: DiagnosticsPublisher;
  editTarget: EditTarget;
  log: Log;
}): Analyse {
  const { host, docs, extensions, settingsOf, publisher, editTarget, log } = deps;
  return async (root, signal) => {
    const ext = extensions.get(root);
    const { enable, lint } = await settingsOf(root);
    if (!ext || !enable) return () => publisher.clear(root);
    if (signal.aborted) return undefined;
    const overlays = docs.overlaysUnder(ext.root);
    const versions = new Map(Object.keys(overlays).map((file) => [file, docs.get(file)?.version]));
    const started = Date.now();
    const { findings } = await host.analyze(ext, lint, overlays, signal);
    if (!findings || signal.aborted) return undefined;
    log.info(`${ext.name}: ${findings.length} finding(s) in ${Date.now() - started} ms`);
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) byFile.set(f.loc.file, [...(byFile.get(f.loc.file) ?? []), f]);
    const byUri = new Map<string, { diagnostics: Diagnostic[]; version?: number }>();
    for (const [file, list] of byFile) {
      const read = overlays[file] !== undefined ? { text: overlays[file] } : readSource(file);
      const text = 'text' in read ? read.text : undefined;
      byUri.set(docs.uriFor(file), {
        diagnostics: list.map((f) => toDiagnostic(f, text, editTarget)),
        version: versions.get(file),
      });
    }
    return () => publisher.publish(root, byUri);
  };
}
