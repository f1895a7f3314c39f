import type { ExtensionView } from '../model/view';
import type { SearchPathValue, SqlCreation, SqlEvent, SqlFunction, SqlReference } from '../model/sql';
import { sqlScripts, type SqlScript } from './sqlHistory';
import { scriptFacts } from '../frontends/sql/sources';

/**
 * The search_path in force through each script, and what it exposes. PostgreSQL's guidance for
 * extension scripts is the threat model: whoever can create objects in a schema on the path (or
 * pre-create an object that the script then replaces or adopts) gets code run as the installer.
 *
 * Trusted schemas: pg_catalog, pg_temp, the extension's own schema (`@extschema@`, the control file's
 * fixed `schema`), required extensions' schemas (`@extschema:name@`) and schemas the extension itself
 * created. Anything else (`public`, `"$user"`, a schema of unknown origin) may be writable by others.
 *
 * A path is pinned when it lists only trusted schemas. The path CREATE/ALTER EXTENSION provides (the
 * target schema, prerequisite schemas, pg_temp; pg_catalog implicitly first) is not pinned: PostgreSQL's
 * documentation says not to trust it, since the target schema is whatever the installer chose.
 */
export type PathState =
  /** the path CREATE/ALTER EXTENSION sets */
  | { k: 'extension' }
  | { k: 'set'; value: SearchPathValue };

/** A schema name as SQL writes it (`"$user"`, `public`). */
export function schemaText(schema: string): string {
  return /^([a-z_][a-z0-9_$]*|@extschema(:[^@]+)?@)$/.test(schema) ? schema : `"${schema.replace(/"/g, '""')}"`;
}

export interface PathVerdict {
  /** listed schemas others may create in */
  untrusted: string[];
  /** pg_temp not listed: it is searched first (for relations and types) */
  tempImplicit: boolean;
  /** pg_temp listed, but not last */
  tempNotLast: boolean;
}

export interface TrustContext {
  script: SqlScript;
  /** schemas the extension created (plain CREATE SCHEMA, or one it owned already) so far */
  createdSchemas: Set<string>;
}

export function isTrustedSchema(schema: string, ctx: TrustContext): boolean {
  const s = schema.toLowerCase();
  return (
    s === 'pg_catalog' ||
    s === 'pg_temp' ||
    schema === '@extschema@' ||
    /^@extschema:.+@$/.test(schema) ||
    schema === ctx.script.controlSchema ||
    ctx.createdSchemas.has(schema)
  );
}

/** What a listed search_path exposes; undefined for values not known statically. */
export function judgePath(value: SearchPathValue, state: PathState, ctx: TrustContext): PathVerdict | undefined {
  if (value.k === 'current') {
    if (state.k === 'extension') return { untrusted: [], tempImplicit: false, tempNotLast: false };
    return judgePath(state.value, { k: 'extension' }, ctx);
  }
  if (value.k === 'dynamic') return undefined;
  if (value.k === 'default') return { untrusted: ['$user', 'public'], tempImplicit: true, tempNotLast: false };
  const schemas = value.schemas;
  const temp = schemas.findIndex((s) => s.toLowerCase() === 'pg_temp');
  return {
    untrusted: schemas.filter((s) => !isTrustedSchema(s, ctx)),
    tempImplicit: temp < 0,
    tempNotLast: temp >= 0 && temp !== schemas.length - 1,
  };
}

/** Whether references made under this state cannot be captured. Dynamic values count as pinned: silence. */
export function isPinned(state: PathState, ctx: TrustContext): boolean {
  if (state.k === 'extension') return ctx.script.controlSchema === 'pg_catalog';
  const verdict = judgePath(state.value, state, ctx);
  return verdict === undefined || verdict.untrusted.length === 0;
}

export type RefContext =
  /** runs (or is bound) while the script runs, under the script's path */
  | 'script'
  /** a function body parsed when called: the caller's path, or the function's own SET clause */
  | 'body';

