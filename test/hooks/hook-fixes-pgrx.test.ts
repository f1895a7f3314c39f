import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/analysis/model/findings';
import type { Fix } from '../../server/src/analysis/rules/types';
import { applyFix, copyFixture, lintDir, parsesCleanly } from '../support/lint';

const LIB = path.join('src', 'lib.rs');

async function lintFixture(rel: string): Promise<{ dir: string; findings: Finding[] }> {
  const dir = copyFixture(`hook-fixes-pgrx/${rel}`);
  return { dir, findings: await lintDir(dir) };
}

function fixAt(findings: Finding[], rule: string, line: number): Fix {
  const f = findings.find((x) => x.rule === rule && x.loc.range.start.line + 1 === line);
  assert.ok(f, `${rule} on line ${line}`);
  assert.equal(f.fixes.length, 1, `${rule} on line ${line} offers a fix`);
  return f.fixes[0];
}

/**
 * Applies the fix to src/lib.rs and checks the round trip: the finding is gone, the lines outside the
 * edits are byte-identical, the file still parses with tree-sitter-rust. Returns the lines the fix wrote.
 */
async function roundTrip(dir: string, findings: Finding[], fix: Fix, rule: string): Promise<string[]> {
  const file = path.join(dir, LIB);
  const before = readFileSync(file, 'utf8').split('\n');
  const first = Math.min(...fix.edits.map((e) => e.range.start.line));
  // an edit ending at the start of a line leaves that line alone
  const last = Math.max(...fix.edits.map((e) => (e.range.end.character === 0 ? e.range.end.line - 1 : e.range.end.line)));
  applyFix(fix);
  const after = readFileSync(file, 'utf8').split('\n');
  assert.deepEqual(after.slice(0, first), before.slice(0, first), 'lines before the edits are unchanged');
  const tail = before.length - last - 1;
  assert.deepEqual(after.slice(after.length - tail), before.slice(before.length - tail), 'lines after the edits are unchanged');
  assert.ok(await parsesCleanly(file), 'the file still parses without ERROR nodes');
  const count = (fs: Finding[]) => fs.filter((f) => f.rule === rule).length;
  assert.equal(count(await lintDir(dir)), count(findings) - 1, `the ${rule} finding is gone`);
  return after.slice(first, after.length - tail);
}

// ---- hook-overwrites-previous ----

