import type { Node } from 'web-tree-sitter';
import { declaredName } from '../c/frontend';

/**
 * C++ names as tree-sitter-cpp spells them: `f`, `ns::f`, `::f`, `A::B::f`, `f<T>`, `ns::f<T>`, and
 * the scopes and template parameter lists around definitions.
 */

const NAME_NODES = new Set(['identifier', 'field_identifier', 'destructor_name', 'operator_name']);

export interface QualifiedName {
  /** the scopes written before the name (`ns::A::f` -> ['ns', 'A']); empty for `f` and `::f` */
  scope: string[];
  /** the final name (`f`) */
  last: Node;
  /** `f<...>`: the template argument list */
  templateArgs?: Node;
}

export function qualifiedName(n: Node): QualifiedName | undefined {
  const scope: string[] = [];
  let cur: Node | null = n;
  while (cur?.type === 'qualified_identifier') {
    const s = cur.childForFieldName('scope');
    if (s) scope.push(scopeName(s));
    cur = cur.childForFieldName('name');
  }
  if (!cur) return undefined;
  let templateArgs: Node | undefined;
  if (cur.type === 'template_function' || cur.type === 'template_method') {
    templateArgs = cur.childForFieldName('arguments') ?? undefined;
    cur = cur.childForFieldName('name');
  }
  return cur && NAME_NODES.has(cur.type) ? { scope, last: cur, templateArgs } : undefined;
}

/** `ns`, `A<T>` -> `A` */
function scopeName(s: Node): string {
  return s.type === 'template_type' ? (s.childForFieldName('name')?.text ?? s.text) : s.text;
}

/** The segments a namespace definition opens: `namespace a::b` -> ['a', 'b']; anonymous -> []. */
export function namespaceSegments(ns: Node): string[] {
  const name = ns.childForFieldName('name');
  return name ? name.text.split('::').map((s) => s.trim()).filter(Boolean) : [];
}

/** The name of a class or struct definition (`class A`, `struct B<T>`), if it has one. */
export function className(cls: Node): string | undefined {
  const name = cls.childForFieldName('name');
  return name ? scopeName(qualifiedTail(name)) : undefined;
}

function qualifiedTail(n: Node): Node {
  let cur = n;
  while (cur.type === 'qualified_identifier') cur = cur.childForFieldName('name') ?? cur;
  return cur;
}

/**
 * The template parameters around a definition, by position (`template <typename F, F f>` ->
 * ['F', 'f']); undefined when it is not a template.
 */
export function templateParams(def: Node): (string | undefined)[] | undefined {
  const tmpl = def.parent?.type === 'template_declaration' ? def.parent : undefined;
  const list = tmpl?.childForFieldName('parameters');
  if (!list) return undefined;
  return list.namedChildren
    .filter((p): p is Node => !!p && p.type !== 'comment')
    .map((p) => declaredName(p.childForFieldName('declarator')) ?? p.namedChildren.find((c) => c?.type === 'type_identifier')?.text);
}
