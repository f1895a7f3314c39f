import type { Location, Range } from './model';

/**
 * What the SQL front end extracts from one extension script, in script order. Names are as
 * PostgreSQL folds them; the placeholder schemas keep their spelling (`@extschema@`,
 * `@extschema:cube@`). The history pass (semantics/sqlHistory.ts) reads scripts in install/update
 * order and decides, from these facts, what is the extension's own and which search_path is in force.
 */

/** A search_path value as written: schema names in order, or what cannot be read statically. */
export type SearchPathValue =
  | { k: 'list'; schemas: string[] }
  /** `SET search_path FROM CURRENT`: the path in force where the function is created */
  | { k: 'current' }
  /** `RESET`, `SET ... TO DEFAULT`: the session's own path */
  | { k: 'default' }
  /** computed at run time (set_config with an expression) */
  | { k: 'dynamic' };

export interface SqlCreation {
  /** function, procedure, aggregate, view, table, sequence, index, schema, transform, operator, type, ... */
  kind: string;
  schema?: string;
  name: string;
  /** identity within its kind: schema-less name plus argument types where the kind has them */
  key: string;
  orReplace: boolean;
  ifNotExists: boolean;
  /** the created object's name */
  loc: Location;
  /** `OR REPLACE` / `IF NOT EXISTS` (with the space before it), which the fix removes */
  clause?: Range;
}

export interface SqlReference {
  kind: 'function' | 'operator' | 'type' | 'relation';
  /** as written, without schema (operators: the operator, `CASE` for CASE's implicit `=`) */
  name: string;
  loc: Location;
  /** the name exists in pg_catalog */
  builtin: boolean;
  /** resolution cannot pick anything but the pg_catalog object: argument types match a builtin signature exactly */
  exact: boolean;
  /** a call that resolves exactly to a function this script created earlier (same argument types) */
  ownExact?: boolean;
  /** argument (operand) types as inferred: undefined where the analysis cannot tell, 'unknown' for an untyped literal */
  argTypes?: (string | undefined)[];
  /** every argument type is known, so whether a planted object could match better is decidable */
  typesKnown: boolean;
}

export interface SqlFunction {
  creation: SqlCreation;
  kind: 'function' | 'procedure';
  language: string;
  securityDefiner: boolean;
  /** the function-level `SET search_path` clause */
  searchPath?: { value: SearchPathValue; range: Range };
  /** where a `SET search_path` clause can be inserted (before AS), with the indentation of its line */
  insertAt?: { range: Range; lineStart: boolean; indent: string };
  /** unqualified references of a body that is parsed when called (SQL or PL/pgSQL string bodies); undefined when not analysed */
  bodyRefs?: SqlReference[];
  /** the body names objects that are not builtins (the extension's own, most likely) */
  usesOwnObjects: boolean;
}

export type SqlEvent =
  | { k: 'create'; creation: SqlCreation }
  | { k: 'function'; fn: SqlFunction }
  | { k: 'setPath'; value: SearchPathValue; local: boolean; loc: Location; via: 'set' | 'set_config' }
  /** unqualified references of a statement that runs (or is bound) while the script runs */
  | { k: 'refs'; refs: SqlReference[] }
  /** DROP FUNCTION / PROCEDURE / AGGREGATE: the keys (SqlCreation.key) of what goes */
  | { k: 'drop'; keys: string[] };

export interface SqlScriptFacts {
  file: string;
  events: SqlEvent[];
  /** the parser rejected the script: nothing else is known */
  syntaxError?: { message: string; loc: Location };
}
