import type { RuleDef } from './types';

export const finiNeverCalled: RuleDef = {
  id: 'fini-never-called',
  defaultSeverity: 'hint',
  category: 'preload',
  summary: 'A _PG_fini function: PostgreSQL never unloads libraries, so it never runs.',
  check(view, report) {
    for (const fn of view.functionsNamed('_PG_fini')) {
      report({
        loc: fn.nameLoc,
        message:
          '_PG_fini is never called: PostgreSQL does not unload loaded libraries (and PostgreSQL 15 removed ' +
          'the call altogether), so nothing here runs. Hook restores in it are dead code.',
        unnecessary: true,
      });
    }
  },
};
