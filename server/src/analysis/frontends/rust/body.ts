import type { Node } from 'web-tree-sitter';
import type { CallStmt, Cond, FunctionDef, Location, Stmt, Value } from '../../model/model';
import { PRELOAD_FLAG, RAISE_LEVELS } from '../../knowledge/preload';
import type { ArgReader } from './args';
import { cfgKeeps, evalCfgTree } from './cfg';
import { and, COMPARISONS, mentionsFlag, not, or, type CondOrConst } from './conditions';
import { codeChildren, isComment, isStatementPosition, mentionedNames, nodeLoc, pathName, pathSegments, stripWrappers } from './nodes';
import { isNonePattern, isWildcardPattern, someBinding, variantBinding } from './patterns';
import {
  CONSTRUCT_MACROS,
  CONSTRUCTORS,
  LEVELLED_REPORTS,
  NULL_CALLS,
  OPTION_TESTS,
  RAISING_MACROS,
  SEE_THROUGH_METHODS,
  SWAPPING_METHODS,
  STORING_METHODS,
  UNWRAPPING_METHODS,
  VERSION_CONSTANTS,
  WORKER_BUILDER,
  WORKER_BUILDER_LOAD,
  WORKER_LOAD_CALLEE,
} from './pgrxSyntax';

/** What a body walker needs from the file it is in. */
export interface BodyContext {
  file: string;
  pgVersion: number;
  args: ArgReader;
  /** the type of the enclosing `impl`, which `Self::` names */
  selfType?: string;
  /** an item declared inside a body (`fn` in `fn`, a function-local `static`) */
  item(node: Node, attrs: Node[]): void;
  /** the names of the functions the file defines, which a bare name means before any glob-imported static */
  functionNames: ReadonlySet<string>;
  /** statics declared outside any function, which a block's own `static` may shadow */
  moduleStatics: ReadonlySet<string>;
}

/** A variable an expression reads, seen through Option/cell accessors (`PREV.get()` reads PREV). */
interface Ref {
  name: string;
  /** read through `.unwrap()` / `.expect()` */
  unwrapped: boolean;
  /** the identifier naming it, for locations */
  node: Node;
}

/** What a local name stands for: another variable (`Some(prev)` bound from PREV), or itself (`null`). */
type Binding = Omit<Ref, 'node'> | null;
type Bindings = Map<string, Binding>;

/** Declarations in a block that are items of their own, not statements of the function. */
const ITEM_TYPES = new Set([
  'function_item',
  'function_signature_item',
  'static_item',
  'const_item',
  'struct_item',
  'enum_item',
  'union_item',
  'impl_item',
  'trait_item',
  'mod_item',
  'use_declaration',
  'type_item',
  'macro_definition',
  'foreign_mod_item',
  'extern_crate_declaration',
  'inner_attribute_item',
]);

/** Path roots that name the crate or a module relative to the caller: dropped from qualifiers. */
const CRATE_RELATIVE = new Set(['crate', 'self', 'super']);

/**
 * One function body -> statement IR. Calls nested in expressions are emitted before the statement
 * that contains them, in evaluation order; `if`/`match`/loops keep their control flow; closures are
 * bodies that may run (`maybe`) and their `return`s leave only the closure.
 */
export class BodyWalker {
  private readonly scopes: Bindings[] = [new Map()];
  /** locals holding a `BackgroundWorkerBuilder` chain, so that `builder.load()` is recognised */
  private readonly builders = new Set<string>();
  private closureDepth = 0;
  /** block statics that hide a module static of the same name */
  readonly shadows: NonNullable<FunctionDef['shadows']> = [];

  constructor(private readonly ctx: BodyContext) {}

  walk(body: Node): Stmt[] {
    return this.blockStmts(body);
  }

  private loc(node: Node): Location {
    return nodeLoc(this.ctx.file, node);
  }

