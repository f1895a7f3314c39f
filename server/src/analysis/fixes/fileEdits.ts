import type { FunctionDef, Language, Location, Position } from '../model/model';
import type { TextEdit } from '../rules/types';
import type { ExtensionView } from '../model/view';
import { lineStarts, offsetAt } from '../syntax/source';
import { LEXED, lexC } from '../frontends/c/lexical';
import { indentOf, layoutOf, wholeLines, type Layout } from './text';

/** A file a fix edits: its layout, so the edits are written in its own style. */
export interface Doc {
  file: string;
  language: Language;
  layout: Layout;
  /** the lines joined by `\n` (positions as in the file, whatever its line ends) */
  text: string;
}

/** The file of `fn` as a Doc, made once per text of the file (fixes of every finding and analysis share it). */
export function docOf(view: ExtensionView, fn: FunctionDef): Doc | undefined {
  return view.fromText(fn.file, `doc:${fn.language}`, (text) => {
    const layout = layoutOf(text, fn.language);
    return { file: fn.file, language: fn.language, layout, text: layout.lines.join('\n') };
  });
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
  const { text } = doc;
  const starts = lineStarts(text);
  return text.slice(offsetAt(starts, start), offsetAt(starts, end));
}

/** `base`, or `base2`, `base3`... when the file already uses the name. */
export function freshName(doc: Doc, base: string): string {
  let names = freshNames.get(doc);
  if (!names) freshNames.set(doc, (names = new Map()));
  let name = names.get(base);
  if (name === undefined) {
    name = base;
    for (let i = 2; new RegExp(`\\b${name}\\b`).test(doc.text); i++) name = `${base}${i}`;
    names.set(base, name);
  }
  return name;
}

/** per Doc (one per text), per base: the name freshName gives */
const freshNames = new WeakMap<Doc, Map<string, string>>();

/**
 * Whether the statement on `line` is the unbraced body of an `if`/`else`/loop, so that turning it
 * into several statements needs braces; returns the indentation of that `if`.
 */
export function unbracedOwner(doc: Doc, line: number): string | undefined {
  if (doc.language !== 'c') return undefined;
  for (let l = line - 1; l >= 0; l--) {
    const t = doc.layout.lines[l].trim();
    if (t === '' || t.startsWith('#') || t.startsWith('/*') || t.startsWith('*') || t.startsWith('//')) continue;
    return /(\)|\belse)$/.test(t) ? indentOf(doc.layout.lines[l]) : undefined;
  }
  return undefined;
}

/** Statements replacing the one on lines `from`..`to`, braced when it was an unbraced body. */
export function replaceStatement(doc: Doc, from: number, to: number, lines: string[]): TextEdit {
  const owner = unbracedOwner(doc, from);
  return replaceLines(doc, from, to, owner === undefined ? lines : [`${owner}{`, ...lines, `${owner}}`]);
}

const DECLARATION = /^(?:static\s+|extern\s+)?[A-Za-z_][\w\s*]*[\w\])]\s*(?:=.*)?;\s*(?:\/\*.*\*\/)?$/;

/**
 * Whether each line starts at file scope: outside every brace but those of `extern "C" { }` (C++
 * namespaces and classes start at column 0 too, and a variable declared in them is not visible outside).
 */
function atFileScope(view: ExtensionView, doc: Doc): boolean[] {
  let known = fileScopes.get(doc);
  // the code view the C sources made of the file's text (its lines are the Doc's, whatever their ends)
  if (!known) fileScopes.set(doc, (known = fileScopeOf(doc, (view.fromText(doc.file, LEXED, lexC) ?? lexC(doc.text)).codeView)));
  return known;
}

/** per Doc: a Doc is kept while its file's text stays the same, so each text is lexed once */
const fileScopes = new WeakMap<Doc, boolean[]>();

function fileScopeOf(doc: Doc, codeView: string): boolean[] {
  const { lines } = doc.layout;
  const code = codeView.split('\n');
  const open: boolean[] = []; // per open brace: whether it opens a scope
  const result: boolean[] = [];
  for (let l = 0; l < lines.length; l++) {
    result.push(!open.includes(true));
    const line = code[l];
    for (let i = 0; i < line.length; i++) {
      if (line[i] === '{') open.push(!(lines[l].includes('extern') && /\bextern\s+"C(\+\+)?"\s*$/.test(lines[l].slice(0, i))));
      else if (line[i] === '}') open.pop();
    }
  }
  return result;
}

/** Where to declare a new file-scope variable: after the hook-typed ones, else after the last declaration. */
export function declarationLine(view: ExtensionView, doc: Doc, before: number, hookTypes: RegExp): number {
  const anchors = declarationAnchors(view, doc, hookTypes);
  const anchor = anchors[Math.min(before, anchors.length - 1)];
  return anchor >= 0 ? anchor + 1 : -1;
}

/** per Doc, per pattern of the preferred declarations: declarationLine's answer for each line (once per text) */
const anchorsOf = new WeakMap<Doc, Map<string, number[]>>();

/** For each line, the declaration a new one goes after when it must come before that line (-1: none). */
function declarationAnchors(view: ExtensionView, doc: Doc, hookTypes: RegExp): number[] {
  let byPattern = anchorsOf.get(doc);
  if (!byPattern) anchorsOf.set(doc, (byPattern = new Map()));
  let anchors = byPattern.get(hookTypes.source);
  if (anchors) return anchors;
  anchors = [];
  let depth = 0;
  let lastDecl = -1;
  let lastHookDecl = -1;
  let inComment = false;
  const fileScope = atFileScope(view, doc);
  const { lines } = doc.layout;
  for (let l = 0; l <= lines.length; l++) {
    anchors.push(lastHookDecl >= 0 ? lastHookDecl : lastDecl);
    const line = lines[l];
    if (line === undefined) break;
    if (inComment) {
      inComment = !line.includes('*/');
      continue;
    }
    if (/^\s*\/\*/.test(line) && !line.includes('*/')) {
      inComment = true;
      continue;
    }
    if (/^#\s*if/.test(line)) depth++;
    else if (/^#\s*endif/.test(line)) depth--;
    else if (depth === 0 && fileScope[l] && DECLARATION.test(line) && !/^(return|typedef)\b/.test(line)) {
      lastDecl = l;
      if (hookTypes.test(line)) lastHookDecl = l;
    }
  }
  byPattern.set(hookTypes.source, anchors);
  return anchors;
}

/** A file-scope variable of a hook type (`static ExecutorStart_hook_type prev_ExecutorStart`). */
export const HOOK_TYPED = /^static\s+\w+_hook_typ\w*\s/;
