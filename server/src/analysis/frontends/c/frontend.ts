import type { Node, Parser, Tree } from 'web-tree-sitter';
import type { Arg, Cond, FileFacts, FunctionDef, Location, Stmt, Value, VariableDecl } from '../../model/model';
import { NORETURN_CALLS, PRELOAD_FLAG, RAISE_LEVELS } from '../../knowledge/preload';
import type { Macros } from './variants';
import { freshTrees, PARSE_BUDGET_MS, type TreeSource } from '../../syntax/trees';
import { parsesAlone, readOnFirstUse } from '../bodies';
import { expandedNames } from './expandedNames';
import type { ReusedFunctions } from './reuse';

/**
 * C front end: a syntax tree of one `#if` variant -> functions, file-scope variables and the
 * statement IR of every function body. The text given is the variant text (inactive branches and
 * decorations blanked), so every position is a position in the file as written.
 */
export function extractCFile(
  parser: Parser,
  file: string,
  text: string,
  macros: Macros,
  trees: TreeSource = freshTrees(parser),
  reuse?: { functions: ReusedFunctions; context: string },
  lazyBodies = false,
): FileFacts {
  return extractWith(trees.parse(text), trees, file, (root) => {
    const x = new CExtractor(parser, file, macros);
    if (reuse) x.reuse(reuse.functions, reuse.context);
    if (lazyBodies) x.lazyBodies(text);
    x.topLevel(root);
    return x;
  });
}

/** Runs an extractor over a parsed tree (C, or C++ through frontends/cpp), always releasing the tree. */
export function extractWith(tree: Tree | null, trees: TreeSource, file: string, run: (root: Node) => CExtractor): FileFacts {
  if (!tree) return { file, language: 'c', functions: [], variables: [], problems: [], skipped: `parsing took longer than ${PARSE_BUDGET_MS / 1000} s` };
  try {
    const x = run(tree.rootNode);
    return { file, language: 'c', functions: x.functions, variables: x.variables, problems: x.problems };
  } finally {
    trees.release(tree);
  }
}

/** The name a function is defined or called under; `qualifier` is a C++ scope (`ns::f` -> ['ns']). */
export interface NameRef {
  node: Node;
  name: string;
  qualifier?: string[];
}

/** What a definition's header says about the function, beyond its body. */
export interface FunctionIdentity {
  name: string;
  isStatic: boolean;
  /** C++: the enclosing namespaces and class */
  module?: string[];
}

const NULLS = new Set(['NULL', 'nullptr', '0', 'false', 'NIL']);
const CONTAINERS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'linkage_specification', 'declaration_list', 'ERROR']);
const MAX_MACRO_DEPTH = 4;
/** statements copied for forward gotos in one function, at most */
const MAX_JUMP_STATEMENTS = 5000;

/**
 * Syntax tree -> IR for C. The C++ front end (frontends/cpp) extends it where C++ syntax differs:
 * top-level scopes, definition names, callee names, extra statement kinds.
 */
export class CExtractor {
  readonly functions: FunctionDef[] = [];
  readonly variables: VariableDecl[] = [];
  readonly problems: string[] = [];
  /** variables declared at file scope in this file, which locals may shadow */
  private fileNames = new Set<string>();
  /** block scopes of the function being extracted: declared name -> its name in the IR */
  private scopes: Map<string, string>[] = [];
  private shadows: NonNullable<FunctionDef['shadows']> = [];
  /** while expanding a macro, every location maps to the invocation */
  private pinned: Location | undefined;
  private macroDepth = 0;

  constructor(
    protected readonly parser: Parser,
    protected readonly file: string,
    protected readonly macros: Macros,
  ) {}

  protected loc(node: Node): Location {
    if (this.pinned) return this.pinned;
    return {
      file: this.file,
      range: {
        start: { line: node.startPosition.row, character: node.startPosition.column },
        end: { line: node.endPosition.row, character: node.endPosition.column },
      },
    };
  }

  private readonly syntaxErrors: number[] = [];
  private reused?: { functions: ReusedFunctions; context: string };
  /** the function being extracted names a local by its line */
  private namesLines = false;

