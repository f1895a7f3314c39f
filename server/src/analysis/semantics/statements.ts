import { identifiersOf } from '../syntax/identifiers';
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

/**
 * Whether the body's statements can hold one of `names` (IR names: `prev (local, line 3)`,
 * `pg_sys::standard_planner`, `pg_shmem_init!` count by the identifiers they are made of). Answered
 * from `fn.names` when the front end knows them, so a function that cannot is never extracted.
 */
export function mayName(fn: FunctionDef, names: readonly string[]): boolean {
  return mayHold(fn.names, names);
}

/** `mayName` for a function whose `names` are `known` (undefined: not known, so it may). */
export function mayHold(known: ReadonlySet<string> | undefined, names: readonly string[]): boolean {
  return !known || names.some((n) => known.has(n) || identifiersIn(n).some((id) => known.has(id)));
}

/** per IR name that is not one identifier: the identifiers it is made of */
const parts = new Map<string, string[]>();

function identifiersIn(name: string): string[] {
  let found = parts.get(name);
  if (!found) parts.set(name, (found = /^\w+$/.test(name) ? [] : [...identifiersOf(name)]));
  return found;
}
