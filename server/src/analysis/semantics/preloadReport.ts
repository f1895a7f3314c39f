import type { GuardState } from './guards';
import { hookFacts } from './hooks';
import { initPath } from './initpath';
import { loadNeeds, mergeLoadNeeds, type LoadNeeds } from './loadMode';
import type { FunctionDef, Location, Stmt } from '../model/model';
import { isShmemRequest, preloadUses } from './preloadConstructs';
import type { ExtensionView } from '../model/view';

/**
 * What the preload report shows for one extension, over every target version: how it must be
 * loaded and why (loadMode.ts), and the init path as a graph: the functions `_PG_init` runs, the
 * calls between them and the preload constructs and hook installs in them, each with the guard
 * state it runs under. The CLI's `preload --format json` and the language server's report read it.
 */
export interface PreloadFacts {
  needs: LoadNeeds;
  graph: InitGraph;
  /** the target versions the facts were computed for */
  versions: number[];
}

/** A state over the target versions: the same guard state on each, or `varies`. */
export type PathState = GuardState | 'varies';

export interface InitNode {
  /** stable within one report: `fn:file:name`, `at:file:line:column` */
  id: string;
  kind: 'function' | 'construct' | 'hook';
  /** a function's name, or what the construct does (`PGC_POSTMASTER GUC "x.y"`, `installing X_hook`) */
  label: string;
  loc: Location;
  state: PathState;
  /** when `varies`: the state on each target version, `absent` where that version does not run it */
  byVersion?: Record<number, GuardState | 'absent'>;
}

export interface InitEdge {
  from: string;
  to: string;
  state: PathState;
  byVersion?: Record<number, GuardState | 'absent'>;
  /** the call (or the construct's statement) */
  loc: Location;
}

export interface InitGraph {
  /** `_PG_init` (and `_PG_fini`, if any) first, then in the order the path reaches them */
  nodes: InitNode[];
  edges: InitEdge[];
}

export function preloadFacts(views: ExtensionView[]): PreloadFacts {
  return {
    needs: mergeLoadNeeds(views.map(loadNeeds)),
    graph: mergeGraphs(views.map((v) => ({ version: v.pgVersion, graph: initGraph(v) }))),
    versions: views.map((v) => v.pgVersion),
  };
}

type Single = { nodes: (Omit<InitNode, 'state'> & { state: GuardState })[]; edges: (Omit<InitEdge, 'state'> & { state: GuardState })[] };

/** Unguarded beats uncertain beats guarded: a function reached both ways runs on every load. */
const RANK: Record<GuardState, number> = { guarded: 0, uncertain: 1, unguarded: 2 };
const worse = (a: GuardState | undefined, b: GuardState): GuardState => (a === undefined || RANK[b] > RANK[a] ? b : a);

const fnId = (fn: FunctionDef) => `fn:${fn.file}:${fn.name}`;
const atId = (loc: Location) => `at:${loc.file}:${loc.range.start.line}:${loc.range.start.character}`;

/** The init path of one target version. */
export function initGraph(view: ExtensionView): Single {
  const path = initPath(view);
  const fnState = new Map<FunctionDef, GuardState>();
  for (const entry of view.entryPoints()) fnState.set(entry, 'unguarded');
  const edges = new Map<string, Single['edges'][number]>();
  const edge = (from: string, to: string, loc: Location, state: GuardState) => {
    const key = `${from}>${to}@${atId(loc)}`;
    edges.set(key, { from, to, loc, state: worse(edges.get(key)?.state, state) });
  };
  for (const c of path.calls) {
    fnState.set(c.to, worse(fnState.get(c.to), c.state));
    edge(fnId(c.from), fnId(c.to), c.stmt.loc, c.state);
  }
  const nodes: Single['nodes'] = [...fnState].map(([fn, state]) => ({ id: fnId(fn), kind: 'function', label: fn.name, loc: fn.nameLoc, state }));

  const constructs = new Map<Stmt, Single['nodes'][number]>();
  const construct = (stmt: Stmt & { loc: Location }, fn: FunctionDef, kind: 'construct' | 'hook', label: string, state: GuardState) => {
    const node = constructs.get(stmt) ?? { id: atId(stmt.loc), kind, label, loc: stmt.loc, state };
    node.state = worse(node.state, state);
    constructs.set(stmt, node);
    edge(fnId(fn), node.id, stmt.loc, state);
  };
  for (const use of preloadUses(view)) construct(use.stmt as Stmt & { loc: Location }, use.fn, 'construct', use.construct.what, use.state);
  const installs = new Map(hookFacts(view).installs.map((i) => [i.stmt as Stmt, i.hook.name]));
  for (const e of path.events) {
    if (constructs.has(e.stmt)) continue;
    const hook = installs.get(e.stmt);
    if (hook) construct(e.stmt as Stmt & { loc: Location }, e.fn, 'hook', `installing ${hook}`, e.state);
    // preload-only APIs up to 14; from 15 on, a request belongs in shmem_request_hook: either way a reason to preload
    else if (isShmemRequest(e.stmt)) construct(e.stmt, e.fn, 'construct', `${e.stmt.callee}()`, e.state);
  }
  return { nodes: [...nodes, ...constructs.values()], edges: [...edges.values()] };
}

/** One graph over the versions: what differs between them is `varies`, with the state on each. */
function mergeGraphs(perVersion: { version: number; graph: Single }[]): InitGraph {
  const versions = perVersion.map((p) => p.version);
  const merge = <T extends { state: GuardState }>(key: (item: T) => string, pick: (g: Single) => T[]) => {
    const byKey = new Map<string, { item: T; states: Map<number, GuardState> }>();
    for (const { version, graph } of perVersion) {
      for (const item of pick(graph)) {
        const entry = byKey.get(key(item)) ?? { item, states: new Map() };
        entry.states.set(version, item.state);
        byKey.set(key(item), entry);
      }
    }
    return [...byKey.values()].map(({ item, states }) => {
      const distinct = new Set(states.values());
      if (distinct.size === 1 && states.size === versions.length) return { ...item };
      const byVersion = Object.fromEntries(versions.map((v) => [v, states.get(v) ?? 'absent'])) as Record<number, GuardState | 'absent'>;
      return { ...item, state: 'varies' as const, byVersion };
    });
  };
  return {
    nodes: merge<Single['nodes'][number]>((n) => n.id, (g) => g.nodes),
    edges: merge<Single['edges'][number]>((e) => `${e.from}>${e.to}@${atId(e.loc)}`, (g) => g.edges),
  };
}
