import type { AssignStmt, CallStmt, Cond, FunctionDef, Stmt } from '../model/model';
import type { ExtensionView } from '../model/view';
import { NEGATED_FLAGS, PRELOAD_FLAG } from '../knowledge/preload';
import { functionId, mayName, statementsOf } from './statements';

/**
 * Preload guards: which statements run only while process_shared_preload_libraries_in_progress is
 * true. `uncertain` marks code after a test of the flag we do not understand: rules stay silent
 * there rather than report a false "unguarded".
 */
export type GuardState = 'guarded' | 'unguarded' | 'uncertain';

/**
 * Names known to hold the flag's value (`static bool preloading = process_shared_...;`), and names
 * known to hold its negation (`if (!process_shared_...) backend_only = true; else backend_only = false;`).
 */
export interface FlagAliases {
  same: Set<string>;
  negated: Set<string>;
}

export function flagAliases(view: ExtensionView): FlagAliases {
  return view.memo('guards.aliases', (view) => {
    // a statement that makes or copies an alias names the flag or an alias: only functions that can
    // are read, with the names found so far, until the aliases name no function not read yet
    let names = [PRELOAD_FLAG, ...NEGATED_FLAGS];
    for (;;) {
      const looked = names;
      const aliases = aliasesFrom(view.scan(`guards.aliases ${looked.join(',')}`, (fn) => (mayName(fn, looked) ? findAliasCandidates(fn) : [])));
      const more = [...aliases.same, ...aliases.negated].filter((n) => !looked.includes(n));
      if (more.length === 0) return trusted(aliases);
      names = [...looked, ...more];
    }
  });
}

/** The aliases the candidate statements make, in their order. */
function aliasesFrom(candidates: readonly Stmt[]): FlagAliases {
  const aliases: FlagAliases = { same: new Set(), negated: new Set(NEGATED_FLAGS) };
  // two rounds: an alias may be copied from another alias
  for (let round = 0; round < 2; round++) {
    for (const s of candidates) {
      if (s.k === 'assign') {
        const v = s.value;
        if (v.k === 'flag' || (v.k === 'name' && aliases.same.has(v.name)) || (v.k === 'cond' && sufficient(v.cond, aliases))) {
          aliases.same.add(s.target);
        }
      } else if (s.k === 'if') {
        // a constant assigned where the flag is known false fixes the variable's meaning:
        // true makes it "not preloading", false makes "true implies preloading"
        const whenNotPreloading = s.cond.k === 'flag' ? s.else : s.cond.k === 'not' && s.cond.a.k === 'flag' ? s.then : undefined;
        for (const b of whenNotPreloading ?? []) {
          if (b.k !== 'assign' || (b.value.k !== 'true' && b.value.k !== 'null')) continue;
          (b.value.k === 'true' ? aliases.negated : aliases.same).add(b.target);
        }
      }
    }
  }
  return aliases;
}

/** Contradictory evidence: a name found both to hold the flag and its negation is trusted for neither. */
function trusted(aliases: FlagAliases): FlagAliases {
  for (const n of aliases.same) if (aliases.negated.has(n)) {
    aliases.same.delete(n);
    aliases.negated.delete(n);
  }
  return aliases;
}

/** The statements of a function that can make or copy a flag alias. */
function findAliasCandidates(fn: FunctionDef): Stmt[] {
  return statementsOf(fn).filter(
    (s) =>
      (s.k === 'assign' && (s.value.k === 'flag' || s.value.k === 'name' || s.value.k === 'cond')) ||
      (s.k === 'if' && (s.cond.k === 'flag' || (s.cond.k === 'not' && s.cond.a.k === 'flag'))),
  );
}

export function forEachStmt(stmts: Stmt[], f: (s: Stmt) => void): void {
  for (const s of stmts) {
    f(s);
    if (s.k === 'if') {
      forEachStmt(s.then, f);
      forEachStmt(s.else, f);
    } else if (s.k === 'maybe' || (s.k === 'block' && !s.jump)) forEachStmt(s.body, f);
  }
}

const isFlag = (c: Cond, aliases: FlagAliases) => c.k === 'flag' || (c.k === 'truthy' && aliases.same.has(c.name));
const isNotFlag = (c: Cond, aliases: FlagAliases) => c.k === 'truthy' && aliases.negated.has(c.name);

/** cond true => flag true */
export function sufficient(c: Cond, aliases: FlagAliases): boolean {
  if (isFlag(c, aliases)) return true;
  if (isNotFlag(c, aliases)) return false;
  switch (c.k) {
    case 'and': return sufficient(c.a, aliases) || sufficient(c.b, aliases);
    case 'or': return sufficient(c.a, aliases) && sufficient(c.b, aliases);
    case 'not': return necessaryNot(c.a, aliases);
    default: return false;
  }
}