  /** Functions of the last extraction of this file are reused where their text is unchanged. */
  reuse(functions: ReusedFunctions, context: string): void {
    this.reused = { functions, context };
  }

  /** the text being extracted, when function bodies are extracted on first read */
  private lazyText: string | undefined;

  /**
   * Function bodies are extracted when first read, each from a parse of its own range of `text`: an
   * analysis reads the bodies of the functions it reaches, a small part of the files it parses.
   */
  lazyBodies(text: string): void {
    this.lazyText = text;
  }

  topLevel(root: Node): void {
    this.fileNames = fileScopeNames(root);
    this.reused?.functions.begin(`${this.reused.context}\0${[...this.fileNames].join(',')}`);
    this.items(root);
    const errors = this.syntaxErrors;
    if (errors.length) this.problems.push(`syntax errors near line${errors.length > 1 ? 's' : ''} ${errors.slice(0, 5).join(', ')}`);
  }

  /** The top-level items inside `n` (the file, or a container of items). */
  protected items(n: Node): void {
    for (const c of n.namedChildren) if (c) this.item(c);
  }

  protected item(c: Node): void {
    if (c.type === 'function_definition') this.definition(c);
    else if (c.type === 'declaration') this.fileDeclaration(c);
    else if (c.type === 'expression_statement' && c.nextNamedSibling?.type === 'compound_statement') {
      this.macroFunctionDef(c, c.nextNamedSibling);
    }
    else if (CONTAINERS.has(c.type)) {
      if (c.type === 'ERROR') this.syntaxErrors.push(c.startPosition.row + 1);
      this.items(c);
    }
  }

  /** A function definition, its facts reused when its text and column are those of one extracted before. */
  private definition(node: Node): void {
    const reused = this.reused?.functions;
    if (!reused) return this.functionDef(node);
    const { row, column } = node.startPosition;
    const text = node.text;
    const kept = reused.take(text, column, row);
    if (kept) {
      this.functions.push(...kept);
      return;
    }
    const first = this.functions.length;
    this.namesLines = false;
    this.functionDef(node);
    reused.keep(text, column, row, this.functions.slice(first), this.namesLines);
  }

  protected functionDef(node: Node): void {
    const decl = node.childForFieldName('declarator');
    const body = node.childForFieldName('body');
    const fdecl = decl && functionDeclarator(decl);
    const nameNode = fdecl?.childForFieldName('declarator');
    const id = nameNode && this.functionIdentity(node, nameNode);
    if (!fdecl || !body || !nameNode || !id) return;
    const fn = {
      name: id.name,
      file: this.file,
      language: 'c',
      isStatic: id.isStatic,
      nameLoc: this.loc(nameNode),
      loc: this.loc(node),
      bodyLoc: this.loc(body),
      params: parameterNames(fdecl),
      ...(id.module ? { module: id.module } : {}),
    } as FunctionDef;
    if (this.lazyText === undefined || !parsesAlone(node)) Object.assign(fn, this.functionBody(body));
    else {
      const { parser, file, macros, fileNames } = this;
      const walk = (b: Node) => {
        const x = new CExtractor(parser, file, macros);
        x.fileNames = fileNames;
        return x.functionBody(b);
      };
      readOnFirstUse(fn, parser, this.lazyText, node, body, walk, (code) => expandedNames(code, macros));
    }
    this.functions.push(fn);
  }

  /** The defined function's name and linkage; undefined for headers the front end does not read. */
  protected functionIdentity(def: Node, nameNode: Node): FunctionIdentity | undefined {
    return nameNode.type === 'identifier' ? { name: nameNode.text, isStatic: hasStorage(def, 'static') } : undefined;
  }

  /** The name a call goes through: `f(..)`, `(*f)(..)`, `(f)(..)`. Calls through fields have none. */
  protected callee(fn: Node): NameRef | undefined {
    const node = calleeNode(fn);
    return node && { node, name: node.text };
  }

