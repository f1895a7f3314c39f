import type { FunctionDef, Location, Stmt } from '../model/model';
import type { Fix } from '../rules/types';
import type { ExtensionView } from '../model/view';
import { docOf, replaceLines } from './fileEdits';
import { indentOf, ownsItsLines } from './text';

/** Where a statement of the IR sits in the text, when it is a whole statement. */
export function statementLoc(s: Stmt): Location | undefined {
  if (s.k === 'call') return s.stmtLoc;
  if (s.k === 'assign') return s.loc;
  return undefined;
}

/**
 * Wraps the statements `siblings[from..to]` of `fn` in a preload guard, in the file's own style:
 * pgindent layout for C (braces on their own lines, tab indentation) unless the file opens braces on the
 * header line (clang-format C++), rustfmt layout for Rust.
 */
export function wrapInPreloadGuard(view: ExtensionView, fn: FunctionDef, siblings: Stmt[], from: number, to: number): Fix | undefined {
  const doc = docOf(view, fn);
  const first = statementLoc(siblings[from]);
  const last = statementLoc(siblings[to]);
  if (!doc || !first || !last) return undefined;
  const { layout } = doc;
  if (!ownsItsLines(layout, first) || !ownsItsLines(layout, last)) return undefined;
  const startLine = first.range.start.line;
  const endLine = last.range.end.line;
  const indent = indentOf(layout.lines[startLine]);
  const body = layout.lines
    .slice(startLine, endLine + 1)
    .map((l) => (l.trim() === '' ? l : layout.unit + l));
  const open =
    fn.language !== 'c'
      ? [`${indent}if unsafe { pg_sys::process_shared_preload_libraries_in_progress } {`]
      : layout.sameLineBraces
        ? [`${indent}if (process_shared_preload_libraries_in_progress) {`]
        : [`${indent}if (process_shared_preload_libraries_in_progress)`, `${indent}{`];
  // calls nested in the statements' arguments are not statements of their own
  const count = siblings.slice(from, to + 1).filter((s) => statementLoc(s)).length;
  return {
    title: count > 1 ? `Wrap these ${count} statements in a preload guard` : 'Wrap in a preload guard',
    edits: [replaceLines(doc, startLine, endLine, [...open, ...body, `${indent}}`])],
    preferred: true,
  };
}
