/**
 * PostgreSQL's own headers, as an extension includes them (`postgres.h`, `utils/guc.h`): never a
 * project header, so the search for project headers outside an extension's folder skips them. Taken
 * from PostgreSQL 18.3's src/include and the installed server headers (pg_config.h, extension/,
 * the procedural languages' headers).
 */

/** top-level folders of the server include directory */
const FOLDERS = new Set([
  'access', 'archive', 'backup', 'bootstrap', 'catalog', 'commands', 'common', 'datatype', 'executor', 'extension',
  'fe_utils', 'foreign', 'jit', 'lib', 'libpq', 'mb', 'nodes', 'optimizer', 'parser', 'partitioning', 'pch', 'port',
  'portability', 'postmaster', 'regex', 'replication', 'rewrite', 'snowball', 'statistics', 'storage', 'tcop',
  'tsearch', 'utils',
]);

/** headers at the top of the server include directory, and libpq's client headers */
const TOP_LEVEL = new Set([
  'c.h', 'fmgr.h', 'funcapi.h', 'getaddrinfo.h', 'getopt_long.h', 'miscadmin.h', 'pg_config.h', 'pg_config_ext.h',
  'pg_config_manual.h', 'pg_config_os.h', 'pg_getopt.h', 'pg_trace.h', 'pgstat.h', 'pgtar.h', 'pgtime.h', 'port.h',
  'postgres.h', 'postgres_ext.h', 'postgres_fe.h', 'rusagestub.h', 'varatt.h', 'windowapi.h', 'plpgsql.h',
  'plperl.h', 'plperl_helpers.h', 'plperl_system.h', 'plpython.h', 'plpython_system.h', 'ppport.h',
  'libpq-fe.h', 'libpq-events.h', 'pg_config_paths.h', 'pg_config_types.h',
]);

/** Whether `#include "name"` names one of PostgreSQL's headers. */
export function isPostgresHeader(name: string): boolean {
  const slash = name.indexOf('/');
  return slash < 0 ? TOP_LEVEL.has(name) || /^plpy_\w+\.h$/.test(name) : FOLDERS.has(name.slice(0, slash));
}
