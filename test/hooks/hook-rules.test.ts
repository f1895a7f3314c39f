import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/analysis/model/findings';
import type { Fix } from '../../server/src/analysis/rules/types';
import { applyFix, brief, cExtension, copyFixture, lintDir, sharedEngine } from '../support/lint';
import { tempTree } from '../support/tempDir';

const HOOK_RULES = ['hook-overwrites-previous', 'hook-saved-after-install', 'hook-not-chained', 'previous-hook-unchecked', 'hook-missing-standard-fallback'];

const hookLines = (dir: string, findings: Finding[]) => brief(dir, findings.filter((f) => HOOK_RULES.includes(f.rule)));

async function lintFixture(rel: string): Promise<{ dir: string; findings: Finding[] }> {
  const dir = copyFixture(rel);
  return { dir, findings: await lintDir(dir) };
}

function findingAt(findings: Finding[], rule: string, line: number): Finding {
  const f = findings.find((x) => x.rule === rule && x.loc.range.start.line + 1 === line);
  assert.ok(f, `${rule} on line ${line}`);
  return f;
}

/** Syntax problems the C front end finds in each version's `#if` variant of a file. */
async function syntaxProblems(file: string): Promise<string[]> {
  const engine = await sharedEngine();
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  for (let v = 13; v <= 18; v++) {
    for (const p of engine.cFacts(file, text, v, () => engine.headerMacros([], v)).problems) problems.push(`PostgreSQL ${v}: ${p}`);
  }
  return problems;
}

/**
 * Applies the fix and checks the round trip: the finding (`gone`: one per #if branch line) is gone, nothing else changed outside the
 * edited lines, the file still parses. Returns the new text.
 */
async function roundTrip(dir: string, file: string, fix: Fix, rule: string, gone = 1): Promise<string> {
  const full = path.join(dir, file);
  const count = async () => (await lintDir(dir)).filter((f) => f.rule === rule && path.basename(f.loc.file) === file).length;
  const findingsBefore = await count();
  const before = readFileSync(full, 'utf8').split('\n');
  const first = Math.min(...fix.edits.map((e) => e.range.start.line));
  const last = Math.max(...fix.edits.map((e) => e.range.end.line));
  applyFix(fix);
  const text = readFileSync(full, 'utf8');
  const after = text.split('\n');
  assert.deepEqual(after.slice(0, first), before.slice(0, first), 'lines before the edits are unchanged');
  const tail = before.length - last - 1;
  assert.deepEqual(after.slice(after.length - tail), before.slice(before.length - tail), 'lines after the edits are unchanged');
  assert.deepEqual(await syntaxProblems(full), [], 'the file still parses, in every #if variant');
  assert.equal(await count(), findingsBefore - gone, `the ${rule} finding is gone`);
  return text;
}

// ---- hook-overwrites-previous ----

test('an install is saved by a helper in another file, proven unset by a guard, or restored: only the worker and the unguarded install are reported', async () => {
  const { dir, findings } = await lintFixture('hook-overwrites-previous/qtrack');
  assert.deepEqual(hookLines(dir, findings), ['qtrack.c:126 hook-overwrites-previous', 'qtrack.c:96 hook-overwrites-previous']);
  assert.match(findingAt(findings, 'hook-overwrites-previous', 126).message, /a library listed earlier in shared_preload_libraries .* loses its get_relation_info hook/);
});

test('the overwrite fix declares a prev_ variable of the hook type beside the others and saves before the install', async () => {
  const { dir, findings } = await lintFixture('hook-overwrites-previous/qtrack');
  const text = await roundTrip(dir, 'qtrack.c', findingAt(findings, 'hook-overwrites-previous', 126).fixes[0], 'hook-overwrites-previous');
  assert.ok(text.includes('static emit_log_hook_type prev_emit_log_hook = NULL;\nstatic get_relation_info_hook_type prev_get_relation_info = NULL;\n'));
  assert.ok(text.includes('\tplanner_hook = qtrack_planner;\n\tprev_get_relation_info = get_relation_info_hook;\n\tget_relation_info_hook = qtrack_relation_info;\n'));
});

