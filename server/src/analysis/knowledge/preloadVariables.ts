/**
 * The preload settings and the flags a library tests while it is loaded: what each means, in
 * words for hovers, with the manual's pages. Data only.
 */

export interface PreloadTopic {
  name: string;
  /** one line: what it is */
  title: string;
  /** the explanation, Markdown */
  body: string;
  docs: { title: string; url: string }[];
}

const MANUAL = 'https://www.postgresql.org/docs/current/';
const PRELOAD_DOCS = { title: 'Shared library preloading', url: `${MANUAL}runtime-config-client.html#RUNTIME-CONFIG-CLIENT-PRELOAD` };
const SHARED_ADDIN_DOCS = { title: 'Shared memory and LWLocks in C extensions', url: `${MANUAL}xfunc-c.html#XFUNC-SHARED-ADDIN` };
const LOAD_DOCS = { title: 'Dynamic loading', url: `${MANUAL}xfunc-c.html#XFUNC-C-DYNLOAD` };

export const PRELOAD_TOPICS: readonly PreloadTopic[] = [
  {
    name: 'shared_preload_libraries',
    title: 'server setting (context postmaster): libraries loaded once, at server start',
    body:
      'Set in postgresql.conf or on the server command line; a change takes effect only after a **restart**. ' +
      'The postmaster loads each library before any backend starts and calls its `_PG_init` with ' +
      '`process_shared_preload_libraries_in_progress` true. Only then may a library define `PGC_POSTMASTER` ' +
      'settings, request shared memory and LWLock tranches, install `shmem_request_hook` / `shmem_startup_hook`, ' +
      'register static background workers or a custom WAL resource manager. Backends inherit the loaded ' +
      'library (on Windows each backend loads it again), so its hooks are active in every session.',
    docs: [{ title: 'shared_preload_libraries', url: `${MANUAL}runtime-config-client.html#GUC-SHARED-PRELOAD-LIBRARIES` }, SHARED_ADDIN_DOCS],
  },
  {
    name: 'session_preload_libraries',
    title: 'setting (context superuser): libraries loaded at the start of each new session',
    body:
      'Only superusers (or roles granted SET on it) can change it, usually with `ALTER ROLE ... SET` or ' +
      '`ALTER DATABASE ... SET`, or in postgresql.conf followed by a reload. Each new connection loads the ' +
      'libraries after authentication; existing sessions, and connections a pooler keeps open, are not ' +
      'affected. `_PG_init` runs with `process_shared_preload_libraries_in_progress` false, so this is for ' +
      'libraries that only install hooks or define session-level settings (auto_explain is the classic ' +
      'case), never for ones that need shared memory or background workers.',
    docs: [{ title: 'session_preload_libraries', url: `${MANUAL}runtime-config-client.html#GUC-SESSION-PRELOAD-LIBRARIES` }, PRELOAD_DOCS],
  },
  {
    name: 'local_preload_libraries',
    title: 'setting (context user): libraries loaded at the start of a session, chosen by any user',
    body:
      'Any user may set it, for example through `PGOPTIONS` or `ALTER ROLE ... SET`, and it applies when a ' +
      'connection starts. Because unprivileged users choose the libraries, only libraries in the ' +
      '`$libdir/plugins/` directory can be loaded this way (a name without a directory gets that prefix). ' +
      'As with session_preload_libraries, `_PG_init` runs outside shared preload: hooks and session ' +
      'settings work, shared memory and background workers do not.',
    docs: [{ title: 'local_preload_libraries', url: `${MANUAL}runtime-config-client.html#GUC-LOCAL-PRELOAD-LIBRARIES` }, PRELOAD_DOCS],
  },
  {
    name: 'process_shared_preload_libraries_in_progress',
    title: 'bool, true while the postmaster loads shared_preload_libraries',
    body:
      'Declared in `miscadmin.h`. True exactly while the libraries listed in shared_preload_libraries are ' +
      'loaded at server start, so `_PG_init` tests it to learn whether preload-only setup is allowed. When a ' +
      'library is loaded later (`LOAD`, session/local_preload_libraries, or the first call of one of its SQL ' +
      'functions) it is false: defining a `PGC_POSTMASTER` setting then fails with FATAL "cannot create ' +
      'PGC_POSTMASTER variables after startup", and background workers, shared memory requests and ' +
      'shmem hooks have no effect. The usual pattern returns early (or raises an ERROR) from `_PG_init` ' +
      'when it is false. pgrx: `unsafe { pg_sys::process_shared_preload_libraries_in_progress }`.',
    docs: [SHARED_ADDIN_DOCS, LOAD_DOCS],
  },
  {
    name: 'process_shmem_requests_in_progress',
    title: 'bool, true while shmem_request_hook functions run (PostgreSQL 15 and later)',
    body:
      'Declared in `miscadmin.h` since PostgreSQL 15. The postmaster sets it while it calls ' +
      '`shmem_request_hook`, right before it sizes shared memory. `RequestAddinShmemSpace` and ' +
      '`RequestNamedLWLockTranche` check it and fail with FATAL "cannot request additional shared memory ' +
      'outside shmem_request_hook" when it is false, so on 15 and later those requests belong in a ' +
      '`shmem_request_hook` function installed from `_PG_init` (chaining the previous hook), not in ' +
      '`_PG_init` itself as older versions required.',
    docs: [SHARED_ADDIN_DOCS],
  },
];

export function preloadTopic(name: string): PreloadTopic | undefined {
  return PRELOAD_TOPICS.find((t) => t.name === name);
}