  // ---- scopes ----

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  private bind(name: string, b: Binding): void {
    this.scopes[this.scopes.length - 1].set(name, b);
  }

  private shadow(pattern: Node, into: Bindings = this.scopes[this.scopes.length - 1]): void {
    for (const n of mentionedNames(pattern)) into.set(n, null);
  }

  private scoped<T>(bindings: Bindings, f: () => T): T {
    this.scopes.push(bindings);
    try {
      return f();
    } finally {
      this.scopes.pop();
    }
  }

  // ---- statements ----

  /** The statements of a block (or of `unsafe { }`), in a scope of their own. */
  private blockStmts(block: Node, bindings: Bindings = new Map()): Stmt[] {
    const out: Stmt[] = [];
    const inner = block.type === 'block' ? block : (codeChildren(block).find((c) => c.type === 'block') ?? block);
    // a block's `static mut PREV` is another variable than the module's PREV, in all of the block
    for (const c of inner.namedChildren) {
      const name = c.type === 'static_item' ? c.childForFieldName('name') : null;
      if (!name || !this.ctx.moduleStatics.has(name.text)) continue;
      bindings.set(name.text, { name: `${name.text} (local, line ${name.startPosition.row + 1})`, unwrapped: false });
      this.shadows.push({ name: name.text, loc: this.loc(name) });
    }
    this.scoped(bindings, () => {
      let attrs: Node[] = [];
      for (const c of inner.namedChildren) {
        if (isComment(c)) continue;
        if (c.type === 'attribute_item') {
          attrs.push(c);
          continue;
        }
        const keep = c.type !== 'ERROR' && cfgKeeps(attrs, this.ctx.pgVersion);
        const itemAttrs = attrs;
        attrs = [];
        if (!keep) continue;
        if (ITEM_TYPES.has(c.type)) this.ctx.item(c, itemAttrs);
        else if (c.type === 'expression_statement') {
          const e = codeChildren(c)[0];
          if (e) this.expr(e, out, c);
        } else if (c.type === 'let_declaration') this.let(c, out);
        else if (c.type !== 'empty_statement') this.expr(c, out, isStatementPosition(c) ? c : undefined);
      }
    });
    return out;
  }

  private let(node: Node, out: Stmt[]): void {
    const pattern = node.childForFieldName('pattern');
    const value = node.childForFieldName('value');
    const alternative = node.childForFieldName('alternative');
    if (!pattern) return;
    if (!value) {
      this.shadow(pattern);
      return;
    }
    if (alternative) {
      this.letElse(node, pattern, value, alternative, out);
      return;
    }
    if (pattern.type !== 'identifier') {
      this.expr(value, out);
      this.shadow(pattern);
      return;
    }
    const name = pattern.text;
    if (this.isBuilderChain(value)) {
      this.expr(value, out);
      this.builders.add(name);
      this.bind(name, null);
      return;
    }
    const at = { loc: this.loc(node), targetLoc: this.loc(pattern), declaresLocal: true };
    if (this.swap(value, name, out, at)) {
      this.bind(name, null);
      return;
    }
    const v = this.value(value, out);
    out.push({ k: 'assign', target: name, value: v, ...at });
    const r = v.k === 'name' ? this.ref(value) : undefined;
    this.bind(name, r && r.name !== PRELOAD_FLAG ? { name: r.name, unwrapped: r.unwrapped } : null);
  }

  /** `let Some(prev) = PREV else { .. };`: the else block runs when PREV is None. */
  private letElse(node: Node, pattern: Node, value: Node, alternative: Node, out: Stmt[]): void {
    const binding = someBinding(pattern);
    const r = binding !== undefined ? this.ref(value) : undefined;
    let cond: Cond;
    if (r) {
      cond = { k: 'not', a: { k: 'truthy', name: r.name } };
    } else {
      this.expr(value, out);
      cond = { k: 'opaque', names: mentionedNames(value) };
    }
    const then = this.blockStmts(alternative);
    out.push({ k: 'if', cond, then, else: [], loc: this.loc(node), condLoc: this.loc(value) });
    this.shadow(pattern);
    if (r && binding) this.bind(binding, { name: r.name, unwrapped: false });
  }

