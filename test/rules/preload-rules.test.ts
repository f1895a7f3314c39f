import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyFix, brief, cExtension, copyFixture, lintDir, parsesCleanly } from '../support/lint';
import { tempTree } from '../support/tempDir';

const only = (rule: string, lines: string[]) => lines.filter((l) => l.endsWith(` ${rule}`));

test('reports each PGC_POSTMASTER GUC defined before the early-return guard, not the SIGHUP one', async () => {
  const dir = copyFixture('postmaster-guc-outside-preload/bad-before-guard');
  assert.deepEqual(only('postmaster-guc-outside-preload', brief(dir, await lintDir(dir))), [
    'warmcache.c:28 postmaster-guc-outside-preload',
    'warmcache.c:39 postmaster-guc-outside-preload',
  ]);
});

test('one preload guard wraps the run of consecutive POSTMASTER definitions, pgindent style', async () => {
  const dir = copyFixture('postmaster-guc-outside-preload/bad-before-guard');
  const file = path.join(dir, 'warmcache.c');
  const before = readFileSync(file, 'utf8');
  const [first, second] = (await lintDir(dir)).filter((f) => f.rule === 'postmaster-guc-outside-preload');
  assert.deepEqual(first.fixes[0], second.fixes[0], 'both findings carry the same wrap');
  assert.equal(first.fixes[0].title, 'Wrap these 2 statements in a preload guard');
  applyFix(first.fixes[0]);
  const after = readFileSync(file, 'utf8');
  assert.ok(after.includes(
    '\tif (process_shared_preload_libraries_in_progress)\n\t{\n\t\tDefineCustomIntVariable("warmcache.interval",\n\t\t\t\t\t\t\t\t"Sets',
  ));
  assert.ok(after.includes('\t\t\t\t\t\t\t\t NULL);\n\t}\n\n\tDefineCustomStringVariable("warmcache.database"'));
  // everything outside the wrapped lines is byte-identical
  const [head] = before.split('\tDefineCustomIntVariable("warmcache.interval"');
  assert.ok(after.startsWith(head));
  assert.ok(after.endsWith(before.slice(before.indexOf('\n\n\tDefineCustomStringVariable'))));
  assert.deepEqual(only('postmaster-guc-outside-preload', brief(dir, await lintDir(dir))), []);
  assert.ok(await parsesCleanly(file));
});

test('lowering the context to PGC_SIGHUP replaces only the context argument', async () => {
  const dir = copyFixture('postmaster-guc-outside-preload/bad-before-guard');
  const file = path.join(dir, 'warmcache.c');
  const before = readFileSync(file, 'utf8');
  const [first] = (await lintDir(dir)).filter((f) => f.rule === 'postmaster-guc-outside-preload');
  const lower = first.fixes.find((f) => f.title.startsWith('Lower the context'));
  assert.ok(lower);
  applyFix(lower);
  const after = readFileSync(file, 'utf8');
  assert.equal(after, before.replace('PGC_POSTMASTER', 'PGC_SIGHUP'));
  assert.deepEqual(only('postmaster-guc-outside-preload', brief(dir, await lintDir(dir))), ['warmcache.c:39 postmaster-guc-outside-preload']);
});

test('reports an unguarded RegisterBackgroundWorker in a helper and an unguarded shmem_startup_hook install', async () => {
  const dir = copyFixture('preload-api-outside-preload/bad-worker-and-startup-hook');
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'preload-api-outside-preload');
  assert.deepEqual(brief(dir, findings), ['lockstat.c:30 preload-api-outside-preload', 'lockstat.c:37 preload-api-outside-preload']);
  assert.match(findings[0].message, /background worker is never started/);
  assert.deepEqual(findings[0].related.map((r) => r.message), ['called on the init path: _PG_init → lockstat_register_collector']);
});

test('the guard around a hook install takes the save of the previous hook with it', async () => {
  const dir = copyFixture('preload-api-outside-preload/bad-worker-and-startup-hook');
  const file = path.join(dir, 'lockstat.c');
  const hook = (await lintDir(dir)).find((f) => f.rule === 'preload-api-outside-preload' && f.loc.range.start.line === 36)!;
  applyFix(hook.fixes[0]);
  assert.ok(readFileSync(file, 'utf8').includes(
    '_PG_init(void)\n{\n\tif (process_shared_preload_libraries_in_progress)\n\t{\n\t\tprev_shmem_startup_hook = shmem_startup_hook;\n\t\tshmem_startup_hook = lockstat_shmem_startup;\n\t}\n\n\tlockstat_register_collector();',
  ));
  assert.deepEqual(only('preload-api-outside-preload', brief(dir, await lintDir(dir))), ['lockstat.c:30 preload-api-outside-preload']);
  assert.ok(await parsesCleanly(file));
});