test('the overwrite fix in a worker does not reuse a variable _PG_init already saved into (that would make the hook call itself)', async () => {
  const { dir, findings } = await lintFixture('hook-overwrites-previous/qtrack');
  const text = await roundTrip(dir, 'qtrack.c', findingAt(findings, 'hook-overwrites-previous', 96).fixes[0], 'hook-overwrites-previous');
  assert.ok(text.includes('\tprev_emit_log = emit_log_hook;\n\temit_log_hook = qtrack_worker_log;\n'));
  assert.ok(!text.includes('\tprev_emit_log_hook = emit_log_hook;\n\temit_log_hook = qtrack_worker_log;'));
});

test('the overwrite fix braces an install that is the body of an unbraced if', async () => {
  const dir = tempTree(cExtension('solo', '\tif (solo_size > 0)\n\t\tshmem_startup_hook = solo_startup;\n', 'static void\nsolo_startup(void)\n{\n}\n'));
  const findings = await lintDir(dir);
  const f = findingAt(findings, 'hook-overwrites-previous', 19);
  const text = await roundTrip(dir, 'solo.c', f.fixes[0], 'hook-overwrites-previous');
  assert.ok(text.includes('\tif (solo_size > 0)\n\t{\n\t\tprev_shmem_startup = shmem_startup_hook;\n\t\tshmem_startup_hook = solo_startup;\n\t}\n'));
  assert.ok(text.includes('static int\tsolo_size = 16;\nstatic shmem_startup_hook_type prev_shmem_startup = NULL;\n'));
});

const installShapes: [string, string, string, string[]][] = [
  [
    'an install inside if (X_hook == NULL) is not reported',
    '\tif (planner_hook == NULL)\n\t\tplanner_hook = solo_planner;\n',
    'static PlannedStmt *\nsolo_planner(Query *parse, const char *qs, int opts, ParamListInfo params)\n{\n\treturn standard_planner(parse, qs, opts, params);\n}\n',
    [],
  ],
  [
    'an install after if (X_hook) elog(ERROR) is not reported',
    '\tif (emit_log_hook)\n\t\telog(ERROR, "solo must be loaded first");\n\temit_log_hook = solo_log;\n',
    'static void\nsolo_log(ErrorData *edata)\n{\n}\n',
    [],
  ],
  [
    'a hook function re-arming itself after a temporary swap is not an install',
    '\tprev_log = emit_log_hook;\n\temit_log_hook = solo_log;\n',
    'static emit_log_hook_type prev_log = NULL;\nstatic void\nsolo_log(ErrorData *edata)\n{\n\temit_log_hook = prev_log;\n\tif (prev_log)\n\t\tprev_log(edata);\n\temit_log_hook = solo_log;\n}\n',
    [],
  ],
  [
    'an install saved only in one branch of an if-else is reported in the other',
    '\tif (solo_size > 1)\n\t{\n\t\tprev_log = emit_log_hook;\n\t\temit_log_hook = solo_log;\n\t}\n\telse\n\t\temit_log_hook = solo_log;\n',
    'static emit_log_hook_type prev_log = NULL;\nstatic void\nsolo_log(ErrorData *edata)\n{\n\tif (prev_log)\n\t\tprev_log(edata);\n}\n',
    ['solo.c:27 hook-overwrites-previous'],
  ],
];

for (const [what, body, extra, expected] of installShapes) {
  test(what, async () => {
    const dir = tempTree(cExtension('solo', body, extra));
    assert.deepEqual(hookLines(dir, await lintDir(dir)), expected);
  });
}

// ---- hook-saved-after-install ----

