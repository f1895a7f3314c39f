import type { CallStmt, FunctionDef, Location } from '../model/model';
import type { Fix, TextEdit } from '../rules/types';
import type { ExtensionView } from '../model/view';
import type { HookFunction, HookInstall, PrevCall, StandardCall } from '../semantics/hooks';
import type { HookInfo } from '../knowledge/hooks';
import { lineStarts, offsetAt, positionAt } from '../syntax/source';
import { indentOf, ownsItsLines } from './text';
import { between, docOf, freshName, insertAt, renamed, replaceLines, type Doc } from './fileEdits';
import { argsFor, elseableTest, firstUseLine, targetSignatures, testBefore, unsavedPrev, versionsOf } from './hookFixChoices';

/**
 * The hook fixes in pgrx syntax, laid out as rustfmt does (the file's indentation, `{` at the end
 * of the line, one argument a line when a call is too wide): `static mut PREV_X: pg_sys::X_hook_type = None;`, `match PREV_X { Some(prev) => ..,
 * None => pg_sys::standard_X(..) }`, `if let Some(prev) = PREV_X { .. } else { .. }`.
 */

/** Where pgrx code reaches PostgreSQL's functions and types (`use pgrx::prelude::*` brings it in). */
const PG_SYS = 'pg_sys::';

function rustDoc(view: ExtensionView, fn: FunctionDef): Doc | undefined {
  return fn.language === 'rust' ? docOf(view, fn) : undefined;
}

/** The first line of the statement on `line`, above its `#[cfg]` attributes (which must stay attached to it). */
export function statementStart(doc: Doc, line: number): number {
  if (doc.language !== 'rust') return line;
  let l = line;
  while (l > 0 && doc.layout.lines[l - 1].trim().startsWith('#[')) l--;
  return l;
}

/** The text of a line that counts for braces and `;`: no string literals, no `//` comment. */
const codeOf = (line: string) => line.replace(/"(?:\\.|[^"\\])*"/g, '""').replace(/\/\/.*$/, '');
const count = (s: string, c: string) => s.split(c).length - 1;

const FILE_ITEM = /^(?:pub(?:\([^)]*\))?\s+)?(?:use|static)\b/;

/** After the last file-scope hook-typed static before `before`, else after the last `use` or static. */
function itemLine(doc: Doc, before: number): number {
  let depth = 0;
  let item: 'hook' | 'other' | undefined;
  let last = -1;
  let lastHook = -1;
  for (let l = 0; l < before; l++) {
    const code = codeOf(doc.layout.lines[l]);
    if (depth === 0 && !item && FILE_ITEM.test(code)) item = /_hook_typ/.test(code) ? 'hook' : 'other';
    depth += count(code, '{') - count(code, '}');
    if (item && depth === 0 && /;\s*$/.test(code)) {
      last = l;
      if (item === 'hook') lastHook = l;
      item = undefined;
    }
  }
  const anchor = lastHook >= 0 ? lastHook : last;
  return anchor >= 0 ? anchor + 1 : -1;
}

