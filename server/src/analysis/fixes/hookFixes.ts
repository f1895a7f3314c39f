import type { FunctionDef, Location, Stmt } from '../model';
import type { Fix, TextEdit } from '../rules/types';
import type { ExtensionView } from '../view';
import { hookFacts, type HookFunction, type HookInstall, type PrevCall, type StandardCall } from '../hooks';
import { signatureOn, type HookInfo, type HookSignature } from '../knowledge/hooks';
import { forEachStmt } from '../guards';
import { indentOf, layoutOf, ownsItsLines, wholeLines, type Layout } from './text';

/**
 * Quick fixes of the hook rules, as text edits in the file's own style (pgindent: tabs, braces on
 * their own lines). C only: a fix that cannot be laid out safely is not offered.
 */

interface Doc {
  file: string;
  layout: Layout;
}

function docOf(view: ExtensionView, fn: FunctionDef): Doc | undefined {
  if (fn.language !== 'c') return undefined;
  const text = view.text(fn.file);
  return text === undefined ? undefined : { file: fn.file, layout: layoutOf(text, 'c') };
}

const at = (line: number) => ({ line, character: 0 });

function insertAt(doc: Doc, line: number, lines: string[]): TextEdit {
  return { file: doc.file, range: { start: at(line), end: at(line) }, newText: lines.map((l) => l + doc.layout.eol).join('') };
}

/** Replaces whole lines `from`..`to` with `lines`. */
function replaceLines(doc: Doc, from: number, to: number, lines: string[]): TextEdit {
  return { file: doc.file, range: wholeLines(doc.file, doc.layout, from, to).range, newText: lines.join(doc.layout.eol) };
}

/**
 * Whether the statement on `line` is the unbraced body of an `if`/`else`/loop, so that turning it
 * into several statements needs braces; returns the indentation of that `if`.
 */
function unbracedOwner(doc: Doc, line: number): string | undefined {
  for (let l = line - 1; l >= 0; l--) {
    const t = doc.layout.lines[l].trim();
    if (t === '' || t.startsWith('#') || t.startsWith('/*') || t.startsWith('*') || t.startsWith('//')) continue;
    return /(\)|\belse)$/.test(t) ? indentOf(doc.layout.lines[l]) : undefined;
  }
  return undefined;
}

/** Statements replacing the one on lines `from`..`to`, braced when it was an unbraced body. */
function replaceStatement(doc: Doc, from: number, to: number, lines: string[]): TextEdit {
  const owner = unbracedOwner(doc, from);
  return replaceLines(doc, from, to, owner === undefined ? lines : [`${owner}{`, ...lines, `${owner}}`]);
}

/** The lines of a statement with the name at `nameLoc` replaced. */
function renamed(doc: Doc, from: number, to: number, nameLoc: Location, name: string): string[] {
  return doc.layout.lines.slice(from, to + 1).map((l, i) => {
    if (from + i !== nameLoc.range.start.line) return l;
    return l.slice(0, nameLoc.range.start.character) + name + l.slice(nameLoc.range.end.character);
  });
}

// ---- hook-overwrites-previous ----

const DECLARATION = /^(?:static\s+|extern\s+)?[A-Za-z_][\w\s*]*[\w\])]\s*(?:=.*)?;\s*(?:\/\*.*\*\/)?$/;

/** Where to declare a new file-scope variable: after the hook-typed ones, else after the last declaration. */
function declarationLine(doc: Doc, before: number, hookTypes: RegExp): number {
  let depth = 0;
  let lastDecl = -1;
  let lastHookDecl = -1;
  let inComment = false;
  for (let l = 0; l < before; l++) {
    const line = doc.layout.lines[l];
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
    else if (depth === 0 && DECLARATION.test(line) && !/^(return|typedef)\b/.test(line)) {
      lastDecl = l;
      if (hookTypes.test(line)) lastHookDecl = l;
    }
  }
  const anchor = lastHookDecl >= 0 ? lastHookDecl : lastDecl;
  return anchor >= 0 ? anchor + 1 : -1;
}

const HOOK_TYPED = /^static\s+\w+_hook_typ\w*\s/;

/** `prev_ExecutorStart` for ExecutorStart_hook, unless the file already uses the name. */
function newPrevName(text: string, hook: HookInfo): string {
  const base = `prev_${hook.name.replace(/_hook$/, '')}`;
  let name = base;
  for (let i = 2; new RegExp(`\\b${name}\\b`).test(text); i++) name = `${base}${i}`;
  return name;
}

