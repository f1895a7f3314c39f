import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CallStmt, FileFacts, Stmt } from '../../server/src/analysis/model/model';
import { sharedEngine } from '../support/lint';
import { FIXTURES, fn, outline } from '../rust/outline';

/** The C++ front end's facts for a fixture file, with the headers under the fixture's include/, on one target version. */
async function cppFacts(rel: string, pgVersion = 17): Promise<FileFacts> {
  const engine = await sharedEngine();
  const file = path.join(FIXTURES, rel);
  const include = path.join(FIXTURES, rel.split('/')[0], 'include');
  const headers = readdirSync(include, { recursive: true, encoding: 'utf8' })
    .filter((h) => h.endsWith('.hpp'))
    .map((h) => ({ file: path.join(include, h), text: readFileSync(path.join(include, h), 'utf8') }));
  return engine.cppFacts(file, readFileSync(file, 'utf8'), pgVersion, () => engine.headerMacros(headers, pgVersion), () => headers);
}

function calls(stmts: Stmt[]): CallStmt[] {
  return stmts.filter((s): s is CallStmt => s.k === 'call');
}

test('an extern "C" _PG_init calls into namespaces and classes: each call keeps the scope it names', async () => {
  const init = fn(await cppFacts('cpp-quackscan/src/quackscan.cpp'), '_PG_init');
  assert.deepEqual(
    calls(init.body).map((c) => `${[...(c.qualifier ?? []), c.callee].join('::')} @${c.loc.range.start.line + 1}`),
    ['quackscan::DefineSettings @14', 'quackscan::Shmem::Reserve @15', 'quackscan::RunGuarded @16', 'quackscan::InstallHooks @16'],
  );
  assert.equal(init.isStatic, false);
});

test('a function belongs to its namespace and class; an anonymous namespace makes it file-local, a class does not', async () => {
  const shmem = await cppFacts('cpp-quackscan/src/shmem.cpp');
  assert.deepEqual(fn(shmem, 'Reserve').module, ['quackscan', 'Shmem']);
  assert.equal(fn(shmem, 'Reserve').isStatic, false);
  const hooks = await cppFacts('cpp-quackscan/src/hooks.cpp');
  assert.deepEqual(fn(hooks, 'ExecutorStartCpp').module, []);
  assert.equal(fn(hooks, 'ExecutorStartCpp').isStatic, true);
  assert.deepEqual(fn(hooks, 'InstallHooks').module, ['quackscan']);
  assert.deepEqual(fn(await cppFacts('cpp-lakecache/src/settings.cpp'), 'Define').module, ['lakecache', 'Settings']);
});

test('a lambda runs where it is called: a local lambda called by name is a call of its own function, a deferred one is not on the path', async () => {
  const facts = await cppFacts('cpp-quackscan/src/settings.cpp');
  assert.deepEqual(outline(fn(facts, 'DefineSettings').body, ['push_back']), [
    'call DefineCustomIntVariable @23',
    'call DefineCustomBoolVariable @26',
    'let define_threads = <lambda@29:24> @29',
    'call <lambda@29:24> @33',
  ]);
  assert.deepEqual(outline(fn(facts, '<lambda@29:24>').body), ['call DefineCustomIntVariable @30']);
});

test('a trampoline call is a call of the function it is given: a macro to a template argument, or a deduced argument', async () => {
  // QS_GUARDED(FN, ...) expands to quackscan::RunGuarded(#FN, FN, ...), whose body calls fn(args...)
  const quack = await cppFacts('cpp-quackscan/src/hooks.cpp');
  assert.deepEqual(outline(fn(quack, 'QuackExecutorStart').body), ['call RunGuarded @26', 'call ExecutorStartCpp @26']);
  // LC_CALL(FN, ...) expands to lakecache::CallAtBoundary<decltype(&FN), &FN>(#FN, ...), whose body calls fn(args...)
  const lake = await cppFacts('cpp-lakecache/src/hooks.cpp');
  assert.deepEqual(outline(fn(lake, 'LakecacheExecutorStart').body), ['call CallAtBoundary @26', 'call ExecutorStartCpp @26']);
});

test('a function that only stores the function it is given is not a trampoline', async () => {
  const facts = await cppFacts('cpp-lakecache/src/shared_state.cpp', 15);
  assert.deepEqual(outline(fn(facts, 'InitSharedState').body), [
    'prev_shmem_request = shmem_request_hook @53',
    'shmem_request_hook = RequestSpace @54',
    'prev_shmem_startup = shmem_startup_hook @58',
    'shmem_startup_hook = AttachCounters @59',
  ]);
});

test('#if PG_VERSION_NUM variants work as in C: one body per version', async () => {
  const v14 = fn(await cppFacts('cpp-lakecache/src/shared_state.cpp', 14), 'InitSharedState');
  assert.deepEqual(outline(v14.body, ['MAXALIGN']), [
    'call RequestAddinShmemSpace @56',
    'prev_shmem_startup = shmem_startup_hook @58',
    'shmem_startup_hook = AttachCounters @59',
  ]);
  assert.equal((await cppFacts('cpp-lakecache/src/shared_state.cpp', 14)).functions.some((f) => f.name === 'RequestSpace'), false);
});

test('a lambda assigned to a hook is the installed function', async () => {
  const facts = await cppFacts('cpp-lakecache/src/hooks.cpp');
  const install = outline(fn(facts, 'InstallHooks').body).find((l) => l.startsWith('emit_log_hook'));
  assert.equal(install, 'emit_log_hook = <lambda@37:18> @37');
  assert.deepEqual(outline(fn(facts, '<lambda@37:18>').body), ['if prev_emit_log', '  call prev_emit_log @39', 'if (?(edata,ERROR) && ?(log_misses))', '  call pstrdup @41']);
});
