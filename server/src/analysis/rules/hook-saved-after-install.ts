import type { RuleDef } from './types';
import { hookFacts } from '../semantics/hooks';
import { hookLabel } from '../knowledge/hooks';
import { swapLateSaveFix } from '../fixes/hookFixes';

export const hookSavedAfterInstall: RuleDef = {
  id: 'hook-saved-after-install',
  defaultSeverity: 'error',
  category: 'hooks',
  summary: 'The previous hook is saved only after the new one is installed, so it points to the new hook itself.',
  check(view, report) {
    for (const install of hookFacts(view).installs) {
      const save = install.lateSave;
      if (install.verdict !== 'late' || !save) continue;
      const { hook, installed } = install;
      const fix = swapLateSaveFix(view, install);
      report({
        loc: save.stmt.loc,
        message:
          `${save.stmt.target} is saved from ${hook.name} only after ${installed} was installed, so it holds ` +
          `${installed} itself: calling the "previous" hook recurses until the stack overflows, and the ` +
          `${hookLabel(hook)} of a library listed earlier in shared_preload_libraries is lost. Save before installing.`,
        related: [{ loc: install.stmt.loc, message: `${installed} is installed here` }],
        fixes: fix ? [fix] : [],
      });
    }
  },
};