test('a save after the install is reported once, on the save, and not also as an overwrite', async () => {
  const { dir, findings } = await lintFixture('hook-saved-after-install/slowrun');
  assert.deepEqual(hookLines(dir, findings), ['slowrun.c:72 hook-saved-after-install']);
  assert.match(findingAt(findings, 'hook-saved-after-install', 72).message, /holds slowrun_ExecutorRun itself/);
});

test('the late-save fix moves the save in front of the install', async () => {
  const { dir, findings } = await lintFixture('hook-saved-after-install/slowrun');
  const text = await roundTrip(dir, 'slowrun.c', findingAt(findings, 'hook-saved-after-install', 72).fixes[0], 'hook-saved-after-install');
  assert.ok(text.endsWith('\tprev_ExecutorRun = ExecutorRun_hook;\n\tExecutorRun_hook = slowrun_ExecutorRun;\n\telog(DEBUG1, "slowrun: executor hook installed");\n}\n'));
  assert.deepEqual(hookLines(dir, await lintDir(dir)), []);
});

// ---- hook-not-chained ----

test('chaining through a project macro after an early return is fine; an unchained body with a header per version is one finding, on the first header', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/ddlaudit');
  assert.deepEqual(hookLines(dir, findings), [
    'ddlaudit.c:100 hook-not-chained',
    'ddlaudit.c:52 hook-not-chained',
  ]);
  assert.match(findingAt(findings, 'hook-not-chained', 100).message, /Call prev_ExecutorRun when it is set, else standard_ExecutorRun\.$/);
});

test('a project macro calling (prev ? prev : standard_X)(args) chains with the fallback; the same macro on a bare prev is unchecked', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/planguard');
  assert.deepEqual(hookLines(dir, findings), [
    'planguard.c:51 previous-hook-unchecked',
    'planguard.c:57 hook-not-chained',
  ]);
  assert.doesNotMatch(findingAt(findings, 'hook-not-chained', 57).message, /PostgreSQL \d/, 'one finding for every version');
});

test('the conditional callee is read both ways round, and GNU prev ?: standard_X too', async () => {
  const cases: [string, string[]][] = [
    ['\treturn CALL_HOOK((prev_planner ? prev_planner : standard_planner), parse, qs, opts, params);\n', []],
    ['\treturn CALL_HOOK((!prev_planner ? standard_planner : prev_planner), parse, qs, opts, params);\n', []],
    ['\treturn CALL_HOOK((prev_planner ?: standard_planner), parse, qs, opts, params);\n', []],
    ['\treturn (prev_planner ? prev_planner : standard_planner)(parse, qs, opts, params);\n', []],
    ['\treturn CALL_HOOK((prev_planner ? standard_planner : prev_planner), parse, qs, opts, params);\n', ['solo.c:16 previous-hook-unchecked', 'solo.c:16 hook-missing-standard-fallback']],
  ];
  for (const [body, expected] of cases) {
    const extra =
      '#define CALL_HOOK(fn, ...) (fn)(__VA_ARGS__)\nstatic planner_hook_type prev_planner = NULL;\n\nstatic PlannedStmt *\n' +
      `solo_planner(Query *parse, const char *qs, int opts, ParamListInfo params)\n{\n${body}}\n`;
    const dir = tempTree(cExtension('solo', '\tprev_planner = planner_hook;\n\tplanner_hook = solo_planner;\n', extra));
    assert.deepEqual(hookLines(dir, await lintDir(dir)), [...expected].sort(), body);
  }
});

test('the chaining fix calls the previous hook after the local declarations', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/ddlaudit');
  const text = await roundTrip(dir, 'ddlaudit.c', findingAt(findings, 'hook-not-chained', 52).fixes[0], 'hook-not-chained');
  assert.ok(text.includes('\tbool\t\tfound;\n\n\tif (prev_shmem_startup_hook)\n\t\tprev_shmem_startup_hook();\n\n\tLWLockAcquire('));
});

