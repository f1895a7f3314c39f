import type { SqlCreation, SqlFunction, SqlReference } from '../model/sql';
import type { SqlScript } from '../semantics/sqlHistory';
import type { Fix } from '../rules/types';

/** The pinned path a fix writes: the extension's schema first when the body uses its objects. */
export function pinnedPathFor(fn: SqlFunction, script: SqlScript): string {
  return fn.usesOwnObjects && script.extension !== undefined ? '@extschema@, pg_catalog, pg_temp' : 'pg_catalog, pg_temp';
}

/** Adds `SET search_path = ...` before the body, or replaces the function's clause. */
export function setSearchPathFix(fn: SqlFunction, script: SqlScript): Fix | undefined {
  const clause = `SET search_path = ${pinnedPathFor(fn, script)}`;
  if (fn.searchPath) {
    return { title: `Replace with ${clause}`, preferred: true, edits: [{ file: script.file, range: fn.searchPath.range, newText: clause }] };
  }
  if (!fn.insertAt) return undefined;
  const newText = fn.insertAt.lineStart ? `${clause}\n${fn.insertAt.indent}` : `${clause} `;
  return { title: `Add ${clause}`, preferred: true, edits: [{ file: script.file, range: fn.insertAt.range, newText }] };
}

/** Qualifies an unqualified reference: pg_catalog for builtins, @extschema@ for the extension's own. */
export function qualifyFix(ref: SqlReference, own: boolean, script: SqlScript): Fix | undefined {
  const at = { start: ref.loc.range.start, end: ref.loc.range.start };
  const schema = own ? (script.extension !== undefined ? '@extschema@' : undefined) : ref.builtin ? 'pg_catalog' : undefined;
  if (!schema) return undefined;
  if (ref.kind === 'operator') {
    if (own || !/^[-+*/<>=~!@#%^&|`?]+$/.test(ref.name)) return undefined;
    const newText = `OPERATOR(pg_catalog.${ref.name})`;
    return { title: `Write ${newText}`, preferred: true, edits: [{ file: ref.loc.file, range: ref.loc.range, newText }] };
  }
  return { title: `Qualify as ${schema}.${ref.name}`, preferred: true, edits: [{ file: ref.loc.file, range: at, newText: `${schema}.` }] };
}

/** CREATE OR REPLACE -> CREATE, CREATE ... IF NOT EXISTS -> CREATE ... */
export function plainCreateFix(c: SqlCreation): Fix | undefined {
  if (!c.clause) return undefined;
  return {
    title: c.orReplace ? 'Use CREATE (without OR REPLACE)' : 'Use CREATE (without IF NOT EXISTS)',
    preferred: true,
    edits: [{ file: c.loc.file, range: c.clause, newText: '' }],
  };
}
