import type { FunctionDef } from '../model/model';
import type { Fix, TextEdit } from '../rules/types';
import type { ExtensionView } from '../model/view';
import { type HookFunction, type HookInstall, type PrevCall, type StandardCall } from '../semantics/hooks';
import { signatureOn, type HookSignature } from '../knowledge/hooks';
import { indentOf, ownsItsLines } from './text';
import { at, declarationLine, docOf as anyDocOf, freshName, HOOK_TYPED, insertAt, renamed, replaceLines, replaceStatement, unbracedOwner, type Doc } from './fileEdits';
import { argsFor, elseableTest, firstUseLine, separateTests, standardsToChain, targetSignatures, testBefore, unsavedPrev } from './hookFixChoices';
import { chainCallRust, chainInPlaceRust, elseStandardRust, nullTestRust, saveBeforeInstallRust, standardAsElseRust, statementStart } from './hookFixesRust';

/**
 * Quick fixes of the hook rules, as text edits in the file's own style: pgindent for C (tabs, braces
 * on their own lines; C++ files keep their indentation and null spelling), rustfmt for pgrx (hookFixesRust.ts); what both decide alike is in
 * hookFixChoices.ts. A fix that cannot be laid out safely is not offered.
 */

function docOf(view: ExtensionView, fn: FunctionDef): Doc | undefined {
  return fn.language === 'c' ? anyDocOf(view, fn) : undefined;
}

// ---- hook-overwrites-previous ----

export function saveBeforeInstallFix(view: ExtensionView, install: HookInstall): Fix | undefined {
  if (install.fn.language === 'rust') return saveBeforeInstallRust(view, install);
  const doc = docOf(view, install.fn);
  const loc = install.stmt.loc;
  if (!doc || !ownsItsLines(doc.layout, loc)) return undefined;
  const { hook } = install;
  const existing = unsavedPrev(view, declaredWithType(doc, hook.type));
  const prev = existing ?? freshName(doc, `prev_${hook.name.replace(/_hook$/, '')}`);
  const edits: TextEdit[] = [];
  if (!existing) {
    const line = declarationLine(view, doc, firstUseLine(view, doc, install), HOOK_TYPED);
    if (line < 0) return undefined;
    edits.push(insertAt(doc, line, [`static ${hook.type} ${prev} = ${doc.layout.nullLiteral};`]));
  }
  const first = loc.range.start.line;
  const last = loc.range.end.line;
  const indent = indentOf(doc.layout.lines[first]);
  edits.push(replaceStatement(doc, first, last, [`${indent}${prev} = ${hook.name};`, ...doc.layout.lines.slice(first, last + 1)]));
  return { title: `Save the previous ${hook.name} in ${prev} first`, edits, preferred: true };
}

/** The file-scope variables `doc` declares with `type` (`static ExecutorStart_hook_type prev;`), once per text. */
function declaredWithType(doc: Doc, type: string): string[] {
  let byType = declaredIn.get(doc);
  if (!byType) declaredIn.set(doc, (byType = new Map()));
  let names = byType.get(type);
  if (!names) byType.set(type, (names = [...doc.text.matchAll(new RegExp(`^static\\s+${type}\\s+(\\w+)`, 'gm'))].map((m) => m[1])));
  return names;
}

const declaredIn = new WeakMap<Doc, Map<string, string[]>>();

// ---- hook-saved-after-install ----

/** Both languages: the save (with its `#[cfg]` attributes) moves in front of the install (and its attributes). */
export function swapLateSaveFix(view: ExtensionView, install: HookInstall): Fix | undefined {
  const save = install.lateSave;
  const doc = anyDocOf(view, install.fn);
  if (!doc || !save || save.fn !== install.fn) return undefined;
  const inst = install.stmt.loc.range;
  const sv = save.stmt.loc.range;
  if (!ownsItsLines(doc.layout, install.stmt.loc) || !ownsItsLines(doc.layout, save.stmt.loc) || sv.start.line <= inst.end.line) return undefined;
  if (unbracedOwner(doc, inst.start.line) !== undefined || unbracedOwner(doc, sv.start.line) !== undefined) return undefined;
  const instStart = statementStart(doc, inst.start.line);
  const svStart = statementStart(doc, sv.start.line);
  const indent = indentOf(doc.layout.lines[instStart]);
  const oldIndent = indentOf(doc.layout.lines[svStart]);
  const saveLines = doc.layout.lines.slice(svStart, sv.end.line + 1).map((l) => (l.startsWith(oldIndent) ? indent + l.slice(oldIndent.length) : l));
  return {
    title: `Save ${install.hook.name} before installing ${install.installed}`,
    edits: [
      insertAt(doc, instStart, saveLines),
      { file: doc.file, range: { start: at(svStart), end: at(sv.end.line + 1) }, newText: '' },
    ],
    preferred: true,
  };
}

// ---- hook-not-chained ----

const NOT_A_TYPE = /^\s*(return|else|goto|case|break|continue|if|while|for|switch|do)\b/;
const LOCAL_DECLARATION = /^\s*(?:(?:static|const|volatile|register|struct|union|enum|unsigned|signed)\s+)*[A-Za-z_]\w*(?:\s+|\s*\*+\s*)(?:const\s+)?\**\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\])?\s*(?:[=,;]|$)/;

