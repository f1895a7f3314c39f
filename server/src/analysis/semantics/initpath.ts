import type { CallStmt, FunctionDef, Location } from '../model/model';
import { walkGuards, type GuardState, type Visited } from './guards';
import type { ExtensionView } from '../model/view';

/**
 * The init path: everything `_PG_init` runs, transitively across files, with the guard state each
 * statement runs under. Function pointers stored for later (hooks, GUC check hooks, worker entry
 * points) are values, not calls, so they are not followed.
 */
export interface InitEvent extends Visited {
  fn: FunctionDef;
  /** the calls from `_PG_init` down to `fn` */
  chain: CallStmt[];
}

/** A call on the init path from one project function to another, under the guard state it runs in. */
export interface InitCall {
  from: FunctionDef;
  to: FunctionDef;
  stmt: CallStmt;
  state: GuardState;
}

export interface InitPath {
  events: InitEvent[];
  /** every function on the init path */
  functions: Set<FunctionDef>;
  /** the edges of the path, for the preload report's picture */
  calls: InitCall[];
}

export function initPath(view: ExtensionView): InitPath {
  return view.memo('initpath', (view) => {
    const events: InitEvent[] = [];
    const functions = new Set<FunctionDef>();
    const calls: InitCall[] = [];
    const seen = new Set<string>();
    const visit = (fn: FunctionDef, state: GuardState, chain: CallStmt[]) => {
      const key = `${fn.file}:${fn.name}:${state}`;
      if (seen.has(key)) return;
      seen.add(key);
      functions.add(fn);
      walkGuards(view, fn, state, (v) => {
        events.push({ ...v, fn, chain });
        if (v.stmt.k !== 'call') return;
        const callee = view.resolve(v.stmt.callee, fn.file, v.stmt.qualifier);
        if (!callee) return;
        calls.push({ from: fn, to: callee, stmt: v.stmt, state: v.state });
        visit(callee, v.state, [...chain, v.stmt]);
      });
    };
    for (const entry of view.entryPoints()) visit(entry, 'unguarded', []);
    return { events, functions, calls };
  });
}

/** "_PG_init → define_gucs → here" as related information for a finding. */
export function chainRelated(e: InitEvent): { loc: Location; message: string }[] {
  const names = ['_PG_init', ...e.chain.map((c) => c.callee)];
  return e.chain.map((c, i) => ({ loc: c.loc, message: `called on the init path: ${names.slice(0, i + 2).join(' → ')}` }));
}
