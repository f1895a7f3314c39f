import type { FunctionDef, Stmt } from '../model/model';

/**
 * Per-function summaries, computed once per function object. Front ends hand out the same
 * `FunctionDef` for as long as its file's text (and `#if` variant) stays the same, so these survive
 * across target versions and across analyses: after an edit only the edited file's functions are
 * summarised again.
 */
const flat = new WeakMap<FunctionDef, Stmt[]>();
const callees = new WeakMap<FunctionDef, Set<string>>();

/** Every statement of the body, nested ones included, in the order `forEachStmt` visits them. */
export function statementsOf(fn: FunctionDef): readonly Stmt[] {
  let list = flat.get(fn);
  if (!list) {
    list = [];
    const add = (stmts: Stmt[]) => {
      for (const s of stmts) {
        list!.push(s);
        if (s.k === 'if') {
          add(s.then);
          add(s.else);
        } else if (s.k === 'maybe' || s.k === 'block') add(s.body);
      }
    };
    add(fn.body);
    flat.set(fn, list);
  }
  return list;
}

/** The names the body calls. */
export function calleesOf(fn: FunctionDef): ReadonlySet<string> {
  let names = callees.get(fn);
  if (!names) {
    names = new Set();
    for (const s of statementsOf(fn)) if (s.k === 'call') names.add(s.callee);
    callees.set(fn, names);
  }
  return names;
}

/** A summary of one function computed once per function object. */
export function perFunction<T>(cache: WeakMap<FunctionDef, T>, fn: FunctionDef, compute: (fn: FunctionDef) => T): T {
  let v = cache.get(fn);
  if (v === undefined) {
    v = compute(fn);
    cache.set(fn, v);
  }
  return v;
}

const ids = new WeakMap<FunctionDef, number>();
let nextId = 0;

/** A number of the function object's own, for memo keys of per-function results. */
export function functionId(fn: FunctionDef): number {
  let id = ids.get(fn);
  if (id === undefined) ids.set(fn, (id = nextId++));
  return id;
}
