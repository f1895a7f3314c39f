import { existsSync } from 'node:fs';
import type { TextDocumentEdit, WorkspaceEdit, CreateFile } from 'vscode-languageserver/node';
import type { TextEdit as EngineEdit } from '../analysis/rules/types';

/** What turning engine edits (by file path) into an LSP WorkspaceEdit needs to know. */
export interface EditTarget {
  uriFor(file: string): string;
  /** the version of an open document, null when the file is not open */
  versionOf(file: string): number | null;
  /** the client accepts `documentChanges` (versioned edits, file creation) */
  documentChanges: boolean;
  /** the client can create files through a WorkspaceEdit */
  createFiles: boolean;
}

/**
 * Versioned edits let the client refuse an edit computed for an older text of the document;
 * fixes that create a file (a README for the preload section) need `documentChanges` too.
 */
export function toWorkspaceEdit(edits: EngineEdit[], target: EditTarget): WorkspaceEdit {
  const byFile = new Map<string, EngineEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const toLsp = (list: EngineEdit[]) => list.map(({ range, newText }) => ({ range, newText }));
  if (!target.documentChanges) {
    const changes: Record<string, ReturnType<typeof toLsp>> = {};
    for (const [file, list] of byFile) changes[target.uriFor(file)] = toLsp(list);
    return { changes };
  }
  const documentChanges: (TextDocumentEdit | CreateFile)[] = [];
  for (const [file, list] of byFile) {
    const uri = target.uriFor(file);
    const version = target.versionOf(file);
    if (version === null && target.createFiles && !existsSync(file)) {
      documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    }
    documentChanges.push({ textDocument: { uri, version }, edits: toLsp(list) });
  }
  return { documentChanges };
}

/**
 * Edits of several fixes that do not touch each other, earlier fixes first: what fix-all applies in one
 * go. Touching ranges count as overlapping (two inserts at one point have no defined order); what is
 * left out is applied by the next fix-all.
 */
export function nonOverlapping(fixes: EngineEdit[][]): EngineEdit[] {
  const taken: EngineEdit[] = [];
  for (const edits of fixes) {
    if (edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...edits);
  }
  return taken;
}

type Pos = EngineEdit['range']['start'];
const compare = (a: Pos, b: Pos) => a.line - b.line || a.character - b.character;
const overlaps = (a: EngineEdit, b: EngineEdit) =>
  a.file === b.file && compare(a.range.start, b.range.end) <= 0 && compare(b.range.start, a.range.end) <= 0;
