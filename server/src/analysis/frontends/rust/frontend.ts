import type { Node, Parser } from 'web-tree-sitter';
import { freshTrees, PARSE_BUDGET_MS, type TreeSource } from '../../syntax/trees';
import type { FileFacts, FunctionDef } from '../../model/model';
import { ArgReader } from './args';
import { BodyWalker, type BodyContext } from './body';
import { cfgKeeps } from './cfg';
import { stringValue } from './literals';
import { codeChildren, isComment, nodeLoc, pathName } from './nodes';
import { ENTRY_SYMBOLS } from './pgrxSyntax';
import { parsesAlone, readOnFirstUse } from '../bodies';
import { identifiersOf } from '../../syntax/identifiers';

/** Syntax errors reported per file; more would only repeat the first ones' cascade. */
const MAX_PROBLEMS = 5;

/**
 * Rust/pgrx front end: syntax tree -> neutral model, with cfg evaluated for `pgVersion`. `lazyBodies`:
 * function bodies are extracted when first read (frontends/bodies.ts).
 */
export function extractRustFile(
  parser: Parser,
  file: string,
  text: string,
  pgVersion: number,
  trees: TreeSource = freshTrees(parser),
  lazyBodies = false,
): FileFacts {
  const facts: FileFacts = { file, language: 'rust', functions: [], variables: [], problems: [] };
  const tree = trees.parse(text);
  if (!tree) return { ...facts, skipped: `parsing took longer than ${PARSE_BUDGET_MS / 1000} s` };
  try {
    const root = tree.rootNode;
    if (root.hasError) facts.problems.push(...syntaxProblems(root));
    const names = { functionNames: functionNames(root), moduleStatics: moduleStatics(root) };
    const lazy = lazyBodies ? { parser, text } : undefined;
    new ItemCollector(facts, pgVersion, new ArgReader(file, stringConstants(file, root)), names, lazy).items(root, fileModule(file));
  } finally {
    trees.release(tree);
  }
  return facts;
}

/**
 * A body that may declare items (a nested `fn`, a function-local `static`, ...): those are facts of
 * the file, so it is walked at once. Types such as `fn(i32)` count too: only reads the walk sooner.
 */
const MAY_DECLARE_ITEMS = /\b(?:fn|static|mod|impl|trait)\b/;

/**
 * The module a file is in, from its path under `src/`: `src/gucs.rs` and `src/gucs/mod.rs` are
 * `gucs`, `src/lib.rs` the crate root. Undefined outside `src/` (then calls resolve by name alone).
 */
export function fileModule(file: string): string[] | undefined {
  const parts = file.split(/[\\/]/);
  const src = parts.lastIndexOf('src');
  if (src < 0) return undefined;
  const module = parts.slice(src + 1);
  module[module.length - 1] = module[module.length - 1].replace(/\.rs$/, '');
  if (module[module.length - 1] === 'mod') module.pop();
  return module.length === 1 && (module[0] === 'lib' || module[0] === 'main') ? [] : module;
}

/** Where the parser gave up; the rest of the file is still analysed. */
function syntaxProblems(root: Node): string[] {
  const problems: string[] = [];
  const visit = (n: Node) => {
    if (problems.length >= MAX_PROBLEMS) return;
    if (n.type === 'ERROR' || n.isMissing) {
      const { row, column } = n.startPosition;
      problems.push(`syntax error at line ${row + 1}, column ${column + 1}${n.isMissing ? `: missing ${n.type}` : ''}`);
      return;
    }
    if (n.hasError) for (const c of n.children) visit(c);
  };
  visit(root);
  return problems;
}

/** `const NAME: &CStr = c"myext.setting";` anywhere in the file, for GUC names passed by constant. */
function stringConstants(file: string, root: Node): Map<string, string> {
  const literals = new ArgReader(file, new Map());
  const consts = new Map<string, string>();
  for (const item of root.descendantsOfType(['const_item', 'static_item'])) {
    const name = item.childForFieldName('name')?.text;
    const value = item.childForFieldName('value');
    const str = value ? literals.str(value) : undefined;
    if (name && str !== undefined && !consts.has(name)) consts.set(name, str);
  }
  return consts;
}

function functionNames(root: Node): Set<string> {
  return new Set(root.descendantsOfType('function_item').map((f) => f.childForFieldName('name')?.text ?? ''));
}

/** Statics of the file's modules (not of function bodies). */
function moduleStatics(root: Node): Set<string> {
  const statics = root.descendantsOfType('static_item').filter((s) => s.parent?.type === 'source_file' || s.parent?.type === 'declaration_list');
  return new Set(statics.map((s) => s.childForFieldName('name')?.text ?? ''));
}