  // ---- expressions ----

  /** Emits what evaluating `node` does. `stmt` is the statement when `node` is the whole of it. */
  private expr(node: Node, out: Stmt[], stmt?: Node): void {
    switch (node.type) {
      case 'call_expression':
        return this.call(node, out, stmt);
      case 'macro_invocation':
        return this.macro(node, out, stmt);
      case 'assignment_expression':
        return this.assign(node, out, stmt);
      case 'if_expression':
        return this.ifExpr(node, out);
      case 'match_expression':
        return this.match(node, out);
      case 'loop_expression':
        return this.loop(node.childForFieldName('body'), new Map(), out);
      case 'while_expression': {
        const bindings: Bindings = new Map();
        const cond = node.childForFieldName('condition');
        if (cond) this.cond(cond, out, bindings);
        return this.loop(node.childForFieldName('body'), bindings, out);
      }
      case 'for_expression': {
        const bindings: Bindings = new Map();
        const value = node.childForFieldName('value');
        const pattern = node.childForFieldName('pattern');
        if (value) this.expr(value, out);
        if (pattern) this.shadow(pattern, bindings);
        return this.loop(node.childForFieldName('body'), bindings, out);
      }
      case 'block':
      case 'unsafe_block':
      case 'const_block':
      case 'try_block': {
        const body = this.blockStmts(node);
        if (body.length > 0) out.push({ k: 'block', body });
        return;
      }
      case 'closure_expression':
      case 'async_block':
        return this.closure(node, out);
      case 'return_expression': {
        for (const c of codeChildren(node)) this.expr(c, out);
        if (this.closureDepth === 0) out.push({ k: 'return', loc: this.loc(node) });
        return;
      }
      case 'let_condition':
      case 'let_chain':
        this.cond(node, out, new Map());
        return;
      case 'attribute_item':
      case 'token_tree':
      case 'ERROR':
        return;
      default:
        for (const c of codeChildren(node)) this.expr(c, out);
    }
  }

  private loop(body: Node | null, bindings: Bindings, out: Stmt[]): void {
    if (!body) return;
    const stmts = this.blockStmts(body, bindings);
    if (stmts.length > 0) out.push({ k: 'maybe', body: stmts });
  }

  private closure(node: Node, out: Stmt[]): void {
    const bindings: Bindings = new Map();
    const params = node.childForFieldName('parameters');
    if (params) this.shadow(params, bindings);
    const body = node.type === 'async_block' ? node : node.childForFieldName('body');
    if (!body) return;
    this.closureDepth++;
    let stmts: Stmt[] = [];
    try {
      if (body.type === 'block' || body.type === 'async_block') stmts = this.blockStmts(body, bindings);
      else this.scoped(bindings, () => this.expr(body, stmts, body));
    } finally {
      this.closureDepth--;
    }
    if (stmts.length > 0) out.push({ k: 'maybe', body: stmts });
  }

  private call(node: Node, out: Stmt[], stmt?: Node): void {
    const fn = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fn) return;
    const argNodes = argsNode ? codeChildren(argsNode).filter((a) => a.type !== 'attribute_item') : [];
    const emit = (callee: string, nameNode: Node, unwrapped = false, qualifier?: string[]) => {
      const call: CallStmt = {
        k: 'call',
        callee,
        args: this.ctx.args.callArgs(argsNode),
        loc: this.loc(nameNode),
        callLoc: this.loc(node),
      };
      if (stmt) call.stmtLoc = this.loc(stmt);
      if (unwrapped) call.unwrapped = true;
      if (qualifier) call.qualifier = qualifier;
      out.push(call);
    };

