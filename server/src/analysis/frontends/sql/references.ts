import type { Location } from '../../model/model';
import type { SqlReference } from '../../model/sql';
import {
  builtinResult,
  builtinTypeName,
  exactBuiltinCall,
  exactBuiltinOperator,
  isBuiltinFunction,
  isBuiltinOperator,
  isBuiltinRelation,
  isBuiltinType,
} from '../../knowledge/pgBuiltins';

/**
 * Unqualified names that an expression or query resolves through the search_path: function calls,
 * operators (including the implicit ones of IN, LIKE, BETWEEN, NULLIF, IS DISTINCT FROM, = ANY and
 * CASE x WHEN), type casts and relations. Syntax the grammar turns into pg_catalog calls (EXTRACT,
 * SUBSTRING ... FROM, AT TIME ZONE) and constructs that need no lookup (COALESCE, GREATEST, AND, IS NULL)
 * are not references. Argument types are inferred where that is certain (literals, casts, typed
 * variables and parameters, exact builtin results), so that an exact builtin match is told apart.
 */

type Obj = Record<string, unknown>;

export interface RefScope {
  /** PL/pgSQL variables and named parameters: their builtin type, or undefined */
  vars: Map<string, string | undefined>;
  /** positional parameters `$1`..: their builtin type, or undefined */
  params: (string | undefined)[];
  /** a location in the file for a byte offset of the parsed text and a length in characters */
  locate(byteOffset: number, length: number): Location | undefined;
  emit(ref: SqlReference): void;
  /** the result type of a call that resolves exactly to a function the script created earlier */
  ownCall?(name: string, argTypes: (string | undefined)[]): string | undefined;
  /** `set_config('search_path', value, is_local)` or `SET [LOCAL] search_path` met in the text (value undefined: computed or reset) */
  onSetConfig?(value: string | undefined, local: boolean, byteOffset: number): void;
}

/** The strings of a parse-tree name list (`[{String: {sval}}]`). */
export const names = (list: unknown): string[] =>
  Array.isArray(list) ? list.map((n) => ((n as Obj).String as Obj | undefined)?.sval as string).filter((s) => s !== undefined) : [];

/** A parse-tree node's type and fields (`{FuncCall: {...}}`), or undefined for a plain field object. */
export function nodeOf(n: unknown): [string, Obj] | undefined {
  if (!n || typeof n !== 'object' || Array.isArray(n)) return undefined;
  const keys = Object.keys(n);
  if (keys.length !== 1 || !/^[A-Z]/.test(keys[0])) return undefined;
  return [keys[0], (n as Obj)[keys[0]] as Obj];
}

/** The builtin type a TypeName node names, or undefined. */
export function typeNameOf(tn: Obj | undefined): string | undefined {
  if (!tn) return undefined;
  const ns = names(tn.names);
  if (ns.length === 0 || ns.length > 2 || (ns.length === 2 && ns[0] !== 'pg_catalog')) return undefined;
  const base = builtinTypeName(ns[ns.length - 1]);
  if (!base) return undefined;
  return tn.arrayBounds ? `_${base.replace(/^_/, '')}` : base;
}

/** A type as the script spells it: the builtin's catalogue name, else its last name (`[]` for arrays). */
export function writtenTypeName(tn: Obj | undefined): string {
  return typeNameOf(tn) ?? `${names(tn?.names).pop() ?? '?'}${tn?.arrayBounds ? '[]' : ''}`;
}

