import * as path from 'node:path';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToUri, uriToPath } from './paths';

/**
 * The documents open in the editor, addressed by file path as the engine addresses files.
 * Open documents are analysed as typed: their text overrides the file on disk.
 */
export class OpenDocuments {
  readonly store = new TextDocuments(TextDocument);
  private readonly byPath = new Map<string, string>();

  constructor() {
    this.store.onDidOpen(({ document }) => {
      const file = uriToPath(document.uri);
      if (file) this.byPath.set(file, document.uri);
    });
    this.store.onDidClose(({ document }) => {
      const file = uriToPath(document.uri);
      if (file) this.byPath.delete(file);
    });
  }

  get(file: string): TextDocument | undefined {
    const uri = this.byPath.get(file);
    return uri ? this.store.get(uri) : undefined;
  }

  /** The editor's text of a file, when it is open. */
  overlay(file: string): string | undefined {
    return this.get(file)?.getText();
  }

  /** The URI the editor uses for a file (kept as sent, so diagnostics land on the same document). */
  uriFor(file: string): string {
    return this.byPath.get(file) ?? pathToUri(file);
  }

  /** The editor's texts of the open files under a folder, for the analysis worker. */
  overlaysUnder(folder: string): Record<string, string> {
    const overlays: Record<string, string> = {};
    for (const file of this.byPath.keys()) {
      if (file.startsWith(folder + path.sep)) overlays[file] = this.overlay(file)!;
    }
    return overlays;
  }
}