/** `PREV_EXECUTOR_START` for ExecutorStart_hook, `PREV_EMIT_LOG` for emit_log_hook. */
const prevBase = (hook: HookInfo) =>
  'PREV_' +
  hook.name
    .replace(/_hook$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();

// ---- hook-overwrites-previous ----

export function saveBeforeInstallRust(view: ExtensionView, install: HookInstall): Fix | undefined {
  const doc = rustDoc(view, install.fn);
  const loc = install.stmt.loc;
  if (!doc || !ownsItsLines(doc.layout, loc) || loc.range.start.line !== install.stmt.targetLoc.range.start.line) return undefined;
  const { hook } = install;
  // the hook as the install spells it (`pg_sys::X_hook`, `pgrx::pg_sys::X_hook`), and its type the same way
  const target = install.stmt.targetLoc.range;
  const hookPath = doc.layout.lines[target.start.line].slice(target.start.character, target.end.character);
  if (!hookPath.endsWith(hook.name)) return undefined;
  const typePath = hookPath.slice(0, hookPath.length - hook.name.length) + hook.type;
  const { text } = doc;
  // file-scope statics only (at the start of a line): one local to another function is out of reach
  const declared = [...text.matchAll(new RegExp(`^(?:pub(?:\\([^)]*\\))?\\s+)?static\\s+mut\\s+(\\w+)\\s*:\\s*(?:[\\w:]*::)?${hook.type}\\s*=`, 'gm'))].map((m) => m[1]);
  const existing = unsavedPrev(view, declared);
  const prev = existing ?? freshName(doc, prevBase(hook));
  const edits: TextEdit[] = [];
  if (!existing) {
    const line = itemLine(doc, firstUseLine(view, doc, install));
    if (line < 0) return undefined;
    edits.push(insertAt(doc, line, [`static mut ${prev}: ${typePath} = None;`]));
  }
  // the line before the install is in the same `unsafe` block, which the assignment to a `static mut` needs
  const first = statementStart(doc, loc.range.start.line);
  edits.push(insertAt(doc, first, [`${indentOf(doc.layout.lines[first])}${prev} = ${hookPath};`]));
  return { title: `Save the previous ${hook.name} in ${prev} first`, edits, preferred: true };
}

// ---- hook-not-chained ----

/** The parameter names as written, with those of every `#[cfg]` variant; undefined unless all are plain names. */
function writtenParams(doc: Doc, fn: FunctionDef): { names: string[]; cfgd: boolean } | undefined {
  const sig = between(doc, fn.nameLoc.range.end, fn.bodyLoc.range.start);
  const open = sig.indexOf('(');
  let depth = 0;
  let close = -1;
  for (let i = open; i >= 0 && i < sig.length && close < 0; i++) {
    if (sig[i] === '(') depth++;
    else if (sig[i] === ')' && --depth === 0) close = i;
  }
  if (open < 0 || close < 0) return undefined;
  const list = sig.slice(open + 1, close);
  const names: string[] = [];
  for (const part of list.replace(/#\[[^\]]*\]/g, '').split(',')) {
    if (part.trim() === '') continue;
    const m = /^\s*(?:mut\s+)?([A-Za-z_]\w*)\s*:/.exec(part);
    if (!m || m[1] === '_') return undefined;
    names.push(m[1]);
  }
  return { names, cfgd: list.includes('#[cfg') };
}

/** The `#[cfg(..)]` predicate selecting `versions` among the target versions. */
function cfgFor(versions: number[], targets: number[]): string {
  const feature = (v: number) => `feature = "pg${v}"`;
  const others = targets.filter((v) => !versions.includes(v));
  if (versions.length === 1) return feature(versions[0]);
  if (others.length === 1) return `not(${feature(others[0])})`;
  return `any(${versions.map(feature).join(', ')})`;
}

/**
 * The argument lists to call the previous hook with, each with the `cfg` that selects it: one list
 * (the function's own parameters) unless parameters are themselves `#[cfg]`-dependent, then one per
 * signature, matching the written names to the signature that has them all.
 */
function callVariants(view: ExtensionView, doc: Doc, hf: HookFunction): { cfg?: string; args: string[] }[] | undefined {
  const written = writtenParams(doc, hf.fn);
  if (!written) return undefined;
  if (!written.cfgd) return [{ args: written.names }];
  const sigs = targetSignatures(view, hf.hook);
  if (sigs.length === 0) return undefined;
  const widest = sigs.reduce((a, b) => (b.params.length > a.params.length ? b : a));
  const names = new Set(widest.params.map((p) => p.name));
  if (widest.params.length !== written.names.length || !sigs.every((s) => s.params.every((p) => names.has(p.name)))) return undefined;
  return sigs.map((s) => ({
    cfg: sigs.length > 1 ? cfgFor(versionsOf(view, s), view.targetVersions) : undefined,
    args: argsFor(s, widest, written.names),
  }));
}

/** rustfmt's defaults: `max_width`, and `fn_call_width` for the arguments of a call kept on one line. */
const MAX_WIDTH = 100;
const FN_CALL_WIDTH = 60;

/** `{indent}{head}(args){tail}`, with one argument a line when they are too wide for one, as rustfmt breaks it. */
function callLines(indent: string, unit: string, head: string, args: string[], tail: string): string[] {
  const line = `${indent}${head}(${args.join(', ')})${tail}`;
  if (line.length <= MAX_WIDTH && args.join(', ').length <= FN_CALL_WIDTH) return [line];
  return [`${indent}${head}(`, ...args.map((a) => `${indent}${unit}${a},`), `${indent})${tail}`];
}

/** `match PREV { Some(prev) => prev(..), None => pg_sys::standard_X(..) }`, or `if let` without a standard function. */
function chainStatement(hook: HookInfo, prev: string, args: string[], indent: string, unit: string): string[] {
  const inner = indent + unit;
  if (!hook.standard) return [`${indent}if let Some(prev) = ${prev} {`, ...callLines(inner, unit, 'prev', args, ';'), `${indent}}`];
  return [
    `${indent}match ${prev} {`,
    ...callLines(inner, unit, 'Some(prev) => prev', args, ','),
    ...callLines(inner, unit, `None => ${PG_SYS}${hook.standard}`, args, ','),
    `${indent}}`,
  ];
}

export function chainCallRust(view: ExtensionView, hf: HookFunction, prev: string): Fix | undefined {
  const { fn, hook } = hf;
  const doc = rustDoc(view, fn);
  // only a plain `Option<fn>` static can be matched on directly (not a OnceCell or a Mutex around it)
  const plain = view.variables(prev).some((v) => new RegExp(`(^|::)${hook.type}$`).test(v.type.trim()));
  if (!doc || !plain || hook.signatures.some((s) => s.returns !== 'void')) return undefined;
  const open = fn.bodyLoc.range.start;
  if (doc.layout.lines[open.line].slice(open.character).trim() !== '{') return undefined;
  const variants = callVariants(view, doc, hf);
  if (!variants) return undefined;
  const unit = doc.layout.unit;
  const indent = indentOf(doc.layout.lines[fn.loc.range.start.line]) + unit;
  const unsafeFn = /\bunsafe\s+(?:extern\s+(?:"[^"]*"\s+)?)?fn\s+$/.test(between(doc, fn.loc.range.start, fn.nameLoc.range.start));
  const lines: string[] = [];
  for (const v of variants) {
    if (v.cfg) lines.push(`${indent}#[cfg(${v.cfg})]`);
    // reading a `static mut` needs `unsafe`, which an `unsafe fn` body already is
    if (unsafeFn) lines.push(...chainStatement(hook, prev, v.args, indent, unit));
    else lines.push(`${indent}unsafe {`, ...chainStatement(hook, prev, v.args, indent + unit, unit), `${indent}}`);
  }
  return {
    title: `Call the previous ${hook.name} (${prev})` + (hook.standard ? `, else ${hook.standard}` : ''),
    edits: [insertAt(doc, open.line + 1, [...lines, ''])],
    preferred: true,
  };
}

/** The arguments of a call as written, one entry each (whitespace collapsed), split at top-level commas. */
function writtenArgs(doc: Doc, call: CallStmt, span: Location): string[] | undefined {
  const list = between(doc, span.range.end, call.callLoc.range.end).replace(/\s+/g, ' ').trim();
  if (!list.startsWith('(') || !list.endsWith(')') || /\/\/|\/\*/.test(list)) return undefined;
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of list.slice(1, -1)) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
    if (ch === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim() !== '') args.push(cur.trim());
  return args;
}

/** `pg_sys::standard_X(args);` → `match PREV { Some(prev) => prev(args), None => pg_sys::standard_X(args) }`, where it stands. */
export function chainInPlaceRust(view: ExtensionView, hf: HookFunction, s: StandardCall, prev: string): TextEdit | undefined {
  const doc = rustDoc(view, s.fn);
  const stmt = s.call.stmtLoc;
  const plain = view.variables(prev).some((v) => new RegExp(`(^|::)${hf.hook.type}$`).test(v.type.trim()));
  const span = doc && calleeSpan(doc, s.call);
  if (!doc || !stmt || !span || !plain || !ownsItsLines(doc.layout, stmt)) return undefined;
  // the statement is the call alone (`pg_sys::standard_X(..);`), which a `match` statement can stand for
  const rest = between(doc, s.call.callLoc.range.end, stmt.range.end).trim();
  const standard = spanText(doc, span);
  const args = writtenArgs(doc, s.call, span);
  if (!args || (rest !== '' && rest !== ';') || !(stmt.range.start.line === span.range.start.line && stmt.range.start.character === span.range.start.character)) return undefined;
  const from = stmt.range.start.line;
  const indent = indentOf(doc.layout.lines[from]);
  const unit = doc.layout.unit;
  return replaceLines(doc, from, stmt.range.end.line, [
    `${indent}match ${prev} {`,
    ...callLines(indent + unit, unit, 'Some(prev) => prev', args, ','),
    ...callLines(indent + unit, unit, `None => ${standard}`, args, ','),
    `${indent}}`,
  ]);
}

// ---- previous-hook-unchecked and hook-missing-standard-fallback ----

/** What a call is made through, up to its argument list: `PREV.unwrap()` in `PREV.unwrap()(edata)`, on one line. */
function calleeSpan(doc: Doc, call: CallStmt): Location | undefined {
  const { text } = doc;
  const starts = lineStarts(text);
  const from = offsetAt(starts, call.callLoc.range.start);
  let i = offsetAt(starts, call.callLoc.range.end) - 1;
  if (text[i] !== ')') return undefined;
  for (let depth = 0; i >= from; i--) {
    if (text[i] === ')') depth++;
    else if (text[i] === '(' && --depth === 0) break;
  }
  const end = positionAt(starts, i);
  if (i < from || end.line !== call.callLoc.range.start.line) return undefined;
  return { file: doc.file, range: { start: call.callLoc.range.start, end } };
}

const spanText = (doc: Doc, span: Location) => doc.layout.lines[span.range.start.line].slice(span.range.start.character, span.range.end.character);

/** `PREV.unwrap()` / `PREV.expect("..")` -> `PREV`, when PREV is a plain path. */
const UNWRAPPED = /^([A-Za-z_][\w:]*)\s*\.\s*(?:unwrap\s*\(\s*\)|expect\s*\((?:[^()]|\([^()]*\))*\))$/;

export function nullTestRust(view: ExtensionView, hf: HookFunction, c: PrevCall): Fix | undefined {
  const doc = rustDoc(view, c.fn);
  const stmt = c.call.stmtLoc;
  if (!doc || !stmt || !c.call.unwrapped || !ownsItsLines(doc.layout, stmt)) return undefined;
  const span = calleeSpan(doc, c.call);
  const option = span && UNWRAPPED.exec(spanText(doc, span))?.[1];
  if (!span || !option || !new RegExp(`(^|::)${c.call.callee}$`).test(option)) return undefined;
  const from = stmt.range.start.line;
  const to = stmt.range.end.line;
  const { unit } = doc.layout;
  const indent = indentOf(doc.layout.lines[from]);
  const statement = doc.layout.lines.slice(from, to + 1).join('\n');
  const binding = /\bprev\b/.test(statement) ? 'prev_hook' : 'prev';
  const lines = [`${indent}if let Some(${binding}) = ${option} {`, ...renamed(doc, from, to, span, binding).map((l) => unit + l)];
  const standard = hf.hook.standard;
  if (standard) lines.push(`${indent}} else {`, ...renamed(doc, from, to, span, PG_SYS + standard).map((l) => unit + l));
  lines.push(`${indent}}`);
  return {
    title: `Call ${c.call.callee} only when it is set` + (standard ? `, else ${standard}` : ''),
    edits: [replaceLines(doc, from, to, lines)],
    preferred: true,
  };
}

/** A `None => {}` / `_ => ()` arm, which the standard call fills in. */
const EMPTY_ARM = /^(\s*)(?:None|_)\s*=>\s*(?:\{\s*\}|\(\s*\))\s*,?\s*$/;

/** `if let Some(p) = PREV { p(..); }` gets `else { pg_sys::standard_X(..); }`; an empty `None` arm of a `match` calls it. */
export function elseStandardRust(view: ExtensionView, hf: HookFunction, c: PrevCall): Fix | undefined {
  const test = elseableTest(hf, c);
  const doc = rustDoc(view, c.fn);
  const standard = PG_SYS + hf.hook.standard;
  const span = doc && calleeSpan(doc, c.call);
  if (!doc || !test || !span || !ownsItsLines(doc.layout, test.stmt.loc)) return undefined;
  const title = `Call ${hf.hook.standard} when ${c.call.callee} is not set`;
  const { start, end } = test.stmt.loc.range;
  const lines = doc.layout.lines;
  if (lines[start.line].slice(start.character).startsWith('match')) {
    const arm = lines.slice(start.line + 1, end.line).findIndex((l) => EMPTY_ARM.test(l)) + start.line + 1;
    if (arm <= start.line || c.call.callLoc.range.end.line !== span.range.start.line) return undefined;
    const args = lines[span.range.start.line].slice(span.range.end.character, c.call.callLoc.range.end.character);
    return { title, edits: [replaceLines(doc, arm, arm, [`${EMPTY_ARM.exec(lines[arm])![1]}None => ${standard}${args},`])], preferred: true };
  }
  const condEnd = test.stmt.condLoc.range.end;
  if (!/^\s*\{\s*$/.test(lines[condEnd.line].slice(condEnd.character)) || lines[end.line].trim() !== '}') return undefined;
  const branch = renamed(doc, condEnd.line + 1, end.line - 1, span, standard);
  const indent = indentOf(lines[start.line]);
  return {
    title,
    edits: [{ file: doc.file, range: { start: end, end }, newText: [' else {', ...branch, `${indent}}`].join(doc.layout.eol) }],
    preferred: true,
  };
}

/** `if let Some(p) = PREV { p(..); }` then `pg_sys::standard_X(..);`: the standard call moves into an `else`. */
export function standardAsElseRust(view: ExtensionView, hf: HookFunction, s: StandardCall): Fix | undefined {
  const doc = rustDoc(view, s.fn);
  const stmt = s.call.stmtLoc;
  const found = testBefore(hf, s);
  if (!doc || !stmt || !found || !ownsItsLines(doc.layout, stmt)) return undefined;
  const from = stmt.range.start.line;
  const to = stmt.range.end.line;
  const closing = found.stmt.loc.range.end.line;
  const indent = indentOf(doc.layout.lines[from]);
  if (closing !== from - 1 || doc.layout.lines[closing] !== `${indent}}` || indentOf(doc.layout.lines[found.stmt.loc.range.start.line]) !== indent) return undefined;
  const body = doc.layout.lines.slice(from, to + 1).map((l) => doc.layout.unit + l);
  return {
    title: `Call ${hf.hook.standard} only when ${found.prev} is not set`,
    edits: [replaceLines(doc, closing, to, [`${indent}} else {`, ...body, `${indent}}`])],
    preferred: true,
  };
}
