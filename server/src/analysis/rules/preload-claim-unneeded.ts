import { loadNeeds } from '../semantics/loadMode';
import { preloadClaims } from '../frontends/docs/documentation';
import type { RuleDef } from './types';

export const preloadClaimUnneeded: RuleDef = {
  id: 'preload-claim-unneeded',
  defaultSeverity: 'hint',
  category: 'docs',
  summary: 'Documentation says shared_preload_libraries is required, but nothing in the code needs it.',
  check(view, report) {
    if (loadNeeds(view).mode !== 'none') return;
    for (const loc of preloadClaims(view)) {
      report({
        loc,
        message:
          `The documentation says ${view.ext.name} requires shared_preload_libraries, but its code needs no preloading: ` +
          'no background worker, shared memory, PGC_POSTMASTER setting, hook or refusal to load otherwise. ' +
          'The library is loaded on the first call of one of its functions; preloading only costs a restart.',
      });
    }
  },
};