export function saveBeforeInstallFix(view: ExtensionView, install: HookInstall): Fix | undefined {
  const doc = docOf(view, install.fn);
  const loc = install.stmt.loc;
  if (!doc || !ownsItsLines(doc.layout, loc)) return undefined;
  const { hook } = install;
  const text = doc.layout.lines.join('\n');
  // a declared variable nothing saves into is the one the hook function already calls (a variable
  // saved elsewhere, e.g. in _PG_init, must keep that value: reusing it would make the hook call itself)
  const savedInto = new Set(hookFacts(view).saves.map((s) => s.stmt.target));
  const declared = [...text.matchAll(new RegExp(`^static\\s+${hook.type}\\s+(\\w+)`, 'gm'))].map((m) => m[1]);
  const existing = declared.find((v) => !savedInto.has(v));
  const prev = existing ?? newPrevName(text, hook);
  const edits: TextEdit[] = [];
  if (!existing) {
    // above both the installing function and the hook function, which will call the variable
    const hookFn = view.resolve(install.installed, install.fn.file);
    const firstUse = Math.min(install.fn.loc.range.start.line, hookFn?.file === doc.file ? hookFn.loc.range.start.line : Infinity);
    const line = declarationLine(doc, firstUse, HOOK_TYPED);
    if (line < 0) return undefined;
    edits.push(insertAt(doc, line, [`static ${hook.type} ${prev} = NULL;`]));
  }
  const first = loc.range.start.line;
  const last = loc.range.end.line;
  const indent = indentOf(doc.layout.lines[first]);
  edits.push(replaceStatement(doc, first, last, [`${indent}${prev} = ${hook.name};`, ...doc.layout.lines.slice(first, last + 1)]));
  return { title: `Save the previous ${hook.name} in ${prev} first`, edits, preferred: true };
}

// ---- hook-saved-after-install ----

export function swapLateSaveFix(view: ExtensionView, install: HookInstall): Fix | undefined {
  const save = install.lateSave;
  const doc = docOf(view, install.fn);
  if (!doc || !save || save.fn !== install.fn) return undefined;
  const inst = install.stmt.loc.range;
  const sv = save.stmt.loc.range;
  if (!ownsItsLines(doc.layout, install.stmt.loc) || !ownsItsLines(doc.layout, save.stmt.loc) || sv.start.line <= inst.end.line) return undefined;
  if (unbracedOwner(doc, inst.start.line) !== undefined || unbracedOwner(doc, sv.start.line) !== undefined) return undefined;
  const indent = indentOf(doc.layout.lines[inst.start.line]);
  const saveLines = doc.layout.lines.slice(sv.start.line, sv.end.line + 1).map((l, i) => (i === 0 ? indent + l.trimStart() : l));
  return {
    title: `Save ${install.hook.name} before installing ${install.installed}`,
    edits: [
      insertAt(doc, inst.start.line, saveLines),
      { file: doc.file, range: { start: at(sv.start.line), end: at(sv.end.line + 1) }, newText: '' },
    ],
    preferred: true,
  };
}

// ---- hook-not-chained ----

const NOT_A_TYPE = /^\s*(return|else|goto|case|break|continue|if|while|for|switch|do)\b/;
const LOCAL_DECLARATION = /^\s*(?:(?:static|const|volatile|register|struct|union|enum|unsigned|signed)\s+)*[A-Za-z_]\w*(?:\s+|\s*\*+\s*)(?:const\s+)?\**\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\])?\s*(?:[=,;]|$)/;

/** The first line after the local declarations at the top of a pgindent-style body. */
function afterDeclarations(doc: Doc, fn: FunctionDef): number | undefined {
  const open = fn.bodyLoc.range.start.line;
  if (doc.layout.lines[open].trim() !== '{') return undefined;
  let l = open + 1;
  let afterDecls = l;
  while (l < fn.bodyLoc.range.end.line) {
    const line = doc.layout.lines[l];
    if (line.trim() === '') {
      l++;
      continue;
    }
    if (NOT_A_TYPE.test(line) || !LOCAL_DECLARATION.test(line)) break;
    while (l < fn.bodyLoc.range.end.line && !doc.layout.lines[l].trimEnd().endsWith(';')) l++;
    afterDecls = ++l;
  }
  while (afterDecls < fn.bodyLoc.range.end.line && doc.layout.lines[afterDecls].trim() === '') afterDecls++;
  return afterDecls;
}

/** Call arguments for `sig`: the function's own parameter names where they correspond, else the hook's. */
function argsFor(sig: HookSignature, own: HookSignature | undefined, params: string[]): string {
  const mine = new Map<string, string>();
  if (own && own.params.length === params.length) own.params.forEach((p, i) => mine.set(p.name, params[i]));
  return sig.params.map((p) => mine.get(p.name) ?? p.name).join(', ');
}

/** The chaining call for each signature the target versions use, in `#if PG_VERSION_NUM` branches when they differ. */
function chainingLines(view: ExtensionView, hf: HookFunction, prev: string, indent: string, unit: string): string[] {
  const { hook, fn } = hf;
  const own = signatureOn(hook, view.pgVersion);
  const sigs = hook.signatures.filter((s) => view.targetVersions.some((v) => s.from <= v && (s.to === undefined || v <= s.to))).reverse();
  const call = (sig: HookSignature) => {
    const args = argsFor(sig, own, fn.params);
    const lines = [`${indent}if (${prev})`, `${indent}${unit}${prev}(${args});`];
    if (hook.standard) lines.push(`${indent}else`, `${indent}${unit}${hook.standard}(${args});`);
    return lines;
  };
  if (sigs.length <= 1) return call(sigs[0] ?? hook.signatures[hook.signatures.length - 1]);
  const out: string[] = [];
  sigs.forEach((sig, i) => {
    if (i === 0) out.push(`#if PG_VERSION_NUM >= ${sig.from * 10000}`);
    else if (i === sigs.length - 1) out.push('#else');
    else out.push(`#elif PG_VERSION_NUM >= ${sig.from * 10000}`);
    out.push(...call(sig));
  });
  out.push('#endif');
  return out;
}

