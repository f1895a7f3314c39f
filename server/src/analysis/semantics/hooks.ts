import type { AssignStmt, CallStmt, Cond, FunctionDef, Stmt } from '../model/model';
import type { ExtensionView } from '../model/view';
import { HOOK_NAMES, hookNamed, hookTypedDeclarations, type HookInfo } from '../knowledge/hooks';
import { calleesOf, mayHold, mayName, perFunction, statementsOf } from './statements';

/**
 * Hook analysis over the neutral IR, shared by the five hook rules: where each hook is installed and
 * whether its previous value was saved first, and how each installed function calls the previous hook.
 *
 * Both walks follow the project's own helpers inline, but only those that can matter (found by name
 * among the loaded functions), so a large code base is not walked call by call.
 */

/**
 * `saved`: the previous value was saved earlier on the path; `unset`: the path proved the hook NULL
 * (`if (X_hook) ereport(ERROR..)`); `late`: saved only after the install; `lost`: never saved.
 */
export type InstallVerdict = 'saved' | 'unset' | 'late' | 'lost';

export interface HookInstall {
  hook: HookInfo;
  /** the function whose body holds the assignment */
  fn: FunctionDef;
  stmt: AssignStmt;
  /** the installed function's name */
  installed: string;
  verdict: InstallVerdict;
  /** for `saved`: the save before the install */
  save?: AssignStmt;
  /** for `late`: the save that comes after the install */
  lateSave?: { stmt: AssignStmt; fn: FunctionDef };
}

export interface HookSave {
  hook: HookInfo;
  stmt: AssignStmt;
  /** `prev = X_hook ? X_hook : standard_X`: the variable is never NULL */
  neverNull: boolean;
}

/** An `if` that tests the previous-hook variable. */
export interface PrevTest {
  stmt: Extract<Stmt, { k: 'if' }>;
  /** which branch runs when the previous hook is set */
  setBranch: 'then' | 'else';
}

export interface PrevCall {
  call: CallStmt;
  fn: FunctionDef;
  /** the path has tested the variable non-NULL (or it can never be NULL) */
  checked: boolean;
  /** the innermost test that made the call checked */
  test?: PrevTest;
}

export interface StandardCall {
  call: CallStmt;
  fn: FunctionDef;
  /** what the path knows about the previous-hook variable at the call */
  prev: Knowledge;
  /** the statements around the call, for fixes */
  siblings: Stmt[];
}

export type Knowledge = 'set' | 'null' | 'unknown';

/** One function installed on one hook, and how it chains. */
export interface HookFunction {
  hook: HookInfo;
  fn: FunctionDef;
  installs: HookInstall[];
  /** variables that hold a previous value of the hook */
  prevVars: Set<string>;
  calls: PrevCall[];
  standardCalls: StandardCall[];
  /** chained in a way that needs no standard fallback (a never-NULL variable, an alias with the fallback) */
  coveredFallback: boolean;
  /** the previous hook is handed to another function, which we do not follow */
  passedOn: boolean;
}

export interface HookFacts {
  installs: HookInstall[];
  saves: readonly HookSave[];
  functions: HookFunction[];
}

export function hookFacts(view: ExtensionView): HookFacts {
  return view.memo('hooks', (view) => {
    const saves = view.scan('hooks.saves', savesOf);
    const graph = callGraph(view);
    const installs = new InstallWalk(view, graph, saves).run();
    return { installs, saves, functions: hookFunctions(view, graph, installs, saves) };
  });
}

/** The hook a value reads, when it reads one (`prev = X_hook`, `prev = X_hook ? X_hook : standard_X`). */
function savedHook(s: AssignStmt): { hook: HookInfo; neverNull: boolean } | undefined {
  if (hookNamed(s.target)) return undefined;
  const v = s.value;
  if (v.k === 'name') {
    const hook = v.fn ? undefined : hookNamed(v.name);
    return hook && { hook, neverNull: false };
  }
  if (v.k === 'opaque') {
    const hook = v.names.map(hookNamed).find((h) => h);
    return hook && { hook, neverNull: !!hook.standard && v.names.includes(hook.standard) };
  }
  return undefined;
}

