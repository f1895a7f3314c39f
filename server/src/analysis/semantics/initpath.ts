import type { CallStmt, FunctionDef, Location } from '../model/model';
import { walkGuards, type GuardState, type Visited } from './guards';
import { functionId } from './statements';
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
      for (const step of walkOf(view, fn, state)) {
        events.push({ stmt: step.stmt, state: step.state, siblings: step.siblings, index: step.index, fn, chain });
        if (!step.callee) continue;
        calls.push({ from: fn, to: step.callee, stmt: step.stmt as CallStmt, state: step.state });
        visit(step.callee, step.state, [...chain, step.stmt as CallStmt]);
      }
    };
    for (const entry of view.entryPoints()) visit(entry, 'unguarded', []);
    return { events, functions, calls };
  });
}

interface WalkStep extends Visited {
  /** the project function a call reaches */
  callee?: FunctionDef;
}

/**
 * One function's statements under a guard state, with the function each call reaches: a result of its
 * own, so that after an edit only the edited function is walked again.
 */
function walkOf(view: ExtensionView, fn: FunctionDef, state: GuardState): WalkStep[] {
  return view.memo(`initpath.walk ${functionId(fn)} ${state}`, (view) => {
    const steps: WalkStep[] = [];
    walkGuards(view, fn, state, (v) => {
      const callee = v.stmt.k === 'call' ? view.resolve(v.stmt.callee, fn.file, v.stmt.qualifier) : undefined;
      steps.push(callee ? { ...v, callee } : v);
    });
    return steps;
  });
}

/** "_PG_init → define_gucs → here" as related information for a finding. */
export function chainRelated(e: InitEvent): { loc: Location; message: string }[] {
  const names = ['_PG_init', ...e.chain.map((c) => c.callee)];
  return e.chain.map((c, i) => ({ loc: c.loc, message: `called on the init path: ${names.slice(0, i + 2).join(' → ')}` }));
}
