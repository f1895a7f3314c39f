import type { RuleDef } from './types';
import { sqlScripts } from '../semantics/sqlHistory';

export const sqlSyntax: RuleDef = {
  id: 'sql-syntax',
  defaultSeverity: 'error',
  category: 'sql',
  summary: 'An extension script the PostgreSQL parser rejects (nothing else in it is checked).',
  check(view, report) {
    for (const script of sqlScripts(view)) {
      const e = script.facts.syntaxError;
      if (e) report({ loc: e.loc, message: `The PostgreSQL parser rejects this script: ${e.message}. The sql rules cannot check it.` });
    }
  },
};