test('the chaining fix has a branch per signature, with the function\'s own argument names and the standard fallback', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/ddlaudit');
  const text = await roundTrip(dir, 'ddlaudit.c', findingAt(findings, 'hook-not-chained', 100).fixes[0], 'hook-not-chained');
  assert.ok(text.includes(
    '{\n#if PG_VERSION_NUM >= 180000\n\tif (prev_ExecutorRun)\n\t\tprev_ExecutorRun(queryDesc, direction, count);\n\telse\n\t\tstandard_ExecutorRun(queryDesc, direction, count);\n' +
    '#else\n\tif (prev_ExecutorRun)\n\t\tprev_ExecutorRun(queryDesc, direction, count, execute_once);\n\telse\n\t\tstandard_ExecutorRun(queryDesc, direction, count, execute_once);\n#endif\n\n\tif (state && queryDesc->estate)',
  ));
  assert.deepEqual(hookLines(dir, await lintDir(dir)), ['ddlaudit.c:52 hook-not-chained']);
});

test('a hook that runs standard_X itself gets the chain in place of that call, not a second step before it', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/ddlguard');
  assert.deepEqual(hookLines(dir, findings), ['ddlguard.c:24 hook-not-chained', 'ddlguard.c:42 hook-not-chained']);
  const fix = findingAt(findings, 'hook-not-chained', 24).fixes[0];
  assert.equal(fix.title, 'Call the previous ProcessUtility_hook (prev_ProcessUtility) where standard_ProcessUtility is called, else standard_ProcessUtility');
  const text = await roundTrip(dir, 'ddlguard.c', fix, 'hook-not-chained');
  assert.ok(text.includes(
    '\t\t\t\t errmsg("only superusers may drop databases here")));\n\n' +
    '\tif (prev_ProcessUtility)\n\t\tprev_ProcessUtility(pstmt, queryString, readOnlyTree, context,\n\t\t\t\t\t\t\t\tparams, queryEnv, dest, qc);\n' +
    '\telse\n\t\tstandard_ProcessUtility(pstmt, queryString, readOnlyTree, context,\n\t\t\t\t\t\t\t\tparams, queryEnv, dest, qc);\n}\n',
  ), text);
  assert.equal(text.match(/standard_ProcessUtility\(/g)?.length, 1, 'the standard step stays one call');
  assert.deepEqual(hookLines(dir, await lintDir(dir)), ['ddlguard.c:46 hook-not-chained']);
});

test('standard_X in both branches of an unbraced if/else: each call becomes the chain, braced', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/ddlguard');
  const text = await roundTrip(dir, 'ddlguard.c', findingAt(findings, 'hook-not-chained', 42).fixes[0], 'hook-not-chained');
  const chain = '\t{\n\t\tif (prev_ExecutorEnd)\n\t\t\tprev_ExecutorEnd(queryDesc);\n\t\telse\n\t\t\tstandard_ExecutorEnd(queryDesc);\n\t}\n';
  assert.ok(text.includes(`\tif (queryDesc->totaltime)\n${chain}\telse\n${chain}}\n`), text);
  assert.deepEqual(hookLines(dir, await lintDir(dir)), ['ddlguard.c:24 hook-not-chained']);
});

