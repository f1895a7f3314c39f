import type { RuleDef } from './types';
import { sqlAnalysis } from '../semantics/searchPath';
import { plainCreateFix } from '../fixes/sqlFixes';

export const sqlUnsafeObjectCreation: RuleDef = {
  id: 'sql-unsafe-object-creation',
  defaultSeverity: 'warning',
  category: 'sql',
  summary: 'CREATE OR REPLACE / IF NOT EXISTS of an object the extension did not create earlier in its history.',
  check(view, report) {
    for (const { creation: c } of sqlAnalysis(view).unsafeCreations) {
      const how = c.orReplace ? 'CREATE OR REPLACE' : 'IF NOT EXISTS';
      const consequence = c.orReplace
        ? 'someone who created it first keeps owning it (and can change it later), while the extension adopts it'
        : 'when someone created it first, the script silently keeps theirs, with their owner and definition';
      const fix = plainCreateFix(c);
      report({
        loc: c.loc,
        message: `${how} ${c.kind} ${c.schema ? `${c.schema}.` : ''}${c.name}: the extension did not create it earlier in its scripts, so ${consequence}. Use a plain CREATE.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
