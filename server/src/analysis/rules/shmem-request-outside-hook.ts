import { statementsOf } from '../semantics/statements';
import { hookFacts, type HookFunction } from '../semantics/hooks';
import { chainRelated, initPath } from '../semantics/initpath';
import { isShmemRequest, SHMEM_REQUEST_NAMES, shmemRequestsOf } from '../semantics/preloadConstructs';
import type { CallStmt, FunctionDef, Location, Stmt } from '../model/model';
import type { ExtensionView } from '../model/view';
import type { Fix, RuleDef } from './types';
import { requestHookFix } from '../fixes/shmemRequestHook';

/**
 * `roots` and the project functions they call, transitively up to `depth` calls deep. `follow` says
 * whether a call is worth following to a function that then has `more` calls left: near the last level
 * only a few functions can lead to what is looked for, and the file of any other need not be parsed.
 */
function reachableFrom(
  view: ExtensionView,
  roots: FunctionDef[],
  depth = Infinity,
  follow: (name: string, more: number) => boolean = () => true,
): Set<FunctionDef> {
  // the most calls left after each function: one reached again with more left goes further this time
  const left = new Map<FunctionDef, number>();
  const add = (fn: FunctionDef, more: number) => {
    if ((left.get(fn) ?? -1) >= more) return;
    left.set(fn, more);
    if (more <= 0) return;
    for (const s of statementsOf(fn)) {
      if (s.k !== 'call' || !follow(s.callee, more - 1)) continue;
      const callee = view.resolve(s.callee, fn.file, s.qualifier);
      if (callee) add(callee, more - 1);
    }
  };
  for (const fn of roots) add(fn, depth);
  return new Set(left.keys());
}

/** Requests made from other hooks sit in the hook function or a helper it calls, not deeper. */
const OTHER_HOOK_DEPTH = 2;

const MESSAGE = (callee: string, where: string) =>
  `${callee}() is called ${where}, outside shmem_request_hook: since PostgreSQL 15 the server refuses with ` +
  'FATAL "cannot request additional shared memory outside shmem_request_hook", so the server does not ' +
  'start. Make the request from a shmem_request_hook function (and keep this call for versions before 15 ' +
  'under #if PG_VERSION_NUM < 150000).';

/** The functions shmem_request_hook runs: requests there are where they belong. */
function requestHookReach(view: ExtensionView): Set<FunctionDef> {
  return view.memo('shmem.requestHookReach', (view) =>
    reachableFrom(view, hookFacts(view).functions.filter((h) => h.hook.name === 'shmem_request_hook').map((h) => h.fn)),
  );
}

/** The names of the functions that make a request, once every file that names one is read. */
function requesters(view: ExtensionView): readonly string[] {
  return view.memo('shmem.requesters', (view) => {
    view.loadMentioning(SHMEM_REQUEST_NAMES);
    return [...new Set(view.scan('shmem.requesters', (fn) => (shmemRequestsOf(fn).length ? [fn.name] : [])))];
  });
}

interface RequestInOtherHook {
  call: CallStmt;
  hook: HookFunction;
}

/** Requests made from the functions of other hooks (kept apart from the init path, which every edit of it changes). */
function requestsInOtherHooks(view: ExtensionView): RequestInOtherHook[] {
  return view.memo('shmem.otherHooks', (view) => {
    const found: RequestInOtherHook[] = [];
    if (view.loadMentioning(SHMEM_REQUEST_NAMES).length === 0) return found;
    const allowed = requestHookReach(view);
    // a function defined where no source names a request makes none; one defined where no source names
    // a function that makes one calls none
    const requesting = requesters(view);
    const mayRequest = view.definedWhere(SHMEM_REQUEST_NAMES);
    const mayCallRequester = view.definedWhere(requesting);
    const follow = (name: string, more: number) => mayRequest.has(name) || (more > 0 && mayCallRequester.has(name));
    for (const hook of hookFacts(view).functions) {
      if (hook.hook.name === 'shmem_request_hook') continue;
      for (const fn of reachableFrom(view, [hook.fn], OTHER_HOOK_DEPTH, follow)) {
        if (allowed.has(fn)) continue;
        for (const call of shmemRequestsOf(fn)) found.push({ call, hook });
      }
    }
    return found;
  });
}

export const shmemRequestOutsideHook: RuleDef = {
  id: 'shmem-request-outside-hook',
  defaultSeverity: 'error',
  category: 'preload',
  summary: 'RequestAddinShmemSpace / RequestNamedLWLockTranche called outside shmem_request_hook (PostgreSQL >= 15).',
  check(view, report) {
    if (!view.since(15)) return;
    const allowed = requestHookReach(view);
    const reported = new Set<CallStmt>();
    const flag = (call: CallStmt, where: string, related: { loc: Location; message: string }[], fix?: Fix) => {
      if (reported.has(call)) return;
      reported.add(call);
      report({ loc: call.loc, message: MESSAGE(call.callee, where), related, fixes: fix ? [fix] : [] });
    };
    const outside = initPath(view).events.filter((e) => isShmemRequest(e.stmt) && !allowed.has(e.fn));
    // one fix moves all the requests a statement list makes
    const groups = new Map<Stmt[], CallStmt[]>();
    for (const e of outside) groups.set(e.siblings, [...(groups.get(e.siblings) ?? []), e.stmt as CallStmt]);
    const fixes = new Map<Stmt[], Fix | undefined>();
    for (const e of outside) {
      if (!fixes.has(e.siblings)) fixes.set(e.siblings, requestHookFix(view, e.fn, e.siblings, groups.get(e.siblings)!));
      flag(e.stmt as CallStmt, 'while _PG_init runs', chainRelated(e), fixes.get(e.siblings));
    }
    // other hooks run at known times too, never while shared memory is being requested
    for (const { call, hook } of requestsInOtherHooks(view)) {
      flag(call, `from ${hook.hook.name}`, [{ loc: hook.fn.nameLoc, message: `${hook.fn.name} is installed as ${hook.hook.name}` }]);
    }
  },
};