/**
 * Whether an unqualified reference can resolve to an object planted by someone else.
 *
 * Functions and operators of pg_catalog: pg_catalog is searched first, so a call whose argument types
 * match one of its signatures exactly cannot be captured; when the types are known and do not match
 * exactly (an untyped literal, a polymorphic or VARIADIC signature, a cast needed), a better match
 * planted in any schema on the path wins. When an argument's type cannot be told (a column, another
 * extension's function), the question is undecidable here: silence.
 *
 * Other functions and operators, types and relations: in a body run with the caller's path, anything
 * not in pg_catalog can be shadowed. Under the path CREATE EXTENSION sets, the extension's schema comes
 * right after pg_catalog and nobody could have created its objects there first: its own types and
 * relations, and calls matching its own signatures exactly, are safe; so is whatever an update script
 * may own when the scripts of its start version are not in the tree.
 */
export function isCapturable(ref: SqlReference, context: RefContext, state: PathState | undefined, script: SqlScript, own: Set<string>): boolean {
  if (ref.exact) return false;
  const extensionPath = context === 'script' && state?.k === 'extension';
  if (ref.builtin && (ref.kind === 'function' || ref.kind === 'operator')) return ref.typesKnown;
  if (!extensionPath) return true;
  if (script.historyUnknown) return false;
  switch (ref.kind) {
    case 'function': {
      const types = ref.argTypes ?? [];
      if (ref.ownExact || (ref.typesKnown && own.has(`func:${ref.name}(${types.join(',')})`))) return false;
      return ref.typesKnown || !ownFunctionNamed(own, ref.name);
    }
    case 'operator':
      return true;
    case 'type':
      return !own.has(`type:${ref.name}`) && !own.has(`rel:${ref.name}`);
    case 'relation':
      return !own.has(`rel:${ref.name}`);
  }
}

function ownFunctionNamed(own: Set<string>, name: string): boolean {
  for (const k of own) if (k.startsWith(`func:${name}(`)) return true;
  return false;
}

export interface UnsafeReference {
  ref: SqlReference;
  context: RefContext;
  /** the function whose body holds the reference */
  fn?: SqlFunction;
  script: SqlScript;
  /** the reference names an object the extension created (the fix qualifies it with @extschema@) */
  own: boolean;
}

export interface FunctionState {
  fn: SqlFunction;
  /**
   * the definition outlives the script history: no later statement of its script, nor a script that can
   * run after it, re-creates or drops it. Findings about a function's body and clauses concern these only.
   */
  live: boolean;
  script: SqlScript;
  /** the path in force where the function is created (what FROM CURRENT copies) */
  state: PathState;
  /** the verdict on its SET search_path clause, if it has one that can be read */
  verdict?: PathVerdict;
  /** the body's references that can be captured (with the clause's path, or the caller's) */
  unsafeRefs: SqlReference[];
  ctx: TrustContext;
}

export interface SqlAnalysis {
  scripts: SqlScript[];
  functions: FunctionState[];
  /** CREATE OR REPLACE / IF NOT EXISTS of objects that are not the extension's own at that point */
  unsafeCreations: { creation: SqlCreation; script: SqlScript }[];
  unsafeRefs: UnsafeReference[];
  /** SET search_path / set_config statements, and clauses of functions that are not SECURITY DEFINER */
  pathSettings: { loc: SqlEvent & { k: 'setPath' }; verdict: PathVerdict; script: SqlScript }[];
  unsafeClauses: { fn: SqlFunction; verdict: PathVerdict; script: SqlScript }[];
}

const ownKeyOf = (ref: SqlReference): string[] =>
  ref.kind === 'relation' ? [`rel:${ref.name}`] : ref.kind === 'type' ? [`type:${ref.name}`, `rel:${ref.name}`] : [];

/**
 * One script read on its own (no history: nothing is the extension's own before it), as the editor's
 * hover needs it for the file under the cursor.
 */
export function loneScriptAnalysis(file: string, text: string): SqlAnalysis {
  const script: SqlScript = { file, facts: scriptFacts(file, text), ownBefore: new Set(), replacedLater: new Set(), historyUnknown: false };
  const out: SqlAnalysis = { scripts: [script], functions: [], unsafeCreations: [], unsafeRefs: [], pathSettings: [], unsafeClauses: [] };
  analyseHistory(script, out);
  return out;
}

