import type { RuleDef } from './types';
import { hookFacts } from '../semantics/hooks';
import { hookLabel } from '../knowledge/hooks';
import { saveBeforeInstallFix } from '../fixes/hookFixes';

export const hookOverwritesPrevious: RuleDef = {
  id: 'hook-overwrites-previous',
  defaultSeverity: 'error',
  category: 'hooks',
  summary: 'A hook is installed without saving the previous value of the hook variable first.',
  check(view, report) {
    for (const install of hookFacts(view).installs) {
      if (install.verdict !== 'lost') continue;
      const { hook, installed } = install;
      const fix = saveBeforeInstallFix(view, install);
      report({
        loc: install.stmt.loc,
        message:
          `${installed} replaces ${hook.name} without saving its previous value first: a library listed earlier ` +
          `in shared_preload_libraries (or loaded earlier in the session) loses its ${hookLabel(hook)}. ` +
          `Save ${hook.name} into a static ${hook.type} variable before this assignment and call it from ${installed}.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
