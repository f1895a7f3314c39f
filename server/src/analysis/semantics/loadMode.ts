import type { CallStmt, FunctionDef, Location, Stmt } from '../model/model';
import type { ExtensionView } from '../model/view';
import { alwaysExits, refusesWithoutPreload } from './guards';
import { calleesOf, mayName, statementsOf } from './statements';
import { initPath } from './initpath';
import { isShmemRequest, preloadUses, SHMEM_REQUEST_NAMES, shmemRequestsOf, type PreloadConstruct } from './preloadConstructs';
import { hookFacts } from './hooks';
import { HOOKS_BEFORE_SESSION_PRELOAD } from '../knowledge/preload';

/**
 * How a library has to be loaded to work, and why:
 * - `shared`: only while the postmaster starts (shared_preload_libraries), because something in it
 *   only works then: a preload-only construct (guarded or not), a refusal to load otherwise, a
 *   shared-memory request or shared-memory hook;
 * - `session`: before the session's first query (session_preload_libraries, local_preload_libraries,
 *   LOAD), because it installs hooks that only act in backends that loaded it;
 * - `none`: SQL-callable functions only; the first call loads the library.
 * The docs rules, the preload report and the language server all read this one answer.
 */
export type LoadMode = 'shared' | 'session' | 'none';

export interface LoadReason {
  /** the mode this reason alone calls for */
  needs: Exclude<LoadMode, 'none'>;
  /** what the code does, as a phrase: `RegisterBackgroundWorker()`, `installing ExecutorStart_hook` */
  what: string;
  /** what goes wrong when the library is loaded later, for shared reasons */
  consequence?: string;
  /** the code skips it unless preloading (so nothing fails, it just does not happen) */
  guarded?: boolean;
  /** for a guarded reason: what is missing when it is skipped */
  skipped?: string;
  loc: Location;
}

export interface LoadNeeds {
  mode: LoadMode;
  /** shared reasons first, then by file and line */
  reasons: LoadReason[];
}

/**
 * Conditions true in every backend started by the postmaster: `if (IsUnderPostmaster) ereport(ERROR..)`
 * at the top of _PG_init (sepgsql) refuses every load but the postmaster's own.
 */
const ONLY_TRUE_AFTER_STARTUP = new Set(['IsUnderPostmaster']);

/**
 * Registrations that, like hooks, only act in sessions that loaded the library before the command
 * that uses them (a BASE_BACKUP target, an EXPLAIN option).
 */
const SESSION_REGISTRATIONS = new Set(['BaseBackupAddTarget', 'RegisterExtensionExplainOption']);

const MODE_RANK: Record<LoadMode, number> = { none: 0, session: 1, shared: 2 };

const REGISTER_HOOK = ['register_hook'];

const hookRegistrationsOf = (fn: FunctionDef): CallStmt[] =>
  mayName(fn, REGISTER_HOOK) && calleesOf(fn).has('register_hook') ? statementsOf(fn).filter((s): s is CallStmt => s.k === 'call' && s.callee === 'register_hook') : [];

export function loadNeeds(view: ExtensionView): LoadNeeds {
  return view.memo('loadMode', (view) => {
    const reasons: LoadReason[] = [];
    // one reason per statement, however many ways the analysis reaches it
    const seen = new Set<object>();
    const add = (key: object, reason: LoadReason) => {
      if (seen.has(key)) return;
      seen.add(key);
      reasons.push(reason);
    };

    for (const use of preloadUses(view)) {
      add(use.stmt, {
        needs: 'shared',
        what: use.construct.what,
        consequence: use.construct.consequence,
        guarded: use.state !== 'unguarded',
        skipped: use.state === 'unguarded' ? undefined : whenSkipped(use.construct),
        loc: use.stmt.loc,
      });
    }
    for (const fn of view.entryPoints()) {
      const refusal = fn.body.find(
        (s) => s.k === 'if' && s.cond.k === 'truthy' && ONLY_TRUE_AFTER_STARTUP.has(s.cond.name) && alwaysExits(view, s.then, fn.file, true),
      );
      if (refusesWithoutPreload(view, fn) || refusal) {
        add(fn, {
          needs: 'shared',
          what: '_PG_init refusing to load outside shared_preload_libraries',
          consequence: 'loading the library any other way fails with an error',
          loc: fn.nameLoc,
        });
      }
    }
    const shmemRequest = (s: Stmt) => {
      if (isShmemRequest(s)) {
        add(s, {
          needs: 'shared',
          what: `${s.callee}()`,
          consequence: 'shared memory is only sized at server start, so the request is ignored or fails',
          loc: s.loc,
        });
      }
    };
    for (const e of initPath(view).events) shmemRequest(e.stmt);
    // a request anywhere in the code: the files that name one are read, whatever the analyses loaded
    view.loadMentioning(SHMEM_REQUEST_NAMES);
    for (const s of view.scan('loadMode.shmem', shmemRequestsOf)) shmemRequest(s);

    for (const e of initPath(view).events) {
      if (e.stmt.k === 'call' && SESSION_REGISTRATIONS.has(e.stmt.callee)) {
        add(e.stmt, { needs: 'session', what: `${e.stmt.callee}()`, loc: e.stmt.loc });
      }
    }
    for (const install of hookFacts(view).installs) {
      const startup = HOOKS_BEFORE_SESSION_PRELOAD.get(install.hook.name);
      add(install.stmt, {
        needs: startup ? 'shared' : 'session',
        what: `installing ${install.hook.name}`,
        consequence: startup,
        loc: install.stmt.loc,
      });
    }
    // pgrx's deprecated hook registry installs every executor/planner hook at once
    for (const s of view.scan('loadMode.register_hook', hookRegistrationsOf)) add(s, { needs: 'session', what: 'pgrx register_hook()', loc: s.loc });
    return { mode: modeOf(reasons), reasons: sortReasons(reasons) };
  });
}

/**
 * What is missing when a guarded construct is skipped: the effect its consequence starts with
 * ("the background worker is never started: ..."), unless that describes a failure of the
 * unguarded call, which a skipped call cannot have.
 */
function whenSkipped(c: PreloadConstruct): string {
  if (c.kind === 'guc') return 'the setting is never defined';
  const effect = c.consequence.split(':')[0];
  return /\b(fails|FATAL|ERROR)\b/.test(effect) ? `${c.what} never happens` : effect;
}

function modeOf(reasons: LoadReason[]): LoadMode {
  return reasons.reduce<LoadMode>((m, r) => (MODE_RANK[r.needs] > MODE_RANK[m] ? r.needs : m), 'none');
}

function sortReasons(reasons: LoadReason[]): LoadReason[] {
  return [...reasons].sort(
    (a, b) =>
      MODE_RANK[b.needs] - MODE_RANK[a.needs] ||
      a.loc.file.localeCompare(b.loc.file) ||
      a.loc.range.start.line - b.loc.range.start.line ||
      a.loc.range.start.character - b.loc.range.start.character,
  );
}

/** One answer over every target version: the strictest mode, every distinct reason. */
export function mergeLoadNeeds(perVersion: LoadNeeds[]): LoadNeeds {
  const byKey = new Map<string, LoadReason>();
  for (const needs of perVersion) {
    for (const r of needs.reasons) {
      const key = `${r.what}|${r.loc.file}|${r.loc.range.start.line}`;
      if (!byKey.has(key)) byKey.set(key, r);
    }
  }
  const reasons = [...byKey.values()];
  return { mode: modeOf(reasons), reasons: sortReasons(reasons) };
}