const savesOf = (fn: FunctionDef): HookSave[] =>
  !mayName(fn, HOOK_NAMES) ? [] : statementsOf(fn).flatMap((s) => {
    const saved = s.k === 'assign' ? savedHook(s) : undefined;
    return saved ? [{ ...saved, stmt: s as AssignStmt }] : [];
  });

/**
 * A function as the walks below see it before following a call into it: its name, whether it assigns a
 * hook or saves one, and the names it calls. An edit of a function that leaves this alike changes no
 * result of the hook analysis unless the analysis walks into that function. A function whose body is
 * not extracted yet (`names` known) is not extracted for this: `callees` is then undefined and
 * `mayCall` holds every identifier of its text, so the walks extract it only when one of those can lead
 * somewhere (`reaching`).
 */
interface CallShape {
  name: string;
  touchesHook: boolean;
  callees?: readonly string[];
  mayCall?: ReadonlySet<string>;
}

const callShapeOf = (fn: FunctionDef): CallShape[] => {
  const touchesHook = mayName(fn, HOOK_NAMES) && containsMatch(fn, 'hook assignment', isHookAssignment);
  return [fn.names ? { name: fn.name, touchesHook, mayCall: fn.names } : { name: fn.name, touchesHook, callees: [...calleesOf(fn)] }];
};

/** The loaded functions' call shapes by name, as loaded when the hook analysis starts. */
type CallGraph = Map<string, CallShape[]>;

function callGraph(view: ExtensionView): CallGraph {
  const graph: CallGraph = new Map();
  for (const shape of view.scan('hooks.calls', callShapeOf)) {
    const list = graph.get(shape.name);
    if (list) list.push(shape);
    else graph.set(shape.name, [shape]);
  }
  return graph;
}

/** The functions of the graph named `name` (those loaded when it was made: the first ones loaded). */
function functionsOf(view: ExtensionView, graph: CallGraph, name: string): FunctionDef[] {
  return view.functionsNamed(name).slice(0, graph.get(name)?.length ?? 0);
}

/** What the functions of the graph named `name` call, in order (extracting the bodies not extracted yet). */
function calleesNamed(view: ExtensionView, graph: CallGraph, name: string): string[] {
  const shapes = graph.get(name) ?? [];
  if (shapes.every((s) => s.callees)) return shapes.flatMap((s) => s.callees!);
  const fns = functionsOf(view, graph, name);
  return shapes.flatMap((s, i) => s.callees ?? [...calleesOf(fns[i])]);
}

/**
 * Whether a call to `name` can lead to a statement the test accepts: a function of the graph that
 * `contains` one or calls one that does, or a function not parsed yet that is defined in a file whose
 * text contains one of `mentions` (files are parsed on demand: following the call parses it). Answered
 * on demand, so only the functions reachable from where the question is asked are looked at.
 * `mayContain` is `contains` read from the text (never false where `contains` is true): a call that
 * cannot lead to such a function even by the names of the texts is answered without extracting anything.
 */
function reaching(
  view: ExtensionView,
  graph: CallGraph,
  contains: (name: string) => boolean,
  mayContain: (name: string) => boolean,
  mentions: readonly string[],
): (name: string) => boolean {
  const defined = view.definedWhere(mentions);
  const possible = reachable(graph, mayContain, (name) => defined.has(name));
  const known = new Map<string, boolean>();
  const visit = (name: string): boolean => {
    const cached = known.get(name);
    if (cached !== undefined) return cached;
    // what cannot lead there by the texts' names cannot by the calls (and its callees answer false too)
    if (!possible(name)) {
      known.set(name, false);
      return false;
    }
    known.set(name, false); // recursion
    const found = graph.has(name) ? contains(name) || calleesNamed(view, graph, name).some(visit) : defined.has(name);
    known.set(name, found);
    return found;
  };
  return visit;
}

