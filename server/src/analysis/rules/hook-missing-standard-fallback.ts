import type { RuleDef } from './types';
import { hookFacts } from '../semantics/hooks';
import { hookLabel } from '../knowledge/hooks';
import { elseStandardFix, standardAsElseFix } from '../fixes/hookFixes';

export const hookMissingStandardFallback: RuleDef = {
  id: 'hook-missing-standard-fallback',
  defaultSeverity: 'error',
  category: 'hooks',
  summary: 'A hook with a standard_* function does not call it exactly when there is no previous hook.',
  check(view, report) {
    for (const hf of hookFacts(view).functions) {
      const standard = hf.hook.standard;
      if (!standard || hf.calls.length === 0) continue;
      const label = hookLabel(hf.hook);
      const fallsBack = hf.coveredFallback || hf.standardCalls.some((s) => s.prev !== 'set');
      if (!fallsBack) {
        for (const c of hf.calls) {
          if (!c.checked) continue; // previous-hook-unchecked reports it, with the fallback in its fix
          const fix = elseStandardFix(view, hf, c);
          report({
            loc: c.call.loc,
            message:
              `${c.call.callee} is called when set, but ${standard} is never called when it is NULL: when no ` +
              `other library sets ${hf.hook.name}, PostgreSQL's own step is skipped entirely. Add ` +
              `"else ${standard}(...)".`,
            fixes: fix ? [fix] : [],
          });
        }
      }
      for (const s of hf.standardCalls) {
        if (s.prev === 'null') continue;
        const prev = hf.calls[0].call.callee;
        const fix = standardAsElseFix(view, hf, s);
        report({
          loc: s.call.loc,
          message:
            `${standard} is called even when a previous ${label} (${prev}) is set: the other library's hook ` +
            `then runs on top of the standard step, or is bypassed, and the step may run twice. Call ` +
            `${standard} only when ${prev} is NULL.`,
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};
