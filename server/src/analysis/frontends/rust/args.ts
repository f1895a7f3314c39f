import type { Node } from 'web-tree-sitter';
import type { Arg } from '../../model/model';
import { stringValue } from './literals';
import { codeChildren, nodeLoc, pathName, stripWrappers } from './nodes';
import { STRING_CARRIERS } from './pgrxSyntax';

/** Tokens that may appear in a plain path written as a macro argument (`&pgrx::GucContext::Postmaster`). */
const PATH_TOKENS = new Set(['identifier', '::', '&', 'crate', 'self', 'super', 'mutable_specifier']);

/**
 * Reads call and macro arguments into the model's `Arg`: the text, the last path segment of a
 * path argument (`GucContext::Postmaster` -> `Postmaster`) and the value of a string argument,
 * seen through the ways pgrx code spells a C string (`c"x"`, `CStr::from_bytes_with_nul(b"x\0")`,
 * `"x".as_pg_cstr()`, a `const` of the same file).
 */
export class ArgReader {
  constructor(
    private readonly file: string,
    /** string constants of the file: `const NAME: &CStr = c"myext.name";` */
    private readonly consts: ReadonlyMap<string, string>,
  ) {}

  callArgs(args: Node | null): Arg[] {
    if (!args) return [];
    return codeChildren(args)
      .filter((a) => a.type !== 'attribute_item')
      .map((a) => {
        const arg: Arg = { text: a.text, loc: nodeLoc(this.file, a) };
        const name = this.name(a);
        if (name !== undefined) arg.name = name;
        const str = this.str(a);
        if (str !== undefined) arg.str = str;
        return arg;
      });
  }

  /** Arguments of a macro, split at the top-level commas of its token tree. */
  macroArgs(tree: Node | undefined): Arg[] {
    if (!tree) return [];
    const segments: Node[][] = [[]];
    for (const t of tree.children.slice(1, -1)) {
      if (t.type === ',') segments.push([]);
      else segments[segments.length - 1].push(t);
    }
    return segments
      .filter((s) => s.length > 0)
      .map((s) => {
        const first = s[0];
        const last = s[s.length - 1];
        const start = first.startIndex - tree.startIndex;
        const arg: Arg = {
          text: tree.text.slice(start, last.endIndex - tree.startIndex),
          loc: {
            file: this.file,
            range: {
              start: { line: first.startPosition.row, character: first.startPosition.column },
              end: { line: last.endPosition.row, character: last.endPosition.column },
            },
          },
        };
        const idents = s.filter((t) => t.type === 'identifier');
        if (idents.length > 0 && s.every((t) => PATH_TOKENS.has(t.type))) arg.name = idents[idents.length - 1].text;
        const str = s.length === 1 ? stringValue(first) : undefined;
        if (str !== undefined) arg.str = str;
        return arg;
      });
  }

  /** The last segment of a path argument, through `&`, `&mut`, `*` and parentheses. */
  private name(node: Node): string | undefined {
    const inner = stripWrappers(node);
    if (inner.type !== 'identifier' && inner.type !== 'scoped_identifier') return undefined;
    return pathName(inner)?.text;
  }

  str(node: Node): string | undefined {
    const n = stripWrappers(node);
    const literal = stringValue(n);
    if (literal !== undefined) return literal;
    switch (n.type) {
      case 'identifier':
      case 'scoped_identifier': {
        const name = pathName(n)?.text;
        return name === undefined ? undefined : this.consts.get(name);
      }
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        if (!fn) return undefined;
        if (fn.type === 'field_expression') {
          const method = fn.childForFieldName('field')?.text ?? '';
          const receiver = fn.childForFieldName('value');
          return STRING_CARRIERS.has(method) && receiver ? this.str(receiver) : undefined;
        }
        const first = codeChildren(n.childForFieldName('arguments') ?? n)[0];
        return STRING_CARRIERS.has(pathName(fn)?.text ?? '') && first ? this.str(first) : undefined;
      }
      case 'macro_invocation': {
        const name = pathName(n.childForFieldName('macro') ?? n)?.text ?? '';
        const tree = n.namedChildren.find((c) => c.type === 'token_tree');
        const parts = tree ? codeChildren(tree) : [];
        return STRING_CARRIERS.has(name) && parts.length === 1 ? stringValue(parts[0]) : undefined;
      }
      default:
        return undefined;
    }
  }
}