  /**
   * A function whose header is the project's macro (`#define MY_HOOK static void my_hook(QueryDesc *qd)`
   * then `MY_HOOK { ... }`), as extensions do to switch hook signatures per version.
   */
  private macroFunctionDef(use: Node, body: Node): void {
    const id = use.namedChildren[0];
    const header = id?.type === 'identifier' ? this.macros.object.get(id.text) : undefined;
    const m = header && /^(static\s+)?[\w\s*]*?\b([A-Za-z_]\w*)\s*\(([^()]*)\)$/s.exec(header.trim());
    if (!id || !m) return;
    const params = m[3].split(',').map((p) => /([A-Za-z_]\w*)\s*(\[\s*\])?\s*$/.exec(p.trim())?.[1]).filter((p): p is string => !!p && p !== 'void');
    this.functions.push({
      name: m[2],
      file: this.file,
      language: 'c',
      isStatic: !!m[1],
      nameLoc: this.loc(id),
      loc: { file: this.file, range: { start: this.loc(use).range.start, end: this.loc(body).range.end } },
      bodyLoc: this.loc(body),
      params,
      ...this.functionBody(body),
    });
  }

  protected fileDeclaration(node: Node): void {
    const type = node.childForFieldName('type')?.text ?? '';
    const isStatic = hasStorage(node, 'static');
    for (const d of node.childrenForFieldName('declarator')) {
      if (!d || functionDeclarator(d)) continue;
      const target = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
      const name = declaredName(target);
      if (name) this.variables.push({ name, type, file: this.file, isStatic, loc: this.loc(node) });
    }
  }

  // ---- statements ----

  /** forward `goto`s of the function being extracted, filled in once its body is known */
  private gotos: { label: string; at: number; jump: Extract<Stmt, { k: 'block' }>; loc: Location }[] = [];

  /**
   * A function body. A forward `goto` to a label at the body's top level (`goto done;` ... `done:` at
   * the end) runs the statements from the label to the end of the function, so it becomes a copy of
   * them followed by a return. Backward gotos (retry loops) and labels in nested blocks are left as
   * written: the goto does nothing.
   */
  protected functionBody(body: Node): Pick<FunctionDef, 'body' | 'shadows'> {
    const outer = this.gotos;
    const outerScopes = this.scopes;
    const outerShadows = this.shadows;
    this.gotos = [];
    this.scopes = [new Map()];
    this.shadows = [];
    const out: Stmt[] = [];
    const labels = new Map<string, { index: number; at: number }>();
    for (const c of body.namedChildren) {
      if (!c) continue;
      if (c.type === 'labeled_statement') {
        const label = c.childForFieldName('label')?.text;
        if (label && !labels.has(label)) labels.set(label, { index: out.length, at: c.startIndex });
      }
      this.bodyStatement(c, out);
    }
    // later labels first, so the copies they hold are complete; a budget keeps nested copies small
    let budget = MAX_JUMP_STATEMENTS;
    const forward = this.gotos.filter((g) => (labels.get(g.label)?.at ?? -1) > g.at).sort((a, b) => labels.get(b.label)!.at - labels.get(a.label)!.at);
    for (const g of forward) {
      const tail = out.slice(labels.get(g.label)!.index);
      budget -= countStmts(tail);
      if (budget < 0) break;
      g.jump.body = [...tail, { k: 'return', loc: g.loc }];
    }
    const shadows = this.shadows;
    this.gotos = outer;
    this.scopes = outerScopes;
    this.shadows = outerShadows;
    return shadows.length ? { body: out, shadows } : { body: out };
  }

  /**
   * A top-level statement of a function body, its IR reused when its text, column and context are those of
   * one extracted before. Only an expression statement without syntax errors qualifies, and only before the
   * function declares a local that ref() renames (namesLines): its IR then depends on nothing but its text, its position and the
   * extraction's context (macros, file-scope names). A declaration changes the scope of what follows, a
   * goto is completed from the statements after its label, and macros expanded in an expression statement
   * declare nothing and jump nowhere (both are ignored while pinned).
   */
  private bodyStatement(node: Node, out: Stmt[]): void {
    const reused = this.reused?.functions;
    if (!reused?.keepsStatements || node.type !== 'expression_statement' || node.hasError || this.namesLines) return this.statement(node, out);
    const { row, column } = node.startPosition;
    const text = node.text;
    let stmts = reused.takeStatement(text, column, row);
    if (!stmts) {
      stmts = [];
      this.statement(node, stmts);
      reused.keepStatement(text, column, row, stmts);
    }
    for (const s of stmts) out.push(s);
  }

