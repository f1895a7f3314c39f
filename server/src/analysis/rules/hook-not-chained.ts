import type { RuleDef } from './types';
import { hookFacts } from '../hooks';
import { hookLabel } from '../knowledge/hooks';
import { chainCallFix } from '../fixes/hookFixes';

export const hookNotChained: RuleDef = {
  id: 'hook-not-chained',
  defaultSeverity: 'error',
  category: 'hooks',
  summary: 'An installed hook function never calls the previous hook it saved.',
  check(view, report) {
    for (const hf of hookFacts(view).functions) {
      const saved = hf.installs.some((i) => i.verdict === 'saved' || i.verdict === 'late');
      if (!saved || hf.calls.length > 0 || hf.passedOn) continue;
      const prev = [...hf.prevVars].sort()[0];
      const fix = chainCallFix(view, hf, prev);
      report({
        loc: hf.fn.nameLoc,
        message:
          `${hf.fn.name} is installed as ${hf.hook.name} but never calls the previous hook saved in ${prev}: ` +
          `a library listed earlier in shared_preload_libraries has its ${hookLabel(hf.hook)} silently skipped ` +
          `whenever this library is loaded. Call ${prev} when it is set` +
          (hf.hook.standard ? `, else ${hf.hook.standard}.` : '.'),
        related: hf.installs.map((i) => ({ loc: i.stmt.loc, message: `${hf.fn.name} is installed here` })),
        fixes: fix ? [fix] : [],
      });
    }
  },
};
