import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';

/**
 * Publishes an extension's diagnostics file by file, and clears the files of that extension that
 * had diagnostics last time and have none now. Keeps the last diagnostics of each document for
 * fix-all, which the client asks for without sending diagnostics.
 */
export class DiagnosticsPublisher {
  private readonly urisByRoot = new Map<string, Set<string>>();
  private readonly byUri = new Map<string, { diagnostics: Diagnostic[]; version?: number }>();

  constructor(private readonly send: (params: PublishDiagnosticsParams) => void) {}

  publish(root: string, byUri: Map<string, { diagnostics: Diagnostic[]; version?: number }>): void {
    const previous = this.urisByRoot.get(root) ?? new Set();
    for (const uri of previous) {
      if (!byUri.has(uri)) this.sendFor(uri, []);
    }
    for (const [uri, { diagnostics, version }] of byUri) this.sendFor(uri, diagnostics, version);
    this.urisByRoot.set(root, new Set(byUri.keys()));
  }

  clear(root: string): void {
    this.publish(root, new Map());
    this.urisByRoot.delete(root);
  }

  /** The diagnostics last published for a document, if they were computed for this version of it. */
  current(uri: string, version: number | undefined): Diagnostic[] {
    const last = this.byUri.get(uri);
    return last && last.version === version ? last.diagnostics : [];
  }

  private sendFor(uri: string, diagnostics: Diagnostic[], version?: number): void {
    if (diagnostics.length) this.byUri.set(uri, { diagnostics, version });
    else this.byUri.delete(uri);
    this.send({ uri, diagnostics, version });
  }
}
