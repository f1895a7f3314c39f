import { forEachStmt } from '../guards';
import { chainRelated, initPath } from '../initpath';
import { isShmemRequest } from '../preloadConstructs';
import type { FunctionDef } from '../model';
import type { ExtensionView } from '../view';
import type { RuleDef } from './types';

/** The functions installed as shmem_request_hook and every project function they call. */
function requestHookFunctions(view: ExtensionView): Set<FunctionDef> {
  const found = new Set<FunctionDef>();
  const add = (fn: FunctionDef) => {
    if (found.has(fn)) return;
    found.add(fn);
    forEachStmt(fn.body, (s) => {
      if (s.k !== 'call') return;
      const callee = view.resolve(s.callee, fn.file, s.qualifier);
      if (callee) add(callee);
    });
  };
  for (const fn of view.functions()) {
    forEachStmt(fn.body, (s) => {
      if (s.k === 'assign' && s.target === 'shmem_request_hook' && s.value.k === 'name') {
        const hook = view.resolve(s.value.name, fn.file);
        if (hook) add(hook);
      }
    });
  }
  return found;
}

export const shmemRequestOutsideHook: RuleDef = {
  id: 'shmem-request-outside-hook',
  defaultSeverity: 'error',
  category: 'preload',
  summary: 'RequestAddinShmemSpace / RequestNamedLWLockTranche called outside shmem_request_hook (PostgreSQL >= 15).',
  check(view, report) {
    if (view.pgVersion < 15) return;
    const allowed = requestHookFunctions(view);
    const reported = new Set<object>();
    for (const e of initPath(view).events) {
      if (!isShmemRequest(e.stmt) || allowed.has(e.fn) || reported.has(e.stmt)) continue;
      reported.add(e.stmt);
      report({
        loc: e.stmt.loc,
        message:
          `${e.stmt.callee}() is called outside shmem_request_hook: since PostgreSQL 15 the server refuses with ` +
          'FATAL "cannot request additional shared memory outside shmem_request_hook", so the server does not ' +
          'start. Make the request from a shmem_request_hook function (and keep this call for versions before 15 ' +
          'under #if PG_VERSION_NUM < 150000).',
        related: chainRelated(e),
      });
    }
  },
};
