import type { CallStmt, Position, Stmt } from '../model/model';
import type { ExtensionView } from '../model/view';
import { hookFacts, type HookFunction, type HookInstall, type PrevCall, type PrevTest, type StandardCall } from '../semantics/hooks';
import type { HookInfo, HookSignature } from '../knowledge/hooks';
import { forEachStmt } from '../semantics/guards';
import type { Doc } from './fileEdits';

/**
 * What the hook fixes decide the same way in C and Rust (which variable to reuse, which signatures
 * to call, which statements can take the fallback); hookFixes.ts and hookFixesRust.ts only lay it out.
 */

/** A variable declared with the hook's type that nothing saves into: the one the hook function already calls. */
export function unsavedPrev(view: ExtensionView, declared: string[]): string | undefined {
  // a variable saved elsewhere, e.g. in _PG_init, must keep that value: reusing it would make the hook call itself
  const savedInto = new Set(hookFacts(view).saves.map((s) => s.stmt.target));
  return declared.find((v) => !savedInto.has(v));
}

/** The line above which a new declaration reaches both the installing function and the hook function. */
export function firstUseLine(view: ExtensionView, doc: Doc, install: HookInstall): number {
  const hookFn = view.resolve(install.installed, install.fn.file);
  return Math.min(install.fn.loc.range.start.line, hookFn?.file === doc.file ? hookFn.loc.range.start.line : Infinity);
}

/** The target versions a signature is the hook's type on. */
export function versionsOf(view: ExtensionView, sig: HookSignature): number[] {
  return view.targetVersions.filter((v) => sig.from <= v && (sig.to === undefined || v <= sig.to));
}

/** The hook's signatures on the target versions, newest first. */
export function targetSignatures(view: ExtensionView, hook: HookInfo): HookSignature[] {
  return hook.signatures.filter((s) => versionsOf(view, s).length > 0).reverse();
}

/** Call arguments for `sig`: the function's own parameter names where they correspond, else the hook's. */
export function argsFor(sig: HookSignature, own: HookSignature | undefined, params: string[]): string[] {
  const mine = new Map<string, string>();
  if (own && own.params.length === params.length) own.params.forEach((p, i) => mine.set(p.name, params[i]));
  return sig.params.map((p) => mine.get(p.name) ?? p.name);
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** Whether every call in `stmts` is `call` or made in its arguments (`prev(p.into_pg(), dest)`). */
function onlyCall(stmts: Stmt[], call: CallStmt): boolean {
  let only = true;
  const { start, end } = call.callLoc.range;
  forEachStmt(stmts, (s) => {
    if (s.k === 'call' && s !== call && !(before(start, s.callLoc.range.start) && before(s.callLoc.range.end, end))) only = false;
  });
  return only;
}

/** The test around a checked call that can take the standard fallback as its `else`: one holding nothing but the call. */
export function elseableTest(hf: HookFunction, c: PrevCall): PrevTest | undefined {
  const test = c.test;
  if (!test || !hf.hook.standard || test.setBranch !== 'then' || test.stmt.else.length > 0 || !onlyCall(test.stmt.then, c.call)) return undefined;
  return test;
}

/** `if (prev) prev(args);` right before an unconditional standard call: the `if` and the variable it tests. */
export function testBefore(hf: HookFunction, s: StandardCall): { stmt: Extract<Stmt, { k: 'if' }>; prev: string } | undefined {
  const before = s.siblings[s.siblings.indexOf(s.call) - 1];
  if (before?.k !== 'if' || before.cond.k !== 'truthy' || before.else.length > 0 || !hf.prevVars.has(before.cond.name)) return undefined;
  return { stmt: before, prev: before.cond.name };
}

/**
 * The standard calls a chaining fix turns into `if (prev) prev(args); else standard_X(args);` in place:
 * every one the function makes while the previous hook may be set (inserting the chain elsewhere would
 * run the step twice). Undefined when one is out of reach (in a helper, or not a statement of its own).
 */
export function standardsToChain(hf: HookFunction): StandardCall[] | undefined {
  const calls = hf.standardCalls.filter((s) => s.prev !== 'null');
  return calls.every((s) => s.fn === hf.fn && s.call.stmtLoc) ? calls : undefined;
}

/**
 * For a standard call made while a previous hook is set: the tests `if (prev) prev(args);` (with at most
 * `else standard_X(args);`) that a chain in place of the standard calls replaces. Undefined when a call
 * of the previous hook or a NULL-path standard call lies anywhere else: removing it would change more.
 */
export function separateTests(hf: HookFunction): Extract<Stmt, { k: 'if' }>[] | undefined {
  const tests: Extract<Stmt, { k: 'if' }>[] = [];
  for (const c of hf.calls) {
    const test = c.test;
    if (!test || c.fn !== hf.fn || test.setBranch !== 'then' || test.stmt.cond.k !== 'truthy' || !onlyCall(test.stmt.then, c.call)) return undefined;
    if (!test.stmt.else.every((e) => e.k === 'call' && e.callee === hf.hook.standard)) return undefined;
    if (!tests.includes(test.stmt)) tests.push(test.stmt);
  }
  const inTests = (s: StandardCall) => tests.some((t) => t.else.includes(s.call));
  if (!hf.standardCalls.every((s) => s.prev !== 'null' || inTests(s))) return undefined;
  return tests;
}
