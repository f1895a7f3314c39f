import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';

/**
 * Just enough of GNU make to read what a PGXS Makefile builds: variable assignments, explicit
 * rule targets and includes. Values are expanded with the file's own simple variables, substitution
 * references (`$(SRCS:.c=.o)`) and the text and file-name functions (MAKE_FUNCTIONS, `$(wildcard)`
 * over the files in the tree); anything else (`$(shell ...)`, variables from included files,
 * automatic variables, a wildcard that matches nothing) stays unresolved and is marked, so callers
 * can tell a known answer from a guess. Make itself never runs.
 */

/** Marks an unresolved part of an expanded value; never appears in a Makefile. */
export const UNRESOLVED = '\u0000';

export interface Makefile {
  /** every assignment in file order, conditionals ignored */
  assignments: { name: string; value: string }[];
  /** targets of explicit rules (not special targets such as .PHONY) */
  targets: string[];
  includes: string[];
  /** files a recipe writes by redirection or as the destination of cp/mv (`> x.sql`, `cp a x.sql`) */
  recipeOutputs: string[];
  /** the value of a variable, expanded; unresolved parts are UNRESOLVED */
  expand(text: string): string;
}

const ASSIGNMENT = /^(?:(?:override|export|private)\s+)*([A-Za-z0-9_.-]+)\s*(:::=|::=|:=|\?=|\+=|!=|=)\s*(.*)$/;
const RULE = /^([^:=\t#][^:=]*?)\s*::?(?!=)/;
const INCLUDE = /^-?s?include\s+(.+)$/;
const DIRECTIVE = /^(ifeq|ifneq|ifdef|ifndef|else|endif|export|unexport|vpath)\b/;

/** Physical lines joined at backslash continuations, comments removed, recipes set apart. */
function logicalLines(text: string): { lines: string[]; recipes: string[] } {
  const out: string[] = [];
  const recipes: string[] = [];
  let inDefine = false;
  const joined = text.replace(/\r\n/g, '\n').replace(/[ \t]*\\\n[ \t]*/g, ' ');
  for (const line of joined.split('\n')) {
    if (/^\s*define\b/.test(line)) inDefine = true;
    if (inDefine) {
      if (/^\s*endef\b/.test(line)) inDefine = false;
      continue;
    }
    if (line.startsWith('\t')) {
      recipes.push(line.trim());
      continue;
    }
    const code = line.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (code) out.push(code);
  }
  return { lines: out, recipes };
}

const REDIRECT = />>?\s*([^\s;&|]+)/g;
const COPY = /^@?(?:cp|mv|install)\s.*\s([^\s;&|]+)\s*$/;

/** Where `$(wildcard)` looks: the files matching a pattern, relative to the Makefile's folder. */
export type Wildcard = (pattern: string) => string[];

const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** make's `%` pattern against one word: the stem, or undefined. A pattern without `%` matches itself. */
function stemOf(pattern: string, word: string): string | undefined {
  const at = pattern.indexOf('%');
  if (at < 0) return word === pattern ? '' : undefined;
  const [prefix, suffix] = [pattern.slice(0, at), pattern.slice(at + 1)];
  return word.length >= prefix.length + suffix.length && word.startsWith(prefix) && word.endsWith(suffix)
    ? word.slice(prefix.length, word.length - suffix.length)
    : undefined;
}

function patsubst(pattern: string, replacement: string, text: string): string {
  return words(text)
    .map((w) => {
      const stem = stemOf(pattern, w);
      if (stem === undefined) return w;
      return pattern.includes('%') ? replacement.replace('%', stem) : replacement;
    })
    .join(' ');
}

const perWord = (f: (w: string) => string) => (args: string[]) => words(args[0] ?? '').map(f).join(' ');
const lastSlash = (w: string) => w.lastIndexOf('/');
const suffixAt = (w: string) => (w.lastIndexOf('.') > lastSlash(w) ? w.lastIndexOf('.') : -1);
const filterWords = (keep: boolean) => (args: string[]) => {
  const patterns = words(args[0] ?? '');
  return words(args[1] ?? '').filter((w) => patterns.some((p) => stemOf(p, w) !== undefined) === keep).join(' ');
};

/** GNU make's text and file-name functions, over their expanded arguments. */
const MAKE_FUNCTIONS: Readonly<Record<string, (args: string[]) => string>> = {
  subst: ([from = '', to = '', text = '']) => (from ? text.split(from).join(to) : text),
  patsubst: ([pattern = '', replacement = '', text = '']) => patsubst(pattern.trim(), replacement.trim(), text),
  strip: ([text = '']) => words(text).join(' '),
  filter: filterWords(true),
  'filter-out': filterWords(false),
  sort: ([text = '']) => [...new Set(words(text))].sort().join(' '),
  firstword: ([text = '']) => words(text)[0] ?? '',
  lastword: ([text = '']) => words(text).pop() ?? '',
  notdir: perWord((w) => w.slice(lastSlash(w) + 1)),
  dir: perWord((w) => (lastSlash(w) < 0 ? './' : w.slice(0, lastSlash(w) + 1))),
  basename: perWord((w) => (suffixAt(w) < 0 ? w : w.slice(0, suffixAt(w)))),
  suffix: perWord((w) => (suffixAt(w) < 0 ? '' : w.slice(suffixAt(w)))),
  addprefix: ([prefix = '', names = '']) => words(names).map((w) => prefix.trim() + w).join(' '),
  addsuffix: ([suffix = '', names = '']) => words(names).map((w) => w + suffix.trim()).join(' '),
};

/** Splits a function's arguments at top-level commas (not those inside nested references). */
function functionArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(' || text[i] === '{') depth++;
    else if (text[i] === ')' || text[i] === '}') depth--;
    else if (text[i] === ',' && depth === 0) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return [...args, text.slice(start)];
}

/** Files of the tree under `dir` matching make wildcard patterns, named as make prints them. */
export function treeWildcard(dir: string): Wildcard {
  const names = (folder: string) => {
    try {
      return readdirSync(folder).sort();
    } catch {
      return [];
    }
  };
  return (pattern) => {
    let found = [pattern.startsWith('/') ? '/' : ''];
    for (const segment of pattern.split('/').filter(Boolean)) {
      found = found.flatMap((f) => {
        const folder = path.resolve(dir, f || '.');
        const matches = /[*?[]/.test(segment) ? names(folder).filter((n) => minimatch(n, segment)) : existsSync(path.join(folder, segment)) ? [segment] : [];
        return matches.map((n) => path.posix.join(f, n));
      });
    }
    return found.filter((f) => f !== '' && f !== '/');
  };
}

export function readMakefile(text: string, wildcard?: Wildcard): Makefile {
  const assignments: Makefile['assignments'] = [];
  const targets: string[] = [];
  const includes: string[] = [];
  const values = new Map<string, string>();
  const { lines, recipes } = logicalLines(text);
  const recipeOutputs = recipes.flatMap((r) => [
    ...[...r.matchAll(REDIRECT)].map((m) => m[1]),
    ...(COPY.exec(r)?.slice(1) ?? []),
  ]);

  for (const line of lines) {
    const a = ASSIGNMENT.exec(line);
    if (a) {
      const [, name, op, value] = a;
      assignments.push({ name, value: op === '!=' ? UNRESOLVED : value });
      if (op === '+=') values.set(name, `${values.get(name) ?? ''} ${value}`.trim());
      else if (op === '?=') values.set(name, values.get(name) ?? value);
      else values.set(name, op === '!=' ? UNRESOLVED : value);
      continue;
    }
    const inc = INCLUDE.exec(line);
    if (inc) {
      includes.push(...inc[1].split(/\s+/));
      continue;
    }
    if (DIRECTIVE.test(line)) continue;
    const r = RULE.exec(line);
    if (r) targets.push(...r[1].split(/\s+/).filter((t) => t && !t.startsWith('.')));
  }

  const expand = (s: string, depth = 0): string => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      if (s[i] !== '$') {
        out += s[i];
        continue;
      }
      const open = s[i + 1];
      if (open === '$') {
        out += '$';
        i++;
        continue;
      }
      const close = open === '(' ? ')' : open === '{' ? '}' : undefined;
      if (!close) {
        // `$@`, `$<`, `$X`: automatic or one-letter variables
        out += UNRESOLVED;
        i++;
        continue;
      }
      const end = matchingClose(s, i + 1, open, close);
      out += depth < 10 ? reference(s.slice(i + 2, end), depth) : UNRESOLVED;
      i = end;
    }
    return out;
  };

  /** The value of `$(ref)`: a variable, a substitution reference or a function call. */
  const reference = (ref: string, depth: number): string => {
    const variable = (name: string) => {
      const known = values.get(name);
      return known === undefined ? UNRESOLVED : expand(known, depth + 1);
    };
    if (/^[A-Za-z0-9_.-]+$/.test(ref)) return variable(ref);
    const substitution = /^([A-Za-z0-9_.-]+):([^=]*)=(.*)$/.exec(ref);
    if (substitution) {
      const [, name, from, to] = substitution;
      const value = variable(name);
      if (value.includes(UNRESOLVED)) return UNRESOLVED;
      return from.includes('%') ? patsubst(from, to, value) : words(value).map((w) => (w.endsWith(from) ? w.slice(0, w.length - from.length) + to : w)).join(' ');
    }
    const call = /^([a-z-]+)\s+([^]*)$/.exec(ref);
    const args = call && functionArgs(call[2]).map((a) => expand(a, depth + 1));
    if (!call || !args || args.some((a) => a.includes(UNRESOLVED))) return UNRESOLVED;
    if (call[1] === 'wildcard') {
      const matched = wildcard ? words(args.join(' ')).flatMap(wildcard) : [];
      // nothing matched: the files may be generated by the build, so the answer is unknown
      return matched.length ? matched.join(' ') : UNRESOLVED;
    }
    const f = MAKE_FUNCTIONS[call[1]];
    return f ? f(args) : UNRESOLVED;
  };

  return { assignments, targets, includes, recipeOutputs, expand: (s) => expand(s) };
}

function matchingClose(s: string, openAt: number, open: string, close: string): number {
  let depth = 0;
  for (let i = openAt; i < s.length; i++) {
    if (s[i] === open) depth++;
    else if (s[i] === close && --depth === 0) return i;
  }
  return s.length;
}
