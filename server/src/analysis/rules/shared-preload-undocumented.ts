import { loadNeeds } from '../semantics/loadMode';
import { mentionedMechanisms } from '../frontends/docs/documentation';
import { extensionFindingPlace, placeName } from '../frontends/docs/findingPlace';
import { readmeSectionFix } from '../fixes/readmeSection';
import type { RuleDef } from './types';

export const sharedPreloadUndocumented: RuleDef = {
  id: 'shared-preload-undocumented',
  defaultSeverity: 'warning',
  category: 'docs',
  summary: 'The library only works from shared_preload_libraries, but no documentation says so.',
  check(view, report) {
    const needs = loadNeeds(view);
    if (needs.mode !== 'shared') return;
    if (mentionedMechanisms(view).has('shared_preload_libraries')) return;
    const loc = extensionFindingPlace(view);
    if (!loc) return;
    const shared = needs.reasons.filter((r) => r.needs === 'shared');
    const fix = readmeSectionFix(view, needs);
    report({
      loc,
      message:
        `${view.ext.name} must be listed in shared_preload_libraries, but its documentation never mentions ` +
        `shared_preload_libraries. It needs it for: ${shared.map((r) => `${r.what} (${placeName(view, r.loc)})`).join('; ')}.`,
      fixes: fix ? [fix] : [],
      related: shared.map((r) => ({
        loc: r.loc,
        message: r.skipped
          ? `${r.what}: skipped unless preloading, so ${r.skipped}`
          : `${r.what}: ${r.consequence ?? 'needs shared_preload_libraries'}`,
      })),
    });
  },
};
