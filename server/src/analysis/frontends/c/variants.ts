import { evalCppCondition } from './cppExpr';
import type { Directive } from './lexical';

/**
 * `#if` handling: the text a compiler sees for one target version, with inactive branches and the
 * directives of decided groups blanked (same length, newlines kept) so positions stay exact and the
 * C grammar sees one coherent program. Groups whose condition we cannot decide (platform macros)
 * are left for tree-sitter, which keeps every branch.
 */

interface Branch {
  directive: Directive;
  bodyStart: number;
  bodyEnd: number;
  children: Group[];
  defines: Directive[];
}

interface Group {
  branches: Branch[];
  endif?: Directive;
  /** some branch holds code, not only directives: the decision changes what is parsed */
  hasCode: boolean;
}

export interface CondStructure {
  top: Group[];
  topDefines: Directive[];
  /** deepest `#if` nesting */
  depth: number;
}

/** Deeper `#if` nesting than this is generated code, not an extension's init path: the file is skipped. */
export const MAX_CONDITIONAL_DEPTH = 200;

/**
 * The `#if` groups of a file. `codeView` (comments and strings blanked) tells which groups hold code;
 * groups that only switch directives (`#include` per version) do not split the file into variants.
 */
export function condStructure(directives: Directive[], codeView: string): CondStructure {
  const root: Branch = { directive: directives[0], bodyStart: 0, bodyEnd: Infinity, children: [], defines: [] };
  const stack: { group: Group | undefined; branch: Branch }[] = [{ group: undefined, branch: root }];
  let depth = 0;
  for (const d of directives) {
    const top = stack[stack.length - 1];
    switch (d.name) {
      case 'if':
      case 'ifdef':
      case 'ifndef': {
        const branch: Branch = { directive: d, bodyStart: d.end, bodyEnd: Infinity, children: [], defines: [] };
        const group: Group = { branches: [branch], hasCode: false };
        top.branch.children.push(group);
        stack.push({ group, branch });
        depth = Math.max(depth, stack.length - 1);
        break;
      }
      case 'elif':
      case 'elifdef':
      case 'elifndef':
      case 'else': {
        if (!top.group) break;
        top.branch.bodyEnd = d.start;
        const branch: Branch = { directive: d, bodyStart: d.end, bodyEnd: Infinity, children: [], defines: [] };
        top.group.branches.push(branch);
        top.branch = branch;
        break;
      }
      case 'endif': {
        if (!top.group) break;
        top.branch.bodyEnd = d.start;
        top.group.endif = d;
        stack.pop();
        break;
      }
      case 'define':
        top.branch.defines.push(d);
        break;
    }
  }
  const markCode = (g: Group): boolean => {
    for (const b of g.branches) {
      const childrenHaveCode = b.children.map(markCode).some(Boolean);
      g.hasCode ||= childrenHaveCode || hasCodeOutside(codeView, b, directives);
    }
    return g.hasCode;
  };
  root.children.forEach(markCode);
  return { top: root.children, topDefines: root.defines, depth };
}

/** Whether a branch body holds anything but directives and whitespace. */
function hasCodeOutside(codeView: string, b: Branch, directives: Directive[]): boolean {
  const end = Math.min(b.bodyEnd, codeView.length);
  let at = b.bodyStart;
  for (const d of directives) {
    if (d.end <= at || d.start < b.bodyStart) continue;
    if (d.start >= end) break;
    if (codeView.slice(at, d.start).trim() !== '') return true;
    at = d.end;
  }
  return codeView.slice(at, end).trim() !== '';
}

/** The project's own macros, as the preprocessor would see them for one version. */
export interface Macros {
  object: Map<string, string>;
  func: Map<string, { params: string[]; body: string }>;
  /**
   * what `defined(X)` is where the version decides it: true for a macro defined outside any `#if` or in a
   * branch this version compiles, false for one defined only in branches it does not
   * (`#if PG_VERSION_NUM >= 150000` / `#define HAVE_SHMEM_REQUEST_HOOK`); others (include guards,
   * platform macros) stay unknown
   */
  defined: Map<string, boolean>;
}

export function emptyMacros(): Macros {
  return { object: new Map(), func: new Map(), defined: new Map() };
}

export function copyMacros(m: Macros): Macros {
  return { object: new Map(m.object), func: new Map(m.func), defined: new Map(m.defined) };
}

const definedName = (d: Directive) => /^[A-Za-z_]\w*/.exec(d.rest)?.[0];

/** `#ifndef X_H` / `#define X_H` ... `#endif` around a header: the name it guards with. */
function includeGuard(g: Group): string | undefined {
  const [b] = g.branches;
  const name = b.directive.rest.split(/\s/)[0];
  return g.branches.length === 1 && b.directive.name === 'ifndef' && b.defines[0] && definedName(b.defines[0]) === name ? name : undefined;
}