/** Walks an expression or statement tree, calling `scope.emit` for each unqualified reference. */
export function collectReferences(tree: unknown, scope: RefScope): void {
  const ctes: string[][] = [];
  const locOf = (at: unknown, length: number) => (typeof at === 'number' && at >= 0 ? scope.locate(at, length) : undefined);

  const typeOf = (n: unknown) => inferType(n, scope);

  const reportFunction = (v: Obj, fn: string[]) => {
    if (fn.length !== 1 || v.funcformat === 'COERCE_SQL_SYNTAX') return;
    const args = v.agg_star ? [] : ((v.args as unknown[]) ?? []);
    const named = args.some((a) => nodeOf(a)?.[0] === 'NamedArgExpr');
    const argTypes = args.map(typeOf);
    const loc = locOf(v.location, fn[0].length);
    if (!loc) return;
    const exact = !named && !v.func_variadic && exactBuiltinCall(fn[0], argTypes) !== undefined;
    scope.emit({
      kind: 'function',
      name: fn[0],
      loc,
      builtin: isBuiltinFunction(fn[0]),
      exact,
      ownExact: !exact && !named && scope.ownCall?.(fn[0], argTypes) !== undefined,
      argTypes,
      typesKnown: !named && argTypes.every((t) => t !== undefined),
    });
  };

  const reportOperator = (op: string, left: string | undefined, right: string | undefined, at: unknown, length: number) => {
    const loc = locOf(at, length);
    if (!loc) return;
    scope.emit({
      kind: 'operator',
      name: op,
      loc,
      builtin: isBuiltinOperator(op),
      exact: exactBuiltinOperator(op, left, right) !== undefined,
      argTypes: [left, right],
      typesKnown: left !== undefined && right !== undefined,
    });
  };

  const visitAExpr = (v: Obj) => {
    const op = names(v.name);
    if (op.length !== 1) return;
    const left = v.lexpr ? typeOf(v.lexpr) : '0';
    switch (v.kind) {
      case 'AEXPR_OP':
        reportOperator(op[0], left, typeOf(v.rexpr), v.location, op[0].length);
        break;
      case 'AEXPR_IN': {
        const list = Array.isArray(v.rexpr) ? v.rexpr : ((nodeOf(v.rexpr)?.[1]?.items as unknown[]) ?? [v.rexpr]);
        const types = list.map(typeOf);
        const right = types.every((t) => t === types[0]) ? types[0] : undefined;
        reportOperator(op[0], left, right, v.location, op[0] === '<>' ? 6 : 2);
        break;
      }
      case 'AEXPR_BETWEEN':
      case 'AEXPR_NOT_BETWEEN':
      case 'AEXPR_BETWEEN_SYM':
      case 'AEXPR_NOT_BETWEEN_SYM': {
        const bounds = Array.isArray(v.rexpr) ? v.rexpr : ((nodeOf(v.rexpr)?.[1]?.items as unknown[]) ?? []);
        const types = bounds.map(typeOf);
        const exact = types.length === 2 && ['>=', '<='].every((o, i) => exactBuiltinOperator(o, left, types[i]) !== undefined);
        const loc = locOf(v.location, 'BETWEEN'.length);
        const typesKnown = left !== undefined && types.every((t) => t !== undefined);
        if (loc) scope.emit({ kind: 'operator', name: 'BETWEEN', loc, builtin: true, exact, argTypes: [left, ...types], typesKnown });
        break;
      }
      default: {
        // OP_ANY/OP_ALL, DISTINCT, NOT_DISTINCT, NULLIF, LIKE, ILIKE, SIMILAR: one operator by name
        const right = v.kind === 'AEXPR_OP_ANY' || v.kind === 'AEXPR_OP_ALL' ? undefined : typeOf(v.rexpr);
        reportOperator(op[0], left, right, v.location, v.kind === 'AEXPR_OP_ANY' || v.kind === 'AEXPR_OP_ALL' ? op[0].length : 0);
      }
    }
  };

  const walk = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x);
      return;
    }
    if (!n || typeof n !== 'object') return;
    const node = nodeOf(n);
    if (!node) {
      for (const x of Object.values(n as Obj)) walk(x);
      return;
    }
    const [type, v] = node;
    switch (type) {
      case 'FuncCall': {
        const fn = names(v.funcname);
        reportFunction(v, fn);
        const last = fn[fn.length - 1];
        if (last === 'set_config' && (fn.length === 1 || fn[0] === 'pg_catalog')) setConfig(v);
        break;
      }
      case 'A_Expr':
        visitAExpr(v);
        break;
      case 'VariableSetStmt':
        if ((v.name as string | undefined)?.toLowerCase() === 'search_path') {
          const value =
            v.kind === 'VAR_SET_VALUE'
              ? ((v.args as unknown[]) ?? []).map((a) => ((nodeOf(a)?.[1]?.sval as Obj | undefined)?.sval as string | undefined) ?? '').join(', ')
              : undefined;
          scope.onSetConfig?.(value, Boolean(v.is_local), typeof v.location === 'number' && v.location >= 0 ? v.location : 0);
        }
        return;
      case 'CaseExpr':
        if (v.arg) {
          const argType = typeOf(v.arg);
          for (const w of (v.args as unknown[]) ?? []) {
            const when = nodeOf(w)?.[1];
            if (!when) continue;
            const loc = locOf(when.location, 4);
            if (loc) {
              const right = typeOf(when.expr);
              scope.emit({
                kind: 'operator',
                name: 'CASE',
                loc,
                builtin: true,
                exact: exactBuiltinOperator('=', argType, right) !== undefined,
                argTypes: [argType, right],
                typesKnown: argType !== undefined && right !== undefined,
              });
            }
          }
        }
        break;
      case 'SubLink': {
        const op = names(v.operName);
        if (op.length === 1) reportOperator(op[0], typeOf(v.testexpr), undefined, v.location, 0);
        break;
      }
      case 'TypeCast':
      case 'TypeName': {
        const tn = type === 'TypeName' ? v : (v.typeName as Obj);
        const ns = names(tn?.names);
        if (ns.length === 1 && !tn.pct_type) {
          const loc = locOf(tn.location, ns[0].length);
          if (loc) scope.emit({ kind: 'type', name: ns[0], loc, builtin: isBuiltinType(ns[0]), exact: isBuiltinType(ns[0]), typesKnown: true });
        }
        if (type === 'TypeCast') walk(v.arg);
        return;
      }
      case 'RangeVar':
        if (!v.schemaname && !ctes.some((names) => names.includes(v.relname as string))) {
          const loc = locOf(v.location, (v.relname as string).length);
          const builtin = isBuiltinRelation(v.relname as string);
          if (loc) scope.emit({ kind: 'relation', name: v.relname as string, loc, builtin, exact: builtin, typesKnown: true });
        }
        return;
      case 'SelectStmt':
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt': {
        const w = nodeOf(v.withClause)?.[1] ?? (v.withClause as Obj | undefined);
        const names = ((w?.ctes as unknown[]) ?? []).map((c) => nodeOf(c)?.[1]?.ctename as string);
        ctes.push(names);
        for (const x of Object.values(v)) walk(x);
        ctes.pop();
        return;
      }
    }
    for (const x of Object.values(v)) walk(x);
  };

  const setConfig = (v: Obj) => {
    const args = (v.args as unknown[]) ?? [];
    const str = (a: unknown) => {
      const c = nodeOf(a);
      return c?.[0] === 'A_Const' ? ((c[1].sval as Obj | undefined)?.sval as string | undefined) : undefined;
    };
    if (args.length !== 3 || str(args[0])?.toLowerCase() !== 'search_path') return;
    const local = nodeOf(args[2]);
    const isLocal = local?.[0] === 'A_Const' ? Boolean((local[1].boolval as Obj | undefined)?.boolval) || str(args[2]) === 'true' || str(args[2]) === 't' : true;
    scope.onSetConfig?.(str(args[1]), isLocal, v.location as number);
  };

  walk(tree);
}