test('reports shared-memory requests made directly in _PG_init on PostgreSQL 15 and later only', async () => {
  const dir = copyFixture('shmem-request-outside-hook/bad-requests-in-init');
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'shmem-request-outside-hook');
  assert.deepEqual(brief(dir, findings), ['pgcounters.c:30 shmem-request-outside-hook', 'pgcounters.c:31 shmem-request-outside-hook']);
  assert.deepEqual(findings[0].versions, [15, 16, 17, 18]);
  assert.match(findings[0].message, /\(PostgreSQL 15-18\)$/);
});

test('requests made by a helper of the shmem_request_hook function, and before 15 directly, are fine', async () => {
  const dir = copyFixture('shmem-request-outside-hook/good-request-hook');
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
});

test('the fix moves the requests into a new shmem_request_hook function, keeping them under #else for 13 and 14', async () => {
  const dir = copyFixture('shmem-request-outside-hook/bad-requests-in-init');
  const file = path.join(dir, 'pgcounters.c');
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'shmem-request-outside-hook');
  const [fix] = findings[0].fixes;
  assert.equal(fix.title, 'Move the shared-memory requests into a new shmem_request_hook function, pgcounters_shmem_request');
  assert.deepEqual(findings[1].fixes, [fix], 'one fix for both requests');
  applyFix(fix);
  const text = readFileSync(file, 'utf8');
  const requests = '\tRequestAddinShmemSpace(MAXALIGN(sizeof(CounterState)));\n\tRequestNamedLWLockTranche("pgcounters", 1);\n';
  assert.ok(text.includes('static shmem_startup_hook_type prev_shmem_startup_hook = NULL;\n#if PG_VERSION_NUM >= 150000\nstatic shmem_request_hook_type prev_shmem_request_hook = NULL;\n#endif\n'), text);
  assert.ok(text.includes(
    'static void pgcounters_shmem_startup(void);\n\n#if PG_VERSION_NUM >= 150000\n/*\n * Requests the shared memory and LWLocks this library needs: since PostgreSQL 15\n * only shmem_request_hook may.\n */\n' +
    `static void\npgcounters_shmem_request(void)\n{\n\tif (prev_shmem_request_hook)\n\t\tprev_shmem_request_hook();\n\n${requests}}\n#endif\n\nvoid\n_PG_init(void)\n`,
  ), text);
  assert.ok(text.includes(
    '\t\treturn;\n\n#if PG_VERSION_NUM >= 150000\n\tprev_shmem_request_hook = shmem_request_hook;\n\tshmem_request_hook = pgcounters_shmem_request;\n' +
    `#else\n${requests}#endif\n\n\tprev_shmem_startup_hook = shmem_startup_hook;\n`,
  ), text);
  assert.ok(await parsesCleanly(file));
  // silent on every version: 13 and 14 still request from _PG_init (guarded), 15 on from the hook, which chains
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
});

test('targeting 15 and later only, the fix writes no #if', async () => {
  const dir = copyFixture('shmem-request-outside-hook/bad-requests-in-init');
  const [finding] = (await lintDir(dir, { pgVersions: [15, 16, 17, 18] })).filter((f) => f.rule === 'shmem-request-outside-hook');
  applyFix(finding.fixes[0]);
  const text = readFileSync(path.join(dir, 'pgcounters.c'), 'utf8');
  assert.ok(!text.includes('#if'), text);
  assert.ok(text.includes('\t\treturn;\n\n\tprev_shmem_request_hook = shmem_request_hook;\n\tshmem_request_hook = pgcounters_shmem_request;\n\n\tprev_shmem_startup_hook'), text);
  assert.deepEqual(brief(dir, await lintDir(dir, { pgVersions: [15, 16, 17, 18] })), []);
});

test('no move for requests whose arguments are locals of _PG_init, or that run only under a condition of their own', async () => {
  const local = tempTree(cExtension('solo', '\tSize\t\tsize = solo_size * 1024;\n\n\tif (!process_shared_preload_libraries_in_progress)\n\t\treturn;\n\tRequestAddinShmemSpace(size);\n'));
  const conditional = tempTree(cExtension('solo', '\tif (!process_shared_preload_libraries_in_progress)\n\t\treturn;\n\tif (solo_size > 0)\n\t\tRequestAddinShmemSpace(solo_size * 1024);\n'));
  for (const dir of [local, conditional]) {
    const findings = (await lintDir(dir)).filter((f) => f.rule === 'shmem-request-outside-hook');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  }
});

