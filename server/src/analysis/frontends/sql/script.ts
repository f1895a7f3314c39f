import type { Location, Range } from '../../model/model';
import type { SearchPathValue, SqlCreation, SqlEvent, SqlFunction, SqlReference, SqlScriptFacts } from '../../model/sql';
import { lineStarts, positionAt } from '../../syntax/source';
import { literalAt, tokenEnd } from './bodies';
import { parseSql } from './parser';
import { plpgsqlReferences } from './plpgsql';
import { collectReferences, names, nodeOf, typeNameOf, writtenTypeName, type RefScope } from './references';
import { offsetMaps, prepareScript } from './scriptText';

type Obj = Record<string, unknown>;

/** Namespaces of creatable objects: what must not clash (tables, views, sequences and indexes share one). */
const NAMESPACE: Record<string, string> = {
  table: 'rel', view: 'rel', 'materialized view': 'rel', sequence: 'rel', index: 'rel', 'composite type': 'type',
  function: 'func', procedure: 'func', aggregate: 'func', type: 'type', domain: 'type',
};

const DEFINE_KINDS: Record<string, string> = {
  OBJECT_AGGREGATE: 'aggregate', OBJECT_OPERATOR: 'operator', OBJECT_TYPE: 'type', OBJECT_COLLATION: 'collation',
  OBJECT_TSCONFIGURATION: 'text search configuration', OBJECT_TSDICTIONARY: 'text search dictionary',
  OBJECT_TSPARSER: 'text search parser', OBJECT_TSTEMPLATE: 'text search template',
};

