import { PG_FUNCTIONS, PG_OPERATORS, PG_RELATIONS, PG_TYPES } from './pgCatalog';

/**
 * Questions about pg_catalog that name resolution depends on. pg_catalog is searched first unless a
 * search_path lists it later, so a type or relation name it holds always resolves there; a function or
 * operator resolves there only when the argument types match one of its signatures exactly (an exact
 * match planted elsewhere is a duplicate that loses to the earlier schema; any cast opens the door to a
 * better-matching impostor).
 */

const TYPES = new Set(PG_TYPES.split(' '));
const RELATIONS = new Set(PG_RELATIONS.split(' '));
const OPERATORS = new Map<string, string>();
const OPERATOR_NAMES = new Set<string>();
for (const o of PG_OPERATORS) {
  const [name, left, right, result] = o.split(' ');
  OPERATORS.set(`${name} ${left} ${right}`, result);
  OPERATOR_NAMES.add(name);
}
const signatures = new Map<string, { args: string[]; variadic: boolean; result: string }[]>();

function signaturesOf(name: string): { args: string[]; variadic: boolean; result: string }[] | undefined {
  let sigs = signatures.get(name);
  if (!sigs && Object.prototype.hasOwnProperty.call(PG_FUNCTIONS, name)) {
    sigs = PG_FUNCTIONS[name]
      .split('|')
      .filter(Boolean)
      .map((s) => {
        const [args, result] = s.split(':');
        const variadic = args.startsWith('*');
        return { args: (variadic ? args.slice(1) : args).split(',').filter(Boolean), variadic, result };
      });
    signatures.set(name, sigs);
  }
  return sigs;
}

/** Pseudo-types a signature can declare: an argument of a concrete type is never an exact match for them. */
const POLYMORPHIC = /^(any|anyelement|anyarray|anynonarray|anyenum|anyrange|anymultirange|anycompatible\w*|internal)$/;

export function isBuiltinFunction(name: string): boolean {
  return signaturesOf(name) !== undefined;
}

/**
 * The result type when a call of `name` with these argument types can only resolve to pg_catalog's
 * function ('' when the result type is not useful), or undefined when resolution could pick another.
 * An untyped literal ('abc') where pg_catalog's signature takes text counts as a match: resolution then
 * prefers the string category and within it the preferred type text, and no function can declare an
 * `unknown` parameter, so an impostor would need the same signature, and pg_catalog comes first.
 */
export function exactBuiltinCall(name: string, argTypes: (string | undefined)[]): string | undefined {
  if (argTypes.some((t) => t === undefined)) return undefined;
  const sig = signaturesOf(name)?.find(
    (s) =>
      !s.variadic &&
      s.args.length === argTypes.length &&
      s.args.every((a, i) => (a === argTypes[i] || (argTypes[i] === 'unknown' && a === 'text')) && !POLYMORPHIC.test(a)),
  );
  if (!sig) return undefined;
  return POLYMORPHIC.test(sig.result) ? '' : sig.result;
}

/** The result type of pg_catalog's `name` called with `arity` arguments, when all its signatures agree. */
export function builtinResult(name: string, arity: number): string | undefined {
  const results = new Set((signaturesOf(name) ?? []).filter((s) => s.args.length === arity).map((s) => s.result));
  const [only] = results;
  return results.size === 1 && !POLYMORPHIC.test(only) ? only : undefined;
}

export function isBuiltinOperator(name: string): boolean {
  return OPERATOR_NAMES.has(name);
}

/**
 * The result type when operator `name` on these operand types resolves to pg_catalog's only, or
 * undefined. As in the server, an unknown-type literal facing a known type is taken to be of that type.
 */
export function exactBuiltinOperator(name: string, left: string | undefined, right: string | undefined): string | undefined {
  if (left === 'unknown' && right !== undefined) left = right;
  if (right === 'unknown' && left !== undefined && left !== '0') right = left;
  if (left === 'unknown' && right === 'unknown') left = right = 'text';
  if (left === undefined || right === undefined) return undefined;
  return OPERATORS.get(`${name} ${left} ${right}`);
}

export function isBuiltinType(name: string): boolean {
  return TYPES.has(name);
}

export function isBuiltinRelation(name: string): boolean {
  return RELATIONS.has(name);
}

/** SQL-standard spellings the parser (or PL/pgSQL's declared types) use, by catalogue name. */
const TYPE_ALIASES: Record<string, string> = {
  integer: 'int4', int: 'int4', smallint: 'int2', bigint: 'int8', real: 'float4', 'double precision': 'float8',
  float: 'float8', boolean: 'bool', 'character varying': 'varchar', character: 'bpchar', char: 'bpchar',
  decimal: 'numeric', dec: 'numeric', 'timestamp with time zone': 'timestamptz', 'timestamp without time zone': 'timestamp',
  'time with time zone': 'timetz', 'time without time zone': 'time', 'bit varying': 'varbit',
};

/**
 * The catalogue name of a builtin type written as text (`integer`, `text[]`, `character varying(10)`,
 * `pg_catalog.int4`), or undefined for any other type.
 */
export function builtinTypeName(written: string): string | undefined {
  let t = written.trim().toLowerCase().replace(/\s+/g, ' ');
  let array = false;
  while (t.endsWith('[]')) {
    array = true;
    t = t.slice(0, -2).trim();
  }
  t = t.replace(/\s*\([^)]*\)/, '').replace(/^pg_catalog\./, '').replace(/^"(.*)"$/, '$1');
  t = TYPE_ALIASES[t] ?? t;
  if (!TYPES.has(t)) return undefined;
  return array ? `_${t}` : t;
}