test('a chain left beside the function\'s own standard_X call: the reverse-form fix keeps one chain, where standard_X was', async () => {
  const args = 'pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc';
  const extra =
    'static ProcessUtility_hook_type prev_utility = NULL;\n\nstatic void\n' +
    'solo_utility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,\n\t\t\t ProcessUtilityContext context, ParamListInfo params,\n' +
    '\t\t\t QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)\n{\n' +
    `\tif (prev_utility)\n\t\tprev_utility(${args});\n\telse\n\t\tstandard_ProcessUtility(${args});\n\n` +
    `\telog(DEBUG1, "solo: %s", queryString);\n\tstandard_ProcessUtility(${args});\n}\n`;
  const dir = tempTree(cExtension('solo', '\tprev_utility = ProcessUtility_hook;\n\tProcessUtility_hook = solo_utility;\n', extra));
  const findings = await lintDir(dir);
  assert.deepEqual(hookLines(dir, findings), ['solo.c:23 hook-missing-standard-fallback']);
  const fix = findingAt(findings, 'hook-missing-standard-fallback', 23).fixes[0];
  assert.ok(fix, 'a fix is offered');
  applyFix(fix);
  const text = readFileSync(path.join(dir, 'solo.c'), 'utf8');
  assert.ok(text.includes(
    `QueryCompletion *qc)\n{\n\telog(DEBUG1, "solo: %s", queryString);\n\tif (prev_utility)\n\t\tprev_utility(${args});\n\telse\n\t\tstandard_ProcessUtility(${args});\n}\n`,
  ), text);
  assert.deepEqual(await syntaxProblems(path.join(dir, 'solo.c')), []);
  assert.deepEqual(hookLines(dir, await lintDir(dir)), []);
});

test('a separate if (prev) prev(args) and a later unconditional standard_X: the fix moves the chain to the standard call', async () => {
  const extra =
    'static ExecutorEnd_hook_type prev_end = NULL;\nstatic uint64 ends = 0;\n\nstatic void\nsolo_end(QueryDesc *qd)\n{\n' +
    '\tif (prev_end)\n\t\tprev_end(qd);\n\tends++;\n\tstandard_ExecutorEnd(qd);\n}\n';
  const dir = tempTree(cExtension('solo', '\tprev_end = ExecutorEnd_hook;\n\tExecutorEnd_hook = solo_end;\n', extra));
  const findings = await lintDir(dir);
  assert.deepEqual(hookLines(dir, findings), ['solo.c:19 hook-missing-standard-fallback']);
  applyFix(findingAt(findings, 'hook-missing-standard-fallback', 19).fixes[0]);
  const text = readFileSync(path.join(dir, 'solo.c'), 'utf8');
  assert.ok(text.includes('{\n\tends++;\n\tif (prev_end)\n\t\tprev_end(qd);\n\telse\n\t\tstandard_ExecutorEnd(qd);\n}\n'), text);
  assert.deepEqual(hookLines(dir, await lintDir(dir)), []);
});

test('a standard_X call the fix cannot reach (in a helper) means no chaining fix rather than a doubled step', async () => {
  const extra =
    'static ExecutorEnd_hook_type prev_end = NULL;\n\nstatic void\nfinish(QueryDesc *qd)\n{\n\tstandard_ExecutorEnd(qd);\n}\n\n' +
    'static void\nsolo_end(QueryDesc *qd)\n{\n\tfinish(qd);\n}\n';
  const dir = tempTree(cExtension('solo', '\tprev_end = ExecutorEnd_hook;\n\tExecutorEnd_hook = solo_end;\n', extra));
  const findings = await lintDir(dir);
  assert.deepEqual(hookLines(dir, findings), ['solo.c:19 hook-not-chained']);
  assert.deepEqual(findingAt(findings, 'hook-not-chained', 19).fixes, []);
});

test('no chaining fix when the previous hook is a static of another file than the hook function', async () => {
  const files = cExtension('solo', '\tprev_relinfo = get_relation_info_hook;\n\tget_relation_info_hook = solo_relinfo;\n', 'static get_relation_info_hook_type prev_relinfo = NULL;\n');
  files['solo.c'] = files['solo.c'].replace('PG_MODULE_MAGIC;\n', 'PG_MODULE_MAGIC;\n\nextern void solo_relinfo(PlannerInfo *root, Oid relid, bool inhparent, RelOptInfo *rel);\n');
  files['planning.c'] =
    '#include "postgres.h"\n#include "optimizer/plancat.h"\n\nvoid\nsolo_relinfo(PlannerInfo *root, Oid relid, bool inhparent, RelOptInfo *rel)\n{\n\trel->rows = 1;\n}\n';
  const dir = tempTree(files);
  const findings = await lintDir(dir);
  assert.deepEqual(hookLines(dir, findings), ['planning.c:5 hook-not-chained']);
  assert.deepEqual(findingAt(findings, 'hook-not-chained', 5).fixes, []);
});