test('reports an unreserved GUC prefix on its first definition and reserves it after the last', async () => {
  const dir = copyFixture('guc-prefix-not-reserved/bad-no-reservation');
  const file = path.join(dir, 'autoexplainx.c');
  const [finding] = (await lintDir(dir)).filter((f) => f.rule === 'guc-prefix-not-reserved');
  assert.equal(finding.loc.range.start.line + 1, 17);
  applyFix(finding.fixes[0]);
  assert.ok(readFileSync(file, 'utf8').includes('\t\t\t\t\t\t\t NULL);\n\n\tEmitWarningsOnPlaceholders("autoexplainx");\n}\n'));
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
  assert.ok(await parsesCleanly(file));
});

test('with every target version at 15 or later the fix uses MarkGUCPrefixReserved', async () => {
  const dir = copyFixture('guc-prefix-not-reserved/bad-no-reservation');
  const [finding] = (await lintDir(dir, { pgVersions: [15, 16, 17, 18] })).filter((f) => f.rule === 'guc-prefix-not-reserved');
  assert.match(finding.fixes[0].edits[0].newText, /MarkGUCPrefixReserved\("autoexplainx"\);/);
});

test('reports _PG_fini on its definition, not its prototype, as unnecessary code', async () => {
  const dir = copyFixture('fini-never-called/bad-restoring-hooks');
  const findings = await lintDir(dir);
  assert.deepEqual(brief(dir, findings), ['plantrace.c:33 fini-never-called']);
  assert.equal(findings[0].severity, 'hint');
  assert.equal(findings[0].unnecessary, true);
});

test('a GUC in a namespace shared with PostgREST (request.*) asks for no reservation', async () => {
  const dir = copyFixture('guc-prefix-not-reserved/bad-no-reservation');
  const file = path.join(dir, 'autoexplainx.c');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/"autoexplainx\./g, '"request.jwt.'));
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
});

test('a pgrx construct keeps its own spelling at the start of the message', async () => {
  const dir = tempTree({
    'Cargo.toml': '[package]\nname = "rxshm"\nversion = "0.1.0"\n\n[lib]\ncrate-type = ["cdylib", "lib"]\n\n[features]\ndefault = ["pg17"]\npg17 = ["pgrx/pg17"]\n\n[dependencies]\npgrx = "=0.12.9"\n',
    'rxshm.control': "comment = 'shm'\ndefault_version = '@CARGO_VERSION@'\nmodule_pathname = '$libdir/rxshm'\nrelocatable = false\n",
    'README.md': 'Add rxshm to shared_preload_libraries.\n',
    'src/lib.rs': 'use pgrx::prelude::*;\nuse pgrx::{pg_shmem_init, PgAtomic};\n\n::pgrx::pg_module_magic!();\n\nstatic COUNT: PgAtomic<std::sync::atomic::AtomicU64> = PgAtomic::new();\n\n#[pg_guard]\npub extern "C-unwind" fn _PG_init() {\n    pg_shmem_init!(COUNT);\n}\n',
  });
  const [finding] = (await lintDir(dir)).filter((f) => f.rule === 'preload-api-outside-preload');
  assert.match(finding.message, /^pg_shmem_init! runs outside/);
});

test('reports shared-memory requests made from shmem_startup_hook, which runs after the requests are collected', async () => {
  const dir = copyFixture('shmem-request-outside-hook/bad-requests-in-init');
  const file = path.join(dir, 'pgcounters.c');
  const text = readFileSync(file, 'utf8');
  const requests = '\tRequestAddinShmemSpace(MAXALIGN(sizeof(CounterState)));\n\tRequestNamedLWLockTranche("pgcounters", 1);\n';
  writeFileSync(file, text.replace(`${requests}\n`, '').replace('\tLWLockAcquire(AddinShmemInitLock', `${requests}\tLWLockAcquire(AddinShmemInitLock`));
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'shmem-request-outside-hook');
  assert.deepEqual(brief(dir, findings), ['pgcounters.c:42 shmem-request-outside-hook', 'pgcounters.c:43 shmem-request-outside-hook']);
  assert.match(findings[0].message, /called from shmem_startup_hook/);
});