/** Every macro a compiled-out branch defines, nested groups included. */
function markUndefined(macros: Macros, b: Branch): void {
  for (const d of b.defines) {
    const name = definedName(d);
    if (name && !macros.defined.has(name)) macros.defined.set(name, false);
  }
  for (const g of b.children) for (const c of g.branches) markUndefined(macros, c);
}

function addDefine(macros: Macros, d: Directive, text: string): void {
  // the directive's own text, not the lexed view, keeps string literals in bodies
  const raw = text.slice(d.start, d.end).replace(/\\\r?\n/g, ' ').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ');
  const m = /^\s*#\s*define\s+([A-Za-z_]\w*)(\(([^)]*)\))?\s*(.*)$/s.exec(raw);
  if (!m) return;
  const [, name, isFunc, params, body] = m;
  if (isFunc) {
    if (!macros.func.has(name)) {
      macros.func.set(name, { params: params.split(',').map((p) => p.trim()).filter(Boolean), body: body.trim() });
    }
  } else if (!macros.object.has(name)) {
    macros.object.set(name, body.trim());
  }
}

type Decision = number | 'unknown';

function decide(group: Group, major: number, macros: Macros): Decision {
  for (let i = 0; i < group.branches.length; i++) {
    const { name, rest } = group.branches[i].directive;
    let v: number | undefined;
    if (name === 'else') return i;
    const ident = rest.split(/\s/)[0];
    if (name === 'ifdef' || name === 'elifdef') v = evalCppCondition(`defined(${ident})`, major, macros.object, macros.defined);
    else if (name === 'ifndef' || name === 'elifndef') v = evalCppCondition(`!defined(${ident})`, major, macros.object, macros.defined);
    else v = evalCppCondition(rest, major, macros.object, macros.defined);
    if (v === undefined) return 'unknown';
    if (v !== 0) return i;
  }
  return -1;
}

export interface Variant {
  /** identical keys mean identical text: parse once, share the facts */
  key: string;
  blanks: [number, number][];
}

/**
 * The active-branch decisions of `structure` for one version, and the ranges to blank.
 * `macros` grows with the defines met in active code.
 */
export function variantFor(structure: CondStructure, text: string, major: number, macros: Macros): Variant {
  const blanks: [number, number][] = [];
  const key: string[] = [];
  const addDefines = (ds: Directive[], known: boolean, guard?: string) => {
    for (const d of ds) {
      addDefine(macros, d, text);
      const name = definedName(d);
      if (name && known && name !== guard) macros.defined.set(name, true);
    }
  };
  const walk = (groups: Group[], known: boolean) => {
    for (const g of groups) {
      const guard = includeGuard(g);
      if (guard) {
        // compiled as on the first inclusion, the guard itself left unknown (the file's own parse sees it unset)
        addDefines(g.branches[0].defines, known, guard);
        walk(g.branches[0].children, known);
        continue;
      }
      const d = decide(g, major, macros);
      if (g.hasCode) key.push(String(d));
      if (d === 'unknown') {
        for (const b of g.branches) {
          addDefines(b.defines, false);
          walk(b.children, false);
        }
        continue;
      }
      for (const b of g.branches) blanks.push([b.directive.start, b.directive.end]);
      if (g.endif) blanks.push([g.endif.start, g.endif.end]);
      g.branches.forEach((b, i) => {
        if (i === d) {
          addDefines(b.defines, known);
          walk(b.children, known);
        } else {
          if (known) markUndefined(macros, b);
          blanks.push([b.bodyStart, Math.min(b.bodyEnd, g.endif?.start ?? Infinity)]);
        }
      });
    }
  };
  addDefines(structure.topDefines, true);
  walk(structure.top, true);
  return { key: key.join(','), blanks };
}

/**
 * The branch bodies of the innermost `#if` group that holds offset `at` and closes before offset `end`:
 * e.g. a function header written once per version (`#if ... <header> #else <header> #endif { body }`).
 */
export function closedGroupAround(structure: CondStructure, at: number, end: number): { start: number; end: number }[] | undefined {
  let found: Group | undefined;
  let groups = structure.top;
  for (;;) {
    const g = groups.find((g) => g.endif && g.branches[0].directive.start <= at && at < g.endif.start);
    if (!g) break;
    if (g.endif!.end <= end) found = g;
    const b = g.branches.find((b) => b.bodyStart <= at && at < b.bodyEnd);
    if (!b) break;
    groups = b.children;
  }
  return found?.branches.map((b) => ({ start: b.bodyStart, end: b.bodyEnd }));
}

/** Replaces the given ranges with spaces, keeping newlines (and so every position). */
export function blankRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e] of sorted) {
    const start = Math.max(s, at);
    const end = Math.min(e, text.length);
    if (end <= start) continue;
    out += text.slice(at, start) + blankText(text.slice(start, end));
    at = end;
  }
  return out + text.slice(at);
}

export function blankText(s: string): string {
  // most blanked text (a comment, a string, an inactive line) has no line break: one repeat, no regex
  if (!s.includes('\n') && !s.includes('\r')) return ' '.repeat(s.length);
  return s.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length));
}