test('a hook chaining through a helper that copies the previous hook into a local is chained', async () => {
  const extra =
    'static ExecutorEnd_hook_type prev_end = NULL;\n\nstatic void\ncall_prev_end(QueryDesc *qd)\n{\n\tExecutorEnd_hook_type hook = prev_end ? prev_end : standard_ExecutorEnd;\n\n\thook(qd);\n}\n\n' +
    'static void\nsolo_end(QueryDesc *qd)\n{\n\tcall_prev_end(qd);\n}\n';
  const dir = tempTree(cExtension('solo', '\tprev_end = ExecutorEnd_hook;\n\tExecutorEnd_hook = solo_end;\n', extra));
  assert.deepEqual(hookLines(dir, await lintDir(dir)), []);
});

// ---- previous-hook-unchecked ----

test('calls tested with && or saved never-NULL are fine; bare calls are reported per branch', async () => {
  const { dir, findings } = await lintFixture('previous-hook-unchecked/secguard');
  assert.deepEqual(hookLines(dir, findings), [
    'secguard.c:73 previous-hook-unchecked',
    'secguard.c:81 previous-hook-unchecked',
    'secguard.c:92 previous-hook-unchecked',
  ]);
});

test('the NULL-test fix wraps the call, keeping its layout', async () => {
  const { dir, findings } = await lintFixture('previous-hook-unchecked/secguard');
  const text = await roundTrip(dir, 'secguard.c', findingAt(findings, 'previous-hook-unchecked', 73).fixes[0], 'previous-hook-unchecked');
  assert.ok(text.includes('{\n\tif (prev_post_parse_analyze_hook)\n\t\tprev_post_parse_analyze_hook(pstate, query, jstate);\n\tif (secguard_deny_all'));
});

test('the NULL-test fix adds the standard fallback for hooks that have one', async () => {
  const { dir, findings } = await lintFixture('previous-hook-unchecked/secguard');
  const text = await roundTrip(dir, 'secguard.c', findingAt(findings, 'previous-hook-unchecked', 92).fixes[0], 'previous-hook-unchecked');
  assert.ok(text.includes('\tif (prev_ExecutorFinish)\n\t\tprev_ExecutorFinish(queryDesc);\n\telse\n\t\tstandard_ExecutorFinish(queryDesc);\n}\n'));
  assert.ok(!(await lintDir(dir)).some((f) => f.rule === 'hook-missing-standard-fallback'));
});

// ---- hook-missing-standard-fallback ----

test('a checked call without fallback and an unconditional standard call are both reported', async () => {
  const { dir, findings } = await lintFixture('hook-missing-standard-fallback/execmeter');
  assert.deepEqual(hookLines(dir, findings), ['execmeter.c:26 hook-missing-standard-fallback', 'execmeter.c:35 hook-missing-standard-fallback']);
});

test('the fallback fix adds an else with the standard function', async () => {
  const { dir, findings } = await lintFixture('hook-missing-standard-fallback/execmeter');
  const text = await roundTrip(dir, 'execmeter.c', findingAt(findings, 'hook-missing-standard-fallback', 26).fixes[0], 'hook-missing-standard-fallback');
  assert.ok(text.includes('\tif (prev_ExecutorStart)\n\t\tprev_ExecutorStart(queryDesc, eflags);\n\telse\n\t\tstandard_ExecutorStart(queryDesc, eflags);\n}\n'));
});