test('requests two calls deep from another hook are reported, however the helper is reached first; deeper ones are not followed', async () => {
  const hook =
    'static shmem_startup_hook_type prev_shmem_startup_hook = NULL;\n\nextern void attach_state(void);\nextern void size_state(void);\n\n' +
    'static void\ntally_shmem_startup(void)\n{\n\tif (prev_shmem_startup_hook)\n\t\tprev_shmem_startup_hook();\n\tattach_state();\n\tsize_state();\n}\n';
  const init = '\tif (!process_shared_preload_libraries_in_progress)\n\t\treturn;\n\tprev_shmem_startup_hook = shmem_startup_hook;\n\tshmem_startup_hook = tally_shmem_startup;\n';
  const dir = tempTree({
    ...cExtension('tally', init, hook),
    // attach_state reaches size_state with no call left first; the hook then calls it directly
    'layout.c':
      '#include "postgres.h"\n\nextern void reserve_words(void);\nextern void deep_b(void);\nvoid size_state(void);\nvoid deep_a(void);\n\n' +
      'void\nattach_state(void)\n{\n\tsize_state();\n\tdeep_a();\n}\n\nvoid\nsize_state(void)\n{\n\treserve_words();\n}\n\nvoid\ndeep_a(void)\n{\n\tdeep_b();\n}\n',
    'space.c':
      '#include "postgres.h"\n#include "storage/ipc.h"\n#include "storage/lwlock.h"\n\n' +
      'void\nreserve_words(void)\n{\n\tRequestAddinShmemSpace(1024);\n}\n\nvoid\ndeep_b(void)\n{\n\tRequestNamedLWLockTranche("tally", 1);\n}\n',
  });
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'shmem-request-outside-hook');
  assert.deepEqual(brief(dir, findings), ['space.c:8 shmem-request-outside-hook']);
  assert.match(findings[0].message, /^RequestAddinShmemSpace\(\) is called from shmem_startup_hook/);
});

test('an early goto past the preload-only code when not preloading is a preload guard', async () => {
  const dir = copyFixture('hook-not-chained/plancache');
  assert.deepEqual(brief(dir, (await lintDir(dir)).filter((f) => f.rule.startsWith('preload-api') || f.rule === 'shmem-request-outside-hook')), []);
  const unguarded = tempTree(cExtension('solo', '\tif (solo_size == 0)\n\t\tgoto out;\n\tRegisterBackgroundWorker(&worker);\nout:\n\treturn;\n', 'static BackgroundWorker worker;\n'));
  assert.deepEqual(brief(unguarded, (await lintDir(unguarded)).filter((f) => f.rule === 'preload-api-outside-preload')), ['solo.c:17 preload-api-outside-preload']);
});

test('pgrx: one guard wraps a run of definitions whose arguments call GucFlags::default(), rustfmt style', async () => {
  const dir = copyFixture('postmaster-guc-outside-preload/pgrx-run');
  const file = path.join(dir, 'src/lib.rs');
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'postmaster-guc-outside-preload');
  assert.equal(findings.length, 4);
  const wraps = findings.map((f) => f.fixes[0]);
  assert.ok(wraps.every((w) => JSON.stringify(w) === JSON.stringify(wraps[0])), 'every finding carries the same wrap');
  assert.equal(wraps[0].title, 'Wrap these 4 statements in a preload guard');
  applyFix(wraps[0]);
  const after = readFileSync(file, 'utf8');
  assert.equal(after.match(/process_shared_preload_libraries_in_progress/g)?.length, 1);
  assert.ok(after.includes(
    'fn _PG_init() {\n    if unsafe { pg_sys::process_shared_preload_libraries_in_progress } {\n        GucRegistry::define_float_guc(\n            c"pgtelemetry.sample_rate",',
  ));
  // the SUSET setting after the blank line stays outside the guard
  assert.ok(after.includes('GucFlags::default());\n    }\n\n    GucRegistry::define_bool_guc(c"pgtelemetry.log_drops"'));
  assert.deepEqual(only('postmaster-guc-outside-preload', brief(dir, await lintDir(dir))), []);
  assert.ok(await parsesCleanly(file));
});

test('C: gettext_noop() in the arguments does not split the run of definitions', async () => {
  const define = (name: string) =>
    `\tDefineCustomIntVariable("demo.${name}",\n\t\t\t\t\t\t\tgettext_noop("Sets ${name}."),\n\t\t\t\t\t\t\tNULL,\n\t\t\t\t\t\t\t&demo_size,\n\t\t\t\t\t\t\t16, 1, 1024,\n\t\t\t\t\t\t\tPGC_POSTMASTER,\n\t\t\t\t\t\t\t0,\n\t\t\t\t\t\t\tNULL, NULL, NULL);\n`;
  const dir = tempTree(cExtension('demo', define('size') + define('slots') + define('workers') + '\tMarkGUCPrefixReserved("demo");\n'));
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'postmaster-guc-outside-preload');
  assert.equal(findings.length, 3);
  assert.equal(findings[0].fixes[0].title, 'Wrap these 3 statements in a preload guard');
  applyFix(findings[0].fixes[0]);
  const after = readFileSync(path.join(dir, 'demo.c'), 'utf8');
  assert.equal(after.match(/if \(process_shared_preload_libraries_in_progress\)/g)?.length, 1);
  assert.ok(after.includes('\t\t\t\t\t\t\t\tNULL, NULL, NULL);\n\t}\n\tMarkGUCPrefixReserved("demo");'));
  assert.deepEqual(only('postmaster-guc-outside-preload', brief(dir, await lintDir(dir))), []);
});
