import type { CallStmt, FunctionDef, Stmt } from '../model/model';
import { mayName, statementsOf } from './statements';
import { GUC_DEFINER_BY_CALLEE, type GucDefiner } from '../knowledge/gucDefiners';
import { gucContextOf, type GucContextInfo } from '../knowledge/gucContexts';
import { PRELOAD_APIS, SHMEM_REQUESTS, STARTUP_HOOKS } from '../knowledge/preload';
import { initPath, type InitEvent } from './initpath';
import type { ExtensionView } from '../model/view';

/**
 * Constructs that only work while shared_preload_libraries is processed: PGC_POSTMASTER GUC
 * definitions, preload-only APIs and startup hooks. The preload rules report them when unguarded;
 * the docs rules and the preload report list them as reasons to preload.
 */
export interface GucDefinition {
  definer: GucDefiner;
  name?: string;
  context?: GucContextInfo;
  /** the argument holding the context, for the "lower the context" fix */
  contextArg?: CallStmt['args'][number];
}

export function gucDefinition(s: Stmt): GucDefinition | undefined {
  if (s.k !== 'call') return undefined;
  const definer = GUC_DEFINER_BY_CALLEE.get(s.callee);
  if (!definer) return undefined;
  const contextArg =
    definer.contextArg === 'any' ? s.args.find((a) => gucContextOf(a.name)) : s.args[definer.contextArg];
  return { definer, name: s.args[definer.nameArg]?.str, context: gucContextOf(contextArg?.name), contextArg };
}

export type PreloadConstruct =
  | { kind: 'guc'; what: string; consequence: string; severity?: 'error' }
  | { kind: 'api'; what: string; consequence: string; severity?: 'error' }
  | { kind: 'startup-hook'; what: string; consequence: string; severity?: 'error' };

export function preloadConstruct(view: ExtensionView, s: Stmt): PreloadConstruct | undefined {
  if (s.k === 'call') {
    const guc = gucDefinition(s);
    if (guc) {
      if (!guc.context?.preloadOnly) return undefined;
      return {
        kind: 'guc',
        what: `PGC_POSTMASTER GUC ${guc.name ? `"${guc.name}"` : 'definition'}`,
        consequence: 'the backend FATALs with "cannot create PGC_POSTMASTER variables after startup"',
      };
    }
    const api = PRELOAD_APIS.find((a) => a.callee === s.callee);
    if (api && (api.maxVersion === undefined || !view.since(api.maxVersion + 1))) {
      return { kind: 'api', what: `${displayName(api.callee)}`, consequence: api.consequence, severity: api.severity };
    }
    return undefined;
  }
  if (s.k === 'assign' && s.value.k === 'name') {
    const consequence = STARTUP_HOOKS.get(s.target);
    if (consequence) return { kind: 'startup-hook', what: `installing ${s.target}`, consequence };
  }
  return undefined;
}

function displayName(callee: string): string {
  return callee.endsWith('!') ? callee : callee.replace(/^BackgroundWorkerBuilder::/, 'BackgroundWorkerBuilder::...') + '()';
}

export interface PreloadUse extends InitEvent {
  construct: PreloadConstruct;
}

/** Every preload-only construct on the init path, guarded or not. */
export function preloadUses(view: ExtensionView): PreloadUse[] {
  return view.memo('preload.uses', (view) => {
    const seen = new Set<Stmt>();
    const uses: PreloadUse[] = [];
    for (const e of initPath(view).events) {
      if (seen.has(e.stmt)) continue;
      const construct = preloadConstruct(view, e.stmt);
      if (!construct) continue;
      seen.add(e.stmt);
      // a statement reached both guarded and unguarded is reported as unguarded
      const worst = initPath(view).events.find((o) => o.stmt === e.stmt && o.state === 'unguarded') ?? e;
      uses.push({ ...worst, construct });
    }
    return uses;
  });
}

/** A shared-memory request call (RequestAddinShmemSpace, RequestNamedLWLockTranche). */
export function isShmemRequest(s: Stmt): s is CallStmt {
  return s.k === 'call' && SHMEM_REQUESTS.has(s.callee);
}

/** The request functions' names, one list (definedWhere keeps its answers per list). */
export const SHMEM_REQUEST_NAMES: readonly string[] = [...SHMEM_REQUESTS];

/** The shared-memory requests a function makes (a summary: `view.scan` and the shmem rule read it). */
export const shmemRequestsOf = (fn: FunctionDef): CallStmt[] => (mayName(fn, SHMEM_REQUEST_NAMES) ? statementsOf(fn).filter(isShmemRequest) : []);

/**
 * The run of consecutive unguarded preload constructs around `use` in its statement list (plus the
 * saves of hooks the run installs), so one guard covers them all. Calls nested in a statement's
 * arguments (`GucFlags::default()`, `gettext_noop(...)`) come before it in the list; they belong to
 * that statement and do not break a run.
 */
export function unguardedRun(view: ExtensionView, use: PreloadUse): [number, number] {
  const unguarded = new Set(preloadUses(view).filter((u) => u.state === 'unguarded').map((u) => u.stmt));
  const { siblings } = use;
  const nested = (i: number) => siblings[i]?.k === 'call' && !(siblings[i] as CallStmt).stmtLoc;
  /** the index of the next whole statement from `i` in direction `step`, over calls nested in it */
  const next = (i: number, step: 1 | -1): number => {
    let j = i + step;
    if (step < 0) {
      // calls nested in siblings[i] sit right before it
      while (j >= 0 && nested(j) && inside(siblings[j], siblings[i])) j--;
    } else {
      while (j < siblings.length && nested(j)) j++;
    }
    return j;
  };
  const isSaveOfInstalled = (i: number) => {
    const s = siblings[i];
    const after = siblings[next(i, 1)];
    return s.k === 'assign' && s.value.k === 'name' && after?.k === 'assign' && after.target === s.value.name && unguarded.has(after);
  };
  const joins = (i: number) => i >= 0 && i < siblings.length && !nested(i) && (unguarded.has(siblings[i] as CallStmt) || isSaveOfInstalled(i));
  let from = use.index;
  let to = use.index;
  while (joins(next(from, -1))) from = next(from, -1);
  // forward: the nested calls skipped must belong to the statement that joins
  while (joins(next(to, 1)) && nestedCallsBelong(siblings, to, next(to, 1))) to = next(to, 1);
  return [from, to];
}

/** Whether `s` lies inside the text of the whole statement `owner`. */
function inside(s: Stmt, owner: Stmt): boolean {
  if (s.k !== 'call') return false;
  const outer = owner.k === 'call' ? owner.stmtLoc : owner.k === 'assign' ? owner.loc : undefined;
  if (!outer || outer.file !== s.loc.file) return false;
  const pos = (p: { line: number; character: number }) => p.line * 1e6 + p.character;
  return pos(outer.range.start) <= pos(s.loc.range.start) && pos(s.loc.range.end) <= pos(outer.range.end);
}

function nestedCallsBelong(siblings: Stmt[], from: number, to: number): boolean {
  return siblings.slice(from + 1, to).every((s) => inside(s, siblings[to]));
}