/**
 * Whether `name` reaches a name `seed` accepts (a name of the graph) or `leaf` accepts (a name outside
 * it) through the graph's calls, taking a function not extracted yet to call every name of its text.
 * Exact on cycles (Tarjan's strongly connected components), unlike a search that takes a name met
 * again to be false: this answer is what lets `reaching` skip a function.
 */
function reachable(graph: CallGraph, seed: (name: string) => boolean, leaf: (name: string) => boolean): (name: string) => boolean {
  const done = new Map<string, boolean>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const hit = new Map<string, boolean>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const strong = (v: string): void => {
    const shapes = graph.get(v);
    if (!shapes) {
      done.set(v, leaf(v));
      return;
    }
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    let found = seed(v);
    for (const s of shapes) {
      for (const w of s.callees ?? s.mayCall!) {
        if (!done.has(w) && !index.has(w)) strong(w);
        if (done.has(w)) found ||= done.get(w)!;
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, low.get(w)!));
      }
    }
    hit.set(v, found);
    if (low.get(v) !== index.get(v)) return;
    // v is the root of a component: its members reach each other, so they share one answer
    const members: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      members.push(w);
    } while (w !== v);
    const any = members.some((m) => hit.get(m));
    for (const m of members) done.set(m, any);
  };
  return (name) => {
    if (!done.has(name)) strong(name);
    return done.get(name)!;
  };
}

/** per function, per fixed statement test (`matchKey`): whether the function holds a statement it accepts */
const matchesIn = new WeakMap<FunctionDef, Map<string, boolean>>();

function containsMatch(fn: FunctionDef, matchKey: string, matches: (s: Stmt) => boolean): boolean {
  const answers = perFunction(matchesIn, fn, () => new Map<string, boolean>());
  let found = answers.get(matchKey);
  if (found === undefined) answers.set(matchKey, (found = statementsOf(fn).some(matches)));
  return found;
}

const MAX_INLINE_DEPTH = 6;

// ---- installs ----

interface PathState {
  /** hooks whose previous value is safe on this path, and the save that made it so */
  safe: Map<string, { verdict: 'saved' | 'unset'; save?: AssignStmt }>;
  /** installs not preceded by a save, waiting for a late one (the lists are replaced, never changed) */
  pending: Map<string, HookInstall[]>;
  /** the maps may be another state's too: copied before the first write (most branches touch no hook) */
  shared?: boolean;
}

const cloneState = (s: PathState): PathState => {
  s.shared = true;
  return { safe: s.safe, pending: s.pending, shared: true };
};

/** `s`, made safe to write. */
function writable(s: PathState): PathState {
  if (s.shared) {
    s.safe = new Map(s.safe);
    s.pending = new Map(s.pending);
    s.shared = false;
  }
  return s;
}

/** What holds after either of two paths: "safe" on either is taken as safe (silence over noise). */
function mergeInto(into: PathState, other: PathState): void {
  if (into.safe === other.safe && into.pending === other.pending) return;
  for (const [k, v] of other.safe) if (!into.safe.has(k)) writable(into).safe.set(k, v);
  for (const [k, v] of other.pending) writable(into).pending.set(k, [...new Set([...(into.pending.get(k) ?? []), ...v])]);
}

/** Hooks a condition proves NULL when it has the given truth value. */
function provenNull(c: Cond, truth: boolean, out: string[]): void {
  switch (c.k) {
    case 'truthy':
      if (!truth && hookNamed(c.name)) out.push(c.name);
      return;
    case 'not':
      provenNull(c.a, !truth, out);
      return;
    case 'and':
    case 'or':
      if ((c.k === 'and') === truth) {
        provenNull(c.a, truth, out);
        provenNull(c.b, truth, out);
      }
      return;
    default:
  }
}

const RANK: Record<InstallVerdict, number> = { lost: 0, late: 1, unset: 2, saved: 2 };

const isHookAssignment = (s: Stmt): boolean => s.k === 'assign' && (!!hookNamed(s.target) || !!savedHook(s));

/**
 * Walks every function that touches a hook from the roots of the call graph (functions no such
 * function calls), following helpers inline, so a save in a helper called earlier counts.
 */
