import { setFlagsFromString } from 'node:v8';
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
const WARM_UP = `SELECT '${'x'.repeat(100)} é € 😀'`;
let loading: Promise<void> | undefined;

/**
 * Loads the parser with its wasm kept on V8's baseline compiler (Liftoff). By default V8 recompiles
 * hot wasm functions with its optimising compiler on background threads, and libpg_query's hottest
 * functions are its SQL and PL/pgSQL grammars, about 100 kB of wasm each: one 10,000-line install
 * script made V8 spend 2 s of CPU recompiling them, more than the whole analysis, for no measurable
 * gain in parse time (the JavaScript that reads the parser's JSON output dominates). V8 reads the flag
 * when it compiles a module, so it is set only while this one compiles: tree-sitter's grammars, which
 * do gain from the optimising compiler on large trees of C, are loaded after it (Engine.create). (The
 * flag is process-wide: should the server's main thread load this parser for a hover while its worker
 * compiles a grammar, that grammar stays on the baseline tier: slower, never wrong.)
 */
export function loadSqlParser(): Promise<void> {
  loading ??= (async () => {
    setFlagsFromString('--liftoff-only');
    try {
      const module = require('libpg-query') as typeof PgQuery;
      await module.loadModule();
      // Short texts first. Otherwise the first call copies a whole script into wasm memory and V8
      // optimises the copying loop (emscripten's stringToUTF8Array) in the middle of it, before the
      // store after the loop ever ran; that code then deoptimises at the end of every later call (1,400
      // times, a fifth of the CPU, for a 10,000-line script). V8 records type feedback only once a
      // function has run for a while (8 times its size in bytecode, Node 20): hence several calls, with
      // characters of every UTF-8 length so that no branch of the loop is left without feedback.
      for (let i = 0; i < 20; i++) module.parseSync(WARM_UP);
      pgQuery = module;
    } finally {
      // the flag also turned dynamic tiering off: V8's defaults again for the modules compiled later
      setFlagsFromString('--no-liftoff-only');
      setFlagsFromString('--wasm-dynamic-tiering');
    }
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
