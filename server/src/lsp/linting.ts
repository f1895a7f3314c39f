import type { Diagnostic } from 'vscode-languageserver/node';
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
    const byUri = new Map<string, { diagnostics: Diagnostic[]; version?: number }>();
    // every open document of the extension gets a versioned result, an empty one included, so a
    // client can tell that the version it shows was analysed
    const own = new Set([...ext.sourceFiles, ...ext.controlFiles, ...ext.docFiles, ...ext.buildFiles, ...ext.sqlFiles]);
    for (const [file, version] of versions) if (own.has(file)) byUri.set(docs.uriFor(file), { diagnostics: [], version });
    for (const f of findings) {
      const uri = docs.uriFor(f.loc.file);
      const entry = byUri.get(uri) ?? { diagnostics: [], version: versions.get(f.loc.file) };
      entry.diagnostics.push(toDiagnostic(f, editTarget));
      byUri.set(uri, entry);
    }
    return () => publisher.publish(root, byUri);
  };
}
