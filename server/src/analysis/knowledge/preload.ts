/** Facts about preloading: the flag, what never returns, and the APIs that only work while preloading. */

export const PRELOAD_FLAG = 'process_shared_preload_libraries_in_progress';

/**
 * Globals whose truth means the library is not being preloaded: the postmaster (and a standalone
 * backend) processes shared_preload_libraries with IsUnderPostmaster false, so refusing to load when
 * it is true is a preload guard.
 */
export const NEGATED_FLAGS: readonly string[] = ['IsUnderPostmaster'];

/** ereport/elog levels that do not return. */
export const RAISE_LEVELS = new Set(['ERROR', 'FATAL', 'PANIC']);

/** Calls that never return to the caller. */
export const NORETURN_CALLS = new Set(['proc_exit', 'abort', 'exit', '_exit', 'pg_re_throw', 'PG_RE_THROW', 'ExceptionalCondition']);

export interface PreloadApi {
  /** callee name in the IR (C function, pgrx function, or pseudo-name for a pgrx construct) */
  callee: string;
  /** what happens when it runs outside shared_preload_libraries processing */
  consequence: string;
  severity?: 'error';
  /** only on these versions (inclusive bounds) */
  maxVersion?: number;
}

/** Calls that only work while shared_preload_libraries is processed (preload-api-outside-preload). */
export const PRELOAD_APIS: readonly PreloadApi[] = [
  { callee: 'RegisterBackgroundWorker', consequence: 'the background worker is never started: the postmaster only registers static workers at startup, so the call is silently ignored (no error, no log line)' },
  { callee: 'RegisterCustomRmgr', consequence: 'the call fails with ERROR: failed to register custom resource manager, DETAIL: "Custom resource manager must be registered while initializing modules in shared_preload_libraries"', severity: 'error' },
  { callee: 'register_sync_handler', consequence: 'the call fails with ERROR: sync handlers can only be registered while loading shared_preload_libraries (Percona Server for PostgreSQL)', severity: 'error' },
  { callee: 'RequestAddinShmemSpace', consequence: 'the request is silently ignored: shared memory is already sized, so the library later finds no space', maxVersion: 14 },
  { callee: 'RequestNamedLWLockTranche', consequence: 'the request is silently ignored: the LWLock tranche is never created, so GetNamedLWLockTranche fails later', maxVersion: 14 },
  { callee: 'pg_shmem_init!', consequence: 'the shared memory is never allocated: pg_shmem_init! installs shmem hooks that only run at server start, so the first access panics or fails' },
  { callee: 'BackgroundWorkerBuilder::load', consequence: 'the background worker is never started: BackgroundWorkerBuilder::load() registers a static worker, which the postmaster only accepts at startup (use load_dynamic() at run time)' },
];

/** Hooks that only fire at server start: installing them later has no effect (preload-api-outside-preload). */
export const STARTUP_HOOKS: ReadonlyMap<string, string> = new Map([
  ['shmem_request_hook', 'the hook never fires: shared memory requests are only collected at server start'],
  ['shmem_startup_hook', 'the hook never fires in this backend: shared memory is initialised at server start, so the library\'s shared state is never set up'],
]);

/**
 * Hooks PostgreSQL calls before session preloading can act (pg-hooks.md): in the postmaster, or
 * during authentication, before session_preload_libraries are loaded. A library that installs one
 * needs shared_preload_libraries (docs rules, preload report, hover). Only the startup hooks are also
 * preload-rule constructs: installing an authentication hook late is no error, it just never fires.
 */
export const HOOKS_BEFORE_SESSION_PRELOAD: ReadonlyMap<string, string> = new Map([
  ...STARTUP_HOOKS,
  ['ClientAuthentication_hook', 'the hook never fires: authentication runs before session_preload_libraries are loaded'],
  ['ldap_password_hook', 'the hook never fires: authentication runs before session_preload_libraries are loaded'],
  ['openssl_tls_init_hook', 'the hook never fires: the postmaster initialises SSL before any session exists'],
]);

/** Shared-memory requests that must be made from shmem_request_hook on PostgreSQL >= 15. */
export const SHMEM_REQUESTS = new Set(['RequestAddinShmemSpace', 'RequestNamedLWLockTranche']);

/**
 * GUC namespaces shared with other software: an extension that defines a variable there must not
 * reserve the prefix (PostgREST sets request.* and response.* placeholders per transaction).
 */
export const SHARED_GUC_PREFIXES = new Set(['request', 'response']);

/** Calls that reserve a GUC prefix (guc-prefix-not-reserved): the prefix is their first argument. */
export const PREFIX_RESERVERS = new Set(['MarkGUCPrefixReserved', 'EmitWarningsOnPlaceholders']);
