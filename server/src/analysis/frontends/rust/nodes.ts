import type { Node } from 'web-tree-sitter';
import type { Location } from '../../model/model';

/** A node's range as a model Location (tree-sitter columns are UTF-16 units, like LSP). */
export function nodeLoc(file: string, node: Node): Location {
  const s = node.startPosition;
  const e = node.endPosition;
  return { file, range: { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } } };
}

export function isComment(node: Node): boolean {
  return node.type === 'line_comment' || node.type === 'block_comment';
}

/** Named children that carry code (no comments, no syntax-error debris). */
export function codeChildren(node: Node): Node[] {
  return node.namedChildren.filter((c) => !isComment(c) && c.type !== 'ERROR');
}

/** The identifier naming a path: `pg_sys::X_hook` -> `X_hook`, `foo::<T>` -> `foo`, `x` -> `x`. */
export function pathName(node: Node): Node | undefined {
  switch (node.type) {
    case 'identifier':
    case 'field_identifier':
    case 'type_identifier':
      return node;
    case 'scoped_identifier':
    case 'scoped_type_identifier':
      return node.childForFieldName('name') ?? undefined;
    case 'generic_function':
    case 'generic_type':
      return pathName(node.childForFieldName('function') ?? node.childForFieldName('type') ?? node);
    default:
      return undefined;
  }
}

/** The segments of a path as written (`crate::a::B` -> crate, a, B; `Vec::<u8>` -> Vec); undefined for `<T as Trait>`. */
export function pathSegments(node: Node): string[] | undefined {
  switch (node.type) {
    case 'identifier':
    case 'type_identifier':
    case 'crate':
    case 'self':
    case 'super':
      return [node.text];
    case 'scoped_identifier':
    case 'scoped_type_identifier': {
      const path = node.childForFieldName('path');
      const name = node.childForFieldName('name');
      const head = path ? pathSegments(path) : [];
      return head && name ? [...head, name.text] : undefined;
    }
    case 'generic_type': {
      const type = node.childForFieldName('type');
      return type ? pathSegments(type) : undefined;
    }
    default:
      return undefined;
  }
}

/** Bodies whose names are not what the surrounding expression tests or computes. */
const NAME_BARRIERS = new Set(['closure_expression', 'block', 'token_tree']);

/** Every identifier a node mentions, for opaque conditions and values (not inside closures or blocks). */
export function mentionedNames(node: Node): string[] {
  const names = new Set<string>();
  const visit = (n: Node) => {
    const type = n.type;
    if (type === 'identifier' || type === 'field_identifier') names.add(n.text);
    else if (!NAME_BARRIERS.has(type) || n.id === node.id) for (const c of n.namedChildren) visit(c);
  };
  visit(node);
  return [...names];
}

/** An expression without the wrappers that do not change which value it names. */
export function stripWrappers(node: Node): Node {
  let n = node;
  for (;;) {
    let inner: Node | null | undefined;
    switch (n.type) {
      case 'parenthesized_expression': {
        const kids = codeChildren(n);
        inner = kids.length === 1 ? kids[0] : undefined;
        break;
      }
      case 'reference_expression':
      case 'type_cast_expression':
        inner = n.childForFieldName('value');
        break;
      case 'unary_expression':
        inner = n.child(0)?.type === '*' ? codeChildren(n)[0] : undefined;
        break;
      case 'unsafe_block':
      case 'block':
        inner = blockTail(n);
        break;
    }
    if (!inner) return n;
    n = inner;
  }
}

/** The expression of `{ expr }` / `unsafe { expr }`, a block that only yields one value. */
export function blockTail(n: Node): Node | undefined {
  const block = n.type === 'unsafe_block' ? codeChildren(n).find((c) => c.type === 'block') : n;
  if (!block) return undefined;
  const kids = codeChildren(block);
  const only = kids.length === 1 ? kids[0] : undefined;
  return only && only.type !== 'expression_statement' && only.type !== 'let_declaration' && !only.type.endsWith('_item')
    ? only
    : undefined;
}

/** Where a node may sit and still be a statement whose value is discarded: parent type -> fields. */
const STATEMENT_CONTAINERS: Record<string, string[] | 'any'> = {
  block: 'any',
  unsafe_block: 'any',
  expression_statement: 'any',
  else_clause: 'any',
  match_block: 'any',
  match_arm: ['value'],
  last_match_arm: ['value'],
  if_expression: ['consequence', 'alternative'],
  match_expression: ['body'],
  loop_expression: ['body'],
  while_expression: ['body'],
  for_expression: ['body'],
};

/**
 * Whether a block's tail expression (or a match arm's) is in statement position: only blocks,
 * branches and arms lie between it and the function or closure body, so a quick fix may wrap it
 * like a statement. `let x = unsafe { f() };` is not.
 */
export function isStatementPosition(node: Node): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'function_item' || parent.type === 'closure_expression') return true;
    const fields = STATEMENT_CONTAINERS[parent.type];
    if (!fields) return false;
    if (fields !== 'any' && !fields.some((f) => parent!.childForFieldName(f)?.id === child.id)) return false;
  }
  return false;
}
