/**
 * What the pgrx front end recognises by name. Matching is on the last path segment, so
 * `pgrx::error!`, `pgrx::pg_sys::process_shared_preload_libraries_in_progress` and imported
 * names all work.
 */

/** C symbols the server looks up by name; `#[export_name]` may give them to a differently named fn. */
export const ENTRY_SYMBOLS: ReadonlySet<string> = new Set(['_PG_init', '_PG_fini']);

/** Macros that raise an error and never come back (pgrx's elog levels ERROR and above, std panics). */
export const RAISING_MACROS: ReadonlySet<string> = new Set([
  'error',
  'FATAL',
  'PANIC',
  'panic',
  'unreachable',
  'todo',
  'unimplemented',
]);

/** Reporting macros and functions whose first argument is the level (raising at `RAISE_LEVELS`). */
export const LEVELLED_REPORTS: ReadonlySet<string> = new Set(['ereport', 'elog']);

/** pgrx macros that are one preload construct each: macro name -> callee name in the IR. */
export const CONSTRUCT_MACROS: Readonly<Record<string, string>> = {
  pg_shmem_init: 'pg_shmem_init!',
};

/** The worker builder whose `.load()` registers a static background worker. */
export const WORKER_BUILDER = 'BackgroundWorkerBuilder';
export const WORKER_BUILDER_LOAD = 'load';
/** callee name for `.load()` at the end of a builder chain */
export const WORKER_LOAD_CALLEE = `${WORKER_BUILDER}::${WORKER_BUILDER_LOAD}`;

/**
 * Accessors that yield the value held by a static wrapper (`OnceCell::get`, `UnsafeCell::get`,
 * `Cell::get`, atomics' `load`, `Option::as_ref`, a map's `get`/`entry` ...): reading `PREV.get()` reads PREV.
 */
export const SEE_THROUGH_METHODS: ReadonlySet<string> = new Set([
  'get',
  'get_mut',
  'copied',
  'cloned',
  'clone',
  'as_ref',
  'as_mut',
  'flatten',
  'load',
  'borrow',
  'borrow_mut',
  'read',
  'lock',
  'entry',
]);

/** Option accessors that panic on None: calling through them is an unchecked call. */
export const UNWRAPPING_METHODS: ReadonlySet<string> = new Set(['unwrap', 'expect', 'unwrap_unchecked']);

/** Option tests: `PREV.is_some()` is PREV tested for truth, `is_none()` its negation. */
export const OPTION_TESTS: Readonly<Record<string, boolean>> = { is_some: true, is_none: false };

/** Option methods that store a new value and return the old one: `take()` stores None. */
export const SWAPPING_METHODS: ReadonlySet<string> = new Set(['replace', 'take']);

/** Wrapper setters that store their (first) argument into the receiver: `PREV.set(pg_sys::X_hook)`. */
export const STORING_METHODS: ReadonlySet<string> = new Set(['set', 'replace', 'store', 'write', 'insert']);

/** Enum constructors written like calls (`Some(x)`, `Ok(())`): not calls of anything. */
export const CONSTRUCTORS: ReadonlySet<string> = new Set(['Some', 'Ok', 'Err']);

/** Calls whose result is a null pointer (C NULL). */
export const NULL_CALLS: ReadonlySet<string> = new Set(['null', 'null_mut']);

/** Constructors and conversions that carry a string literal through unchanged (for `Arg.str`). */
export const STRING_CARRIERS: ReadonlySet<string> = new Set([
  'from_bytes_with_nul',
  'from_bytes_with_nul_unchecked',
  'from_bytes_until_nul',
  'from_ptr',
  'new',
  'as_ptr',
  'as_pg_cstr',
  'as_c_str',
  'unwrap',
  'expect',
  'into',
  'to_owned',
  'to_string',
  'cstr',
]);

/** Version constants pgrx exposes from pg_config.h, as a function of the target major version. */
export const VERSION_CONSTANTS: Readonly<Record<string, (major: number) => number>> = {
  PG_VERSION_NUM: (major) => major * 10000,
  PG_MAJORVERSION_NUM: (major) => major,
};
