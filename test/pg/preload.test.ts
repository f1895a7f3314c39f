import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { badAndFixed } from './builds';
import { buildWithPgxs, fixtureCopy } from './pgxs';
import { applyPreferredFixes, lint } from './quickFix';
import { installSkip, openTier } from './tier';

// The preload rules on a real server: what happens when a library that needs shared_preload_libraries
// is loaded any other way, and that the guarded build behaves both ways. Each server text asserted
// here is also asserted to be in the rule's message: the message is the product's claim.

const tier = openTier();

describe('preload rules on a real PostgreSQL 15', { skip: tier.skip }, () => {
  const pg = tier.cluster!;

  const serve = (preload: string[], ...builds: string[]) =>
    assert.ok(pg.serve(preload, builds), `the server should start:\n${pg.log().slice(-2000)}`);

  /** Polls `sql` until it prints `expected` or `ms` pass; returns the last output. */
  const eventually = (sql: string, expected: string, ms = 10000) => {
    const until = Date.now() + ms;
    for (;;) {
      const out = pg.query(sql);
      if (out === expected || Date.now() > until) return out;
      spawnSync('sleep', ['0.2']);
    }
  };

  after(() => pg.destroy());

  it('postmaster-guc-outside-preload: LOAD, session_preload_libraries and the first call of a SQL function of a library defining a PGC_POSTMASTER GUC without the guard FATAL the backend; the guarded build loads every way', async () => {
    const claim = 'cannot create PGC_POSTMASTER variables after startup';
    const { finding, bad, fixed, left } = await badAndFixed('postmaster-guc-outside-preload/querystats', 'postmaster-guc-outside-preload');
    assert.ok(finding.message.includes(`FATALs the backend with "${claim}"`), finding.message);
    const fatal = new RegExp(`FATAL: {2}${claim}`);

    // preloaded, the bad build works: that is how its author tested it
    serve(['querystats'], bad);
    assert.equal(pg.query('SHOW querystats.max'), '5000');
    pg.query("CREATE FUNCTION querystats_max() RETURNS int AS 'querystats' LANGUAGE C STRICT");

    serve([]);
    const load = pg.psql("LOAD 'querystats'");
    assert.notEqual(load.status, 0);
    assert.match(load.stderr, fatal);
    const session = pg.psql('SELECT 1', '-c session_preload_libraries=querystats');
    assert.notEqual(session.status, 0);
    assert.match(session.stderr, fatal);
    const firstCall = pg.psql('SELECT querystats_max()');
    assert.notEqual(firstCall.status, 0);
    assert.match(firstCall.stderr, fatal);

    serve([], fixed);
    assert.equal(pg.psql("LOAD 'querystats'").status, 0);
    assert.equal(pg.query('SELECT 1', '-c session_preload_libraries=querystats'), '1');
    assert.equal(pg.query('SELECT querystats_max()'), '5000');
    serve(['querystats'], fixed);
    assert.equal(pg.query('SHOW querystats.max'), '5000');
    assert.deepEqual(left, []);
  });

  it('postmaster-guc-outside-preload: local_preload_libraries of a library defining a PGC_POSTMASTER GUC without the guard FATALs the backend too; the guarded build loads', { skip: tier.skip ?? installSkip() }, async () => {
    const { finding, bad, fixed } = await badAndFixed('postmaster-guc-outside-preload/querystats', 'postmaster-guc-outside-preload');
    assert.ok(finding.message.includes('local_preload_libraries'), finding.message);
    const local = '-c local_preload_libraries=pgextlint_querystats';
    serve([]);
    try {
      pg.installPlugin(bad, 'pgextlint_querystats.so');
      const r = pg.psql('SELECT 1', local);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /FATAL: {2}cannot create PGC_POSTMASTER variables after startup/);
      pg.installPlugin(fixed, 'pgextlint_querystats.so');
      assert.equal(pg.query('SELECT 1', local), '1');
    } finally {
      pg.removeInstalled();
    }
  });

  it('preload-api-outside-preload: a background worker registered by LOAD is silently ignored and never starts; the guarded build, preloaded, runs it', async () => {
    const { finding, bad, fixed, left } = await badAndFixed('preload-api-outside-preload/warmcache', 'preload-api-outside-preload');
    assert.ok(finding.message.includes('the background worker is never started'), finding.message);
    assert.ok(finding.message.includes('silently ignored'), finding.message);
    const workers = "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'warmcache'";

    serve([], bad);
    const mark = pg.logMark();
    const load = pg.psql("LOAD 'warmcache'");
    assert.equal(load.status, 0, load.stderr);
    assert.equal(load.stderr, '', 'LOAD says nothing');
    assert.equal(eventually(workers, '1', 2000), '0');
    assert.doesNotMatch(pg.log(mark), /warmcache/, 'nor does the server log');

    serve(['warmcache'], fixed);
    assert.equal(eventually(workers, '1'), '1');
    assert.deepEqual(left, []);
  });

  it('preload-api-outside-preload: RegisterCustomRmgr on LOAD fails with the server error the message quotes; the guarded build loads, and preloaded registers the resource manager', async () => {
    const error = 'failed to register custom resource manager "walaudit" with ID 128';
    const detail = 'Custom resource manager must be registered while initializing modules in shared_preload_libraries';
    const { finding, bad, fixed, left } = await badAndFixed('preload-api-outside-preload/walaudit', 'preload-api-outside-preload');
    assert.equal(finding.severity, 'error');
    assert.ok(finding.message.includes(`ERROR: failed to register custom resource manager, DETAIL: "${detail}"`), finding.message);

    serve([], bad);
    const load = pg.psql("LOAD 'walaudit'");
    assert.notEqual(load.status, 0);
    assert.ok(load.stderr.includes(`ERROR:  ${error}`), load.stderr);
    assert.ok(load.stderr.includes(`DETAIL:  ${detail}.`), load.stderr);

    serve([], fixed);
    assert.equal(pg.psql("LOAD 'walaudit'").status, 0);
    const mark = pg.logMark();
    serve(['walaudit'], fixed);
    assert.match(pg.log(mark), /LOG: {2}registered custom resource manager "walaudit" with ID 128/);
    assert.deepEqual(left, []);
  });

  it('shmem-request-outside-hook: shared memory requested from _PG_init stops PostgreSQL 15 from starting, with the FATAL the message quotes; after the quick fix (a shmem_request_hook function) it starts and the requests are granted', async () => {
    const claim = 'cannot request additional shared memory outside shmem_request_hook';
    const rule = 'shmem-request-outside-hook';
    const badDir = fixtureCopy('shmem-request-outside-hook/sessionmap');
    const findings = (await lint(badDir)).filter((f) => f.rule === rule);
    assert.deepEqual(findings.map((f) => f.loc.range.start.line + 1), [71, 72]);
    for (const f of findings) {
      assert.ok(f.message.includes(`FATAL "${claim}", so the server does not start`), f.message);
      assert.deepEqual(f.fixes.map((x) => x.title), ['Move the shared-memory requests into a new shmem_request_hook function, sessionmap_shmem_request']);
    }

    const mark = pg.logMark();
    assert.equal(pg.serve(['sessionmap'], [buildWithPgxs(badDir)]), false, 'the server does not start');
    assert.match(pg.log(mark), new RegExp(`FATAL: {2}${claim}`));

    // the fix for PostgreSQL 15 alone, and the one for 13-18 (the old calls kept under #else for 13 and 14)
    for (const versions of [[15], [13, 14, 15, 16, 17, 18]]) {
      const fixedDir = fixtureCopy('shmem-request-outside-hook/sessionmap');
      const { fixes, left } = await applyPreferredFixes(fixedDir, [rule], versions);
      // both findings carry the same fix, which moves both requests
      assert.deepEqual([...new Set(fixes)], ['Move the shared-memory requests into a new shmem_request_hook function, sessionmap_shmem_request']);
      assert.deepEqual(left, []);
      assert.deepEqual((await lint(fixedDir)).filter((f) => f.severity === 'error'), []);
      serve(['sessionmap'], buildWithPgxs(fixedDir));
      // shmem_startup_hook found the tranche (GetNamedLWLockTranche errors at startup when it was not
      // requested) and the space: the struct it initialised is there
      pg.query("CREATE OR REPLACE FUNCTION sessionmap_slots() RETURNS int AS 'sessionmap' LANGUAGE C STRICT");
      assert.equal(pg.query('SELECT sessionmap_slots()'), '64');
    }
  });
});
