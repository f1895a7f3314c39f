/**
 * PostgreSQL's `*_hook` global variables, PostgreSQL 13-18: what the hook rules, their quick fixes
 * (prototypes and call arguments per version) and hover read. Type names are irregular
 * (`auth_password_hook_typ`, `object_access_hook_type_str`), so nothing is derived from a hook's name.
 *
 * Checked against the PostgreSQL 18.3 headers and pgrx-pg-sys's bindings for 13-17.
 */

export interface HookParam {
  type: string;
  name: string;
}

/** The hook's function type on the versions `from`..`to` (inclusive; open-ended without `to`). */
export interface HookSignature {
  from: number;
  to?: number;
  returns: string;
  params: HookParam[];
}

export interface HookInfo {
  /** the global variable */
  name: string;
  /** its typedef, as extensions declare their saved-previous variable */
  type: string;
  /** the header declaring it, under src/include */
  header: string;
  /** oldest to newest; together they cover `since`..18 */
  signatures: HookSignature[];
  /** the core function a hook must call when there is no previous hook, if any */
  standard?: string;
  /** first version having the hook (13 = 13 or earlier) */
  since: number;
  /** what the hook is for and how it is chained (hover text) */
  description: string;
}

const p = (type: string, name: string): HookParam => ({ type, name });

const EXECUTOR_CHAIN = 'Chain by calling the previous hook when set, else the standard function.';