  /**
   * The IR name of a variable as seen from the current scope. A function-local `static`, or a local that
   * shadows a file-scope variable of this file, gets a name of its own: `prev_hook` tested in a hook
   * that declares `static X_hook_type prev_hook;` is not the file's saved previous hook.
   */
  private ref(name: string): string {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const own = this.scopes[i].get(name);
      if (own !== undefined) return own;
    }
    return name;
  }

  private declareLocal(declaration: Node, nameNode: Node): void {
    const scope = this.scopes[this.scopes.length - 1];
    if (!scope || this.pinned) return;
    const name = nameNode.text;
    const shadows = this.fileNames.has(name);
    if (shadows) this.shadows.push({ name, loc: this.loc(nameNode) });
    const ownName = shadows || hasStorage(declaration, 'static');
    if (ownName) this.namesLines = true;
    scope.set(name, ownName ? `${name} (local, line ${nameNode.startPosition.row + 1})` : name);
  }

  protected block(node: Node): Stmt[] {
    const out: Stmt[] = [];
    for (const c of node.namedChildren) if (c) this.statement(c, out);
    return out;
  }

  protected statement(node: Node, out: Stmt[]): void {
    switch (node.type) {
      case 'compound_statement': {
        this.scopes.push(new Map());
        for (const c of node.namedChildren) if (c) this.statement(c, out);
        this.scopes.pop();
        return;
      }
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_else':
      case 'preproc_elif':
      case 'preproc_elifdef':
      case 'ERROR': {
        // unknown-condition #if branches all count as written: guards inside them still guard
        for (const c of node.namedChildren) {
          if (c && c.type !== 'preproc_arg' && c !== node.childForFieldName('condition')) this.statement(c, out);
        }
        return;
      }
      case 'goto_statement': {
        const label = node.childForFieldName('label')?.text;
        if (!label || this.pinned) return;
        const jump: Extract<Stmt, { k: 'block' }> = { k: 'block', body: [], jump: true };
        this.gotos.push({ label, at: node.startIndex, jump, loc: this.loc(node) });
        out.push(jump);
        return;
      }
      case 'labeled_statement': {
        const inner = node.namedChildren[node.namedChildren.length - 1];
        if (inner) this.statement(inner, out);
        return;
      }
      case 'expression_statement': {
        const e = node.namedChildren[0];
        if (e) this.expressionStatement(e, node, out);
        return;
      }
      case 'if_statement': {
        const condNode = node.childForFieldName('condition');
        if (condNode) this.expr(condNode, out);
        const cons = node.childForFieldName('consequence');
        const alt = node.childForFieldName('alternative');
        const then: Stmt[] = [];
        if (cons) this.statement(cons, then);
        const els: Stmt[] = [];
        if (alt) for (const c of alt.namedChildren) if (c) this.statement(c, els);
        out.push({
          k: 'if',
          cond: condNode ? this.cond(condNode) : { k: 'opaque', names: [] },
          then,
          else: els,
          loc: this.loc(node),
          condLoc: condNode ? this.loc(condNode) : this.loc(node),
        });
        return;
      }
      case 'do_statement': {
        const body: Stmt[] = [];
        for (const c of node.namedChildren) if (c) this.statement(c, body);
        out.push({ k: 'block', body });
        return;
      }
      case 'while_statement':
      case 'for_statement':
      case 'switch_statement':
      case 'case_statement': {
        const body: Stmt[] = [];
        for (const c of node.namedChildren) if (c) this.statement(c, body);
        out.push({ k: 'maybe', body });
        return;
      }
      case 'return_statement': {
        for (const c of node.namedChildren) if (c) this.expr(c, out);
        out.push({ k: 'return', loc: this.loc(node) });
        return;
      }
      case 'declaration': {
        for (const d of node.childrenForFieldName('declarator')) {
          if (!d || functionDeclarator(d)) continue;
          const nameNode = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
          const id = nameNode && declaredNameNode(nameNode);
          const value = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
          if (value) this.expr(value, out);
          if (!id || !nameNode) continue;
          this.declareLocal(node, id);
          if (value) out.push({ k: 'assign', target: this.ref(id.text), value: this.value(value), loc: this.loc(node), targetLoc: this.loc(nameNode), declaresLocal: true });
        }
        return;
      }
      default:
        // parenthesized / comma expressions used as statements (macro residue), conditions of loops, ...
        if (node.type.endsWith('_expression') || node.type === 'parenthesized_expression') this.expr(node, out);
    }
  }

  private expressionStatement(e: Node, stmt: Node, out: Stmt[]): void {
    if (e.type === 'identifier' && this.expandObjectMacro(e, out)) return;
    if (e.type === 'call_expression') {
      const fn = e.childForFieldName('function');
      const callee = fn ? this.callee(fn)?.name : undefined;
      if (callee && this.isRaise(callee, e)) {
        out.push({ k: 'raise', loc: this.loc(e) });
        return;
      }
      const before = out.length;
      this.expr(e, out);
      const last = out[out.length - 1];
      if (out.length > before && last.k === 'call' && !this.pinned) last.stmtLoc = this.loc(stmt);
      return;
    }
    this.expr(e, out);
  }

  private isRaise(callee: string, call: Node): boolean {
    if (NORETURN_CALLS.has(callee)) return true;
    if (callee !== 'ereport' && callee !== 'elog') return false;
    const level = call.childForFieldName('arguments')?.namedChildren[0];
    return !!level && RAISE_LEVELS.has(level.text);
  }

  // ---- expressions: the calls and assignments they contain, in evaluation order ----

  protected expr(node: Node, out: Stmt[]): void {
    switch (node.type) {
      case 'call_expression':
        this.call(node, out);
        return;
      case 'assignment_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (right) this.expr(right, out);
        const assigned = left && assignedName(left);
        const target = assigned && this.ref(assigned);
        if (left && right && target && node.childForFieldName('operator')?.text === '=') {
          out.push({ k: 'assign', target, value: this.value(right), loc: this.loc(node), targetLoc: this.loc(left) });
        }
        return;
      }
      case 'binary_expression': {
        // `prev && prev(x)`: calls on the right of && / || only run when the left allows it
        const op = node.childForFieldName('operator')?.text;
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        if ((op !== '&&' && op !== '||') || !l || !r) {
          for (const c of node.namedChildren) if (c) this.expr(c, out);
          return;
        }
        this.expr(l, out);
        const then: Stmt[] = [];
        this.expr(r, then);
        if (then.length) {
          const c = this.cond(l);
          out.push({ k: 'if', cond: op === '&&' ? c : { k: 'not', a: c }, then, else: [], loc: this.loc(node), condLoc: this.loc(l) });
        }
        return;
      }
      case 'conditional_expression': {
        const c = node.childForFieldName('condition');
        const a = node.childForFieldName('consequence');
        const b = node.childForFieldName('alternative');
        if (c) this.expr(c, out);
        const then: Stmt[] = [];
        const els: Stmt[] = [];
        if (a) this.expr(a, then);
        if (b) this.expr(b, els);
        if (then.length || els.length) {
          out.push({ k: 'if', cond: c ? this.cond(c) : { k: 'opaque', names: [] }, then, else: els, loc: this.loc(node), condLoc: this.loc(c ?? node) });
        }
        return;
      }
      default:
        for (const c of node.namedChildren) if (c) this.expr(c, out);
    }
  }

  protected call(node: Node, out: Stmt[]): void {
    const fn = node.childForFieldName('function');
    const argNodes = callArguments(node);
    const target = fn ? this.callee(fn) : undefined;
    if (target && !target.qualifier && this.expandFunctionMacro(node, target.name, argNodes, out)) return;
    for (const a of argNodes) this.expr(a, out);
    const chosen = fn && stripParensAndCasts(fn);
    if (chosen?.type === 'conditional_expression') {
      this.conditionalCall(node, chosen, argNodes, out);
      return;
    }
    if (!target || !fn) {
      if (fn) this.expr(fn, out);
      return;
    }
    out.push({
      k: 'call',
      callee: target.qualifier?.length ? target.name : this.ref(target.name),
      args: argNodes.map((a) => this.arg(a)),
      loc: this.loc(target.node),
      callLoc: this.loc(node),
      ...(target.qualifier?.length ? { qualifier: target.qualifier } : {}),
    });
  }

  /**
   * `(prev ? prev : standard_planner)(args)`, as a project macro `CALL(fn, ...)` expanding to
   * `(fn)(__VA_ARGS__)` writes it: a call of either function, chosen by the condition.
   */
  private conditionalCall(node: Node, choice: Node, argNodes: Node[], out: Stmt[]): void {
    const c = choice.childForFieldName('condition');
    if (!c) return;
    this.expr(c, out);
    const branch = (n: Node | null): Stmt[] => {
      const name = n && calleeNode(n);
      if (!name) {
        const calls: Stmt[] = [];
        if (n) this.expr(n, calls);
        return calls;
      }
      return [{ k: 'call', callee: this.ref(name.text), args: argNodes.map((a) => this.arg(a)), loc: this.loc(name), callLoc: this.loc(node) }];
    };
    // GNU `prev ?: standard_X` calls the tested value itself when it is set
    out.push({ k: 'if', cond: this.cond(c), then: branch(choice.childForFieldName('consequence') ?? c), else: branch(choice.childForFieldName('alternative')), loc: this.loc(node), condLoc: this.loc(c) });
  }

  protected arg(a: Node): Arg {
    const inner = stripParensAndCasts(a);
    const arg: Arg = { text: a.text, loc: this.loc(a) };
    if (inner.type === 'identifier') arg.name = this.ref(inner.text) === inner.text ? this.objectMacroName(inner.text) : this.ref(inner.text);
    else if (inner.type === 'pointer_expression' && inner.namedChildren[0]?.type === 'identifier') arg.name = this.ref(inner.namedChildren[0].text);
    const s = stringContent(inner);
    if (s !== undefined) arg.str = s;
    return arg;
  }

  protected value(node: Node): Value {
    const v = stripParensAndCasts(node);
    if (v.type === 'null' || NULLS.has(v.text)) return { k: 'null' };
    if (v.type === 'true' || v.text === '1' || v.text === 'TRUE') return { k: 'true' };
    if (v.type === 'identifier') return v.text === PRELOAD_FLAG ? { k: 'flag' } : { k: 'name', name: this.ref(v.text) };
    if (v.type === 'pointer_expression' && v.text.startsWith('&') && v.namedChildren[0]?.type === 'identifier') {
      return { k: 'name', name: this.ref(v.namedChildren[0].text) };
    }
    if (mentions(v, PRELOAD_FLAG)) return { k: 'cond', cond: this.cond(v) };
    return { k: 'opaque', names: identifiers(v).map((n) => this.ref(n)) };
  }

  protected cond(node: Node): Cond {
    const n = stripParensAndCasts(node);
    if (n.type === 'identifier') return n.text === PRELOAD_FLAG ? { k: 'flag' } : { k: 'truthy', name: this.ref(n.text) };
    if (n.type === 'unary_expression' && n.childForFieldName('operator')?.text === '!') {
      const a = n.childForFieldName('argument');
      return a ? { k: 'not', a: this.cond(a) } : { k: 'opaque', names: [] };
    }
    if (n.type === 'binary_expression') {
      const op = n.childForFieldName('operator')?.text;
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      if (l && r) {
        if (op === '&&') return { k: 'and', a: this.cond(l), b: this.cond(r) };
        if (op === '||') return { k: 'or', a: this.cond(l), b: this.cond(r) };
        if (op === '==' || op === '!=') {
          const [subject, other] = isConstant(r) ? [l, r] : isConstant(l) ? [r, l] : [undefined, undefined];
          if (subject && other) {
            const truthy = other.text === 'true' ? op === '==' : op === '!=';
            const c = this.cond(subject);
            return truthy ? c : { k: 'not', a: c };
          }
        }
      }
    }
    return { k: 'opaque', names: identifiers(n).map((id) => this.ref(id)) };
  }

  // ---- the project's own macros, expanded where the analysis needs them ----

  /** A name through the project's object-like macros that stand for one name (`#define CTX PGC_POSTMASTER`). */
  private objectMacroName(name: string): string {
    let current = name;
    for (let depth = 0; depth < MAX_MACRO_DEPTH; depth++) {
      const body = this.macros.object.get(current)?.replace(/^\((.*)\)$/, '$1').trim();
      if (!body || !/^[A-Za-z_]\w*$/.test(body)) break;
      current = body;
    }
    return current;
  }

  private expandFunctionMacro(node: Node, name: string, args: Node[], out: Stmt[]): boolean {
    const def = this.macros.func.get(name);
    if (!def || this.macroDepth >= MAX_MACRO_DEPTH) return false;
    let body = def.body;
    const variadic = def.params.indexOf('...');
    const substitute = (param: string, text: string) => {
      // `#p` makes a string, `a ## b` pastes tokens (after substitution)
      body = body
        .replace(new RegExp(`(?<!#)#\\s*${param}\\b`, 'g'), () => JSON.stringify(text))
        .replace(new RegExp(`\\b${param}\\b`, 'g'), () => text);
    };
    def.params.forEach((p, i) => {
      if (p !== '...') substitute(p, args[i]?.text ?? '');
    });
    if (variadic >= 0) {
      const rest = args.slice(variadic).map((a) => a.text).join(', ');
      // GNU `, ##__VA_ARGS__` drops the comma when there are no variadic arguments
      body = body.replace(/,\s*##\s*__VA_ARGS__/g, rest ? ', __VA_ARGS__' : '');
      substitute('__VA_ARGS__', rest);
    }
    return this.expandText(body.replace(/\s*##\s*/g, ''), node, out);
  }

  private expandObjectMacro(node: Node, out: Stmt[]): boolean {
    const body = this.macros.object.get(node.text);
    return !!body && this.macroDepth < MAX_MACRO_DEPTH && this.expandText(body, node, out);
  }

  /** Parses a macro body as statements and emits its IR with every location at the invocation. */
  private expandText(body: string, at: Node, out: Stmt[]): boolean {
    if (!/[(=]/.test(body)) return false;
    const snippet = `void pgext_lint_macro(void) {\n${body.replace(/\\\s*$/gm, '')};\n}\n`;
    const tree = this.parser.parse(snippet);
    if (!tree) return false;
    const outerPinned = this.pinned;
    try {
      const fn = tree.rootNode.namedChildren.find((c) => c?.type === 'function_definition');
      const bodyNode = fn?.childForFieldName('body');
      if (!bodyNode) return false;
      this.pinned = outerPinned ?? this.loc(at);
      this.macroDepth++;
      for (const c of bodyNode.namedChildren) if (c) this.statement(c, out);
      return true;
    } finally {
      this.macroDepth--;
      this.pinned = outerPinned;
      tree.delete();
    }
  }
}

function countStmts(stmts: Stmt[]): number {
  let n = 0;
  for (const s of stmts) {
    n++;
    if (s.k === 'if') n += countStmts(s.then) + countStmts(s.else);
    else if (s.k === 'maybe' || s.k === 'block') n += countStmts(s.body);
  }
  return n;
}

// ---- syntax helpers ----

export function hasStorage(node: Node, word: string): boolean {
  return node.namedChildren.some((c) => c?.type === 'storage_class_specifier' && c.text === word);
}

/** The function_declarator inside a declarator (through pointers and parentheses), if any. */
export function functionDeclarator(d: Node): Node | undefined {
  let cur: Node | null = d;
  while (cur) {
    if (cur.type === 'function_declarator') {
      // `int (*fp)(void)` declares a pointer variable, not a function
      const inner = cur.childForFieldName('declarator');
      return inner && inner.type === 'parenthesized_declarator' ? undefined : cur;
    }
    if (cur.type === 'pointer_declarator' || cur.type === 'parenthesized_declarator' || cur.type === 'attributed_declarator' || cur.type === 'reference_declarator') {
      cur = cur.childForFieldName('declarator') ?? cur.namedChildren[0];
    } else return undefined;
  }
  return undefined;
}

/** The names of a function declarator's parameters, in order. */
export function parameterNames(fdecl: Node): string[] {
  return parameterSlots(fdecl).filter((p): p is string => !!p);
}

/** Each parameter's name by position (undefined for an unnamed one). */
export function parameterSlots(fdecl: Node): (string | undefined)[] {
  return (fdecl.childForFieldName('parameters')?.namedChildren ?? [])
    .filter((p): p is Node => !!p && p.type !== 'comment')
    .map((p) => declaredName(p.childForFieldName('declarator')));
}

export function callArguments(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

export function declaredName(d: Node | null | undefined): string | undefined {
  return declaredNameNode(d)?.text;
}

function declaredNameNode(d: Node | null | undefined): Node | undefined {
  let cur: Node | null | undefined = d;
  while (cur) {
    if (cur.type === 'identifier') return cur;
    cur = cur.childForFieldName('declarator') ?? cur.namedChildren.find((c) => c?.type.endsWith('declarator') || c?.type === 'identifier');
  }
  return undefined;
}

/** Names of the variables declared at file scope (inside `#if` and `extern "C"` containers too). */
function fileScopeNames(root: Node): Set<string> {
  const names = new Set<string>();
  const visit = (n: Node) => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'declaration') {
        for (const d of c.childrenForFieldName('declarator')) {
          const name = d && !functionDeclarator(d) ? declaredName(d.type === 'init_declarator' ? d.childForFieldName('declarator') : d) : undefined;
          if (name) names.add(name);
        }
      } else if (CONTAINERS.has(c.type)) visit(c);
    }
  };
  visit(root);
  return names;
}

export function stripParensAndCasts(n: Node): Node {
  let cur = n;
  for (;;) {
    if (cur.type === 'parenthesized_expression' && cur.namedChildren.length === 1 && cur.namedChildren[0]) cur = cur.namedChildren[0];
    else if (cur.type === 'cast_expression' && cur.childForFieldName('value')) cur = cur.childForFieldName('value')!;
    else return cur;
  }
}

/** The name node a call goes through: `f(..)`, `(*f)(..)`, `(f)(..)`; none for calls through fields. */
export function calleeNode(fn: Node): Node | undefined {
  const n = stripParensAndCasts(fn);
  if (n.type === 'identifier') return n;
  if (n.type === 'pointer_expression' && n.text.startsWith('*')) {
    const inner = n.childForFieldName('argument');
    return inner ? calleeNode(inner) : undefined;
  }
  return undefined;
}

function assignedName(left: Node): string | undefined {
  const n = stripParensAndCasts(left);
  return n.type === 'identifier' ? n.text : undefined;
}

function isConstant(n: Node): boolean {
  const s = stripParensAndCasts(n);
  return s.type === 'null' || s.type === 'true' || s.type === 'false' || NULLS.has(s.text) || s.text === 'true';
}

function stringContent(n: Node): string | undefined {
  if (n.type === 'string_literal') {
    return n.namedChildren.filter((c) => c?.type === 'string_content' || c?.type === 'escape_sequence').map((c) => c!.text).join('');
  }
  if (n.type === 'concatenated_string') {
    const parts = n.namedChildren.map((c) => (c ? stringContent(c) : undefined));
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  return undefined;
}

function identifiers(n: Node): string[] {
  return n.descendantsOfType('identifier').filter((c): c is Node => !!c).map((c) => c.text);
}

function mentions(n: Node, name: string): boolean {
  return identifiers(n).includes(name);
}
