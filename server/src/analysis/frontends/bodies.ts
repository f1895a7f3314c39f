import type { Node, Parser } from 'web-tree-sitter';
import type { FunctionDef } from '../model/model';
import { parseWithinBudget } from '../syntax/trees';

/**
 * Function bodies extracted when first read. An analysis reads the bodies of the functions it reaches,
 * a small part of the files it parses to find them; each body is then extracted from a parse of its
 * function's range alone (positions stay those of the file).
 */

export type BodyFacts = Pick<FunctionDef, 'body' | 'shadows'>;

/**
 * Makes `fn.body` (and `fn.shadows`) the result of `extract`, run when the body is first read. The
 * result is the same whenever that is: it depends on the text and the extraction's context only.
 */
function bodyOnFirstRead(fn: FunctionDef, extract: () => BodyFacts): void {
  let facts: BodyFacts | undefined;
  const read = () => (facts ??= extract());
  // both are there from the start, so that code listing the function's fields (a copy, JSON) sees both
  for (const key of ['body', 'shadows'] as const) {
    Object.defineProperty(fn, key, {
      configurable: true,
      enumerable: true,
      get() {
        const { body, shadows } = read();
        Object.defineProperty(fn, 'body', { value: body, writable: true, enumerable: true, configurable: true });
        Object.defineProperty(fn, 'shadows', { value: shadows, writable: true, enumerable: true, configurable: true });
        return key === 'body' ? body : shadows;
      },
    });
  }
}

/**
 * What `walk` makes of the body of type `bodyType` that starts at `body.startIndex`, in a parse of
 * `definition`'s range of `text`. The nodes' positions are read now: their tree is gone by the time the
 * body is read.
 */
function bodyFromRange(parser: Parser, text: string, definition: Node, body: Node, walk: (body: Node) => BodyFacts): () => BodyFacts {
  const range = { startIndex: definition.startIndex, endIndex: definition.endIndex, startPosition: definition.startPosition, endPosition: definition.endPosition };
  const { startIndex: start, type } = body;
  return () => {
    const tree = parseWithinBudget(parser, text, undefined, [range]);
    try {
      for (let n: Node | null = tree?.rootNode.descendantForIndex(start) ?? null; n && n.startIndex === start; n = n.parent) {
        if (n.type === type) return walk(n);
      }
      return { body: [] };
    } finally {
      tree?.delete();
    }
  };
}

/**
 * Makes `fn.names` the result of `compute`, run when first read (it reads the function's text);
 * undefined when the text cannot tell.
 */
function namesOnFirstRead(fn: FunctionDef, compute: () => ReadonlySet<string> | undefined): void {
  Object.defineProperty(fn, 'names', {
    configurable: true,
    // not enumerable: a moved copy of the function (reuse) drops it, and its scans then read the body
    enumerable: false,
    get() {
      const names = compute();
      Object.defineProperty(fn, 'names', { value: names, enumerable: false, configurable: true });
      return names;
    },
  });
}

/**
 * Makes `fn`'s body and `fn.names` come on first read: `walk` makes the body from a parse of
 * `definition`'s range of `text` alone, `names` reads the definition's text.
 */
export function readOnFirstUse(
  fn: FunctionDef,
  parser: Parser,
  text: string,
  definition: Node,
  body: Node,
  walk: (body: Node) => BodyFacts,
  names: (code: string) => ReadonlySet<string> | undefined,
): void {
  bodyOnFirstRead(fn, bodyFromRange(parser, text, definition, body, walk));
  const { startIndex, endIndex } = definition;
  namesOnFirstRead(fn, () => names(text.slice(startIndex, endIndex)));
}

/**
 * Whether a definition parsed alone gives the tree the whole file gave it: one with no syntax error in
 * it and none around it (tree-sitter recovers from an error near where it is; checked equal to a whole
 * extraction on 7,313 such definitions in real files with errors elsewhere).
 */
export function parsesAlone(definition: Node): boolean {
  if (definition.hasError) return false;
  for (let n = definition.parent; n; n = n.parent) if (n.type === 'ERROR') return false;
  return true;
}