/** The name C sees for a function: `#[export_name = "_PG_init"]` (also inside `unsafe(..)`) renames it. */
function exportedName(attrs: Node[]): string | undefined {
  for (const item of attrs) {
    const tokens = item.descendantsOfType(['identifier', 'string_literal']);
    const at = tokens.findIndex((t) => t.text === 'export_name');
    const literal = at >= 0 ? tokens[at + 1] : undefined;
    const name = literal ? stringValue(literal) : undefined;
    if (name && ENTRY_SYMBOLS.has(name)) return name;
  }
  return undefined;
}

/** Walks items (functions, statics, modules, impls) of a file and fills its facts. */
class ItemCollector {
  constructor(
    private readonly facts: FileFacts,
    private readonly pgVersion: number,
    private readonly args: ArgReader,
    private readonly names: Pick<BodyContext, 'functionNames' | 'moduleStatics'>,
    /** bodies are walked when first read, from a parse of their function's range of `text` */
    private readonly lazy?: { parser: Parser; text: string },
  ) {}

  /** The items of a file, inline module, impl or trait body; `module` is its path in the crate. */
  items(container: Node, module: string[] | undefined, selfType?: string): void {
    const inner = container.namedChildren.filter((c) => c.type === 'inner_attribute_item');
    if (!cfgKeeps(inner, this.pgVersion)) return; // `#![cfg(..)]` drops the whole file or module
    let attrs: Node[] = [];
    for (const c of container.namedChildren) {
      if (isComment(c) || c.type === 'inner_attribute_item') continue;
      if (c.type === 'attribute_item') {
        attrs.push(c);
        continue;
      }
      this.item(c, attrs, module, selfType);
      attrs = [];
    }
  }

  item(node: Node, attrs: Node[], module: string[] | undefined, selfType?: string): void {
    if (!cfgKeeps(attrs, this.pgVersion)) return;
    const body = node.childForFieldName('body');
    switch (node.type) {
      case 'function_item':
        return this.fn(node, attrs, module, selfType);
      case 'static_item':
        return this.static(node);
      case 'mod_item': {
        const name = node.childForFieldName('name')?.text;
        if (body && name) this.items(body, module && [...module, name]);
        return;
      }
      case 'impl_item':
      case 'trait_item': {
        // methods are reached as `Type::method` (or `Self::method` inside the impl)
        const type = pathName(node.childForFieldName(node.type === 'impl_item' ? 'type' : 'name') ?? node)?.text;
        if (body) this.items(body, module && type ? [...module, type] : module, type);
        return;
      }
    }
  }

  private fn(node: Node, attrs: Node[], module: string[] | undefined, selfType?: string): void {
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (!name || !body) return;
    const file = this.facts.file;
    const context: BodyContext = {
      file,
      pgVersion: this.pgVersion,
      args: this.args,
      selfType,
      ...this.names,
      item: (n, a) => this.item(n, a, module, selfType),
    };
    const walk = (b: Node) => {
      const walker = new BodyWalker(context);
      const stmts = walker.walk(b);
      return walker.shadows.length ? { body: stmts, shadows: walker.shadows } : { body: stmts };
    };
    const fn = {
      name: exportedName(attrs) ?? name.text,
      file,
      language: 'rust',
      isStatic: false,
      nameLoc: nodeLoc(file, name),
      loc: nodeLoc(file, node),
      bodyLoc: nodeLoc(file, body),
      params: this.params(node.childForFieldName('parameters')),
      ...(module ? { module } : {}),
    } as FunctionDef;
    // items declared in the body are pushed while it is walked, before the function itself
    if (this.lazy && parsesAlone(node) && !MAY_DECLARE_ITEMS.test(body.text)) readOnFirstUse(fn, this.lazy.parser, this.lazy.text, node, body, walk, identifiersOf);
    else Object.assign(fn, walk(body));
    this.facts.functions.push(fn);
  }

  private params(list: Node | null): string[] {
    if (!list) return [];
    const names: string[] = [];
    let attrs: Node[] = [];
    for (const p of codeChildren(list)) {
      if (p.type === 'attribute_item') {
        attrs.push(p);
        continue;
      }
      const keep = cfgKeeps(attrs, this.pgVersion);
      attrs = [];
      if (!keep) continue;
      if (p.type === 'self_parameter') names.push('self');
      else if (p.type === 'parameter') names.push(p.childForFieldName('pattern')?.text ?? p.text);
    }
    return names;
  }

  private static(node: Node): void {
    const name = node.childForFieldName('name');
    const type = node.childForFieldName('type');
    if (!name) return;
    this.facts.variables.push({
      name: name.text,
      type: type?.text ?? '',
      file: this.facts.file,
      isStatic: true,
      loc: nodeLoc(this.facts.file, node),
    });
  }
}
