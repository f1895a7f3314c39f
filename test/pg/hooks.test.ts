import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { badAndFixed, type Builds } from './builds';
import { buildWithPgxs, fixtureCopy } from './pgxs';
import { openTier } from './tier';

// The hook rules on a real server. querytally is a well-behaved neighbour: it chains every hook it
// installs and counts its calls per backend (querytally_calls('ExecutorEnd') etc.); each library under
// test counts its own calls too (<name>_calls()). Counters live in the backend, so every check runs its
// statements in one psql session.

const HOOK_RULES = ['hook-overwrites-previous', 'hook-not-chained', 'hook-saved-after-install', 'previous-hook-unchecked', 'hook-missing-standard-fallback'];

const tier = openTier();

describe('hook rules on a real PostgreSQL 15', { skip: tier.skip }, () => {
  const pg = tier.cluster!;

  /**
   * Builds test/pg/fixtures/<rule>/<name> as written and after the hook rules' quick fixes, and creates
   * its <name>_calls() function (in a session of its own: creating a C function loads the library).
   */
  const library = async (rule: string, name: string): Promise<Builds> => {
    const b = await badAndFixed(`${rule}/${name}`, rule, HOOK_RULES);
    pg.addLibrary(b.fixed);
    pg.query(`CREATE OR REPLACE FUNCTION ${name}_calls() RETURNS bigint AS '${name}' LANGUAGE C STRICT`);
    return b;
  };

  const serve = (preload: string[], ...builds: string[]) =>
    assert.ok(pg.serve(preload, builds), `the server should start:\n${pg.log().slice(-2000)}`);

  /** Runs `sql` in a session that must die; returns its error output and the log lines it left, once the server is back. */
  const crashes = (sql: string) => {
    const mark = pg.logMark();
    const r = pg.psql(sql);
    assert.notEqual(r.status, 0, `the session should fail: ${r.stdout}`);
    pg.waitReady();
    return { stderr: r.stderr, log: pg.log(mark) };
  };

  /**
   * Runs `sql` then reads querytally's count for `hook` and the library's own count, in one session:
   * [neighbour, library].
   */
  const counts = (sql: string, hook: string, name: string): [number, number] => {
    const out = pg.query(`${sql}; SELECT querytally_calls('${hook}') || ' ' || ${name}_calls()`).split('\n').pop()!;
    const [peer, own] = out.split(' ').map(Number);
    return [peer, own];
  };

  /** The neighbour's hook never ran, the library's did. */
  const silenced = ([peer, own]: [number, number]) => assert.ok(peer === 0 && own > 0, `querytally ${peer} calls, the library ${own}`);
  /** Both ran, equally often. */
  const bothRan = ([peer, own]: [number, number]) => assert.ok(peer === own && own > 0, `querytally ${peer} calls, the library ${own}`);

  const SEGFAULT = /server process \(PID \d+\) was terminated by signal 11: Segmentation fault/;

  before(() => {
    pg.addLibrary(buildWithPgxs(fixtureCopy('peer/querytally')));
    assert.ok(pg.start(), pg.log());
    pg.query("CREATE FUNCTION querytally_calls(text) RETURNS bigint AS 'querytally' LANGUAGE C STRICT");
  });

  after(() => pg.destroy());

  it('hook-overwrites-previous: a library that never saves ExecutorEnd_hook silences the library listed before it; after the fix both count', async () => {
    const { finding, bad, fixed, left } = await library('hook-overwrites-previous', 'endstats');
    assert.ok(finding.message.includes('a library listed earlier in shared_preload_libraries (or loaded earlier in the session) loses its ExecutorEnd hook'), finding.message);
    serve(['querytally', 'endstats'], bad);
    silenced(counts('SELECT 1', 'ExecutorEnd', 'endstats'));
    serve(['querytally', 'endstats'], fixed);
    bothRan(counts('SELECT 1', 'ExecutorEnd', 'endstats'));
    assert.deepEqual(left, []);
  });

  it('hook-not-chained: an emit_log_hook that never calls the saved previous one starves the library listed before it; after the fix both count', async () => {
    const { finding, bad, fixed, left } = await library('hook-not-chained', 'logship');
    assert.ok(finding.message.includes('a library listed earlier in shared_preload_libraries has its emit_log hook silently skipped'), finding.message);
    const sql = "DO $$BEGIN RAISE LOG 'logship test'; END$$";
    serve(['querytally', 'logship'], bad);
    silenced(counts(sql, 'emit_log', 'logship'));
    serve(['querytally', 'logship'], fixed);
    bothRan(counts(sql, 'emit_log', 'logship'));
    assert.deepEqual(left, []);
  });

  it('hook-not-chained: a ProcessUtility hook that calls standard_ProcessUtility itself skips the library listed before it; after the fix both count, each command running once', async () => {
    const { bad, fixed, fixes, left } = await library('hook-not-chained', 'ddlaudit');
    assert.deepEqual(fixes, ['Call the previous ProcessUtility_hook (prev_ProcessUtility) where standard_ProcessUtility is called, else standard_ProcessUtility']);
    const sql = 'CREATE TABLE t_audit (a int); DROP TABLE t_audit';
    serve(['querytally', 'ddlaudit'], bad);
    silenced(counts(sql, 'ProcessUtility', 'ddlaudit'));
    serve(['querytally', 'ddlaudit'], fixed);
    // the table is created once: a second run of CREATE TABLE would fail with "already exists"
    bothRan(counts(sql, 'ProcessUtility', 'ddlaudit'));
    assert.deepEqual(left, []);
  });

  it('hook-saved-after-install: the "previous" planner hook is the library itself, so planning any query recurses until the backend crashes; after the fix both count', async () => {
    const { finding, bad, fixed, left } = await library('hook-saved-after-install', 'plantrace');
    assert.ok(finding.message.includes('calling the "previous" hook recurses until the stack overflows'), finding.message);
    serve(['querytally', 'plantrace'], bad);
    const { stderr, log } = crashes('SELECT 1');
    assert.match(stderr, /server closed the connection unexpectedly/);
    assert.match(log, SEGFAULT);
    serve(['querytally', 'plantrace'], fixed);
    bothRan(counts('SELECT 1', 'planner', 'plantrace'));
    assert.deepEqual(left, []);
  });

  it('previous-hook-unchecked: calling the NULL previous ExecutorStart crashes the backend when no earlier library set the hook; after the fix the query runs', async () => {
    const { finding, bad, fixed, left } = await library('previous-hook-unchecked', 'querytag');
    assert.ok(finding.message.includes('it is NULL whenever no library loaded earlier set ExecutorStart_hook, so this crashes the backend'), finding.message);
    serve(['querytag'], bad);
    const { stderr, log } = crashes('SELECT 1');
    assert.match(stderr, /server closed the connection unexpectedly/);
    assert.match(log, SEGFAULT);
    // the claim is exact: behind a library that sets the hook, the same build works
    serve(['querytally', 'querytag']);
    bothRan(counts('SELECT 1', 'ExecutorStart', 'querytag'));
    serve(['querytag'], fixed);
    assert.equal(pg.query('SELECT 1; SELECT querytag_calls()').split('\n').pop(), '2');
    assert.deepEqual(left, []);
  });

  it('hook-missing-standard-fallback: with no previous ProcessUtility hook and no standard_ProcessUtility call, DDL silently does nothing; after the fix it runs', async () => {
    const { finding, bad, fixed, left } = await library('hook-missing-standard-fallback', 'ddlfreeze');
    assert.ok(finding.message.includes("when no other library sets ProcessUtility_hook, PostgreSQL's own step is skipped entirely"), finding.message);
    const tables = () => pg.query("CREATE TABLE t_freeze (a int); SELECT count(*) FROM pg_class WHERE relname = 't_freeze'").split('\n').pop();
    serve(['ddlfreeze'], bad);
    assert.equal(tables(), '0', 'CREATE TABLE reports no error and creates nothing');
    serve(['ddlfreeze'], fixed);
    assert.equal(tables(), '1');
    pg.query('DROP TABLE t_freeze');
    assert.deepEqual(left, []);
  });

  it('hook-missing-standard-fallback: standard_ProcessUtility called although the previous hook already ran it executes each command twice; after the fix once', async () => {
    const { finding, bad, fixed, left } = await library('hook-missing-standard-fallback', 'ddlmirror');
    assert.ok(finding.message.includes('the step may run twice'), finding.message);
    serve(['querytally', 'ddlmirror'], bad);
    const r = pg.psql('CREATE TABLE t_mirror (a int)');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ERROR: {2}relation "t_mirror" already exists/);
    serve(['querytally', 'ddlmirror'], fixed);
    bothRan(counts('CREATE TABLE t_mirror (a int)', 'ProcessUtility', 'ddlmirror'));
    pg.query('DROP TABLE t_mirror');
    assert.deepEqual(left, []);
  });
});
