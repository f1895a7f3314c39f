import { chainRelated } from '../semantics/initpath';
import { preloadUses, unguardedRun } from '../semantics/preloadConstructs';
import { wrapInPreloadGuard } from '../fixes/preloadGuard';
import type { RuleDef } from './types';

export const preloadApiOutsidePreload: RuleDef = {
  id: 'preload-api-outside-preload',
  defaultSeverity: 'warning',
  category: 'preload',
  summary: 'A call that only works while shared_preload_libraries is processed, made on the init path without a preload guard.',
  check(view, report) {
    for (const use of preloadUses(view)) {
      if (use.state !== 'unguarded' || use.construct.kind === 'guc') continue;
      const [from, to] = unguardedRun(view, use);
      const wrap = wrapInPreloadGuard(view, use.fn, use.siblings, from, to);
      const loc = use.stmt.k === 'assign' ? use.stmt.loc : use.stmt.loc;
      report({
        loc,
        message:
          `${capitalize(use.construct.what)} runs outside a process_shared_preload_libraries_in_progress guard: ` +
          `when the library is loaded any other way (LOAD, session_preload_libraries, first use of a SQL function), ` +
          `${use.construct.consequence}.`,
        severity: use.construct.severity,
        fixes: wrap ? [wrap] : [],
        related: chainRelated(use),
      });
    }
  },
};

/** "Installing shmem_startup_hook", but "pg_shmem_init!" and "RegisterBackgroundWorker()" as spelled. */
function capitalize(s: string): string {
  return /^[a-z]+ /.test(s) ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}
