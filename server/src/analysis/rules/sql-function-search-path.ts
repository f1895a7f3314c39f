import type { RuleDef } from './types';
import { sqlAnalysis } from '../semantics/searchPath';
import { setSearchPathFix } from '../fixes/sqlFixes';

export const sqlFunctionSearchPath: RuleDef = {
  id: 'sql-function-search-path',
  defaultSeverity: 'hint',
  category: 'sql',
  summary: 'A SQL or PL/pgSQL function without SET search_path whose body uses unqualified names.',
  check(view, report) {
    for (const { fn, script, unsafeRefs } of sqlAnalysis(view).functions) {
      if (fn.securityDefiner || fn.searchPath || !unsafeRefs.length) continue;
      const inlining = fn.language === 'sql' ? ' (a SET clause keeps a SQL function from being inlined: qualifying the names instead keeps it inlinable)' : '';
      const fix = setSearchPathFix(fn, script);
      report({
        loc: fn.creation.loc,
        message: `${fn.kind} ${fn.creation.name} has no SET search_path and its body uses ${unsafeRefs.length} unqualified name${unsafeRefs.length === 1 ? '' : 's'} resolved with the caller's search_path${inlining}.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
