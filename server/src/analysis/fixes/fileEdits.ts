import type { FunctionDef, Language, Location, Position } from '../model/model';
import type { TextEdit } from '../rules/types';
import type { ExtensionView } from '../model/view';
import { lineStarts, offsetAt } from '../syntax/source';
import { layoutOf, wholeLines, type Layout } from './text';

/** A file a fix edits: its layout, so the edits are written in its own style. */
export interface Doc {
  file: string;
  language: Language;
  layout: Layout;
}

export function docOf(view: ExtensionView, fn: FunctionDef): Doc | undefined {
  const text = view.text(fn.file);
  return text === undefined ? undefined : { file: fn.file, language: fn.language, layout: layoutOf(text, fn.language) };
}

export const at = (line: number): Position => ({ line, character: 0 });

/** Inserts whole lines before line `line`. */
export function insertAt(doc: Doc, line: number, lines: string[]): TextEdit {
  return { file: doc.file, range: { start: at(line), end: at(line) }, newText: lines.map((l) => l + doc.layout.eol).join('') };
}

/** Replaces whole lines `from`..`to` with `lines`. */
export function replaceLines(doc: Doc, from: number, to: number, lines: string[]): TextEdit {
  return { file: doc.file, range: wholeLines(doc.file, doc.layout, from, to).range, newText: lines.join(doc.layout.eol) };
}

/** Lines `from`..`to` with the text at `span` (on one line) replaced by `text`. */
export function renamed(doc: Doc, from: number, to: number, span: Location, text: string): string[] {
  return doc.layout.lines.slice(from, to + 1).map((l, i) => {
    if (from + i !== span.range.start.line) return l;
    return l.slice(0, span.range.start.character) + text + l.slice(span.range.end.character);
  });
}

/** The text from `start` to `end`, lines joined by `\n`. */
export function between(doc: Doc, start: Position, end: Position): string {
  const text = doc.layout.lines.join('\n');
  const starts = lineStarts(text);
  return text.slice(offsetAt(starts, start), offsetAt(starts, end));
}

/** `base`, or `base2`, `base3`... when the file already uses the name. */
export function freshName(doc: Doc, base: string): string {
  const text = doc.layout.lines.join('\n');
  let name = base;
  for (let i = 2; new RegExp(`\\b${name}\\b`).test(text); i++) name = `${base}${i}`;
  return name;
}
