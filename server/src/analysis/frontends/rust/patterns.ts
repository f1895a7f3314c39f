/** Patterns of `if let`, `let .. else` and `match` arms that bind or test an Option. */
import type { Node } from 'web-tree-sitter';
import { codeChildren, pathName } from './nodes';

/**
 * The name a one-field variant pattern binds (`Some(x)`, `Vacant(e)`; through nested `Some(Some(x))`,
 * `ref`/`mut`): the name, `null` when it binds nothing (`Some(_)`), undefined when the pattern is not
 * such a variant (or, with `variant`, not that variant).
 */
export function variantBinding(pattern: Node, variant?: string): string | null | undefined {
  const p = pattern.type === 'match_pattern' ? codeChildren(pattern)[0] : pattern;
  if (!p || p.type !== 'tuple_struct_pattern') return undefined;
  const type = p.childForFieldName('type');
  if (!type || (variant !== undefined && pathName(type)?.text !== variant)) return undefined;
  const fields = codeChildren(p).filter((c) => c.id !== type.id);
  if (fields.length > 1) return undefined;
  const inner = fields[0];
  if (!inner) return null;
  if (inner.type === 'identifier') return inner.text;
  if (inner.type === 'tuple_struct_pattern') return variantBinding(inner, variant) ?? null;
  const named = inner.descendantsOfType('identifier')[0];
  return inner.type === 'ref_pattern' || inner.type === 'mut_pattern' || inner.type === 'reference_pattern'
    ? (named?.text ?? null)
    : null;
}

/** `Some(x)`: see `variantBinding`. */
export function someBinding(pattern: Node): string | null | undefined {
  return variantBinding(pattern, 'Some');
}

export function isNonePattern(pattern: Node): boolean {
  const p = pattern.type === 'match_pattern' ? codeChildren(pattern)[0] : pattern;
  return !!p && (p.type === 'identifier' || p.type === 'scoped_identifier') && pathName(p)?.text === 'None';
}

export function isWildcardPattern(pattern: Node): boolean {
  return pattern.type === 'match_pattern' ? pattern.text === '_' : pattern.text === '_';
}
