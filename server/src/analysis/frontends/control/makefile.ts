/**
 * Just enough of GNU make to read what a PGXS Makefile builds: variable assignments, explicit
 * rule targets and includes. Values are expanded with the file's own simple variables; anything
 * else (functions such as `$(patsubst ...)`, variables from included files, automatic variables)
 * stays unresolved and is marked, so callers can tell a known answer from a guess.
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

export function readMakefile(text: string): Makefile {
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
      const ref = s.slice(i + 2, end);
      const known = /^[A-Za-z0-9_.-]+$/.test(ref) ? values.get(ref) : undefined;
      out += known !== undefined && depth < 10 ? expand(known, depth + 1) : UNRESOLVED;
      i = end;
    }
    return out;
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
