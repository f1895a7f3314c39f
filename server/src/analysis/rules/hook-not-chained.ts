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
      // a local of the same name hides the saved variable: a chaining call would go through the local too
      const shadow = hf.fn.shadows?.find((s) => s.name === prev);
      const fix = shadow ? undefined : chainCallFix(view, hf, prev);
      const lost = `a library listed earlier in shared_preload_libraries has its ${hookLabel(hf.hook)} silently skipped whenever this library is loaded.`;
      report({
        loc: hf.fn.nameLoc,
        message: shadow
          ? `${hf.fn.name} is installed as ${hf.hook.name} but never calls the previous hook saved in ${prev}: the ` +
            `${prev} in its body is its own local variable (line ${shadow.loc.range.start.line + 1}), which is ` +
            `never set, so ${lost} Remove the local declaration.`
          : `${hf.fn.name} is installed as ${hf.hook.name} but never calls the previous hook saved in ${prev}: ${lost} ` +
            `Call ${prev} when it is set` +
            (hf.hook.standard ? `, else ${hf.hook.standard}.` : '.'),
        related: [
          ...(shadow ? [{ loc: shadow.loc, message: `this local ${prev} hides the saved previous hook` }] : []),
          ...hf.installs.map((i) => ({ loc: i.stmt.loc, message: `${hf.fn.name} is installed here` })),
        ],
        fixes: fix ? [fix] : [],
      });
    }
  },
};