/** The first line after the local declarations at the top of a body whose `{` ends its line. */
function afterDeclarations(doc: Doc, fn: FunctionDef): number | undefined {
  const open = fn.bodyLoc.range.start.line;
  if (!doc.layout.lines[open].trimEnd().endsWith('{')) return undefined;
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

/** The chaining call for each signature the target versions use, in `#if PG_VERSION_NUM` branches when they differ. */
function chainingLines(view: ExtensionView, hf: HookFunction, prev: string, indent: string, unit: string): string[] {
  const { hook, fn } = hf;
  const own = signatureOn(hook, view.wordingVersion);
  const sigs = targetSignatures(view, hook);
  const call = (sig: HookSignature) => {
    const args = argsFor(sig, own, fn.params).join(', ');
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

/** `standard_X(args);` → `if (prev) prev(args); else standard_X(args);`, where it stands. */
function chainInPlace(doc: Doc, s: StandardCall, prev: string): TextEdit | undefined {
  const stmt = s.call.stmtLoc;
  if (!stmt || !ownsItsLines(doc.layout, stmt)) return undefined;
  const from = stmt.range.start.line;
  const to = stmt.range.end.line;
  const indent = indentOf(doc.layout.lines[from]);
  const { unit } = doc.layout;
  return replaceStatement(doc, from, to, [
    `${indent}if (${prev})`,
    ...renamed(doc, from, to, s.call.loc, prev).map((l) => unit + l),
    `${indent}else`,
    ...doc.layout.lines.slice(from, to + 1).map((l) => unit + l),
  ]);
}

/** The chain in place of each of `standards`, plus `extra` edits; undefined unless every one can be laid out. */
function chainEdits(view: ExtensionView, hf: HookFunction, prev: string, standards: StandardCall[]): TextEdit[] | undefined {
  if (hf.fn.language === 'rust') {
    const edits = standards.map((s) => chainInPlaceRust(view, hf, s, prev));
    return edits.every((e) => e) ? (edits as TextEdit[]) : undefined;
  }
  const doc = docOf(view, hf.fn);
  const edits = doc && standards.map((s) => chainInPlace(doc, s, prev));
  return edits?.every((e) => e) ? (edits as TextEdit[]) : undefined;
}

export function chainCallFix(view: ExtensionView, hf: HookFunction, prev: string): Fix | undefined {
  if (hf.hook.signatures.some((s) => s.returns !== 'void')) return undefined;
  // a static saved in the installing file is out of reach of a hook function defined in another one
  if (hf.fn.language === 'c' && !view.variables(prev).some((v) => v.file === hf.fn.file || !v.isStatic)) return undefined;
  // the function already runs the standard step: the previous hook takes its place there, not in addition
  const standards = standardsToChain(hf);
  if (!standards) return undefined;
  if (standards.length > 0) {
    const edits = chainEdits(view, hf, prev, standards);
    const std = hf.hook.standard;
    return edits && { title: `Call the previous ${hf.hook.name} (${prev}) where ${std} is called, else ${std}`, edits, preferred: true };
  }
  if (hf.fn.language === 'rust') return chainCallRust(view, hf, prev);
  const doc = docOf(view, hf.fn);
  if (!doc) return undefined;
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
  if (c.fn.language === 'rust') return nullTestRust(view, hf, c);
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

/** `if (prev) prev(args);` → `... else standard_X(args);` when the `if` holds nothing else. */
export function elseStandardFix(view: ExtensionView, hf: HookFunction, c: PrevCall): Fix | undefined {
  if (c.fn.language === 'rust') return elseStandardRust(view, hf, c);
  const test = elseableTest(hf, c);
  const doc = docOf(view, c.fn);
  const standard = hf.hook.standard;
  if (!doc || !test || !standard) return undefined;
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
  return adjacentElseFix(view, hf, s) ?? chainReplacingTestsFix(view, hf);
}

/**
 * The previous hook called apart from the standard call (`if (prev) prev(args);` elsewhere, or with
 * its own `else standard_X(args);`): that test goes, and the chain takes the standard call's place.
 */
function chainReplacingTestsFix(view: ExtensionView, hf: HookFunction): Fix | undefined {
  const tests = separateTests(hf);
  const standards = standardsToChain(hf);
  const doc = anyDocOf(view, hf.fn);
  if (!doc || !tests || tests.length === 0 || !standards || standards.length === 0) return undefined;
  const prev = tests[0].cond.k === 'truthy' ? tests[0].cond.name : undefined;
  const chains = prev && chainEdits(view, hf, prev, standards);
  if (!prev || !chains || tests.some((t) => t.cond.k !== 'truthy' || t.cond.name !== prev)) return undefined;
  const removals: TextEdit[] = [];
  for (const t of tests) {
    if (!ownsItsLines(doc.layout, t.loc) || unbracedOwner(doc, t.loc.range.start.line) !== undefined) return undefined;
    removals.push(removeLines(doc, statementStart(doc, t.loc.range.start.line), t.loc.range.end.line));
  }
  return { title: `Call ${prev} where ${hf.hook.standard} is called, else ${hf.hook.standard}`, edits: [...removals, ...chains], preferred: true };
}

/** Removes whole lines `from`..`to`, and the blank line after them when a blank line or the block's `{` is above. */
function removeLines(doc: Doc, from: number, to: number): TextEdit {
  const blank = (l: number) => doc.layout.lines[l]?.trim() === '';
  const end = (blank(from - 1) || doc.layout.lines[from - 1]?.trimEnd().endsWith('{')) && blank(to + 1) ? to + 2 : to + 1;
  return { file: doc.file, range: { start: at(from), end: at(end) }, newText: '' };
}

function adjacentElseFix(view: ExtensionView, hf: HookFunction, s: StandardCall): Fix | undefined {
  if (s.fn.language === 'rust') return standardAsElseRust(view, hf, s);
  const doc = docOf(view, s.fn);
  const stmt = s.call.stmtLoc;
  if (!doc || !stmt || !ownsItsLines(doc.layout, stmt)) return undefined;
  const found = testBefore(hf, s);
  if (!found) return undefined;
  const { stmt: before, prev } = found;
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