test('the reverse-form fix turns the unconditional standard call into the else branch', async () => {
  const { dir, findings } = await lintFixture('hook-missing-standard-fallback/execmeter');
  const text = await roundTrip(dir, 'execmeter.c', findingAt(findings, 'hook-missing-standard-fallback', 35).fixes[0], 'hook-missing-standard-fallback');
  assert.ok(text.includes('\tif (prev_ExecutorEnd)\n\t\tprev_ExecutorEnd(queryDesc);\n\telse\n\t\tstandard_ExecutorEnd(queryDesc);\n}\n'));
  assert.deepEqual(hookLines(dir, await lintDir(dir)), ['execmeter.c:26 hook-missing-standard-fallback']);
});

test('falling back after an early return when the previous hook is NULL is a fallback', async () => {
  const extra =
    'static ExecutorStart_hook_type prev_start = NULL;\n\nstatic void\nsolo_start(QueryDesc *qd, int eflags)\n{\n' +
    '\tif (!prev_start)\n\t{\n\t\tstandard_ExecutorStart(qd, eflags);\n\t\treturn;\n\t}\n\tprev_start(qd, eflags);\n}\n';
  const dir = tempTree(cExtension('solo', '\tprev_start = ExecutorStart_hook;\n\tExecutorStart_hook = solo_start;\n', extra));
  assert.deepEqual(hookLines(dir, await lintDir(dir)), []);
});

// ---- pgrx: the same analysis over the Rust front end's IR ----

test('pgrx: an unwrap after is_some and a match on Some are checked; an unchained hook is reported on its name', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/rxaudit');
  assert.deepEqual(hookLines(dir, findings), ['src/lib.rs:31 hook-not-chained']);
  assert.equal(findingAt(findings, 'hook-not-chained', 31).fixes.length, 1, 'the Rust chaining fix is offered (its round trips: hook-fixes-pgrx.test.ts)');
});

test('a hook chaining through a helper in a file that installs nothing is chained (the file is parsed on demand)', async () => {
  const files = cExtension(
    'solo',
    '\tprev_planner_hook = planner_hook;\n\tplanner_hook = solo_planner;\n',
    'extern planner_hook_type prev_planner_hook;\nextern PlannedStmt *solo_call_planner(Query *parse, const char *qs, int opts, ParamListInfo params);\n\n' +
      'static PlannedStmt *\nsolo_planner(Query *parse, const char *qs, int opts, ParamListInfo params)\n{\n\treturn solo_call_planner(parse, qs, opts, params);\n}\n',
  );
  files['planning.c'] =
    '#include "postgres.h"\n#include "optimizer/planner.h"\n\nplanner_hook_type prev_planner_hook;\n\n' +
    'PlannedStmt *\nsolo_call_planner(Query *parse, const char *qs, int opts, ParamListInfo params)\n{\n' +
    '\tif (prev_planner_hook)\n\t\treturn prev_planner_hook(parse, qs, opts, params);\n\treturn standard_planner(parse, qs, opts, params);\n}\n';
  files.Makefile = files.Makefile.replace('OBJS = solo.o', 'OBJS = solo.o planning.o');
  const dir = tempTree(files);
  assert.deepEqual(hookLines(dir, await lintDir(dir)), []);
});

// ---- pgrx hook functions named like their hook variable ----

test('pgrx: Some(post_parse_analyze_hook) naming a local fn is an install of that fn, chained or not', async () => {
  const { dir, findings } = await lintFixture('pgrx-same-name-hooks');
  assert.deepEqual(brief(dir, findings), [
    'rowguard.control:1 preload-undocumented',
    'src/lib.rs:56 hook-not-chained',
    'src/lib.rs:64 hook-overwrites-previous',
  ]);
  assert.match(findingAt(findings, 'hook-not-chained', 56).message, /^ExecutorEnd_hook is installed as ExecutorEnd_hook but never calls the previous hook saved in PREV_EXECUTOR_END_HOOK/);
  assert.match(findingAt(findings, 'preload-undocumented', 1).message, /installing post_parse_analyze_hook .*installing ExecutorEnd_hook .*installing planner_hook/);
});

