import type { RuleDef } from './types';
import { hookFacts } from '../semantics/hooks';
import { hookLabel } from '../knowledge/hooks';
import { chainCallFix } from '../fixes/hookFixes';

export const hookNotChained: RuleDef = {
  id: 'hook-not-chained',
  defaultSeverity: 'error',
  category: 'hooks',
  summary: 'An installed hook function never calls the previous hook it saved.',
  check(view, report) {
    for (const hf of hookFacts(view).functions) {
      if (hf.calls.length > 0 || hf.passedOn) continue;
      // the previous value kept for good; a swap through a local (`old = X_hook; X_hook = f; ... X_hook = old;`)
      // installs f on purpose in place of every other hook for a moment
      const kept = hf.installs
        .map((i) => (i.verdict === 'late' ? i.lateSave?.stmt : i.verdict === 'saved' ? i.save : undefined))
        .find((save) => save && view.variables(save.target).length > 0);
      if (!kept) continue;
      const prev = kept.target;
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