export const HOOKS: readonly HookInfo[] = [
  {
    name: 'ExecutorStart_hook',
    type: 'ExecutorStart_hook_type',
    header: 'executor/executor.h',
    signatures: [{ from: 13, returns: 'void', params: [p('QueryDesc *', 'queryDesc'), p('int', 'eflags')] }],
    standard: 'standard_ExecutorStart',
    since: 13,
    description: `Called by ExecutorStart() before a query plan is executed; sets up the executor state (queryDesc->estate). Used to enable instrumentation (pg_stat_statements, auto_explain). ${EXECUTOR_CHAIN}`,
  },
  {
    name: 'ExecutorRun_hook',
    type: 'ExecutorRun_hook_type',
    header: 'executor/executor.h',
    signatures: [
      { from: 13, to: 17, returns: 'void', params: [p('QueryDesc *', 'queryDesc'), p('ScanDirection', 'direction'), p('uint64', 'count'), p('bool', 'execute_once')] },
      { from: 18, returns: 'void', params: [p('QueryDesc *', 'queryDesc'), p('ScanDirection', 'direction'), p('uint64', 'count')] },
    ],
    standard: 'standard_ExecutorRun',
    since: 13,
    description: `Called by ExecutorRun() to fetch tuples from the plan; wrapping it measures execution or tracks nesting depth. PostgreSQL 18 dropped the execute_once argument. ${EXECUTOR_CHAIN}`,
  },
  {
    name: 'ExecutorFinish_hook',
    type: 'ExecutorFinish_hook_type',
    header: 'executor/executor.h',
    signatures: [{ from: 13, returns: 'void', params: [p('QueryDesc *', 'queryDesc')] }],
    standard: 'standard_ExecutorFinish',
    since: 13,
    description: `Called by ExecutorFinish() after the last tuple: runs AFTER triggers and finishes ModifyTable nodes. ${EXECUTOR_CHAIN}`,
  },
  {
    name: 'ExecutorEnd_hook',
    type: 'ExecutorEnd_hook_type',
    header: 'executor/executor.h',
    signatures: [{ from: 13, returns: 'void', params: [p('QueryDesc *', 'queryDesc')] }],
    standard: 'standard_ExecutorEnd',
    since: 13,
    description: `Called by ExecutorEnd() to shut the executor down and free its state; the last point where instrumentation totals are available. ${EXECUTOR_CHAIN}`,
  },
  {
    name: 'ExecutorCheckPerms_hook',
    type: 'ExecutorCheckPerms_hook_type',
    header: 'executor/executor.h',
    signatures: [
      { from: 13, to: 15, returns: 'bool', params: [p('List *', 'rangeTable'), p('bool', 'ereport_on_violation')] },
      { from: 16, returns: 'bool', params: [p('List *', 'rangeTable'), p('List *', 'rtePermInfos'), p('bool', 'ereport_on_violation')] },
    ],
    since: 13,
    description: 'Called by ExecCheckPermissions() (ExecCheckRTPerms() before 16) after the core permission checks, to add checks of its own (sepgsql). PostgreSQL 16 added the rtePermInfos argument. There is no standard function: chain by calling the previous hook when set and combining its result with yours.',
  },
  {
    name: 'ProcessUtility_hook',
    type: 'ProcessUtility_hook_type',
    header: 'tcop/utility.h',
    signatures: [
      {
        from: 13,
        to: 13,
        returns: 'void',
        params: [p('PlannedStmt *', 'pstmt'), p('const char *', 'queryString'), p('ProcessUtilityContext', 'context'), p('ParamListInfo', 'params'), p('QueryEnvironment *', 'queryEnv'), p('DestReceiver *', 'dest'), p('QueryCompletion *', 'qc')],
      },
      {
        from: 14,
        returns: 'void',
        params: [p('PlannedStmt *', 'pstmt'), p('const char *', 'queryString'), p('bool', 'readOnlyTree'), p('ProcessUtilityContext', 'context'), p('ParamListInfo', 'params'), p('QueryEnvironment *', 'queryEnv'), p('DestReceiver *', 'dest'), p('QueryCompletion *', 'qc')],
      },
    ],
    standard: 'standard_ProcessUtility',
    since: 13,
    description: 'Called by ProcessUtility() for every utility (non-planned) statement: DDL, SET, COPY, ... A hook may handle some commands itself and return, but must pass the others on: to the previous hook when set, else to standard_ProcessUtility. PostgreSQL 14 added the readOnlyTree argument.',
  },
  {
    name: 'planner_hook',
    type: 'planner_hook_type',
    header: 'optimizer/planner.h',
    signatures: [{ from: 13, returns: 'PlannedStmt *', params: [p('Query *', 'parse'), p('const char *', 'query_string'), p('int', 'cursorOptions'), p('ParamListInfo', 'boundParams')] }],
    standard: 'standard_planner',
    since: 13,
    description: 'Called by planner() to turn a query tree into a plan. Chain by returning the previous hook\'s plan when set, else standard_planner\'s.',
  },
  {
    name: 'create_upper_paths_hook',
    type: 'create_upper_paths_hook_type',
    header: 'optimizer/planner.h',
    signatures: [{ from: 13, returns: 'void', params: [p('PlannerInfo *', 'root'), p('UpperRelationKind', 'stage'), p('RelOptInfo *', 'input_rel'), p('RelOptInfo *', 'output_rel'), p('void *', 'extra')] }],
    since: 13,
    description: 'Called while the planner builds paths for upper relations (grouping, window, ordering, ...), so custom paths can be added. No standard function: call the previous hook when set.',
  },
  {
    name: 'set_rel_pathlist_hook',
    type: 'set_rel_pathlist_hook_type',
    header: 'optimizer/paths.h',
    signatures: [{ from: 13, returns: 'void', params: [p('PlannerInfo *', 'root'), p('RelOptInfo *', 'rel'), p('Index', 'rti'), p('RangeTblEntry *', 'rte')] }],
    since: 13,
    description: 'Called after the planner has built the access paths of a base relation, so custom scan paths can be added (hypopg, citus). No standard function: call the previous hook when set.',
  },
  {
    name: 'set_join_pathlist_hook',
    type: 'set_join_pathlist_hook_type',
    header: 'optimizer/paths.h',
    signatures: [{ from: 13, returns: 'void', params: [p('PlannerInfo *', 'root'), p('RelOptInfo *', 'joinrel'), p('RelOptInfo *', 'outerrel'), p('RelOptInfo *', 'innerrel'), p('JoinType', 'jointype'), p('JoinPathExtraData *', 'extra')] }],
    since: 13,
    description: 'Called after the planner has built the paths of a join relation, so custom join paths can be added. No standard function: call the previous hook when set.',
  },
  {
    name: 'join_search_hook',
    type: 'join_search_hook_type',
    header: 'optimizer/paths.h',
    signatures: [{ from: 13, returns: 'RelOptInfo *', params: [p('PlannerInfo *', 'root'), p('int', 'levels_needed'), p('List *', 'initial_rels')] }],
    standard: 'standard_join_search',
    since: 13,
    description: 'Replaces the planner\'s join order search (pg_hint_plan uses it to force join orders). Chain by returning the previous hook\'s result when set, else standard_join_search\'s (or geqo\'s when geqo applies).',
  },
  {
    name: 'get_relation_info_hook',
    type: 'get_relation_info_hook_type',
    header: 'optimizer/plancat.h',
    signatures: [{ from: 13, returns: 'void', params: [p('PlannerInfo *', 'root'), p('Oid', 'relationObjectId'), p('bool', 'inhparent'), p('RelOptInfo *', 'rel')] }],
    since: 13,
    description: 'Called after the planner has read a relation\'s catalog information (indexes, size), so it can be edited: hypothetical indexes (hypopg), hint-driven index restrictions. No standard function: call the previous hook when set.',
  },
  {
    name: 'post_parse_analyze_hook',
    type: 'post_parse_analyze_hook_type',
    header: 'parser/analyze.h',
    signatures: [
      { from: 13, to: 13, returns: 'void', params: [p('ParseState *', 'pstate'), p('Query *', 'query')] },
      { from: 14, returns: 'void', params: [p('ParseState *', 'pstate'), p('Query *', 'query'), p('JumbleState *', 'jstate')] },
    ],
    since: 13,
    description: 'Called after parse analysis of each statement, with the query tree (pg_stat_statements computes the query id here before 14). PostgreSQL 14 added the JumbleState argument. No standard function: call the previous hook when set.',
  },
  {
    name: 'ExplainOneQuery_hook',
    type: 'ExplainOneQuery_hook_type',
    header: 'commands/explain.h',
    signatures: [{ from: 13, returns: 'void', params: [p('Query *', 'query'), p('int', 'cursorOptions'), p('IntoClause *', 'into'), p('ExplainState *', 'es'), p('const char *', 'queryString'), p('ParamListInfo', 'params'), p('QueryEnvironment *', 'queryEnv')] }],
    standard: 'standard_ExplainOneQuery',
    since: 13,
    description: 'Called by EXPLAIN to plan and explain one query. Chain by calling the previous hook when set, else standard_ExplainOneQuery.',
  },
  {
    name: 'explain_per_plan_hook',
    type: 'explain_per_plan_hook_type',
    header: 'commands/explain.h',
    signatures: [{ from: 18, returns: 'void', params: [p('PlannedStmt *', 'plannedstmt'), p('IntoClause *', 'into'), p('ExplainState *', 'es'), p('const char *', 'queryString'), p('ParamListInfo', 'params'), p('QueryEnvironment *', 'queryEnv')] }],
    since: 18,
    description: 'Called once per plan by EXPLAIN, so extension EXPLAIN options can add plan-level output. New in PostgreSQL 18. No standard function: call the previous hook when set.',
  },
  {
    name: 'explain_per_node_hook',
    type: 'explain_per_node_hook_type',
    header: 'commands/explain.h',
    signatures: [{ from: 18, returns: 'void', params: [p('PlanState *', 'planstate'), p('List *', 'ancestors'), p('const char *', 'relationship'), p('const char *', 'plan_name'), p('ExplainState *', 'es')] }],
    since: 18,
    description: 'Called for each plan node by EXPLAIN, so extension EXPLAIN options can add node-level output. New in PostgreSQL 18. No standard function: call the previous hook when set.',
  },
  {
    name: 'explain_get_index_name_hook',
    type: 'explain_get_index_name_hook_type',
    header: 'commands/explain.h',
    signatures: [{ from: 13, returns: 'const char *', params: [p('Oid', 'indexId')] }],
    since: 13,
    description: 'Gives EXPLAIN the name of an index that is not in the catalogs (hypothetical indexes); returning NULL falls back to the catalog lookup. Chain by asking the previous hook when yours does not know the index.',
  },
  {
    name: 'explain_validate_options_hook',
    type: 'explain_validate_options_hook_type',
    header: 'commands/explain_state.h',
    signatures: [{ from: 18, returns: 'void', params: [p('ExplainState *', 'es'), p('List *', 'options'), p('ParseState *', 'pstate')] }],
    since: 18,
    description: 'Called after EXPLAIN\'s options are parsed, to reject invalid combinations of extension options. New in PostgreSQL 18. No standard function: call the previous hook when set.',
  },
  {
    name: 'check_password_hook',
    type: 'check_password_hook_type',
    header: 'commands/user.h',
    signatures: [{ from: 13, returns: 'void', params: [p('const char *', 'username'), p('const char *', 'shadow_pass'), p('PasswordType', 'password_type'), p('Datum', 'validuntil_time'), p('bool', 'validuntil_null')] }],
    since: 13,
    description: 'Called by CREATE/ALTER ROLE when a password is set; raises an error to reject it (passwordcheck). No standard function: call the previous hook when set, so every policy applies.',
  },
  {
    name: 'ClientAuthentication_hook',
    type: 'ClientAuthentication_hook_type',
    header: 'libpq/auth.h',
    signatures: [{ from: 13, returns: 'void', params: [p('Port *', 'port'), p('int', 'status')] }],
    since: 13,
    description: 'Called after client authentication with its outcome (auth_delay, connection auditing). Only effective when the library is in shared_preload_libraries. No standard function: call the previous hook when set.',
  },
  {
    name: 'ldap_password_hook',
    type: 'auth_password_hook_typ',
    header: 'libpq/auth.h',
    signatures: [{ from: 16, returns: 'char *', params: [p('char *', 'input')] }],
    since: 16,
    description: 'Transforms the LDAP bind password read from pg_hba.conf (ldapbindpasswd) before use, e.g. to decrypt it. New in PostgreSQL 16; note the type name auth_password_hook_typ. No standard function.',
  },
  {
    name: 'openssl_tls_init_hook',
    type: 'openssl_tls_init_hook_typ',
    header: 'libpq/libpq-be.h',
    signatures: [{ from: 14, returns: 'void', params: [p('SSL_CTX *', 'context'), p('bool', 'isServerStart')] }],
    since: 14,
    description: 'Called while the server\'s OpenSSL context is (re)initialised, to configure it (e.g. a passphrase callback). New in PostgreSQL 14; note the type name openssl_tls_init_hook_typ. No standard function: call the previous hook when set.',
  },
  {
    name: 'emit_log_hook',
    type: 'emit_log_hook_type',
    header: 'utils/elog.h',
    signatures: [{ from: 13, returns: 'void', params: [p('ErrorData *', 'edata')] }],
    since: 13,
    description: 'Called for every message before it is sent to the server log, to filter, redact or ship it. Must not raise an error. No standard function: call the previous hook when set, or other libraries\' log processing stops.',
  },
  {
    name: 'object_access_hook',
    type: 'object_access_hook_type',
    header: 'catalog/objectaccess.h',
    signatures: [{ from: 13, returns: 'void', params: [p('ObjectAccessType', 'access'), p('Oid', 'classId'), p('Oid', 'objectId'), p('int', 'subId'), p('void *', 'arg')] }],
    since: 13,
    description: 'Called when a database object is created, altered, dropped or accessed (sepgsql, DDL auditing). No standard function: call the previous hook when set.',
  },
  {
    name: 'object_access_hook_str',
    type: 'object_access_hook_type_str',
    header: 'catalog/objectaccess.h',
    signatures: [{ from: 15, returns: 'void', params: [p('ObjectAccessType', 'access'), p('Oid', 'classId'), p('const char *', 'objectStr'), p('int', 'subId'), p('void *', 'arg')] }],
    since: 15,
    description: 'Like object_access_hook, for objects identified by name rather than OID (GUCs in SET and ALTER SYSTEM). New in PostgreSQL 15; note the type name object_access_hook_type_str. No standard function: call the previous hook when set.',
  },
  {
    name: 'needs_fmgr_hook',
    type: 'needs_fmgr_hook_type',
    header: 'fmgr.h',
    signatures: [{ from: 13, returns: 'bool', params: [p('Oid', 'fn_oid')] }],
    since: 13,
    description: 'Asked whether calls of a function must go through fmgr_hook (security-definer-like wrappers, sepgsql). No standard function: answer true also when the previous hook does.',
  },
  {
    name: 'fmgr_hook',
    type: 'fmgr_hook_type',
    header: 'fmgr.h',
    signatures: [{ from: 13, returns: 'void', params: [p('FmgrHookEventType', 'event'), p('FmgrInfo *', 'flinfo'), p('Datum *', 'arg')] }],
    since: 13,
    description: 'Called on entry to, exit from and abort of functions selected by needs_fmgr_hook. No standard function: call the previous hook when set.',
  },
  {
    name: 'get_attavgwidth_hook',
    type: 'get_attavgwidth_hook_type',
    header: 'utils/lsyscache.h',
    signatures: [{ from: 13, returns: 'int32', params: [p('Oid', 'relid'), p('AttrNumber', 'attnum')] }],
    since: 13,
    description: 'Supplies the average width of a column instead of pg_statistic (0 = use the catalogs). No standard function: ask the previous hook when yours has no answer.',
  },
  {
    name: 'get_relation_stats_hook',
    type: 'get_relation_stats_hook_type',
    header: 'utils/selfuncs.h',
    signatures: [{ from: 13, returns: 'bool', params: [p('PlannerInfo *', 'root'), p('RangeTblEntry *', 'rte'), p('AttrNumber', 'attnum'), p('VariableStatData *', 'vardata')] }],
    since: 13,
    description: 'Supplies column statistics to the planner instead of pg_statistic (returns true when it did). No standard function: ask the previous hook when yours has no answer.',
  },
  {
    name: 'get_index_stats_hook',
    type: 'get_index_stats_hook_type',
    header: 'utils/selfuncs.h',
    signatures: [{ from: 13, returns: 'bool', params: [p('PlannerInfo *', 'root'), p('Oid', 'indexOid'), p('AttrNumber', 'indexattnum'), p('VariableStatData *', 'vardata')] }],
    since: 13,
    description: 'Supplies index column statistics to the planner instead of pg_statistic (returns true when it did). No standard function: ask the previous hook when yours has no answer.',
  },
  {
    name: 'row_security_policy_hook_permissive',
    type: 'row_security_policy_hook_type',
    header: 'rewrite/rowsecurity.h',
    signatures: [{ from: 13, returns: 'List *', params: [p('CmdType', 'cmdtype'), p('Relation', 'relation')] }],
    since: 13,
    description: 'Returns extra permissive row-level security policies for a relation, OR-ed with the catalog policies. No standard function: append the previous hook\'s policies to yours.',
  },
  {
    name: 'row_security_policy_hook_restrictive',
    type: 'row_security_policy_hook_type',
    header: 'rewrite/rowsecurity.h',
    signatures: [{ from: 13, returns: 'List *', params: [p('CmdType', 'cmdtype'), p('Relation', 'relation')] }],
    since: 13,
    description: 'Returns extra restrictive row-level security policies for a relation, AND-ed with the others. No standard function: append the previous hook\'s policies to yours.',
  },
  {
    name: 'shmem_startup_hook',
    type: 'shmem_startup_hook_type',
    header: 'storage/ipc.h',
    signatures: [{ from: 13, returns: 'void', params: [] }],
    since: 13,
    description: 'Called once shared memory is created (and in each backend on EXEC_BACKEND builds), to initialise the library\'s shared state with ShmemInitStruct under AddinShmemInitLock. Only fires for libraries in shared_preload_libraries. No standard function: call the previous hook when set.',
  },
  {
    name: 'shmem_request_hook',
    type: 'shmem_request_hook_type',
    header: 'miscadmin.h',
    signatures: [{ from: 15, returns: 'void', params: [] }],
    since: 15,
    description: 'Called while the postmaster sizes shared memory: the only place where RequestAddinShmemSpace and RequestNamedLWLockTranche are allowed from PostgreSQL 15 on. Only fires for libraries in shared_preload_libraries. No standard function: call the previous hook when set.',
  },
];