/** One pass over every script of the extension, shared by the sql rules of a view. */
export function sqlAnalysis(view: ExtensionView): SqlAnalysis {
  return view.memo('sql-analysis', (view) => {
    const out: SqlAnalysis = { scripts: sqlScripts(view), functions: [], unsafeCreations: [], unsafeRefs: [], pathSettings: [], unsafeClauses: [] };
    for (const script of out.scripts) analyseHistory(script, out);
    return out;
  });
}

function analyseHistory(script: SqlScript, out: SqlAnalysis): void {
  const own = new Set(script.ownBefore);
  const ctx: TrustContext = { script, createdSchemas: new Set([...own].filter((k) => k.startsWith('schema:')).map((k) => k.slice(7))) };
  const functionName = (key: string) => key.slice(5).replace(/\(.*$/, '');
  const ownFunctionNames = new Set([...own].filter((k) => k.startsWith('func:')).map(functionName));
  // SET and SET LOCAL alike last to the end of the script: it runs in one transaction
  let state: PathState = { k: 'extension' };

  const created = (c: SqlCreation) => {
    const mine = own.has(c.key) || (c.schema !== undefined && ctx.createdSchemas.has(c.schema));
    // an update script from a version no script here installs: what that version owned is unknown
    if ((c.orReplace || c.ifNotExists) && !mine && !script.historyUnknown) out.unsafeCreations.push({ creation: c, script });
    if (c.kind === 'schema' && (!c.ifNotExists || mine)) ctx.createdSchemas.add(c.name);
    own.add(c.key);
    if (c.key.startsWith('func:')) ownFunctionNames.add(functionName(c.key));
  };
  const refOwn = (ref: SqlReference) =>
    ref.kind === 'function' ? ownFunctionNames.has(ref.name) : ownKeyOf(ref).some((k) => own.has(k));

  const events = script.facts.events;
  /** the last event of the script that creates or drops each function key */
  const lastTouch = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.k === 'function') lastTouch.set(e.fn.creation.key, i);
    else if (e.k === 'drop') for (const k of e.keys) lastTouch.set(k, i);
  });
  const redefinedLater = (i: number, key: string) => (lastTouch.get(key) ?? i) > i;

  for (const [i, e] of events.entries()) {
    switch (e.k) {
      case 'create':
        created(e.creation);
        break;
      case 'function': {
        const fn = e.fn;
        created(fn.creation);
        const live = !script.replacedLater.has(fn.creation.key) && !redefinedLater(i, fn.creation.key);
        const verdict = fn.searchPath ? judgePath(fn.searchPath.value, state, ctx) : undefined;
        const clauseState: PathState | undefined = fn.searchPath
          ? fn.searchPath.value.k === 'current'
            ? state.k === 'extension'
              ? { k: 'set', value: { k: 'list', schemas: ['@extschema@', 'pg_temp'] } }
              : state
            : { k: 'set', value: fn.searchPath.value }
          : undefined;
        const pinned = clauseState !== undefined && isPinned(clauseState, ctx);
        const unsafeRefs = pinned || !live ? [] : (fn.bodyRefs ?? []).filter((r) => isCapturable(r, 'body', clauseState, script, own));
        out.functions.push({ fn, live, script, state, verdict, unsafeRefs, ctx: { script, createdSchemas: new Set(ctx.createdSchemas) } });
        for (const ref of unsafeRefs) out.unsafeRefs.push({ ref, context: 'body', fn, script, own: refOwn(ref) });
        if (live && !fn.securityDefiner && verdict && fn.searchPath?.value.k === 'list' && (verdict.untrusted.length || verdict.tempNotLast)) {
          out.unsafeClauses.push({ fn, verdict, script });
        }
        break;
      }
      case 'refs':
        if (isPinned(state, ctx)) break;
        for (const ref of e.refs) {
          if (isCapturable(ref, 'script', state, script, own)) out.unsafeRefs.push({ ref, context: 'script', script, own: refOwn(ref) });
        }
        break;
      case 'setPath': {
        const verdict = judgePath(e.value, state, ctx);
        if (verdict && e.value.k === 'list' && (verdict.untrusted.length || verdict.tempImplicit || verdict.tempNotLast)) {
          out.pathSettings.push({ loc: e, verdict, script });
        }
        // a computed value is, in extension scripts, the saved path being restored
        state = e.value.k === 'dynamic' ? { k: 'extension' } : { k: 'set', value: e.value };
        break;
      }
    }
  }
}