// ---- goto ----

test('a previous-hook call after a label that gotos reach chains the hook, and is checked like any other call', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/plancache');
  assert.deepEqual(hookLines(dir, findings), [
    'plancache.c:85 hook-missing-standard-fallback',
    'plancache.c:90 previous-hook-unchecked',
  ]);
  assert.doesNotMatch(findingAt(findings, 'previous-hook-unchecked', 90).message, /PostgreSQL \d/);
});

test('a backward goto (a retry loop) is not a jump to the end, and gotos into nested labels are ignored', async () => {
  const extra =
    'static emit_log_hook_type prev_log = NULL;\nstatic int\tsolo_tries = 0;\n\nstatic void\nsolo_log(ErrorData *edata)\n{\n' +
    'retry:\n\tif (solo_tries++ < 3)\n\t\tgoto retry;\n\tif (edata->elevel < WARNING)\n\t{\n\t\tgoto skip;\nskip:\n\t\treturn;\n\t}\n\tif (prev_log)\n\t\tprev_log(edata);\n}\n';
  const dir = tempTree(cExtension('solo', '\tprev_log = emit_log_hook;\n\temit_log_hook = solo_log;\n', extra));
  assert.deepEqual(hookLines(dir, await lintDir(dir)), []);
});

// ---- scope ----

test('a function-local static that shadows the saved previous hook never chains; a block-local counter or a local copy does not matter', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/tracestmt');
  assert.deepEqual(hookLines(dir, findings), ['tracestmt.c:22 hook-not-chained']);
  const f = findingAt(findings, 'hook-not-chained', 22);
  assert.match(f.message, /the prev_ExecutorStart in its body is its own local variable \(line 25\), which is never set/);
  assert.deepEqual(f.related.map((r) => `${r.loc.range.start.line + 1} ${r.message}`), [
    '25 this local prev_ExecutorStart hides the saved previous hook',
    '72 tracestmt_ExecutorStart is installed here',
  ]);
  assert.deepEqual(f.fixes, [], 'a chaining call would go through the local too');
});

test('pgrx: a local static mut that shadows the module\'s saved PREV never chains; a block-local static named like another does not matter', async () => {
  const { dir, findings } = await lintFixture('hook-not-chained/rxtrace');
  assert.deepEqual(hookLines(dir, findings), ['src/lib.rs:11 hook-not-chained']);
  assert.match(findingAt(findings, 'hook-not-chained', 11).message, /the PREV_EXECUTOR_START in its body is its own local variable \(line 13\)/);
});

test('a non-static local that shadows the saved previous hook is as unset; one in another function does not hide it', async () => {
  const extra =
    'static emit_log_hook_type prev_log = NULL;\n\nstatic void\nsolo_other(void)\n{\n\temit_log_hook_type prev_log = emit_log_hook;\n\n\t(void) prev_log;\n}\n\n' +
    'static void\nsolo_log(ErrorData *edata)\n{\n\tif (prev_log)\n\t\tprev_log(edata);\n}\n\n' +
    'static void\nsolo_log2(ErrorData *edata)\n{\n\temit_log_hook_type prev_log = NULL;\n\n\tif (prev_log)\n\t\tprev_log(edata);\n}\n';
  const chained = tempTree(cExtension('solo', '\tprev_log = emit_log_hook;\n\temit_log_hook = solo_log;\n', extra));
  assert.deepEqual(hookLines(chained, await lintDir(chained)), []);
  const shadowed = tempTree(cExtension('solo', '\tprev_log = emit_log_hook;\n\temit_log_hook = solo_log2;\n', extra));
  assert.deepEqual(hookLines(shadowed, await lintDir(shadowed)), ['solo.c:28 hook-not-chained']);
});