    if (fn.type === 'field_expression') {
      const method = fn.childForFieldName('field');
      const receiver = fn.childForFieldName('value');
      if (!method || !receiver) return;
      if (STORING_METHODS.has(method.text) && argNodes.length > 0 && this.store(node, receiver, argNodes, out, stmt)) return;
      this.expr(receiver, out);
      for (const a of argNodes) this.expr(a, out);
      const callee =
        method.text === WORKER_BUILDER_LOAD && this.isBuilderChain(receiver) ? WORKER_LOAD_CALLEE : method.text;
      emit(callee, method);
      return;
    }

    const path = pathName(fn);
    if (path && (fn.type === 'identifier' || fn.type === 'scoped_identifier' || fn.type === 'generic_function')) {
      for (const a of argNodes) this.expr(a, out);
      if (LEVELLED_REPORTS.has(path.text) && this.raisesAtLevel(this.ctx.args.callArgs(argsNode)[0]?.name)) {
        out.push({ k: 'raise', loc: this.loc(node) });
        return;
      }
      if (CONSTRUCTORS.has(path.text)) return;
      const b = fn.type === 'identifier' ? this.lookup(path.text) : undefined;
      emit(b ? b.name : path.text, path, b?.unwrapped, this.qualifier(fn));
      return;
    }

