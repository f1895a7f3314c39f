import type * as PgQuery from 'libpg-query';
import type { Node, ParseResult } from '@pgsql/types';

/**
 * The real PostgreSQL parser (libpg_query compiled to wasm). Its module loads the .wasm from the
 * folder of its own script: node_modules/libpg-query/wasm when run from the compiled tree, dist/ in the
 * bundled extension (scripts/copy-wasm.mjs puts a copy in grammars/, the bundle copies it beside itself).
 * The module compiles and instantiates its wasm as soon as it is required (some 25 MB of memory), so it
 * is required on first use: the server's main thread needs it only for a hover in a SQL file.
 */
let pgQuery: typeof PgQuery | undefined;
let loading: Promise<void> | undefined;

export function loadSqlParser(): Promise<void> {
  loading ??= (async () => {
    const module = require('libpg-query') as typeof PgQuery;
    await module.loadModule();
    pgQuery = module;
  })();
  return loading;
}

/** Whether the parser can be used synchronously (after loadSqlParser resolved). */
export function sqlParserReady(): boolean {
  return pgQuery !== undefined;
}

function parser(): typeof PgQuery {
  if (!pgQuery) throw new Error('the SQL parser is not loaded (loadSqlParser)');
  return pgQuery;
}

export interface RawStatement {
  stmt: Node;
  /** byte offsets in the parsed text */
  start: number;
  end: number;
}

/** Statements with UTF-8 byte offsets, or the error with the UTF-16 index the server's cursor points at. */
export type ParseOutcome = { stmts: RawStatement[] } | { error: string; at: number };

/** Parses SQL text; statement offsets are UTF-8 byte offsets into `text`. */
export function parseSql(text: string): ParseOutcome {
  let result: ParseResult;
  try {
    result = parser().parseSync(text);
  } catch (e) {
    const details = (e as PgQuery.SqlError).sqlDetails;
    // the server's error cursor counts characters (code points), where tree locations count bytes
    return { error: (e as Error).message, at: codePointIndex(text, details?.cursorPosition ?? 0) };
  }
  const stmts: RawStatement[] = [];
  for (const raw of result.stmts ?? []) {
    if (!raw.stmt) continue;
    const start = raw.stmt_location ?? 0;
    stmts.push({ stmt: raw.stmt, start, end: raw.stmt_len ? start + raw.stmt_len : Buffer.byteLength(text) });
  }
  return { stmts };
}

/** The PL/pgSQL tree of a `CREATE FUNCTION` or `DO` statement's text, or undefined when it cannot be read. */
export function parsePlpgsql(statementText: string): unknown[] | undefined {
  try {
    return (parser().parsePlPgSQLSync(statementText) as unknown as { plpgsql_funcs?: unknown[] }).plpgsql_funcs;
  } catch {
    return undefined;
  }
}

function codePointIndex(text: string, codePoints: number): number {
  let i = 0;
  for (let n = 0; n < codePoints && i < text.length; n++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}
