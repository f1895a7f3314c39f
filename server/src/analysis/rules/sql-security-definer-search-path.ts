import type { RuleDef } from './types';
import { schemaText, sqlAnalysis } from '../semantics/searchPath';
import { setSearchPathFix } from '../fixes/sqlFixes';

export const sqlSecurityDefinerSearchPath: RuleDef = {
  id: 'sql-security-definer-search-path',
  defaultSeverity: 'error',
  category: 'sql',
  summary: 'A SECURITY DEFINER function without a pinned search_path (trusted schemas, pg_temp last).',
  check(view, report) {
    for (const { fn, live, script, verdict } of sqlAnalysis(view).functions) {
      if (!fn.securityDefiner || !live) continue;
      const what = `SECURITY DEFINER ${fn.kind} ${fn.creation.name}`;
      let problem: string | undefined;
      if (!fn.searchPath) {
        problem = `${what} has no SET search_path: it runs with its owner's privileges and the caller's search_path, so anyone who can create a function, operator or table in a schema on that path runs code as the owner`;
      } else if (verdict?.untrusted.length) {
        problem = `${what} puts ${verdict.untrusted.map(schemaText).join(', ')} on its search_path: anyone who can create objects there runs code as the owner`;
      } else if (verdict?.tempImplicit) {
        problem = `${what} leaves pg_temp off its search_path, so pg_temp is searched first: any caller's temporary tables and types capture its references`;
      } else if (verdict?.tempNotLast) {
        problem = `${what} does not put pg_temp last on its search_path: the caller's temporary objects take precedence over what follows it`;
      }
      if (!problem) continue;
      const fix = setSearchPathFix(fn, script);
      report({ loc: fn.creation.loc, message: `${problem}.`, fixes: fix ? [fix] : [] });
    }
  },
};
