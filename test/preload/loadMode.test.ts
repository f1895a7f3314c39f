import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Engine } from '../../server/src/analysis/engine';
import { loadNeeds, mergeLoadNeeds, type LoadNeeds } from '../../server/src/analysis/semantics/loadMode';
import { copyFixture, cExtension } from '../support/lint';
import { tempTree } from '../support/tempDir';

async function needsOf(dir: string, pgVersions?: number[]): Promise<LoadNeeds> {
  const e = await Engine.create();
  const [ext] = e.discover([dir]);
  return mergeLoadNeeds(e.views(ext, { pgVersions }).map(loadNeeds));
}

const reasons = (n: LoadNeeds) => n.reasons.map((r) => `${r.needs} ${path.basename(r.loc.file)}:${r.loc.range.start.line + 1} ${r.what}`);

test('a pg_stat_statements-like library is shared: POSTMASTER GUC, shared memory and its hooks, guarded or not', async () => {
  const needs = await needsOf(copyFixture('docs-shared'));
  assert.equal(needs.mode, 'shared');
  assert.deepEqual(reasons(needs), [
    'shared qtally.c:46 RequestAddinShmemSpace()',
    'shared qtally.c:47 RequestNamedLWLockTranche()',
    'shared qtally.c:89 PGC_POSTMASTER GUC "qtally.max"',
    'shared qtally.c:101 installing shmem_request_hook',
    'shared qtally.c:103 RequestAddinShmemSpace()',
    'shared qtally.c:104 RequestNamedLWLockTranche()',
    'shared qtally.c:107 installing shmem_startup_hook',
    'session qtally.c:109 installing ExecutorEnd_hook',
  ]);
});

test('an auto_explain-like library that only installs executor hooks is session', async () => {
  const needs = await needsOf(copyFixture('docs-session'));
  assert.equal(needs.mode, 'session');
  assert.deepEqual(reasons(needs), ['session planlog.c:55 installing ExecutorStart_hook', 'session planlog.c:57 installing ExecutorEnd_hook']);
});

test('a pgcrypto-like library of SQL functions is none, with no reasons', async () => {
  assert.deepEqual(await needsOf(copyFixture('docs-none')), { mode: 'none', reasons: [] });
});

test('_PG_init refusing to load under IsUnderPostmaster (sepgsql) makes the library shared', async () => {
  const dir = tempTree(
    cExtension('labelguard', '\tif (IsUnderPostmaster)\n\t\tereport(ERROR,\n\t\t\t\t(errmsg("labelguard must be loaded via shared_preload_libraries")));\n'),
  );
  const needs = await needsOf(dir);
  assert.equal(needs.mode, 'shared');
  assert.deepEqual(reasons(needs), ['shared labelguard.c:12 _PG_init refusing to load outside shared_preload_libraries']);
});

test('an authentication hook is shared: session_preload_libraries load after authentication', async () => {
  const dir = tempTree(
    cExtension(
      'slowauth',
      '\tprev_auth = ClientAuthentication_hook;\n\tClientAuthentication_hook = slowauth_check;\n',
      'static ClientAuthentication_hook_type prev_auth = NULL;\n\nstatic void\nslowauth_check(Port *port, int status)\n{\n\tif (prev_auth)\n\t\tprev_auth(port, status);\n\tpg_usleep(1000L);\n}\n',
    ),
  );
  const needs = await needsOf(dir);
  assert.equal(needs.mode, 'shared');
  assert.match(needs.reasons[0].consequence ?? '', /authentication runs before session_preload_libraries are loaded/);
});

test('an LDAP password hook and an SSL initialisation hook are shared, each with its reason', async () => {
  const ldap = await needsOf(tempTree(cExtension('ldapmask', '\tldap_password_hook = unmask;\n', 'static char *\nunmask(char *pw)\n{\n\treturn pw;\n}\n')));
  assert.equal(ldap.mode, 'shared');
  assert.match(ldap.reasons[0].consequence ?? '', /authentication runs before session_preload_libraries are loaded/);
  const tls = await needsOf(
    tempTree(
      cExtension(
        'tlspass',
        '\tif (process_shared_preload_libraries_in_progress)\n\t\topenssl_tls_init_hook = set_passphrase_cb;\n',
        'static void\nset_passphrase_cb(SSL_CTX *context, bool isServerStart)\n{\n}\n',
      ),
    ),
  );
  assert.equal(tls.mode, 'shared', 'guarded or not');
  assert.deepEqual(reasons(tls), ['shared tlspass.c:19 installing openssl_tls_init_hook']);
  assert.match(tls.reasons[0].consequence ?? '', /the postmaster initialises SSL before any session exists/);
});

test('a registration that acts per session (BaseBackupAddTarget) makes the library session', async () => {
  const dir = tempTree(cExtension('shelltarget', '\tBaseBackupAddTarget("shell", shell_check, shell_sink);\n'));
  const needs = await needsOf(dir);
  assert.equal(needs.mode, 'session');
  assert.deepEqual(reasons(needs), ['session shelltarget.c:14 BaseBackupAddTarget()']);
});

test('a library is shared when any target version needs it (direct requests before PostgreSQL 15)', async () => {
  const dir = tempTree(
    cExtension('oldshm', '#if PG_VERSION_NUM < 150000\n\tRequestAddinShmemSpace(1024);\n#endif\n'),
  );
  assert.equal((await needsOf(dir, [15, 16])).mode, 'none');
  assert.equal((await needsOf(dir, [14, 15])).mode, 'shared');
});

test("pgrx's deprecated register_hook counts as installing hooks: session", async () => {
  const dir = tempTree({
    'Cargo.toml':
      '[package]\nname = "rxaudit"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib", "lib"]\n\n' +
      '[features]\ndefault = ["pg17"]\npg17 = ["pgrx/pg17"]\n\n[dependencies]\npgrx = "=0.11.4"\n',
    'rxaudit.control': "comment = 'audit executor runs'\ndefault_version = '@CARGO_VERSION@'\nmodule_pathname = '$libdir/rxaudit'\nrelocatable = false\n",
    'src/lib.rs':
      'use pgrx::prelude::*;\nuse pgrx::hooks::{register_hook, PgHooks};\n\npgrx::pg_module_magic!();\n\nstruct Audit;\n\nimpl PgHooks for Audit {}\n\n' +
      'static mut HOOKS: Audit = Audit;\n\n#[pg_guard]\npub extern "C" fn _PG_init() {\n    unsafe { register_hook(&mut HOOKS) };\n}\n',
  });
  const needs = await needsOf(dir);
  assert.equal(needs.mode, 'session');
  assert.deepEqual(reasons(needs), ['session lib.rs:14 pgrx register_hook()']);
});

test('a pgrx library whose hook functions are named like the hook variables is session', async () => {
  const needs = await needsOf(copyFixture('pgrx-same-name-hooks'), [16]);
  assert.equal(needs.mode, 'session');
  assert.deepEqual(reasons(needs), [
    'session lib.rs:21 installing post_parse_analyze_hook',
    'session lib.rs:51 installing ExecutorEnd_hook',
    'session lib.rs:64 installing planner_hook',
  ]);
});