/** flag false => cond true (so cond false => flag true) */
export function necessaryNot(c: Cond, aliases: FlagAliases): boolean {
  if (isNotFlag(c, aliases)) return true;
  switch (c.k) {
    case 'not': return sufficient(c.a, aliases);
    case 'or': return necessaryNot(c.a, aliases) || necessaryNot(c.b, aliases);
    case 'and': return necessaryNot(c.a, aliases) && necessaryNot(c.b, aliases);
    default: return false;
  }
}

function mentionsFlag(c: Cond, aliases: FlagAliases): boolean {
  if (isFlag(c, aliases) || isNotFlag(c, aliases)) return true;
  switch (c.k) {
    case 'and':
    case 'or': return mentionsFlag(c.a, aliases) || mentionsFlag(c.b, aliases);
    case 'not': return mentionsFlag(c.a, aliases);
    case 'opaque': return c.names.some((n) => n === PRELOAD_FLAG || aliases.same.has(n) || aliases.negated.has(n));
    default: return false;
  }
}

/** Whether control never continues past `stmts` (returns or raises on every path). */
export function alwaysExits(view: ExtensionView, stmts: Stmt[], from: string, raiseOnly = false): boolean {
  return stmts.some((s) => {
    switch (s.k) {
      case 'return': return !raiseOnly;
      case 'raise': return true;
      case 'block': return alwaysExits(view, s.body, from, raiseOnly);
      case 'if': return alwaysExits(view, s.then, from, raiseOnly) && alwaysExits(view, s.else, from, raiseOnly);
      case 'call': {
        const fn = view.resolve(s.callee, from, s.qualifier);
        return !!fn && alwaysRaises(view, fn);
      }
      default: return false;
    }
  });
}

/** A project function that raises on every path (an error-reporting helper). */
function alwaysRaises(view: ExtensionView, fn: FunctionDef): boolean {
  // a recursive call does not make a function raise
  return view.memo(`guards.raises ${functionId(fn)}`, (view) => alwaysExits(view, fn.body, fn.file, true), false);
}

/**
 * A project function that raises unless preloading (`if (!flag) ereport(ERROR, ...)` at its top
 * level): code after a call to it runs only while preloading.
 */
export function refusesWithoutPreload(view: ExtensionView, fn: FunctionDef): boolean {
  return view.memo(`guards.refuses ${functionId(fn)}`, (view) => {
    const aliases = flagAliases(view);
    // statements that always run, in order: plain blocks (`unsafe { }`, PG_TRY bodies) included
    const refuses = (stmts: Stmt[]): boolean | 'stop' => {
      for (const s of stmts) {
        if (s.k === 'if' && necessaryNot(s.cond, aliases) && alwaysExits(view, s.then, fn.file, true)) return true;
        if (s.k === 'call') {
          const callee = view.resolve(s.callee, fn.file, s.qualifier);
          if (callee && refusesWithoutPreload(view, callee)) return true;
        }
        if (s.k === 'block') {
          const inner = refuses(s.body);
          if (inner) return inner;
        }
        if (s.k === 'return' || s.k === 'raise') return 'stop';
      }
      return false;
    };
    return refuses(fn.body) === true;
  }, false);
}

export interface Visited {
  stmt: CallStmt | AssignStmt;
  state: GuardState;
  /** the statement list that holds the statement, and its index there (for fixes over runs) */
  siblings: Stmt[];
  index: number;
}

/** Walks a function body in order, telling the guard state at every call and assignment. */
export function walkGuards(view: ExtensionView, fn: FunctionDef, initial: GuardState, visit: (v: Visited) => void): void {
  const aliases = flagAliases(view);
  const walk = (stmts: Stmt[], start: GuardState): GuardState => {
    let state = start;
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      switch (s.k) {
        case 'call': {
          visit({ stmt: s, state, siblings: stmts, index: i });
          const callee = state === 'guarded' ? undefined : view.resolve(s.callee, fn.file, s.qualifier);
          if (callee && refusesWithoutPreload(view, callee)) state = 'guarded';
          break;
        }
        case 'assign':
          visit({ stmt: s, state, siblings: stmts, index: i });
          break;
        case 'maybe':
          walk(s.body, state);
          break;
        case 'block':
          state = walk(s.body, state);
          break;
        case 'return':
        case 'raise':
          return state;
        case 'if': {
          const suff = sufficient(s.cond, aliases);
          const nec = necessaryNot(s.cond, aliases);
          const unclear = mentionsFlag(s.cond, aliases) && !suff && !nec;
          const branch = (implied: boolean): GuardState =>
            state === 'guarded' || implied ? 'guarded' : unclear ? 'uncertain' : state;
          walk(s.then, branch(suff));
          walk(s.else, branch(nec));
          if (state === 'guarded') break;
          const thenExits = alwaysExits(view, s.then, fn.file);
          const elseExits = alwaysExits(view, s.else, fn.file);
          if ((thenExits && nec) || (elseExits && suff)) state = 'guarded';
          else if ((thenExits || elseExits) && unclear) state = 'uncertain';
          break;
        }
      }
    }
    return state;
  };
  walk(fn.body, initial);
}