/** The type of an expression when it is certain: 'unknown' for an untyped literal, undefined when not known. */
export function inferType(n: unknown, scope: Pick<RefScope, 'vars' | 'params' | 'ownCall'>): string | undefined {
const typeOf = (x: unknown) => inferType(x, scope);
  const node = nodeOf(n);
  if (!node) return undefined;
  const [type, v] = node;
  switch (type) {
    case 'A_Const':
      if (v.isnull) return 'unknown';
      if (v.ival) return 'int4';
      if (v.fval) return 'numeric';
      if (v.sval) return 'unknown';
      if (v.boolval) return 'bool';
      if (v.bsval) return 'bit';
      return 'int4'; // ival 0 is printed as an empty object
    case 'TypeCast':
      return typeNameOf(v.typeName as Obj);
    case 'ColumnRef': {
      const fields = v.fields as unknown[];
      if (fields?.length !== 1) return undefined;
      const name = names(fields)[0];
      return name === undefined ? undefined : scope.vars.get(name);
    }
    case 'ParamRef':
      return scope.params[(v.number as number) - 1];
    case 'BoolExpr':
    case 'NullTest':
    case 'BooleanTest':
      return 'bool';
    case 'SubLink':
      return v.subLinkType === 'EXISTS_SUBLINK' ? 'bool' : undefined;
    case 'FuncCall': {
      const fn = names(v.funcname);
      const args = v.agg_star ? [] : ((v.args as unknown[]) ?? []).map(typeOf);
      if (fn.length === 2) return fn[0] === 'pg_catalog' ? builtinResult(fn[1], args.length) : undefined;
      return exactBuiltinCall(fn[0], args) || scope.ownCall?.(fn[0], args) || undefined;
    }
    case 'A_Expr': {
      const op = names(v.name);
      if (v.kind !== 'AEXPR_OP' || op.length === 0 || (op.length === 2 && op[0] !== 'pg_catalog')) return undefined;
      return exactBuiltinOperator(op[op.length - 1], v.lexpr ? typeOf(v.lexpr) : '0', typeOf(v.rexpr)) || undefined;
    }
    default:
      return undefined;
  }
}