class InstallWalk {
  private readonly found = new Map<AssignStmt, HookInstall>();
  private readonly relevant: (name: string) => boolean;
  private readonly restoreVars: Set<string>;

  constructor(
    private readonly view: ExtensionView,
    private readonly graph: CallGraph,
    saves: readonly HookSave[],
  ) {
    const touches = (name: string) => graph.get(name)!.some((s) => s.touchesHook);
    this.relevant = reaching(view, graph, touches, touches, HOOK_NAMES);
    this.restoreVars = new Set(saves.map((s) => s.stmt.target));
  }

  run(): HookInstall[] {
    const names = [...this.graph.keys()].filter((name) => this.relevant(name) && name !== '_PG_fini');
    const called = new Set<string>();
    for (const name of names) for (const callee of calleesNamed(this.view, this.graph, name)) called.add(callee);
    // only the functions the walks start from are read as code: an edit elsewhere changes none of them
    const fns = names.flatMap((name) => functionsOf(this.view, this.graph, name));
    const roots = fns.filter((f) => !called.has(f.name));
    for (const fn of roots) this.walk(fn.body, this.fresh(), fn, [fn]);
    // functions only reachable through recursion are walked on their own
    for (const fn of fns) if (!this.walked.has(fn)) this.walk(fn.body, this.fresh(), fn, [fn]);
    return [...this.found.values()];
  }

  private readonly walked = new Set<FunctionDef>();
  private fresh = (): PathState => ({ safe: new Map(), pending: new Map() });

  /** Returns true when the path never continues past `stmts`. */
  private walk(stmts: Stmt[], st: PathState, fn: FunctionDef, stack: FunctionDef[]): boolean {
    this.walked.add(fn);
    for (const s of stmts) {
      switch (s.k) {
        case 'assign':
          this.assign(s, st, fn);
          break;
        case 'call': {
          if (!this.relevant(s.callee) || stack.length > MAX_INLINE_DEPTH) break;
          const callee = this.view.resolve(s.callee, fn.file, s.qualifier);
          if (callee && !stack.includes(callee) && callee.name !== '_PG_fini') this.walk(callee.body, st, callee, [...stack, callee]);
          break;
        }
        case 'if': {
          const t = cloneState(st);
          const e = cloneState(st);
          for (const [c, truth, to] of [[s.cond, true, t], [s.cond, false, e]] as const) {
            const nulls: string[] = [];
            provenNull(c, truth, nulls);
            for (const h of nulls) if (!to.safe.has(h)) writable(to).safe.set(h, { verdict: 'unset' });
          }
          const tExits = this.walk(s.then, t, fn, stack);
          const eExits = this.walk(s.else, e, fn, stack);
          if (tExits && eExits) return true;
          const live = [tExits ? undefined : t, eExits ? undefined : e].filter((x): x is PathState => !!x);
          st.safe = live[0].safe;
          st.pending = live[0].pending;
          st.shared = true;
          if (live[1]) mergeInto(st, live[1]);
          break;
        }
        case 'maybe': {
          const b = cloneState(st);
          this.walk(s.body, b, fn, stack);
          mergeInto(st, b);
          break;
        }
        case 'block':
          if (this.walk(s.body, st, fn, stack)) return true;
          break;
        case 'return':
        case 'raise':
          return true;
      }
    }
    return false;
  }

  private assign(s: AssignStmt, st: PathState, fn: FunctionDef): void {
    const saved = savedHook(s);
    if (saved) {
      const name = saved.hook.name;
      for (const install of st.pending.get(name) ?? []) this.record(install, 'late', { stmt: s, fn });
      writable(st).pending.delete(name);
      st.safe.set(name, { verdict: 'saved', save: s });
      return;
    }
    const hook = hookNamed(s.target);
    if (!hook || s.value.k !== 'name' || this.isRestore(s.value.name, !!s.value.fn, hook, fn)) return;
    const known = st.safe.get(hook.name);
    const install: HookInstall = { hook, fn, stmt: s, installed: s.value.name, verdict: known?.verdict ?? 'lost', save: known?.save };
    this.record(install, install.verdict);
    if (!known) writable(st).pending.set(hook.name, [...(st.pending.get(hook.name) ?? []), this.found.get(s)!]);
  }

