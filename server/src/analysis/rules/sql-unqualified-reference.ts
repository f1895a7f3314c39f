import type { RuleDef } from './types';
import type { SqlReference } from '../model/sql';
import { sqlAnalysis, type UnsafeReference } from '../semantics/searchPath';
import { qualifyFix } from '../fixes/sqlFixes';

function describe(ref: SqlReference): string {
  switch (ref.kind) {
    case 'function':
      return `Unqualified call of ${ref.name}()`;
    case 'operator':
      return ref.name === 'CASE'
        ? "CASE x WHEN's implicit = operator"
        : ref.name === 'BETWEEN'
          ? 'BETWEEN (operators >= and <=)'
          : `Unqualified operator ${ref.name}`;
    case 'type':
      return `Unqualified type ${ref.name}`;
    case 'relation':
      return `Unqualified table ${ref.name}`;
  }
}

function why(u: UnsafeReference): string {
  const where =
    u.context === 'body'
      ? `runs with the caller's search_path${u.fn?.searchPath ? ` (its SET search_path is not pinned to trusted schemas)` : ''}`
      : 'runs while the search_path is not pinned to trusted schemas';
  const how =
    u.ref.kind === 'function' || u.ref.kind === 'operator'
      ? u.ref.builtin && !u.own
        ? 'the argument types are not known to match a pg_catalog signature exactly, so a better-matching one planted in a schema on the path wins'
        : 'any schema on the path can hold a better-matching one'
      : 'the first schema on the path that holds the name wins';
  const fnPart = u.fn ? `in ${u.fn.kind} ${u.fn.creation.name} ` : '';
  return `${fnPart}${where}: ${how}`;
}

export const sqlUnqualifiedReference: RuleDef = {
  id: 'sql-unqualified-reference',
  defaultSeverity: 'warning',
  category: 'sql',
  summary: 'An unqualified function, operator, type or table reference while the search_path is not pinned.',
  check(view, report) {
    for (const u of sqlAnalysis(view).unsafeRefs) {
      const fix = qualifyFix(u.ref, u.own, u.script);
      report({ loc: u.ref.loc, message: `${describe(u.ref)} ${why(u)}.`, fixes: fix ? [fix] : [] });
    }
  },
};
