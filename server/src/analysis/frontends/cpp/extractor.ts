import type { Node, Parser } from 'web-tree-sitter';
import type { Cond, FileFacts, Stmt, Value } from '../../model/model';
import { freshTrees, type TreeSource } from '../../syntax/trees';
import type { Macros } from '../c/variants';
import {
  callArguments,
  CExtractor,
  declaredName,
  extractWith,
  hasStorage,
  parameterNames,
  stripParensAndCasts,
  type FunctionIdentity,
  type NameRef,
} from '../c/frontend';
import { className, namespaceSegments, qualifiedName } from './names';
import { findTrampolines, passedFunction, type Trampolines } from './trampolines';

/**
 * C++ front end: the C extractor (statements, expressions, guards, macros are the same) plus what
 * C++ adds around an `extern "C"` `_PG_init`: namespaces and classes (a function's `module` is its
 * scope, so `ns::InitShmem()` resolves to the `InitShmem` of namespace `ns`), qualified and template
 * calls, try/catch and throw, lambdas (a function of their own, run only where they are called) and
 * trampolines (a call passing a function to a template that calls it is a call of that function).
 */
export function extractCppFile(
  parser: Parser,
  file: string,
  text: string,
  macros: Macros,
  headerTrampolines: Trampolines,
  trees: TreeSource = freshTrees(parser),
): FileFacts {
  return extractWith(trees.parse(text), trees, file, (root) => {
    const trampolines = new Map(headerTrampolines);
    for (const [name, slots] of findTrampolines(root)) trampolines.set(name, [...(trampolines.get(name) ?? []), ...slots]);
    const x = new CppExtractor(parser, file, macros, trampolines);
    x.topLevel(root);
    return x;
  });
}

type ScopeKind = 'namespace' | 'anonymous' | 'class';

/** `static_cast<T>(x)` converts, it calls nothing */
const CASTS = new Set(['static_cast', 'reinterpret_cast', 'const_cast', 'dynamic_cast']);

class CppExtractor extends CExtractor {
  /** the namespaces and classes around the item being read */
  private readonly scope: { names: string[]; kind: ScopeKind }[] = [];
  /** lambdas held in locals of the function being read (`auto init = [&] { ... };`) */
  private readonly localLambdas = new Map<string, Node>();
  /** lambda (by position) -> the name of the function made for it */
  private readonly lambdas = new Map<string, string>();

  constructor(
    parser: Parser,
    file: string,
    macros: Macros,
    private readonly trampolines: Trampolines,
  ) {
    super(parser, file, macros);
  }

  // ---- items ----

  protected item(c: Node): void {
    switch (c.type) {
      case 'namespace_definition': {
        const names = namespaceSegments(c);
        const body = c.childForFieldName('body');
        if (body) this.within(names, names.length ? 'namespace' : 'anonymous', () => this.items(body));
        return;
      }
      case 'template_declaration':
        this.items(c);
        return;
      case 'class_specifier':
      case 'struct_specifier': {
        const name = className(c);
        const body = c.childForFieldName('body');
        if (name && body) this.within([name], 'class', () => this.items(body));
        return;
      }
      case 'declaration': {
        const type = c.childForFieldName('type');
        if (type) this.item(type);
        super.item(c);
        return;
      }
      default:
        super.item(c);
    }
  }

  private within(names: string[], kind: ScopeKind, read: () => void): void {
    this.scope.push({ names, kind });
    try {
      read();
    } finally {
      this.scope.pop();
    }
  }

  protected functionDef(node: Node): void {
    this.localLambdas.clear();
    super.functionDef(node);
  }

  protected functionIdentity(def: Node, nameNode: Node): FunctionIdentity | undefined {
    const q = qualifiedName(nameNode);
    // operators, constructors' `~` twins and conversions are never called by name on a path we follow
    if (!q || (q.last.type !== 'identifier' && q.last.type !== 'field_identifier')) return undefined;
    const inClass = this.scope.some((s) => s.kind === 'class') || q.scope.length > 0;
    // `static` in a class makes a class function, not a file-local one; an anonymous namespace does
    const isStatic = !inClass && (this.scope.some((s) => s.kind === 'anonymous') || hasStorage(def, 'static'));
    return { name: q.last.text, isStatic, module: [...this.scope.flatMap((s) => s.names), ...q.scope] };
  }

  // ---- statements ----