  /** Putting back a saved value, or a hook function re-arming itself after a temporary swap. */
  private isRestore(value: string, isFunction: boolean, hook: HookInfo, fn: FunctionDef): boolean {
    if (value === fn.name) return true;
    if (isFunction) return false;
    if (this.restoreVars.has(value) || hookNamed(value)) return true;
    return hookTypedNames(this.view, hook).has(value);
  }

  /** The same install reached on several paths keeps its best verdict (silence over noise). */
  private record(install: HookInstall, verdict: InstallVerdict, lateSave?: HookInstall['lateSave']): void {
    const seen = this.found.get(install.stmt);
    if (!seen) {
      this.found.set(install.stmt, { ...install, verdict, lateSave });
      return;
    }
    if (RANK[verdict] > RANK[seen.verdict]) Object.assign(seen, { verdict, lateSave, save: install.save });
  }
}

/**
 * Names declared with the hook's type anywhere in the extension (`static X_hook_type prev;`,
 * `static mut PREV: pg_sys::X_hook_type`): read from the text in one pass, so no file is parsed for it.
 */
function hookTypedNames(view: ExtensionView, hook: HookInfo): Set<string> {
  const byType = view.memo('hooks.typed', (view) => {
    const found = new Map<string, Set<string>>();
    for (const file of view.ext.sourceFiles) {
      const declared = view.fromText(file, 'hooks.typed', (text) => [...hookTypedDeclarations(text, file.endsWith('.rs'))]);
      for (const [type, name] of declared ?? []) found.set(type, (found.get(type) ?? new Set()).add(name));
    }
    return found;
  });
  return byType.get(hook.type) ?? new Set();
}

// ---- installed functions ----

function hookFunctions(view: ExtensionView, graph: CallGraph, installs: HookInstall[], saves: readonly HookSave[]): HookFunction[] {
  const byKey = new Map<string, HookFunction>();
  for (const install of installs) {
    const fn = view.resolve(install.installed, install.fn.file);
    if (!fn) continue;
    const key = `${install.hook.name}|${fn.file}|${fn.name}`;
    let hf = byKey.get(key);
    if (!hf) {
      hf = chaining(view, graph, install.hook, fn, saves);
      byKey.set(key, hf);
    }
    hf.installs.push(install);
  }
  return [...byKey.values()];
}

interface ChainState {
  prev: Knowledge;
  test?: PrevTest;
}

/** Names a condition proves set (true) or NULL (false) when it has the given truth value. */
function knowledgeOf(c: Cond, truth: boolean, vars: Set<string>): Knowledge | undefined {
  switch (c.k) {
    case 'truthy':
      return vars.has(c.name) ? (truth ? 'set' : 'null') : undefined;
    case 'not':
      return knowledgeOf(c.a, !truth, vars);
    case 'and':
    case 'or':
      if ((c.k === 'and') === truth) return knowledgeOf(c.a, truth, vars) ?? knowledgeOf(c.b, truth, vars);
      return undefined;
    default:
      return undefined;
  }
}

