import type { Node } from 'web-tree-sitter';

/**
 * `#[cfg(..)]` and `cfg!(..)` predicates, evaluated for one target PostgreSQL major version the way
 * `#if PG_VERSION_NUM` is in C. Three-valued: a predicate we cannot know (`target_arch`, a crate's
 * own feature) is `undefined`, and code under an unknown predicate is kept, so that we never drop
 * code the build may well compile.
 */
export type Truth = boolean | undefined;

/** Predicates whose value does not depend on the target version. */
const KNOWN: Record<string, boolean> = {
  // test-only code is never part of the extension that gets loaded
  test: false,
  'feature=pg_test': false,
  doc: false,
  miri: false,
  unix: true,
  windows: false,
  'target_os=windows': false,
  'target_family=windows': false,
  'target_family=unix': true,
};

const PG_FEATURE = /^pg(\d+)$/;

/** The children of a cfg token tree that carry meaning (tokens and nested trees, no commas/parens). */
function tokens(tree: Node): Node[] {
  return tree.children.filter((c) => c.isNamed && !c.type.endsWith('comment'));
}

/** Evaluates the predicate list inside `cfg( .. )` (the token tree's contents). */
export function evalCfgTree(tree: Node, pgVersion: number): Truth {
  const preds = splitPredicates(tree);
  return preds.length === 1 ? evalPredicate(preds[0], pgVersion) : undefined;
}

/** One predicate: `name`, `name = "value"` or `name(..)`. */
interface Predicate {
  name: string;
  value?: string;
  args?: Node;
}

/** Splits a token tree's contents into predicates separated by commas. */
function splitPredicates(tree: Node): Predicate[] {
  const preds: Predicate[] = [];
  let cur: Predicate | undefined;
  for (const c of tree.children.slice(1, -1)) {
    if (c.type === ',') {
      cur = undefined;
    } else if (c.type === 'identifier' || c.type === 'self' || c.type === 'primitive_type') {
      cur = { name: c.text };
      preds.push(cur);
    } else if (cur && c.type === 'token_tree') {
      cur.args = c;
    } else if (cur && (c.type === 'string_literal' || c.type === 'raw_string_literal')) {
      cur.value = tokens(c).find((t) => t.type === 'string_content')?.text ?? '';
    }
  }
  return preds;
}

function evalPredicate(p: Predicate, pgVersion: number): Truth {
  if (p.args) {
    const inner = splitPredicates(p.args).map((q) => evalPredicate(q, pgVersion));
    switch (p.name) {
      case 'not':
        return inner.length === 1 && inner[0] !== undefined ? !inner[0] : undefined;
      case 'any':
        return inner.includes(true) ? true : inner.includes(undefined) ? undefined : false;
      case 'all':
        return inner.includes(false) ? false : inner.includes(undefined) ? undefined : true;
      default:
        return undefined;
    }
  }
  if (p.value === undefined) return KNOWN[p.name];
  if (p.name === 'feature') {
    const m = PG_FEATURE.exec(p.value);
    if (m) return Number(m[1]) === pgVersion;
  }
  return KNOWN[`${p.name}=${p.value}`];
}

/** Whether the `#[cfg(..)]` attributes among `attrs` keep the item they decorate for `pgVersion`. */
export function cfgKeeps(attrs: Node[], pgVersion: number): boolean {
  for (const item of attrs) {
    const attr = item.namedChildren.find((c) => c.type === 'attribute');
    const name = attr?.namedChildren[0];
    const args = attr?.childForFieldName('arguments');
    if (name?.text === 'cfg' && args && evalCfgTree(args, pgVersion) === false) return false;
  }
  return true;
}