  protected statement(node: Node, out: Stmt[]): void {
    switch (node.type) {
      case 'try_statement': {
        const body = node.childForFieldName('body');
        if (body) out.push({ k: 'block', body: this.block(body) });
        const handlers = node.namedChildren
          .filter((c): c is Node => c?.type === 'catch_clause')
          .flatMap((c) => {
            const b = c.childForFieldName('body');
            return b ? this.block(b) : [];
          });
        if (handlers.length) out.push({ k: 'maybe', body: handlers });
        return;
      }
      case 'throw_statement':
        for (const c of node.namedChildren) if (c) this.expr(c, out);
        out.push({ k: 'raise', loc: this.loc(node) });
        return;
      case 'for_range_loop': {
        const body: Stmt[] = [];
        const right = node.childForFieldName('right');
        if (right) this.expr(right, out);
        const inner = node.childForFieldName('body');
        if (inner) this.statement(inner, body);
        out.push({ k: 'maybe', body });
        return;
      }
      case 'condition_clause':
        this.expr(node, out);
        return;
      case 'declaration':
        for (const d of node.childrenForFieldName('declarator')) {
          const value = d?.type === 'init_declarator' ? d.childForFieldName('value') : null;
          const name = value?.type === 'lambda_expression' ? declaredName(d!.childForFieldName('declarator')) : undefined;
          if (name) this.localLambdas.set(name, value!);
        }
        super.statement(node, out);
        return;
      default:
        super.statement(node, out);
    }
  }

  protected cond(node: Node): Cond {
    if (node.type !== 'condition_clause') return super.cond(node);
    const value = node.childForFieldName('value');
    return value ? super.cond(value) : { k: 'opaque', names: [] };
  }

  // ---- expressions ----

  protected expr(node: Node, out: Stmt[]): void {
    // a lambda runs where it is called, not where it is written
    if (node.type !== 'lambda_expression') super.expr(node, out);
  }

  protected value(node: Node): Value {
    const v = stripParensAndCasts(node);
    if (v.type === 'lambda_expression') return { k: 'name', name: this.lambdaFunction(v) };
    // `planner_hook = pgp::PgPlanner;`, `= &Planner::Hook;`
    const f = v.type === 'qualified_identifier' || v.text.startsWith('&') ? passedFunction(v) : undefined;
    return f ? { k: 'name', name: f.name } : super.value(node);
  }

  protected callee(fn: Node): NameRef | undefined {
    const n = stripParensAndCasts(fn);
    if (n.type === 'lambda_expression') return { node: n, name: this.lambdaFunction(n) };
    const local = n.type === 'identifier' ? this.localLambdas.get(n.text) : undefined;
    if (local) return { node: n, name: this.lambdaFunction(local) };
    if (n.type === 'qualified_identifier' || n.type === 'template_function') {
      const q = qualifiedName(n);
      if (!q || q.last.type !== 'identifier' || CASTS.has(q.last.text)) return undefined;
      return { node: q.last, name: q.last.text, ...(q.scope.length ? { qualifier: q.scope } : {}) };
    }
    return super.callee(fn);
  }

  protected call(node: Node, out: Stmt[]): void {
    super.call(node, out);
    const fn = node.childForFieldName('function');
    const q = fn && qualifiedName(stripParensAndCasts(fn));
    const slots = q && this.trampolines.get(q.last.text);
    if (!q || !slots) return;
    const args = callArguments(node);
    const templateArgs = q.templateArgs?.namedChildren.filter((a): a is Node => !!a && a.type !== 'comment') ?? [];
    for (const slot of slots) {
      const a = (slot.template ? templateArgs : args)[slot.index];
      const passed = a && this.passed(a);
      if (!passed) continue;
      out.push({
        k: 'call',
        callee: passed.name,
        args: [],
        loc: this.loc(passed.node),
        callLoc: this.loc(node),
        ...(passed.qualifier?.length ? { qualifier: passed.qualifier } : {}),
      });
    }
  }

  /** The function a trampoline is given: a named function or a lambda. */
  private passed(a: Node): NameRef | undefined {
    const n = stripParensAndCasts(a);
    if (n.type === 'lambda_expression' || (n.type === 'identifier' && this.localLambdas.has(n.text))) return this.callee(n);
    const f = passedFunction(a);
    return f && { node: f.node, name: f.name, qualifier: f.qualifier };
  }

  /** The function standing for a lambda, made the first time the lambda is used as one. */
  private lambdaFunction(lambda: Node): string {
    const key = `${lambda.startIndex}:${lambda.endIndex}`;
    let name = this.lambdas.get(key);
    if (name) return name;
    const loc = this.loc(lambda);
    name = `<lambda@${loc.range.start.line + 1}:${loc.range.start.character + 1}>`;
    this.lambdas.set(key, name);
    const body = lambda.childForFieldName('body');
    const decl = lambda.childForFieldName('declarator');
    this.functions.push({
      name,
      file: this.file,
      language: 'c',
      isStatic: true,
      nameLoc: loc,
      loc,
      bodyLoc: body ? this.loc(body) : loc,
      params: decl ? parameterNames(decl) : [],
      body: body ? this.block(body) : [],
    });
    return name;
  }
}
