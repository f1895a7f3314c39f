import type { Node } from 'web-tree-sitter';
import { calleeNode, functionDeclarator, parameterSlots, stripParensAndCasts } from '../c/frontend';
import { qualifiedName, templateParams } from './names';

/**
 * Trampolines: functions and templates that call a function they are given, as C++ extensions wrap
 * PostgreSQL callbacks to turn exceptions into errors (`InvokeCPPFunc(fn, args...)` expands to
 * `__CPPFunctionGuard__<decltype(&fn), &fn>(...)`, whose body calls `func(args...)`). A call of a
 * trampoline that passes a function counts as a call of that function.
 */

/** Which argument of a call names the function a trampoline calls. */
export interface Slot {
  /** a template argument (`f<&g>()`) rather than a call argument (`f(g)`) */
  template: boolean;
  index: number;
}

/** trampoline name (unqualified) -> the slots it calls */
export type Trampolines = ReadonlyMap<string, readonly Slot[]>;

export function findTrampolines(root: Node): Map<string, Slot[]> {
  const found = new Map<string, Slot[]>();
  for (const def of root.descendantsOfType('function_definition')) {
    const fdecl = def && functionDeclarator(def.childForFieldName('declarator') ?? def);
    const name = fdecl?.childForFieldName('declarator');
    const body = def?.childForFieldName('body');
    const fnName = name && qualifiedName(name)?.last.text;
    if (!def || !fdecl || !body || !fnName) continue;
    const slots = calledSlots(body, parameterSlots(fdecl), templateParams(def) ?? []);
    if (slots.length) found.set(fnName, [...(found.get(fnName) ?? []), ...slots]);
  }
  return found;
}

function calledSlots(body: Node, params: (string | undefined)[], tparams: (string | undefined)[]): Slot[] {
  const called = new Set<string>();
  for (const call of body.descendantsOfType('call_expression')) {
    const fn = call?.childForFieldName('function');
    const target = fn && calleeNode(fn);
    if (target) called.add(target.text);
  }
  const slots: Slot[] = [];
  params.forEach((p, index) => p && called.has(p) && slots.push({ template: false, index }));
  tparams.forEach((p, index) => p && called.has(p) && slots.push({ template: true, index }));
  return slots;
}

/** The function a trampoline argument names: `g`, `&g`, `ns::g`, `(fn_type) g`. */
export function passedFunction(arg: Node): { name: string; qualifier: string[]; node: Node } | undefined {
  let n = stripParensAndCasts(arg);
  if (n.type === 'pointer_expression' && n.text.startsWith('&')) {
    const inner = n.childForFieldName('argument');
    if (!inner) return undefined;
    n = stripParensAndCasts(inner);
  }
  if (n.type !== 'identifier' && n.type !== 'qualified_identifier' && n.type !== 'template_function') return undefined;
  const q = qualifiedName(n);
  return q && q.last.type === 'identifier' ? { name: q.last.text, qualifier: q.scope, node: q.last } : undefined;
}
