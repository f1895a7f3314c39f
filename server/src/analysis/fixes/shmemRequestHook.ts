import type { CallStmt, FunctionDef, Stmt } from '../model/model';
import type { Fix, TextEdit } from '../rules/types';
import type { ExtensionView } from '../model/view';
import { hookFacts } from '../semantics/hooks';
import { declarationLine, docOf, freshName, HOOK_TYPED, insertAt, replaceStatement, type Doc } from './fileEdits';
import { indentOf, ownsItsLines } from './text';

/**
 * shmem-request-outside-hook's fix, in C: the requests of one function move into a new
 * `shmem_request_hook` function that chains the previous one, and the function installs it where the
 * requests were, as pg_stat_statements does since PostgreSQL 15. When the extension also targets
 * versions before 15 (which have no such hook), the old calls stay for those under `#else`.
 */

const SINCE = 'PG_VERSION_NUM >= 150000';

/** Whether `siblings` is `fn`'s body or lies in it only through blocks and preload-guard branches (conditions the hook need not keep). */
function underPreloadAtMost(body: Stmt[], siblings: Stmt[]): boolean {
  if (body === siblings) return true;
  return body.some(
    (s) =>
      (s.k === 'block' && !s.jump && underPreloadAtMost(s.body, siblings)) ||
      (s.k === 'if' && s.cond.k === 'flag' && underPreloadAtMost(s.then, siblings)),
  );
}

/** Names the function declares (parameters, locals above `line`): a moved call must not use them. */
function localNames(doc: Doc, fn: FunctionDef, line: number): Set<string> {
  const names = new Set(fn.params);
  for (let l = fn.bodyLoc.range.start.line + 1; l < line; l++) {
    const m = /^\s*(?:(?:const|static|volatile|unsigned|signed|struct|union|enum)\s+)*[A-Za-z_]\w*[\s*]+([A-Za-z_]\w*)\s*(?:=|;|,|\[)/.exec(doc.layout.lines[l]);
    if (m && !/^\s*(return|else|case|goto)\b/.test(doc.layout.lines[l])) names.add(m[1]);
  }
  return names;
}

/** The new function's name: after the extension's shmem_startup_hook function (`x_shmem_startup`), else the extension. */
function functionName(view: ExtensionView, doc: Doc): string {
  const startup = hookFacts(view).functions.find((h) => h.hook.name === 'shmem_startup_hook')?.fn.name;
  const prefix = /^(\w+?)_shmem_startup(?:_hook)?$/.exec(startup ?? '')?.[1] ?? view.ext.name.replace(/\W+/g, '_');
  return freshName(doc, `${prefix}_shmem_request`);
}

/** The first line of `fn` with the comment above it. */
function withComment(doc: Doc, fn: FunctionDef): number {
  let l = fn.loc.range.start.line;
  while (l > 0 && /^\s*(\/\*|\*|\/\/)/.test(doc.layout.lines[l - 1])) l--;
  return l;
}

/**
 * The fix for the requests `requests` (all made by `fn`, in the statement list `siblings`); undefined
 * unless they are consecutive whole statements whose arguments mean the same in another function.
 */
export function requestHookFix(view: ExtensionView, fn: FunctionDef, siblings: Stmt[], requests: CallStmt[]): Fix | undefined {
  const doc = fn.language === 'c' ? docOf(view, fn) : undefined;
  if (!doc || requests.length === 0 || !underPreloadAtMost(fn.body, siblings)) return undefined;
  const sorted = [...requests].sort((a, b) => siblings.indexOf(a) - siblings.indexOf(b));
  const first = siblings.indexOf(sorted[0]);
  const last = siblings.indexOf(sorted[sorted.length - 1]);
  // nothing but the requests (and the calls in their arguments) between the first and the last
  if (siblings.slice(first, last + 1).some((s) => s.k !== 'call' || (s.stmtLoc && !sorted.includes(s)))) return undefined;
  if (!sorted.every((c) => c.stmtLoc && ownsItsLines(doc.layout, c.stmtLoc))) return undefined;
  const from = sorted[0].stmtLoc!.range.start.line;
  const to = sorted[sorted.length - 1].stmtLoc!.range.end.line;
  const moved = doc.layout.lines.slice(from, to + 1);
  const indent = indentOf(moved[0]);
  if (moved.some((l) => l.trim().startsWith('#'))) return undefined;
  const code = moved.join('\n').replace(/"(?:\\.|[^"\\])*"/g, '""').replace(/\/\*[\s\S]*?\*\//g, '');
  const locals = localNames(doc, fn, from);
  if ([...code.matchAll(/[A-Za-z_]\w*/g)].some((m) => locals.has(m[0]))) return undefined;

  const { unit } = doc.layout;
  const older = view.targetVersions.some((v) => v < 15);
  const ifSince = (lines: string[]) => (older ? [`#if ${SINCE}`, ...lines, '#endif'] : lines);
  const name = functionName(view, doc);
  const prev = freshName(doc, 'prev_shmem_request_hook');
  const declLine = declarationLine(view, doc, withComment(doc, fn), HOOK_TYPED);
  if (declLine < 0) return undefined;
  const reindent = (l: string) => (l.trim() === '' ? '' : l.startsWith(indent) ? unit + l.slice(indent.length) : l);
  const install = [`${indent}${prev} = shmem_request_hook;`, `${indent}shmem_request_hook = ${name};`];
  const edits: TextEdit[] = [
    insertAt(doc, declLine, ifSince([`static shmem_request_hook_type ${prev} = NULL;`])),
    insertAt(doc, withComment(doc, fn), [
      ...ifSince([
        '/*',
        ' * Requests the shared memory and LWLocks this library needs: since PostgreSQL 15',
        ' * only shmem_request_hook may.',
        ' */',
        'static void',
        `${name}(void)`,
        '{',
        `${unit}if (${prev})`,
        `${unit}${unit}${prev}();`,
        '',
        ...moved.map(reindent),
        '}',
      ]),
      '',
    ]),
    replaceStatement(doc, from, to, older ? [`#if ${SINCE}`, ...install, '#else', ...moved, '#endif'] : install),
  ];
  return { title: `Move the shared-memory requests into a new shmem_request_hook function, ${name}`, edits, preferred: true };
}
