import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Finding } from '../analysis/findings';
import { readSource } from '../analysis/source';
import type { AnalysisHost } from './analysisHost';
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

/** Runs the engine (in the analysis worker) on one extension and turns its findings into each file's diagnostics. */
export function extensionLinter(deps: {
  host: AnalysisHost;
  docs: OpenDocuments;
  extensions: ExtensionIndex;
  settings: SettingsStore;
  publisher: DiagnosticsPublisher;
  editTarget: EditTarget;
  /** the workspace folder holding a path: documentation above an extension is read up to it */
  workspaceFolderOf: (file: string) => string | undefined;
  log: Log;
}): Analyse {
  const { host, docs, extensions, settings, publisher, editTarget, workspaceFolderOf, log } = deps;
  return async (root, signal) => {
    const ext = extensions.get(root);
    const { enable, lint } = await settings.forExtension(root);
    if (!ext || !enable) return () => publisher.clear(root);
    if (signal.aborted) return undefined;
    const overlays: Record<string, string> = {};
    for (const file of docs.openFiles()) if (file.startsWith(ext.root + path.sep)) overlays[file] = docs.overlay(file)!;
    const versions = new Map(Object.keys(overlays).map((file) => [file, docs.get(file)?.version]));
    const started = Date.now();
    const { findings } = await host.analyze(ext, { ...lint, workspaceRoot: workspaceFolderOf(ext.root) }, overlays, signal);
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