/** Reads one extension script into facts, in script order. Never throws on bad SQL: that is a syntaxError. */
export function analyseScript(file: string, text: string): SqlScriptFacts {
  const st = prepareScript(text);
  const masked = st.masked;
  const starts = lineStarts(text);
  const loc = (start: number, end: number): Location => ({
    file,
    range: { start: positionAt(starts, start), end: positionAt(starts, Math.max(start, end)) },
  });
  const range = (start: number, end: number): Range => loc(start, end).range;
  const schemaName = (s: string) => st.placeholders.get(s) ?? s;
  const idx = (byte: unknown) => st.toIndex(typeof byte === 'number' && byte >= 0 ? byte : 0);

  const parsed = parseSql(masked);
  if ('error' in parsed) {
    const at = parsed.at;
    const end = at < masked.length ? tokenEnd(masked, at) : at;
    return { file, events: [], syntaxError: { message: parsed.error, loc: loc(at, end) } };
  }

  const events: SqlEvent[] = [];
  /** functions this script created so far: argument and result types */
  const ownSignatures = new Map<string, { args: string[]; result: string }[]>();
  const ownCall = (name: string, argTypes: (string | undefined)[]) =>
    ownSignatures.get(name)?.find((s) => s.args.length === argTypes.length && s.args.every((a, i) => a === argTypes[i]))?.result;
  const scriptScope = (refs: SqlReference[], setPaths: SqlEvent[], fnParams: Obj[] = []): RefScope => ({
    ...paramScope(fnParams),
    ownCall,
    locate: (byte, length) => loc(st.toIndex(byte), st.toIndex(byte) + length),
    emit: (r) => refs.push(r),
    onSetConfig: (value, local, byte) =>
      setPaths.push({ k: 'setPath', value: configValue(value), local, loc: loc(st.toIndex(byte), st.toIndex(byte) + 10), via: 'set_config' }),
  });
  /** Unqualified references of parts of a statement that run or are bound while the script runs. */
  const scriptRefs = (...parts: unknown[]) => paramScriptRefs([], ...parts);
  const paramScriptRefs = (fnParams: Obj[], ...parts: unknown[]) => {
    const refs: SqlReference[] = [];
    const setPaths: SqlEvent[] = [];
    const scope = scriptScope(refs, setPaths, fnParams);
    for (const p of parts) if (p !== undefined) collectReferences(p, scope);
    if (refs.length) events.push({ k: 'refs', refs });
    events.push(...setPaths);
  };
  const configValue = (value: string | undefined): SearchPathValue =>
    value === undefined
      ? { k: 'dynamic' }
      : { k: 'list', schemas: value.split(',').map((s) => schemaName(s.trim().replace(/^"(.*)"$/, '$1'))).filter((s) => s !== '') };
  const setValue = (v: Obj): SearchPathValue => {
    switch (v.kind) {
      case 'VAR_SET_VALUE':
        return {
          k: 'list',
          schemas: ((v.args as unknown[]) ?? [])
            .map((a) => ((nodeOf(a)?.[1]?.sval as Obj | undefined)?.sval as string | undefined) ?? '')
            .flatMap((s) => s.split(','))
            .map((s) => schemaName(s.trim()))
            .filter((s) => s !== ''),
        };
      case 'VAR_SET_CURRENT':
        return { k: 'current' };
      default:
        return { k: 'default' };
    }
  };

  /** The index of `name` (a word, case-insensitive, maybe quoted) in [from, to), after an optional keyword. */
  const find = (from: number, to: number, name: string, after?: RegExp): number => {
    // names come early in their statement: a long body after them need not be searched
    const region = masked.slice(from, Math.min(to, from + 2000)).toLowerCase();
    const m = after?.exec(region);
    const wanted = name.toLowerCase();
    const isWord = (c: string | undefined) => c !== undefined && /[\w$]/.test(c);
    for (let at = region.indexOf(wanted, m ? m.index + m[0].length : 0); at >= 0; at = region.indexOf(wanted, at + 1)) {
      if (!isWord(region[at - 1]) && !isWord(region[at + wanted.length])) return from + at;
    }
    return from;
  };
  const clauseRange = (from: number, to: number, re: RegExp): Range | undefined => {
    const m = re.exec(masked.slice(from, Math.min(to, from + 2000)));
    return m ? range(from + m.index, from + m.index + m[0].length) : undefined;
  };

  const creation = (
    kind: string,
    qualified: string[],
    nameAt: number,
    flags: { orReplace?: boolean; ifNotExists?: boolean },
    stmt: { start: number; end: number },
    args = '',
  ): SqlCreation => {
    const name = qualified[qualified.length - 1];
    const schema = qualified.length > 1 ? schemaName(qualified[qualified.length - 2]) : undefined;
    const clause = flags.orReplace
      ? clauseRange(stmt.start, nameAt, /\s+OR\s+REPLACE\b/i)
      : flags.ifNotExists
        ? clauseRange(stmt.start, nameAt, /\s+IF\s+NOT\s+EXISTS\b/i)
        : undefined;
    return {
      kind,
      schema,
      name,
      key: `${NAMESPACE[kind] ?? kind}:${schema && schema !== '@extschema@' ? `${schema}.` : ''}${name}${args}`,
      orReplace: Boolean(flags.orReplace),
      ifNotExists: Boolean(flags.ifNotExists),
      loc: loc(nameAt, nameAt + name.length),
      clause,
    };
  };
  const relationName = (rv: Obj) => [...(rv.schemaname ? [rv.schemaname as string] : []), rv.relname as string];
  /** where a RangeVar's relation name (not its schema) is */
  const relationAt = (rv: Obj, stmtEnd: number) =>
    rv.schemaname ? find(idx(rv.location), stmtEnd, rv.relname as string, /\./) : idx(rv.location);
  const argTypes = (params: unknown[] | undefined) =>
    `(${(params ?? [])
      .map((p) => nodeOf(p)?.[1])
      .filter((p) => p && !['FUNC_PARAM_OUT', 'FUNC_PARAM_TABLE'].includes(p.mode as string))
      .map((p) => writtenTypeName(p!.argType as Obj))
      .join(',')})`;

  for (const raw of parsed.stmts) {
    const [type, v] = nodeOf(raw.stmt) ?? ['', {}];
    let start = st.toIndex(raw.start);
    const end = st.toIndex(raw.end);
    start = skipTrivia(masked, start, end);
    const stmt = { start, end };
    switch (type) {
      case 'CreateFunctionStmt':
        events.push({ k: 'function', fn: createFunction(v, stmt) });
        break;
      case 'DoStmt': {
        const lang = ((v.args as unknown[]) ?? []).map((a) => nodeOf(a)?.[1]).find((d) => d?.defname === 'language');
        const langName = ((lang?.arg as Obj | undefined)?.String as Obj | undefined)?.sval ?? 'plpgsql';
        const body = literalAt(masked, start + 2);
        if (langName !== 'plpgsql' || !body) break;
        // a DO block runs now: a set_config inside it changes the path for what follows in it
        let refs: SqlReference[] = [];
        const flush = () => {
          if (refs.length) events.push({ k: 'refs', refs });
          refs = [];
        };
        plpgsqlReferences({
          statement: masked.slice(start, end),
          body,
          fileLoc: loc,
          emit: (r) => refs.push(r),
          onSetConfig: (value, local, at) => {
            flush();
            events.push({ k: 'setPath', value: configValue(value), local, loc: at, via: 'set_config' });
          },
        });
        flush();
        break;
      }
      case 'VariableSetStmt':
        if ((v.name as string | undefined)?.toLowerCase() === 'search_path') {
          events.push({ k: 'setPath', value: setValue(v), local: Boolean(v.is_local), loc: loc(start, end), via: 'set' });
        }
        break;
      case 'SelectStmt':
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt':
      case 'CallStmt':
        scriptRefs(raw.stmt);
        break;
      case 'ViewStmt': {
        const rv = v.view as Obj;
        events.push({ k: 'create', creation: creation('view', relationName(rv), relationAt(rv, end), { orReplace: Boolean(v.replace) }, stmt) });
        scriptRefs(v.query);
        break;
      }
      case 'CreateTableAsStmt': {
        const rv = (v.into as Obj).rel as Obj;
        const kind = v.objtype === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
        events.push({ k: 'create', creation: creation(kind, relationName(rv), relationAt(rv, end), { ifNotExists: Boolean(v.if_not_exists) }, stmt) });
        scriptRefs(v.query);
        break;
      }
      case 'CreateStmt': {
        const rv = v.relation as Obj;
        events.push({ k: 'create', creation: creation('table', relationName(rv), relationAt(rv, end), { ifNotExists: Boolean(v.if_not_exists) }, stmt) });
        scriptRefs(v.tableElts, v.constraints);
        break;
      }
      case 'CreateSeqStmt': {
        const rv = v.sequence as Obj;
        events.push({ k: 'create', creation: creation('sequence', relationName(rv), relationAt(rv, end), { ifNotExists: Boolean(v.if_not_exists) }, stmt) });
        break;
      }
      case 'IndexStmt': {
        const rv = v.relation as Obj;
        if (v.idxname) {
          const at = find(start, idx(rv.location), v.idxname as string, /\bINDEX\b/i);
          const qualified = [...(rv.schemaname ? [rv.schemaname as string] : []), v.idxname as string];
          events.push({ k: 'create', creation: creation('index', qualified, at, { ifNotExists: Boolean(v.if_not_exists) }, stmt) });
        }
        scriptRefs(v.indexParams, v.whereClause);
        break;
      }
      case 'CreateSchemaStmt': {
        const at = find(start, end, v.schemaname as string, /\bSCHEMA\b(\s+IF\s+NOT\s+EXISTS\b)?/i);
        events.push({ k: 'create', creation: creation('schema', [v.schemaname as string], at, { ifNotExists: Boolean(v.if_not_exists) }, stmt) });
        break;
      }
      case 'DefineStmt': {
        const kind = DEFINE_KINDS[v.kind as string];
        if (!kind) break;
        const qualified = names(v.defnames);
        const at = find(start, end, qualified[qualified.length - 1], new RegExp(`\\b${kind.split(' ').pop()}\\b`, 'i'));
        const args = kind === 'aggregate' ? argTypes((nodeOf((v.args as unknown[])?.[0])?.[1]?.items as unknown[]) ?? []) : '';
        events.push({ k: 'create', creation: creation(kind, qualified, at, { orReplace: Boolean(v.replace), ifNotExists: Boolean(v.if_not_exists) }, stmt, args) });
        break;
      }
      case 'CompositeTypeStmt': {
        const rv = v.typevar as Obj;
        events.push({ k: 'create', creation: creation('type', relationName(rv), relationAt(rv, end), {}, stmt) });
        break;
      }
      case 'CreateEnumStmt':
      case 'CreateRangeStmt': {
        const qualified = names(v.typeName);
        events.push({ k: 'create', creation: creation('type', qualified, find(start, end, qualified[qualified.length - 1], /\bTYPE\b/i), {}, stmt) });
        break;
      }
      case 'CreateDomainStmt': {
        const qualified = names(v.domainname);
        events.push({ k: 'create', creation: creation('domain', qualified, find(start, end, qualified[qualified.length - 1], /\bDOMAIN\b/i), {}, stmt) });
        scriptRefs(v.constraints);
        break;
      }
      case 'CreateTransformStmt': {
        const tn = v.type_name as Obj;
        const typeName = names(tn.names).pop() ?? '';
        events.push({
          k: 'create',
          creation: { ...creation('transform', [typeName], idx(tn.location), { orReplace: Boolean(v.replace) }, stmt), key: `transform:${typeName}:${v.lang as string}` },
        });
        break;
      }
      case 'CreateForeignServerStmt': {
        const at = find(start, end, v.servername as string, /\bSERVER\b(\s+IF\s+NOT\s+EXISTS\b)?/i);
        events.push({ k: 'create', creation: creation('server', [v.servername as string], at, { ifNotExists: Boolean(v.if_not_exists) }, stmt) });
        break;
      }
      case 'CreateTrigStmt': {
        const rv = v.relation as Obj;
        const at = find(start, end, v.trigname as string, /\bTRIGGER\b/i);
        const c = creation('trigger', [v.trigname as string], at, { orReplace: Boolean(v.replace) }, stmt);
        events.push({ k: 'create', creation: { ...c, key: `trigger:${v.trigname as string}:${relationName(rv).join('.')}` } });
        scriptRefs(v.whenClause);
        break;
      }
      case 'RuleStmt': {
        const rv = v.relation as Obj;
        const at = find(start, end, v.rulename as string, /\bRULE\b/i);
        const c = creation('rule', [v.rulename as string], at, { orReplace: Boolean(v.replace) }, stmt);
        events.push({ k: 'create', creation: { ...c, key: `rule:${v.rulename as string}:${relationName(rv).join('.')}` } });
        scriptRefs(v.whereClause, v.actions);
        break;
      }
      case 'CreatePLangStmt': {
        const at = find(start, end, v.plname as string, /\bLANGUAGE\b/i);
        events.push({ k: 'create', creation: creation('language', [v.plname as string], at, { orReplace: Boolean(v.replace) }, stmt) });
        break;
      }
      case 'CreateStatsStmt': {
        const qualified = names(v.defnames);
        if (qualified.length) {
          const at = find(start, end, qualified[qualified.length - 1], /\bSTATISTICS\b(\s+IF\s+NOT\s+EXISTS\b)?/i);
          events.push({ k: 'create', creation: creation('statistics', qualified, at, { ifNotExists: Boolean(v.if_not_exists) }, stmt) });
        }
        break;
      }
      case 'DropStmt': {
        const kind = { OBJECT_FUNCTION: 'function', OBJECT_PROCEDURE: 'procedure', OBJECT_AGGREGATE: 'aggregate' }[v.removeType as string];
        if (!kind) break;
        const keys = ((v.objects as unknown[]) ?? []).flatMap((o) => {
          const owa = nodeOf(o)?.[1];
          if (!owa) return [];
          const qualified = names(owa.objname);
          const schema = qualified.length > 1 ? schemaName(qualified[0]) : undefined;
          const args = ((owa.objargs as unknown[]) ?? []).map((a) => writtenTypeName(nodeOf(a)?.[1]));
          return [`func:${schema && schema !== '@extschema@' ? `${schema}.` : ''}${qualified[qualified.length - 1]}(${args.join(',')})`];
        });
        events.push({ k: 'drop', keys });
        break;
      }
      case 'CreatePolicyStmt':
        scriptRefs(v.qual, v.with_check);
        break;
      case 'AlterTableStmt':
        scriptRefs(v.cmds);
        break;
    }
  }
  return { file, events };

  function createFunction(v: Obj, stmt: { start: number; end: number }): SqlFunction {
    const qualified = names(v.funcname);
    const kind = v.is_procedure ? 'procedure' : 'function';
    const nameAt = find(stmt.start, stmt.end, qualified[qualified.length - 1], /\b(FUNCTION|PROCEDURE)\s+/i);
    const c = creation(kind, qualified, nameAt, { orReplace: Boolean(v.replace) }, stmt, argTypes(v.parameters as unknown[]));
    const options = ((v.options as unknown[]) ?? []).map((o) => nodeOf(o)?.[1]).filter((o): o is Obj => o !== undefined);
    const opt = (name: string) => options.find((o) => o.defname === name);
    const language = ((((opt('language')?.arg as Obj | undefined)?.String as Obj | undefined)?.sval as string | undefined) ?? 'sql').toLowerCase();
    const securityDefiner = Boolean(((opt('security')?.arg as Obj | undefined)?.Boolean as Obj | undefined)?.boolval);

    let searchPath: SqlFunction['searchPath'];
    for (const o of options) {
      const set = nodeOf(o.arg)?.[1];
      if (o.defname !== 'set' || (set?.name as string | undefined)?.toLowerCase() !== 'search_path') continue;
      const from = idx(o.location);
      const args = (set!.args as unknown[]) ?? [];
      const last = args.length ? nodeOf(args[args.length - 1])?.[1] : undefined;
      let to = last ? tokenEnd(masked, idx(last.location)) : from;
      if (!last) {
        const m = /^SET\s+search_path\s+(FROM\s+CURRENT|TO\s+DEFAULT|=\s*DEFAULT)/i.exec(masked.slice(from, stmt.end));
        to = from + (m ? m[0].length : 3);
      }
      searchPath = { value: setValue(set!), range: range(from, to) };
    }

    // parameter defaults are bound when the function is created: they run with the script's path
    const params = ((v.parameters as unknown[]) ?? []).map((p) => nodeOf(p)?.[1]).filter((p): p is Obj => p !== undefined);
    paramScriptRefs(params, ...params.map((p) => p.defexpr), v.sql_body);
    const inArgs = argTypes(v.parameters as unknown[]).slice(1, -1);
    const returnType = v.returnType as Obj | undefined;
    const signatures = ownSignatures.get(c.name) ?? [];
    signatures.push({
      args: inArgs === '' ? [] : inArgs.split(','),
      result: typeNameOf(returnType) ?? (returnType && !returnType.setof ? (names(returnType.names).pop() ?? '') : ''),
    });
    ownSignatures.set(c.name, signatures);

    const as = opt('as');
    let insertAt: SqlFunction['insertAt'];
    let bodyRefs: SqlReference[] | undefined;
    if (as) {
      const asAt = idx(as.location);
      const lineStart = masked.lastIndexOf('\n', asAt - 1) + 1;
      const before = masked.slice(lineStart, asAt);
      insertAt = { range: range(asAt, asAt), lineStart: /^\s*$/.test(before), indent: /^\s*/.exec(before)![0] };
      const body = literalAt(masked, asAt);
      if (body && language === 'plpgsql') {
        // a body may pin its own path first (procedures that commit cannot have a SET clause)
        const refs: SqlReference[] = [];
        let pinnedInBody = false;
        const ok = plpgsqlReferences({
          statement: masked.slice(stmt.start, stmt.end),
          body,
          fileLoc: loc,
          emit: (r) => {
            if (!pinnedInBody) refs.push(r);
          },
          onSetConfig: (value) => {
            pinnedInBody = value !== undefined && value.split(',').every((s) => TRUSTED_IN_BODY.test(schemaName(s.trim().replace(/^"(.*)"$/, '$1'))));
          },
        });
        if (ok) bodyRefs = refs;
      } else if (body && language === 'sql') {
        bodyRefs = sqlBodyReferences(body, params);
      }
    } else if (v.sql_body) {
      const m = /\b(BEGIN\s+ATOMIC|RETURN)\b/i.exec(masked.slice(nameAt, stmt.end));
      if (m) {
        const at = nameAt + m.index;
        const lineStart = masked.lastIndexOf('\n', at - 1) + 1;
        const before = masked.slice(lineStart, at);
        insertAt = { range: range(at, at), lineStart: /^\s*$/.test(before), indent: /^\s*/.exec(before)![0] };
      }
    }
    return {
      creation: c,
      kind,
      language,
      securityDefiner,
      searchPath,
      insertAt,
      bodyRefs,
      usesOwnObjects: (bodyRefs ?? []).some((r) => !r.builtin),
    };
  }

  function sqlBodyReferences(body: NonNullable<ReturnType<typeof literalAt>>, params: Obj[]): SqlReference[] | undefined {
    const parsedBody = parseSql(body.content);
    if ('error' in parsedBody) return undefined;
    const maps = offsetMaps(body.content);
    const refs: SqlReference[] = [];
    const scope: RefScope = {
      ...paramScope(params),
      locate: (byte, length) => {
        const k = maps.toIndex(byte);
        return loc(body.textIndex(k), body.textIndex(k + length));
      },
      emit: (r) => refs.push(r),
    };
    for (const s of parsedBody.stmts) collectReferences(s.stmt, scope);
    return refs;
  }
}

/** Schemas a function body can pin its own path to, whatever the extension's history. */
const TRUSTED_IN_BODY = /^(pg_catalog|pg_temp|@extschema@|@extschema:.+@)$/i;

/** Names and positions of a function's input parameters, with their builtin types. */
function paramScope(params: Obj[]): Pick<RefScope, 'vars' | 'params'> {
  const inputs = params.filter((p) => !['FUNC_PARAM_OUT', 'FUNC_PARAM_TABLE'].includes(p.mode as string));
  return {
    vars: new Map(inputs.filter((p) => p.name).map((p) => [p.name as string, typeNameOf(p.argType as Obj)])),
    params: inputs.map((p) => typeNameOf(p.argType as Obj)),
  };
}

/** The first index in [from, to) that is not whitespace or a comment. */
function skipTrivia(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? to : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const e = text.indexOf('*/', i + 2);
      i = e < 0 ? to : e + 2;
    } else break;
  }
  return i;
}