test('pgrx: the overwrite fix declares a PREV_ static of the hook type after the others and saves before the install', async () => {
  const { dir, findings } = await lintFixture('rxhooks');
  await roundTrip(dir, findings, fixAt(findings, 'hook-overwrites-previous', 99), 'hook-overwrites-previous');
  const text = readFileSync(path.join(dir, LIB), 'utf8');
  assert.match(text, /static mut PREV_SHMEM_STARTUP: pg_sys::shmem_startup_hook_type = None;\nstatic mut PREV_EXECUTOR_START: pg_sys::ExecutorStart_hook_type = None;\n/);
  assert.match(text, /    unsafe \{\n        PREV_EXECUTOR_START = pg_sys::ExecutorStart_hook;\n        pg_sys::ExecutorStart_hook = Some\(rxhooks_executor_start\);\n/);
});

test('pgrx: the overwrite fix reuses a declared static that nothing saves into (acceptance case 28)', async () => {
  const { dir, findings } = await lintFixture('rxrowcap');
  const fix = fixAt(findings, 'hook-overwrites-previous', 106);
  assert.equal(fix.edits.length, 1, 'no new declaration');
  const written = await roundTrip(dir, findings, fix, 'hook-overwrites-previous');
  assert.deepEqual(written, ['        PREV_EXECUTOR_RUN = pg_sys::ExecutorRun_hook;']);
});

// ---- hook-saved-after-install ----

test('pgrx: the late-save fix moves the save in front of the install', async () => {
  const { dir, findings } = await lintFixture('rxhooks');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-saved-after-install', 113), 'hook-saved-after-install');
  assert.deepEqual(written.slice(0, 2), ['        PREV_SHMEM_STARTUP = pg_sys::shmem_startup_hook;', '        pg_sys::shmem_startup_hook = Some(rxhooks_shmem_startup);']);
});

// ---- hook-not-chained ----

test('pgrx: the chaining fix matches on the previous hook with the standard fallback, inside unsafe when the function is safe', async () => {
  const { dir, findings } = await lintFixture('rxhooks');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-not-chained', 49), 'hook-not-chained');
  assert.deepEqual(written, [
    '    unsafe {',
    '        match PREV_EXECUTOR_END {',
    '            Some(prev) => prev(query_desc),',
    '            None => pg_sys::standard_ExecutorEnd(query_desc),',
    '        }',
    '    }',
    '',
  ]);
});

test('pgrx: the chaining fix has a #[cfg] variant per signature when a parameter is cfg-dependent, with the function\'s own names', async () => {
  const { dir, findings } = await lintFixture('rxhooks');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-not-chained', 30), 'hook-not-chained');
  assert.deepEqual(written, [
    '    #[cfg(feature = "pg18")]',
    '    match PREV_EXECUTOR_RUN {',
    '        Some(prev) => prev(query_desc, direction, count),',
    '        None => pg_sys::standard_ExecutorRun(query_desc, direction, count),',
    '    }',
    '    #[cfg(not(feature = "pg18"))]',
    '    match PREV_EXECUTOR_RUN {',
    '        Some(prev) => prev(query_desc, direction, count, execute_once),',
    '        None => pg_sys::standard_ExecutorRun(query_desc, direction, count, execute_once),',
    '    }',
    '',
  ]);
});

test('pgrx: the chaining fix breaks a call too wide for one line into one argument a line, as rustfmt does', async () => {
  const { dir, findings } = await lintFixture('rxfallback');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-not-chained', 39), 'hook-not-chained');
  const args = ['planned_stmt', 'query_string', 'read_only_tree', 'context', 'params', 'query_env', 'dest', 'completion_tag'];
  assert.deepEqual(written, [
    '    unsafe {',
    '        match PREV_PROCESS_UTILITY {',
    '            Some(prev) => prev(',
    ...args.map((a) => `                ${a},`),
    '            ),',
    '            None => pg_sys::standard_ProcessUtility(',
    ...args.map((a) => `                ${a},`),
    '            ),',
    '        }',
    '    }',
    '',
  ]);
  assert.ok(written.every((l) => l.length <= 100));
});

// ---- previous-hook-unchecked ----

test('pgrx: the unwrap fix calls the previous hook through if let Some', async () => {
  const { dir, findings } = await lintFixture('rxhooks');
  const written = await roundTrip(dir, findings, fixAt(findings, 'previous-hook-unchecked', 83), 'previous-hook-unchecked');
  assert.deepEqual(written, ['        if let Some(prev) = PREV_EMIT_LOG {', '            prev(edata);', '        }']);
});

test('pgrx: the expect fix adds the standard fallback as the else branch', async () => {
  const { dir, findings } = await lintFixture('rxhooks');
  const written = await roundTrip(dir, findings, fixAt(findings, 'previous-hook-unchecked', 44), 'previous-hook-unchecked');
  assert.deepEqual(written, [
    '        if let Some(prev) = PREV_EXECUTOR_FINISH {',
    '            prev(query_desc);',
    '        } else {',
    '            pg_sys::standard_ExecutorFinish(query_desc);',
    '        }',
  ]);
});

// ---- hook-missing-standard-fallback ----

test('pgrx: the fallback fix adds an else with the standard function to an if let', async () => {
  const { dir, findings } = await lintFixture('rxhooks');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-missing-standard-fallback', 69), 'hook-missing-standard-fallback');
  assert.deepEqual(written, [
    '        } else {',
    '            pg_sys::standard_ProcessUtility(pstmt, query_string, read_only_tree, context, params, query_env, dest, qc);',
    '        }',
  ]);
});

test('pgrx: the fallback fix fills an empty None arm with the standard function', async () => {
  const { dir, findings } = await lintFixture('rxfallback');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-missing-standard-fallback', 20), 'hook-missing-standard-fallback');
  assert.deepEqual(written, ['            None => pg_sys::standard_ExecutorStart(query_desc, eflags),']);
});

test('pgrx: the reverse-form fix turns the unconditional standard call into the else branch', async () => {
  const { dir, findings } = await lintFixture('rxfallback');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-missing-standard-fallback', 33), 'hook-missing-standard-fallback');
  assert.deepEqual(written, ['        } else {', '            pg_sys::standard_ExecutorEnd(query_desc);', '        }']);
});

test('pgrx: the fixes indent by two spaces in a file formatted with tab_spaces = 2', async () => {
  const { dir, findings } = await lintFixture('rxtwospace');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-not-chained', 10), 'hook-not-chained');
  assert.deepEqual(written, [
    '  unsafe {',
    '    match PREV_EXECUTOR_END_HOOK {',
    '      Some(prev) => prev(query_desc),',
    '      None => pg_sys::standard_ExecutorEnd(query_desc),',
    '    }',
    '  }',
    '',
  ]);
});

test('pgrx: a fix in a file with CRLF line endings writes CRLF line endings', async () => {
  const dir = copyFixture('hook-fixes-pgrx/rxhooks');
  const file = path.join(dir, LIB);
  writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
  const findings = await lintDir(dir);
  await roundTrip(dir, findings, fixAt(findings, 'previous-hook-unchecked', 44), 'previous-hook-unchecked');
  const text = readFileSync(file, 'utf8');
  assert.equal(text.split('\r\n').length, text.split('\n').length, 'every line ends with CRLF');
  assert.match(text, /\r\n        if let Some\(prev\) = PREV_EXECUTOR_FINISH \{\r\n/);
});

// ---- hook-not-chained on a hook that runs pg_sys::standard_X itself ----

test('pgrx: a hook calling pg_sys::standard_ProcessUtility gets the match in place of that call, with its arguments', async () => {
  const { dir, findings } = await lintFixture('rxddlguard');
  const fix = fixAt(findings, 'hook-not-chained', 15);
  assert.equal(fix.title, 'Call the previous ProcessUtility_hook (PREV_PROCESS_UTILITY) where standard_ProcessUtility is called, else standard_ProcessUtility');
  const written = await roundTrip(dir, findings, fix, 'hook-not-chained');
  const args = ['pstmt,', 'query_string,', 'read_only_tree,', 'context,', 'params,', 'query_env,', 'dest,', 'qc,'].map((a) => `            ${a}`);
  assert.deepEqual(written, [
    '    match PREV_PROCESS_UTILITY {',
    '        Some(prev) => prev(',
    ...args,
    '        ),',
    '        None => pg_sys::standard_ProcessUtility(',
    ...args,
    '        ),',
    '    }',
  ]);
  const text = readFileSync(path.join(dir, LIB), 'utf8');
  assert.equal(text.match(/standard_ProcessUtility\(/g)?.length, 1, 'the standard step stays one call');
});

test('pgrx: a one-line pg_sys::standard_ExecutorEnd call becomes a one-line-per-arm match', async () => {
  const { dir, findings } = await lintFixture('rxddlguard');
  const written = await roundTrip(dir, findings, fixAt(findings, 'hook-not-chained', 42), 'hook-not-chained');
  assert.deepEqual(written, [
    '    match PREV_EXECUTOR_END {',
    '        Some(prev) => prev(query_desc),',
    '        None => pg_sys::standard_ExecutorEnd(query_desc),',
    '    }',
  ]);
  assert.deepEqual(
    (await lintDir(dir)).filter((f) => f.rule.startsWith('hook-') || f.rule === 'previous-hook-unchecked').map((f) => `${f.rule}:${f.loc.range.start.line + 1}`),
    ['hook-not-chained:15'],
  );
});
