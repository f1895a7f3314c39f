import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { brief, copyFixture, lintDir } from '../support/lint';

const DOCS_RULES = new Set(['shared-preload-undocumented', 'preload-undocumented', 'preload-claim-unneeded']);

async function docsFindings(dir: string, settings = {}) {
  return (await lintDir(dir, settings)).filter((f) => DOCS_RULES.has(f.rule));
}

test('shared-preload-undocumented: once, on line 1 of the control file, naming every reason with its location', async () => {
  const dir = copyFixture('docs-shared');
  const findings = await docsFindings(dir);
  assert.deepEqual(brief(dir, findings), ['qtally.control:1 shared-preload-undocumented']);
  const [f] = findings;
  assert.match(f.message, /^qtally must be listed in shared_preload_libraries, but its documentation never mentions/);
  assert.match(f.message, /PGC_POSTMASTER GUC "qtally.max" \(qtally.c:89\)/);
  assert.match(f.message, /installing shmem_startup_hook \(qtally.c:107\)/);
  assert.ok(f.related.some((r) => r.loc.range.start.line === 106), 'the shmem_startup_hook install is related information');
});

test('a README that mentions shared_preload_libraries documents the need', async () => {
  const dir = copyFixture('docs-shared');
  writeFileSync(path.join(dir, 'README.md'), "# qtally\n\nSet shared_preload_libraries = 'qtally' and restart.\n");
  assert.deepEqual(await docsFindings(dir), []);
});

test('the control file comment is documentation too', async () => {
  const dir = copyFixture('docs-shared');
  const control = path.join(dir, 'qtally.control');
  writeFileSync(control, "comment = 'query counts (needs shared_preload_libraries)'\ndefault_version = '1.0'\nmodule_pathname = '$libdir/qtally'\n");
  assert.deepEqual(await docsFindings(dir), []);
});

test('without a control file the finding goes on the name of _PG_init', async () => {
  const dir = copyFixture('docs-shared');
  rmSync(path.join(dir, 'qtally.control'));
  assert.deepEqual(brief(dir, await docsFindings(dir)), ['qtally.c:84 shared-preload-undocumented']);
});

test('preload-undocumented: a hook-only library whose docs mention no way of loading it', async () => {
  const dir = copyFixture('docs-session');
  const findings = await docsFindings(dir);
  assert.deepEqual(brief(dir, findings), ['planlog.control:1 preload-undocumented']);
  assert.match(findings[0].message, /installing ExecutorStart_hook \(planlog.c:55\); installing ExecutorEnd_hook \(planlog.c:57\)/);
});

test('any of session_preload_libraries, local_preload_libraries or LOAD documents a hook-only library', async () => {
  for (const line of ["Run LOAD 'planlog'; first.", 'Add it to session_preload_libraries.', 'Use ``local_preload_libraries``.']) {
    const dir = copyFixture('docs-session');
    writeFileSync(path.join(dir, 'README.rst'), `planlog\n=======\n\n${line}\n`);
    assert.deepEqual(await docsFindings(dir), [], line);
  }
});

test('the English word "load" does not document a hook-only library', async () => {
  const dir = copyFixture('docs-session');
  writeFileSync(path.join(dir, 'README.rst'), 'planlog\n=======\n\nThe server will load planlog when needed.\n');
  assert.deepEqual(brief(dir, await docsFindings(dir)), ['planlog.control:1 preload-undocumented']);
});

test('preload-claim-unneeded: only the line that says shared_preload_libraries is required, not options, negations or other libraries', async () => {
  const dir = copyFixture('docs-none');
  const findings = await docsFindings(dir);
  assert.deepEqual(brief(dir, findings), ['README.md:10 preload-claim-unneeded']);
  assert.equal(findings[0].severity, 'hint');
  assert.deepEqual(findings[0].loc.range, { start: { line: 9, character: 26 }, end: { line: 9, character: 50 } });
});

test('a claim in a folder above counts only when it names the extension', async () => {
  const dir = copyFixture('docs-monorepo');
  mkdirSync(path.join(dir, '.git'));
  assert.deepEqual(await docsFindings(dir), [], '"Both `bgsched` and `citus` must be added" is not about lookup');
  writeFileSync(path.join(dir, 'README.md'), '# tools\n\nlookup requires shared_preload_libraries.\n');
  assert.deepEqual(brief(dir, await docsFindings(dir)), ['README.md:3 preload-claim-unneeded']);
});

test('documentation in the folder above covers an extension up to the workspace root', async () => {
  const dir = copyFixture('docs-monorepo');
  assert.deepEqual(brief(dir, await docsFindings(dir)), ['bgsched/bgsched.control:1 shared-preload-undocumented']);
  assert.deepEqual(await docsFindings(dir, { workspaceRoot: dir }), []);
});

test("PostgreSQL source tree: a module's manual page and README count; its tests, test configuration and Makefile do not", async () => {
  const dir = copyFixture('docs-pg-tree');
  assert.deepEqual(brief(dir, await docsFindings(dir)), [
    'contrib/hook_nodoc/hook_nodoc.control:1 preload-undocumented',
    // a TAP test and a Makefile comment set shared_preload_libraries; the hook runs during authentication
    'src/test/modules/auth_mask/auth_mask.c:11 shared-preload-undocumented',
    // sql/, expected/ and an isolation spec LOAD it
    'src/test/modules/plan_pause/plan_pause.c:28 preload-undocumented',
    // a test_shmemish.conf sets shared_preload_libraries
    'src/test/modules/test_shmemish/test_shmemish.c:21 shared-preload-undocumented',
  ]);
});

test('a test module whose README says how to load it is documented', async () => {
  const dir = copyFixture('docs-pg-tree');
  const readme = path.join(dir, 'src', 'test', 'modules', 'plan_pause', 'README');
  writeFileSync(readme, "plan_pause\n==========\n\nRun LOAD 'plan_pause' in the session to slow down.\n");
  assert.ok(!brief(dir, await docsFindings(dir)).some((f) => f.includes('plan_pause')));
});

test('tests that preload the library do not document it outside a PostgreSQL tree either', async () => {
  const dir = copyFixture('docs-shared');
  const files: Record<string, string> = {
    't/001_basic.pl': "$node->append_conf('postgresql.conf', \"shared_preload_libraries = 'qtally'\");\n",
    'test/regress.conf': "shared_preload_libraries = 'qtally'\n",
    'regress/sql/setup.sql': "LOAD 'qtally';\n",
    'CMakeLists.txt': '# tests run with shared_preload_libraries = qtally\nadd_library(qtally MODULE qtally.c)\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  assert.deepEqual(brief(dir, await docsFindings(dir)), ['qtally.control:1 shared-preload-undocumented']);
});
