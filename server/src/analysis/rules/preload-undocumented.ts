import { loadNeeds } from '../semantics/loadMode';
import { mentionedMechanisms } from '../frontends/docs/documentation';
import { extensionFindingPlace, placeName } from '../frontends/docs/findingPlace';
import { readmeSectionFix } from '../fixes/readmeSection';
import type { RuleDef } from './types';

export const preloadUndocumented: RuleDef = {
  id: 'preload-undocumented',
  defaultSeverity: 'warning',
  category: 'docs',
  summary: 'The library installs hooks, so it only acts in sessions that loaded it, but no documentation says how to load it.',
  check(view, report) {
    const needs = loadNeeds(view);
    if (needs.mode !== 'session') return;
    if (mentionedMechanisms(view).size) return;
    const loc = extensionFindingPlace(view);
    if (!loc) return;
    const fix = readmeSectionFix(view, needs);
    report({
      loc,
      message:
        `${view.ext.name} only acts in sessions that have loaded its library (CREATE EXTENSION does not load it): ` +
        `${needs.reasons.map((r) => `${r.what} (${placeName(view, r.loc)})`).join('; ')}. Its documentation mentions ` +
        'none of session_preload_libraries, shared_preload_libraries, local_preload_libraries or LOAD.',
      fixes: fix ? [fix] : [],
      related: needs.reasons.map((r) => ({ loc: r.loc, message: `${r.what}: acts only in sessions that loaded the library` })),
    });
  },
};
