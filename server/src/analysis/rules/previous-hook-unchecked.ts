import type { RuleDef } from './types';
import { hookFacts } from '../semantics/hooks';
import { nullTestFix } from '../fixes/hookFixes';

export const previousHookUnchecked: RuleDef = {
  id: 'previous-hook-unchecked',
  defaultSeverity: 'error',
  category: 'hooks',
  summary: 'The saved previous hook is called without testing it for NULL.',
  check(view, report) {
    for (const hf of hookFacts(view).functions) {
      for (const c of hf.calls) {
        if (c.checked) continue;
        const how = c.call.unwrapped ? 'unwrapped without matching Some' : 'called without testing it for NULL';
        const fix = nullTestFix(view, hf, c);
        report({
          loc: c.call.loc,
          message:
            `${c.call.callee} is ${how}: it is NULL whenever no library loaded earlier set ${hf.hook.name}, ` +
            `so this crashes the backend. Call it only when it is set` +
            (hf.hook.standard ? `, else call ${hf.hook.standard}.` : '.'),
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
