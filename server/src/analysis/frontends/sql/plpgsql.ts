import type { Location } from '../../model/model';
import type { SqlReference } from '../../model/sql';
import { builtinTypeName, exactBuiltinOperator } from '../../knowledge/pgBuiltins';
import type { Literal } from './bodies';
import { parsePlpgsql, parseSql } from './parser';
import { collectReferences, inferType, type RefScope } from './references';
import { offsetMaps } from './scriptText';

type Obj = Record<string, unknown>;

/** RawParseMode of a PL/pgSQL expression: a whole statement, an expression, or an assignment `x := expr`. */
const STATEMENT = 0;
const EXPRESSION = 2;

const CASE_VARIABLE = /^"__Case__Variable_(\d+)__" IN \(([^]*)\)$/;

export interface BodyContext {
  /** each reference, in body order */
  emit(ref: SqlReference): void;
  /** the statement (CREATE FUNCTION or DO) text as the parser saw it */
  statement: string;
  body: Literal;
  /** a Location for a range of indexes of the file text */
  fileLoc(start: number, end: number): Location;
  onSetConfig?(value: string | undefined, local: boolean, loc: Location): void;
}

/**
 * The unqualified references of a PL/pgSQL body, each at its exact place in the file. PL/pgSQL hands
 * out each embedded SQL expression as text with the line of its statement; the text is found again on
 * that line (PERFORM arrives as SELECT, SELECT ... INTO with the INTO clause blanked to spaces).
 * False when the body cannot be parsed (the server reports that when the function is created).
 */