const BY_NAME = new Map(HOOKS.map((h) => [h.name, h]));

/** The hooks' names, one list (text searches keep their answers per list). */
export const HOOK_NAMES: readonly string[] = HOOKS.map((h) => h.name);
/** the first hook of a shared type (row_security_policy_hook_type serves two) */
const BY_TYPE = new Map([...HOOKS].reverse().map((h) => [h.type, h]));

export function hookNamed(name: string): HookInfo | undefined {
  return BY_NAME.get(name);
}

/** The hook whose typedef is `type` (`emit_log_hook_type`, `auth_password_hook_typ`). */
export function hookOfType(type: string): HookInfo | undefined {
  return BY_TYPE.get(type);
}

/**
 * Every `name` declared with a hook type in a source text (`static emit_log_hook_type prev_log;`,
 * `static mut PREV: pg_sys::ExecutorRun_hook_type = None;`), as [type, name] pairs.
 */
export function* hookTypedDeclarations(text: string, rust: boolean): Generator<[string, string]> {
  if (!text.includes('_hook_typ')) return;
  if (rust) for (const m of text.matchAll(/(\w+)\s*:\s*(?:pg_sys::)?(\w+_hook_typ\w*)/g)) yield [m[2], m[1]];
  else for (const m of text.matchAll(/\b(\w+_hook_typ\w*)\s+\**\s*(\w+)/g)) yield [m[1], m[2]];
}

/** "ExecutorStart hook", "row_security_policy_hook_permissive": how messages name a hook. */
export function hookLabel(h: HookInfo): string {
  return h.name.endsWith('_hook') ? `${h.name.slice(0, -'_hook'.length)} hook` : h.name;
}

/** The hook's signature on `version`, if the hook exists there. */
export function signatureOn(h: HookInfo, version: number): HookSignature | undefined {
  return h.signatures.find((s) => s.from <= version && (s.to === undefined || version <= s.to));
}

/** Where the hook is declared, for hover and messages. */
export function headerUrl(h: HookInfo): string {
  return `https://github.com/postgres/postgres/blob/master/src/include/${h.header}`;
}