    // calls through an expression: `PREV.unwrap()(args)`, `(*prev)(args)`
    const r = this.ref(fn);
    if (!r) this.expr(fn, out);
    for (const a of argNodes) this.expr(a, out);
    if (r) emit(r.name, r.node, r.unwrapped);
  }

  /**
   * The module path a called path names, relative to the crate: `crate::gucs::init` -> ['gucs'],
   * `Self::new` -> the impl's type. Undefined for a plain name.
   */
  private qualifier(fn: Node): string[] | undefined {
    const path = (fn.type === 'generic_function' ? fn.childForFieldName('function') : fn)?.childForFieldName('path');
    if (!path) return undefined;
    const segments = pathSegments(path);
    if (!segments) return undefined;
    while (segments.length > 0 && CRATE_RELATIVE.has(segments[0])) segments.shift();
    const self = segments.indexOf('Self');
    if (self >= 0) {
      if (!this.ctx.selfType) return undefined;
      segments[self] = this.ctx.selfType;
    }
    return segments.length > 0 ? segments : undefined;
  }

  /** `PREV.set(pg_sys::X_hook)` and friends: an assignment to PREV when the value is one we track. */
  private store(node: Node, receiver: Node, argNodes: Node[], out: Stmt[], stmt?: Node): boolean {
    const target = this.ref(receiver);
    if (!target) return false;
    const scratch: Stmt[] = [];
    const value = this.value(argNodes[0], scratch);
    if (value.k === 'opaque') return false;
    out.push(...scratch);
    out.push({
      k: 'assign',
      target: target.name,
      value,
      loc: this.loc(stmt ?? node),
      targetLoc: this.loc(receiver),
    });
    return true;
  }

  private raisesAtLevel(level: string | undefined): boolean {
    return level !== undefined && RAISE_LEVELS.has(level);
  }

  private macro(node: Node, out: Stmt[], stmt?: Node): void {
    const nameNode = pathName(node.childForFieldName('macro') ?? node);
    if (!nameNode) return;
    const name = nameNode.text;
    const tree = node.namedChildren.find((c) => c.type === 'token_tree');
    const construct = CONSTRUCT_MACROS[name];
    if (construct) {
      const call: CallStmt = {
        k: 'call',
        callee: construct,
        args: this.ctx.args.macroArgs(tree),
        loc: this.loc(nameNode),
        callLoc: this.loc(node),
      };
      if (stmt) call.stmtLoc = this.loc(stmt);
      out.push(call);
    } else if (
      RAISING_MACROS.has(name) ||
      (LEVELLED_REPORTS.has(name) && this.raisesAtLevel(this.ctx.args.macroArgs(tree)[0]?.name))
    ) {
      out.push({ k: 'raise', loc: this.loc(node) });
    }
  }

  private assign(node: Node, out: Stmt[], stmt?: Node): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return;
    const target = this.ref(left);
    if (!target) this.expr(left, out);
    if (target && this.swap(right, target.name, out, { loc: this.loc(stmt ?? node), targetLoc: this.loc(left) })) return;
    const value = this.value(right, out);
    if (target) {
      out.push({ k: 'assign', target: target.name, value, loc: this.loc(stmt ?? node), targetLoc: this.loc(left) });
    }
  }

  /**
   * `PREV = pg_sys::X_hook.replace(f)` / `std::mem::replace(&mut pg_sys::X_hook, Some(f))` /
   * `X.take()`: the old value is saved into `target`, then the new one stored, in that order.
   */
  private swap(
    node: Node,
    target: string,
    out: Stmt[],
    at: { loc: Location; targetLoc: Location; declaresLocal?: boolean },
  ): boolean {
    const n = stripWrappers(node);
    const fn = n.type === 'call_expression' ? n.childForFieldName('function') : null;
    if (!fn) return false;
    const args = codeChildren(n.childForFieldName('arguments') ?? n);
    const method = fn.type === 'field_expression' ? fn.childForFieldName('field')?.text : undefined;
    const receiver = method ? fn.childForFieldName('value') : undefined;
    let swapped: Node | undefined;
    let replacement: Node | undefined;
    if (receiver && SWAPPING_METHODS.has(method!) && args.length <= 1) [swapped, replacement] = [receiver, args[0]];
    else if (!method && pathName(fn)?.text === 'replace' && args.length === 2) [swapped, replacement] = args;
    const r = swapped ? this.ref(swapped) : undefined;
    if (!r || !swapped) return false;
    const value: Value = replacement ? this.value(replacement, out) : { k: 'null' };
    out.push({ k: 'assign', target, value: { k: 'name', name: r.name }, ...at });
    out.push({ k: 'assign', target: r.name, value, loc: this.loc(n), targetLoc: this.loc(swapped) });
    return true;
  }

  private ifExpr(node: Node, out: Stmt[]): void {
    const condNode = node.childForFieldName('condition');
    const consequence = node.childForFieldName('consequence');
    if (!condNode || !consequence) return;
    const bindings: Bindings = new Map();
    const cond = this.cond(condNode, out, bindings);
    const alternative = node.childForFieldName('alternative');
    const elseBranch = alternative ? codeChildren(alternative)[0] : undefined;
    const then = () => this.blockStmts(consequence, bindings);
    const otherwise = (): Stmt[] => {
      if (!elseBranch) return [];
      if (elseBranch.type === 'block') return this.blockStmts(elseBranch);
      const stmts: Stmt[] = [];
      this.expr(elseBranch, stmts);
      return stmts;
    };
    this.branch(cond, then, otherwise, node, condNode, out);
  }

  /** An `if` with the reduced condition; a decided condition keeps only the branch taken. */
  private branch(
    cond: CondOrConst,
    then: () => Stmt[],
    otherwise: () => Stmt[],
    node: Node,
    condNode: Node,
    out: Stmt[],
  ): void {
    if (typeof cond === 'boolean') {
      const body = cond ? then() : otherwise();
      if (body.length > 0) out.push({ k: 'block', body });
      return;
    }
    out.push({ k: 'if', cond, then: then(), else: otherwise(), loc: this.loc(node), condLoc: this.loc(condNode) });
  }

  private match(node: Node, out: Stmt[]): void {
    const value = node.childForFieldName('value');
    const body = node.childForFieldName('body');
    if (!value || !body) return;
    const arms = this.arms(body);

    // `match PREV { Some(p) => p(..), None => standard_X(..) }` is `if PREV {..} else {..}`
    const r = this.ref(value);
    const unguarded = arms.every((a) => !a.childForFieldName('pattern')?.childForFieldName('condition'));
    const somes = arms.filter((a) => someBinding(this.pattern(a)) !== undefined);
    const rest = arms.filter((a) => isNonePattern(this.pattern(a)) || isWildcardPattern(this.pattern(a)));
    if (r && unguarded && somes.length === 1 && rest.length <= 1 && somes.length + rest.length === arms.length) {
      const binding = someBinding(this.pattern(somes[0]));
      const bindings: Bindings = new Map();
      if (binding) bindings.set(binding, { name: r.name, unwrapped: false });
      this.branch(
        { k: 'truthy', name: r.name },
        () => this.armStmts(somes[0], bindings),
        () => (rest[0] ? this.armStmts(rest[0], new Map()) : []),
        node,
        value,
        out,
      );
      return;
    }

    // `match flag { true => .., false => .. }` is an `if`
    const literal = (a: Node, text: string) => this.pattern(a).text === text;
    const trues = arms.filter((a) => literal(a, 'true'));
    const falses = arms.filter((a) => literal(a, 'false') || isWildcardPattern(this.pattern(a)));
    if (unguarded && trues.length === 1 && falses.length === 1 && arms.length === 2) {
      const cond = this.cond(value, out, new Map());
      this.branch(cond, () => this.armStmts(trues[0], new Map()), () => this.armStmts(falses[0], new Map()), node, value, out);
      return;
    }

    // other matches: each arm may run; a one-field variant of a tracked value stands for it
    // (`match PREV_HOOKS.entry(k) { Vacant(e) => e.insert(pg_sys::X_hook) }` saves into PREV_HOOKS)
    this.expr(value, out);
    for (const arm of arms) {
      const bindings: Bindings = new Map();
      this.shadow(this.pattern(arm), bindings);
      const part = r ? variantBinding(this.pattern(arm)) : undefined;
      if (r && part) bindings.set(part, { name: r.name, unwrapped: false });
      const stmts: Stmt[] = [];
      const guard = arm.childForFieldName('pattern')?.childForFieldName('condition');
      if (guard) this.scoped(bindings, () => this.cond(guard, stmts, bindings));
      stmts.push(...this.armStmts(arm, bindings));
      if (stmts.length > 0) out.push({ k: 'maybe', body: stmts });
    }
  }

  /** The arms of a match that exist for this version. */
  private arms(body: Node): Node[] {
    return body.namedChildren.filter(
      (a) =>
        (a.type === 'match_arm' || a.type === 'last_match_arm') &&
        cfgKeeps(
          a.namedChildren.filter((c) => c.type === 'attribute_item'),
          this.ctx.pgVersion,
        ),
    );
  }

  private pattern(arm: Node): Node {
    return arm.childForFieldName('pattern') ?? arm;
  }

  private armStmts(arm: Node, bindings: Bindings): Stmt[] {
    const value = arm.childForFieldName('value');
    if (!value) return [];
    if (value.type === 'block') return this.blockStmts(value, bindings);
    const stmts: Stmt[] = [];
    this.scoped(bindings, () => this.expr(value, stmts, isStatementPosition(value) ? value : undefined));
    return stmts;
  }

  // ---- conditions and values ----

  /** Reduces a condition, emitting the calls it makes; `if let Some(x) = V` binds x to V in `bindings`. */
  private cond(node: Node, out: Stmt[], bindings: Bindings): CondOrConst {
    const n = stripWrappers(node);
    switch (n.type) {
      case 'boolean_literal':
        return n.text === 'true';
      case 'unary_expression':
        if (n.child(0)?.type === '!') return not(this.cond(codeChildren(n)[0], out, bindings));
        break;
      case 'binary_expression': {
        const op = n.childForFieldName('operator')?.type;
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (!left || !right) break;
        if (op === '&&') return and(this.cond(left, out, bindings), this.cond(right, out, bindings));
        if (op === '||') return or(this.cond(left, out, bindings), this.cond(right, out, bindings));
        const decided = this.versionComparison(op, left, right);
        if (decided !== undefined) return decided;
        break;
      }
      case 'macro_invocation':
        if (pathName(n.childForFieldName('macro') ?? n)?.text === 'cfg') {
          const tree = n.namedChildren.find((c) => c.type === 'token_tree');
          return (tree ? evalCfgTree(tree, this.ctx.pgVersion) : undefined) ?? { k: 'opaque', names: [] };
        }
        break;
      case 'let_condition':
        return this.letCondition(n, out, bindings);
      case 'let_chain':
        return codeChildren(n).reduce<CondOrConst>((acc, c) => and(acc, this.cond(c, out, bindings)), true);
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        const test = fn?.type === 'field_expression' ? OPTION_TESTS[fn.childForFieldName('field')?.text ?? ''] : undefined;
        const receiver = fn?.childForFieldName('value');
        const r = test !== undefined && receiver ? this.ref(receiver) : undefined;
        if (r) return test ? { k: 'truthy', name: r.name } : not({ k: 'truthy', name: r.name });
        break;
      }
    }
    const r = n.type === 'call_expression' || this.isPlainName(n) ? this.ref(n) : undefined;
    if (r) return r.name === PRELOAD_FLAG ? { k: 'flag' } : { k: 'truthy', name: r.name };
    this.expr(n, out);
    return { k: 'opaque', names: mentionedNames(n) };
  }

  private isPlainName(n: Node): boolean {
    return n.type === 'identifier' || n.type === 'scoped_identifier' || n.type === 'field_expression';
  }

  private letCondition(n: Node, out: Stmt[], bindings: Bindings): CondOrConst {
    const pattern = n.childForFieldName('pattern');
    const value = n.childForFieldName('value');
    if (!pattern || !value) return { k: 'opaque', names: [] };
    const binding = someBinding(pattern);
    const r = this.ref(value);
    if (r && binding !== undefined) {
      if (binding) bindings.set(binding, { name: r.name, unwrapped: false });
      return { k: 'truthy', name: r.name };
    }
    if (r && isNonePattern(pattern)) return not({ k: 'truthy', name: r.name });
    this.expr(value, out);
    this.shadow(pattern, bindings);
    return { k: 'opaque', names: mentionedNames(value) };
  }

  /** `pg_sys::PG_VERSION_NUM >= 150000`: decided for the target version. */
  private versionComparison(op: string | undefined, left: Node, right: Node): boolean | undefined {
    const compare = op ? COMPARISONS[op] : undefined;
    if (!compare) return undefined;
    const constant = (n: Node) => {
      const name = pathName(stripWrappers(n))?.text;
      const f = name ? VERSION_CONSTANTS[name] : undefined;
      return f ? f(this.ctx.pgVersion) : undefined;
    };
    const number = (n: Node) => {
      const s = stripWrappers(n);
      if (s.type !== 'integer_literal') return undefined;
      const v = Number(s.text.replace(/_/g, '').replace(/[iu](8|16|32|64|128|size)$/, ''));
      return Number.isFinite(v) ? v : undefined;
    };
    const l = constant(left) ?? number(left);
    const r = constant(right) ?? number(right);
    const known = constant(left) !== undefined || constant(right) !== undefined;
    return known && l !== undefined && r !== undefined ? compare(l, r) : undefined;
  }

  /** The right-hand side of an assignment or `let`, emitting the calls it makes. */
  private value(node: Node, out: Stmt[]): Value {
    const n = stripWrappers(node);
    if (n.type === 'call_expression') {
      const fn = n.childForFieldName('function');
      const callee = fn && fn.type !== 'field_expression' ? pathName(fn)?.text : undefined;
      const args = codeChildren(n.childForFieldName('arguments') ?? n);
      if (callee === 'Some' && args.length === 1) {
        const r = this.ref(args[0]);
        // a local `fn post_parse_analyze_hook` shadows `pg_sys::post_parse_analyze_hook` when written bare
        if (r) return r.node === stripWrappers(args[0]) && r.node.type === 'identifier' && this.ctx.functionNames.has(r.name) ? { k: 'name', name: r.name, fn: true } : { k: 'name', name: r.name };
      }
      if (callee && NULL_CALLS.has(callee)) return { k: 'null' };
    }
    if ((n.type === 'identifier' || n.type === 'scoped_identifier') && pathName(n)?.text === 'None') return { k: 'null' };
    if (this.isBoolean(n)) {
      const c = this.cond(n, out, new Map());
      if (typeof c !== 'boolean' && mentionsFlag(c)) return c.k === 'flag' ? { k: 'flag' } : { k: 'cond', cond: c };
      return { k: 'opaque', names: mentionedNames(n) };
    }
    const r = this.ref(n);
    if (r) return r.name === PRELOAD_FLAG ? { k: 'flag' } : { k: 'name', name: r.name };
    this.expr(n, out);
    return { k: 'opaque', names: mentionedNames(n) };
  }

  private isBoolean(n: Node): boolean {
    if (n.type === 'unary_expression') return n.child(0)?.type === '!';
    if (n.type === 'binary_expression') {
      const op = n.childForFieldName('operator')?.type;
      return op === '&&' || op === '||';
    }
    return n.type === 'macro_invocation' && pathName(n.childForFieldName('macro') ?? n)?.text === 'cfg';
  }

  /** The variable an expression reads, through `&`, `*`, `unsafe { }`, see-through accessors and unwraps. */
  private ref(node: Node): Ref | undefined {
    const n = stripWrappers(node);
    switch (n.type) {
      case 'identifier': {
        const b = this.lookup(n.text);
        return b ? { ...b, node: n } : { name: n.text, unwrapped: false, node: n };
      }
      case 'scoped_identifier':
      case 'generic_function': {
        const name = pathName(n);
        return name ? { name: name.text, unwrapped: false, node: name } : undefined;
      }
      case 'field_expression': {
        // `self.prev` names prev; a tuple field (`CELL.0`) is the wrapper itself
        const field = n.childForFieldName('field');
        const value = n.childForFieldName('value');
        if (field?.type === 'field_identifier') return { name: field.text, unwrapped: false, node: field };
        return field?.type === 'integer_literal' && value ? this.ref(value) : undefined;
      }
      case 'call_expression': {
        const fn = n.childForFieldName('function');
        if (fn?.type !== 'field_expression') return undefined;
        const method = fn.childForFieldName('field')?.text ?? '';
        const receiver = fn.childForFieldName('value');
        const inner = receiver && (SEE_THROUGH_METHODS.has(method) || UNWRAPPING_METHODS.has(method)) ? this.ref(receiver) : undefined;
        if (!inner) return undefined;
        return UNWRAPPING_METHODS.has(method) ? { ...inner, unwrapped: true } : inner;
      }
      default:
        return undefined;
    }
  }

  /** `BackgroundWorkerBuilder::new(..)...` or a local holding one. */
  private isBuilderChain(node: Node): boolean {
    const n = stripWrappers(node);
    if (n.type === 'identifier') return this.builders.has(n.text);
    if (n.type !== 'call_expression') return false;
    const fn = n.childForFieldName('function');
    if (!fn) return false;
    if (fn.type === 'field_expression') {
      const receiver = fn.childForFieldName('value');
      return !!receiver && this.isBuilderChain(receiver);
    }
    const owner = fn.type === 'scoped_identifier' ? fn.childForFieldName('path') : null;
    return !!owner && pathName(owner)?.text === WORKER_BUILDER;
  }
}