export function plpgsqlReferences(ctx: BodyContext): boolean {
  const funcs = parsePlpgsql(ctx.statement);
  const fn = (funcs?.[0] as Obj | undefined)?.PLpgSQL_function as Obj | undefined;
  if (!fn) return false;
  const content = ctx.body.content;
  const lineStarts = [0];
  for (let i = 0; i < content.length; i++) if (content.charCodeAt(i) === 10) lineStarts.push(i + 1);

  const vars = new Map<string, string | undefined>();
  const varTypes: (string | undefined)[] = [];
  for (const d of (fn.datums as Obj[]) ?? []) {
    const [kind, v] = Object.entries(d)[0] as [string, Obj];
    const typname = ((v.datatype as Obj | undefined)?.PLpgSQL_type as Obj | undefined)?.typname as string | undefined;
    const type = kind === 'PLpgSQL_var' && typname ? builtinTypeName(typname) : undefined;
    varTypes.push(type);
    if (typeof v.refname === 'string') vars.set(v.refname, type);
  }

  const refs = { push: (r: SqlReference) => ctx.emit(r) };
  const bodyLoc = (start: number, end: number) => ctx.fileLoc(ctx.body.textIndex(start), ctx.body.textIndex(end));

  /** SQL texts to parse, each with the body index of its character k: parsed together at the end. */
  const pieces: { text: string; bodyIndex: (k: number) => number; then?: SqlReference }[] = [];
  /** `then`: a reference the body makes right after the piece (CASE's implicit =), kept in body order */
  const analyse = (text: string, bodyIndex: (k: number) => number, then?: SqlReference) => pieces.push({ text, bodyIndex, then });

  const collect = (stmt: unknown, text: string, byteBase: number, bodyIndex: (k: number) => number) => {
    const maps = offsetMaps(text);
    const at = (byte: number) => bodyIndex(maps.toIndex(byte - byteBase));
    const scope: RefScope = {
      vars,
      params: [],
      locate: (byte, length) => bodyLoc(at(byte), at(byte) + length),
      emit: (r) => refs.push(r),
      onSetConfig: (value, local, byte) => ctx.onSetConfig?.(value, local, bodyLoc(at(byte), at(byte) + 'set_config'.length)),
    };
    collectReferences(stmt, scope);
  };

  /**
   * One parser call for all the body's SQL (a call per expression costs more than the parse): the
   * pieces joined by `;`, each statement mapped back to its piece. Any piece that does not parse
   * sends every piece through the parser on its own.
   */
  const parsePieces = () => {
    if (!pieces.length) return;
    const joined = pieces.map((p) => p.text).join(';\n');
    const batch = parseSql(joined);
    if (!('error' in batch) && batch.stmts.length === pieces.length) {
      let byte = 0;
      pieces.forEach((p, i) => {
        collect(batch.stmts[i].stmt, p.text, byte, p.bodyIndex);
        if (p.then) refs.push(p.then);
        byte += Buffer.byteLength(p.text) + 2;
      });
      return;
    }
    for (const p of pieces) {
      const one = parseSql(p.text);
      if (!('error' in one)) for (const st of one.stmts) collect(st.stmt, p.text, 0, p.bodyIndex);
      if (p.then) refs.push(p.then);
    }
  };

  const expression = (e: Obj, lineno: number) => {
    const query = e.query as string;
    if (typeof query !== 'string') return;
    const from = lineStarts[Math.max(0, Math.min(lineno - 1, lineStarts.length - 1))] ?? 0;
    const caseWhen = CASE_VARIABLE.exec(query);
    if (caseWhen) {
      const at = content.indexOf(caseWhen[2], from);
      if (at < 0) return;
      const prefix = 'SELECT ';
      // CASE x WHEN v: the operator `=` between x and each v, found through the search_path
      const values = parseSql(prefix + caseWhen[2]);
      const first = 'stmts' in values ? (values.stmts[0]?.stmt as Obj | undefined)?.SelectStmt : undefined;
      const target = ((first as Obj | undefined)?.targetList as Obj[] | undefined)?.[0]?.ResTarget as Obj | undefined;
      const valueType = target ? inferType(target.val, { vars, params: [] }) : undefined;
      const left = varTypes[Number(caseWhen[1])];
      analyse(prefix + caseWhen[2], (k) => at + k - prefix.length, {
        kind: 'operator',
        name: 'CASE',
        loc: bodyLoc(at, at + caseWhen[2].trimEnd().length),
        builtin: true,
        exact: exactBuiltinOperator('=', left, valueType) !== undefined,
        argTypes: [left, valueType],
        typesKnown: left !== undefined && valueType !== undefined,
      });
      return;
    }
    let at = content.indexOf(query, from);
    if (at < 0) at = findBlanked(content, query, from);
    let shift = 0;
    if (at < 0 && query.startsWith('SELECT ')) {
      // PERFORM expr arrives as SELECT expr
      at = content.indexOf(query.slice(7), from);
      shift = 7;
    }
    if (at < 0) return;
    const mode = e.parseMode as number | undefined;
    if (!mode || mode === STATEMENT) {
      if (shift) analyse(query, (k) => at + Math.max(0, k - shift));
      else analyse(query, (k) => at + k);
    } else if (mode === EXPRESSION) {
      analyse(`SELECT ${query}`, (k) => at + Math.max(0, k - 7));
    } else {
      // x := expr (also x[1] := expr, x.f := expr)
      const assign = /:=|=/.exec(query);
      if (!assign) return;
      const exprStart = assign.index + assign[0].length;
      analyse(`SELECT ${query.slice(exprStart)}`, (k) => at + exprStart + Math.max(0, k - 7));
    }
  };

  const walk = (n: unknown, lineno: number): void => {
    if (Array.isArray(n)) {
      for (const x of n) walk(x, lineno);
      return;
    }
    if (!n || typeof n !== 'object') return;
    const o = n as Obj;
    const line = typeof o.lineno === 'number' ? o.lineno : lineno;
    for (const [key, value] of Object.entries(o)) {
      if (key === 'PLpgSQL_expr') expression(value as Obj, line);
      else walk(value, line);
    }
  };
  for (const d of (fn.datums as Obj[]) ?? []) {
    const v = Object.values(d)[0] as Obj;
    if (v.default_val) walk(v.default_val, (v.lineno as number) ?? 1);
  }
  walk(fn.action, 1);
  parsePieces();
  return true;
}

/**
 * Where `query` is in `content` when PL/pgSQL blanked part of it to spaces (SELECT ... INTO target):
 * the same length, equal wherever the query is not blank.
 */
function findBlanked(content: string, query: string, from: number): number {
  const gap = /\s{2,}/.exec(query);
  const prefix = gap ? query.slice(0, gap.index) : query;
  if (!prefix) return -1;
  for (let at = content.indexOf(prefix, from); at >= 0; at = content.indexOf(prefix, at + 1)) {
    let ok = true;
    for (let i = 0; i < query.length && ok; i++) {
      const q = query.charCodeAt(i);
      if (q !== 32 && q !== content.charCodeAt(at + i)) ok = false;
    }
    if (ok) return at;
  }
  return -1;
}
