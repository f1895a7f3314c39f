import { chainRelated } from '../semantics/initpath';
import { gucDefinition, preloadUses, unguardedRun } from '../semantics/preloadConstructs';
import { wrapInPreloadGuard } from '../fixes/preloadGuard';
import type { Fix, RuleDef } from './types';

export const postmasterGucOutsidePreload: RuleDef = {
  id: 'postmaster-guc-outside-preload',
  defaultSeverity: 'error',
  category: 'preload',
  summary: 'A PGC_POSTMASTER GUC defined on the init path without a preload guard.',
  check(view, report) {
    for (const use of preloadUses(view)) {
      if (use.state !== 'unguarded' || use.construct.kind !== 'guc' || use.stmt.k !== 'call') continue;
      const guc = gucDefinition(use.stmt);
      const fixes: Fix[] = [];
      const [from, to] = unguardedRun(view, use);
      const wrap = wrapInPreloadGuard(view, use.fn, use.siblings, from, to);
      if (wrap) fixes.push(wrap);
      const arg = guc?.contextArg;
      if (arg) {
        const sighup = use.fn.language === 'c' ? 'PGC_SIGHUP' : arg.text.replace(/Postmaster$/, 'Sighup');
        fixes.push({
          title: `Lower the context to ${use.fn.language === 'c' ? 'PGC_SIGHUP' : 'GucContext::Sighup'} (changes apply on reload)`,
          edits: [{ file: arg.loc.file, range: arg.loc.range, newText: sighup }],
        });
      }
      report({
        loc: use.stmt.loc,
        message:
          `${guc?.name ? `GUC "${guc.name}"` : 'This GUC'} is defined with PGC_POSTMASTER outside a ` +
          'process_shared_preload_libraries_in_progress guard: loading the library with LOAD, ' +
          'session_preload_libraries, local_preload_libraries or by first use of one of its SQL functions ' +
          'FATALs the backend with "cannot create PGC_POSTMASTER variables after startup".',
        fixes,
        related: chainRelated(use),
      });
    }
  },
};