export function chainCallFix(view: ExtensionView, hf: HookFunction, prev: string): Fix | undefined {
  const doc = docOf(view, hf.fn);
  if (!doc || hf.hook.signatures.some((s) => s.returns !== 'void')) return undefined;
  const line = afterDeclarations(doc, hf.fn);
  if (line === undefined) return undefined;
  const indent = indentOf(doc.layout.lines[line]) || doc.layout.unit;
  return {
    title: `Call the previous ${hf.hook.name} (${prev})` + (hf.hook.standard ? `, else ${hf.hook.standard}` : ''),
    edits: [insertAt(doc, line, [...chainingLines(view, hf, prev, indent, doc.layout.unit), ''])],
    preferred: true,
  };
}

// ---- previous-hook-unchecked ----

export function nullTestFix(view: ExtensionView, hf: HookFunction, c: PrevCall): Fix | undefined {
  const doc = docOf(view, c.fn);
  const stmt = c.call.stmtLoc;
  if (!doc || !stmt || !ownsItsLines(doc.layout, stmt)) return undefined;
  const from = stmt.range.start.line;
  const to = stmt.range.end.line;
  const indent = indentOf(doc.layout.lines[from]);
  const body = doc.layout.lines.slice(from, to + 1).map((l) => doc.layout.unit + l);
  const lines = [`${indent}if (${c.call.callee})`, ...body];
  const standard = hf.hook.standard;
  if (standard) {
    lines.push(`${indent}else`, ...renamed(doc, from, to, c.call.loc, standard).map((l) => doc.layout.unit + l));
  }
  return {
    title: `Call ${c.call.callee} only when it is set` + (standard ? `, else ${standard}` : ''),
    edits: [replaceStatement(doc, from, to, lines)],
    preferred: true,
  };
}

// ---- hook-missing-standard-fallback ----

const callCount = (stmts: Stmt[]) => {
  let n = 0;
  forEachStmt(stmts, (s) => s.k === 'call' && n++);
  return n;
};

/** `if (prev) prev(args);` → `... else standard_X(args);` when the `if` holds nothing else. */
export function elseStandardFix(view: ExtensionView, hf: HookFunction, c: PrevCall): Fix | undefined {
  const test = c.test;
  const doc = docOf(view, c.fn);
  const standard = hf.hook.standard;
  if (!doc || !test || !standard || test.setBranch !== 'then' || test.stmt.else.length > 0 || callCount(test.stmt.then) !== 1) return undefined;
  const ifLoc = test.stmt.loc;
  const condEnd = test.stmt.condLoc.range.end;
  if (!ownsItsLines(doc.layout, ifLoc) || !/^\)?\s*$/.test(doc.layout.lines[condEnd.line].slice(condEnd.character))) return undefined;
  const indent = indentOf(doc.layout.lines[ifLoc.range.start.line]);
  const branch = renamed(doc, condEnd.line + 1, ifLoc.range.end.line, c.call.loc, standard);
  const end = ifLoc.range.end;
  return {
    title: `Call ${standard} when ${c.call.callee} is not set`,
    edits: [{ file: doc.file, range: { start: end, end }, newText: [`${doc.layout.eol}${indent}else`, ...branch].join(doc.layout.eol) }],
    preferred: true,
  };
}

/** `if (prev) prev(args); standard_X(args);` → the standard call becomes the `else` branch. */
export function standardAsElseFix(view: ExtensionView, hf: HookFunction, s: StandardCall): Fix | undefined {
  const doc = docOf(view, s.fn);
  const stmt = s.call.stmtLoc;
  if (!doc || !stmt || !ownsItsLines(doc.layout, stmt)) return undefined;
  const i = s.siblings.indexOf(s.call);
  const before = s.siblings[i - 1];
  if (before?.k !== 'if' || before.cond.k !== 'truthy' || before.else.length > 0) return undefined;
  const prev = before.cond.name;
  if (!hf.prevVars.has(prev)) return undefined;
  const from = stmt.range.start.line;
  const to = stmt.range.end.line;
  const indent = indentOf(doc.layout.lines[from]);
  if (before.loc.range.end.line !== from - 1 || indentOf(doc.layout.lines[before.loc.range.start.line]) !== indent) return undefined;
  const body = doc.layout.lines.slice(from, to + 1).map((l) => doc.layout.unit + l);
  return {
    title: `Call ${hf.hook.standard} only when ${prev} is not set`,
    edits: [replaceLines(doc, from, to, [`${indent}else`, ...body])],
    preferred: true,
  };
}