function chaining(view: ExtensionView, graph: CallGraph, hook: HookInfo, fn: FunctionDef, saves: readonly HookSave[]): HookFunction {
  const own = saves.filter((s) => s.hook === hook);
  const neverNull = new Set(own.filter((s) => s.neverNull).map((s) => s.stmt.target));
  const prevVars = new Set(own.map((s) => s.stmt.target));
  // a variable of the hook's type that the function uses counts even when nothing assigns it
  const typed = hookTypedNames(view, hook);
  for (const s of statementsOf(fn)) {
    const names = s.k === 'call' ? [s.callee] : s.k === 'if' ? condNames(s.cond) : [];
    for (const n of names) if (typed.has(n)) prevVars.add(n);
  }
  const hf: HookFunction = { hook, fn, installs: [], prevVars, calls: [], standardCalls: [], coveredFallback: false, passedOn: false };
  const mentioned = [...prevVars, ...(hook.standard ? [hook.standard] : [])];
  const usesPrevious = (s: Stmt): boolean => {
    if (s.k === 'call') return mentioned.includes(s.callee) || s.args.some((a) => !!a.name && prevVars.has(a.name));
    return s.k === 'assign' && valueNames(s).some((n) => prevVars.has(n));
  };
  // the test reads only these names (mentioned starts with the previous-hook variables)
  const matchKey = `chain:${mentioned.join(',')}|${prevVars.size}`;
  const relevant = reaching(
    view,
    graph,
    (name) => functionsOf(view, graph, name).some((f) => containsMatch(f, matchKey, usesPrevious)),
    (name) => graph.get(name)!.some((s) => mayHold(s.mayCall, mentioned)),
    mentioned,
  );
  /** local copies of the previous hook (`hook = prev ? prev : standard_X; hook(...)`), and whether they fall back */
  const aliases = new Map<string, boolean>();

  const walk = (stmts: Stmt[], st: ChainState, at: FunctionDef, stack: FunctionDef[]): boolean => {
    for (const s of stmts) {
      switch (s.k) {
        case 'assign': {
          const names = valueNames(s);
          if (names.some((n) => prevVars.has(n))) aliases.set(s.target, !!hook.standard && names.includes(hook.standard));
          break;
        }
        case 'call': {
          if (prevVars.has(s.callee)) {
            const checked = st.prev === 'set' || neverNull.has(s.callee);
            if (neverNull.has(s.callee)) hf.coveredFallback = true;
            hf.calls.push({ call: s, fn: at, checked, test: st.prev === 'set' ? st.test : undefined });
          } else if (aliases.has(s.callee)) {
            hf.calls.push({ call: s, fn: at, checked: true });
            if (aliases.get(s.callee)) hf.coveredFallback = true;
          } else if (s.callee === hook.standard) {
            hf.standardCalls.push({ call: s, fn: at, prev: st.prev, siblings: stmts });
          } else if (relevant(s.callee) && stack.length <= MAX_INLINE_DEPTH) {
            const callee = view.resolve(s.callee, at.file, s.qualifier);
            if (callee && !stack.includes(callee)) walk(callee.body, { ...st }, callee, [...stack, callee]);
          }
          if (s.args.some((a) => a.name && prevVars.has(a.name))) hf.passedOn = true;
          break;
        }
        case 'if': {
          const branches = (['then', 'else'] as const).map((b) => {
            const k = knowledgeOf(s.cond, b === 'then', prevVars);
            const bst: ChainState = k ? { prev: k, test: { stmt: s, setBranch: k === 'set' ? b : b === 'then' ? 'else' : 'then' } } : { ...st };
            return { st: bst, exits: walk(s[b], bst, at, stack) };
          });
          const live = branches.filter((b) => !b.exits);
          if (live.length === 0) return true;
          st.prev = live.every((b) => b.st.prev === live[0].st.prev) ? live[0].st.prev : 'unknown';
          st.test = live.length === 1 ? live[0].st.test : st.test;
          break;
        }
        case 'maybe': {
          const b = { ...st };
          walk(s.body, b, at, stack);
          if (b.prev !== st.prev) st.prev = 'unknown';
          break;
        }
        case 'block':
          if (walk(s.body, st, at, stack)) return true;
          break;
        case 'return':
        case 'raise':
          return true;
      }
    }
    return false;
  };
  walk(fn.body, { prev: 'unknown' }, fn, [fn]);
  return hf;
}

function valueNames(s: AssignStmt): string[] {
  return s.value.k === 'name' ? [s.value.name] : s.value.k === 'opaque' ? s.value.names : [];
}

function condNames(c: Cond): string[] {
  switch (c.k) {
    case 'truthy':
      return [c.name];
    case 'not':
      return condNames(c.a);
    case 'and':
    case 'or':
      return [...condNames(c.a), ...condNames(c.b)];
    case 'opaque':
      return c.names;
    default:
      return [];
  }
}
