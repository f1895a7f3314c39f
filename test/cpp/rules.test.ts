import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/analysis/engine';
import type { Finding } from '../../server/src/analysis/model/findings';
import { loadNeeds, mergeLoadNeeds } from '../../server/src/analysis/semantics/loadMode';
import { applyFix, brief, copyFixture, lintDir, MINIMAL_CONTROL, sharedEngine } from '../support/lint';
import { tempTree } from '../support/tempDir';

function findingAt(findings: Finding[], rule: string, file: string, line: number): Finding {
  const f = findings.find((x) => x.rule === rule && path.basename(x.loc.file) === file && x.loc.range.start.line + 1 === line);
  assert.ok(f, `${rule} at ${file}:${line}`);
  return f;
}

/** Syntax problems the C++ front end finds in a file, on every target version. */
async function cppSyntaxProblems(file: string): Promise<string[]> {
  const engine = await sharedEngine();
  const text = readFileSync(file, 'utf8');
  const problems: string[] = [];
  for (let v = 13; v <= 18; v++) {
    for (const p of engine.cppFacts(file, text, v, () => engine.headerMacros([], v), () => []).problems) problems.push(`PostgreSQL ${v}: ${p}`);
  }
  return problems;
}

/** A C++ extension: a control file, a README and the given sources. */
function cppExtension(name: string, files: Record<string, string>, readme = 'Add it to shared_preload_libraries.\n'): string {
  return tempTree({
    [`${name}.control`]: MINIMAL_CONTROL(name),
    [`${name}--1.0.sql`]: `CREATE FUNCTION ${name}_version() RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C;\n`,
    'README.md': `# ${name}\n\n${readme}`,
    ...files,
  });
}

const PG_INCLUDES = '#include "postgres.h"\n#include "fmgr.h"\n#include "miscadmin.h"\n#include "utils/guc.h"\n';

test('a C++ extension around an extern "C" _PG_init gets every rule a C extension gets', async () => {
  const dir = copyFixture('cpp-quackscan');
  assert.deepEqual(brief(dir, await lintDir(dir)), [
    'quackscan.control:1 shared-preload-undocumented',
    'src/hooks.cpp:19 previous-hook-unchecked',
    'src/hooks.cpp:50 hook-overwrites-previous',
    'src/settings.cpp:23 guc-prefix-not-reserved',
    'src/settings.cpp:23 postmaster-guc-outside-preload',
    'src/settings.cpp:30 postmaster-guc-outside-preload',
    'src/shmem.cpp:27 preload-api-outside-preload',
    'src/shmem.cpp:27 shmem-request-outside-hook',
    'src/shmem.cpp:28 preload-api-outside-preload',
    'src/shmem.cpp:28 shmem-request-outside-hook',
    'src/shmem.cpp:31 preload-api-outside-preload',
  ]);
});

test('the path to a finding names the lambda it went through', async () => {
  const findings = await lintDir(copyFixture('cpp-quackscan'));
  const f = findingAt(findings, 'postmaster-guc-outside-preload', 'settings.cpp', 30);
  assert.deepEqual(
    f.related.map((r) => r.message),
    ['called on the init path: _PG_init → DefineSettings', 'called on the init path: _PG_init → DefineSettings → <lambda@29:24>'],
  );
});

test('a pg_duckdb-like extension that refuses to load outside shared preload, chains its hooks through a C++ boundary and reserves its prefix has no findings', async () => {
  const dir = copyFixture('cpp-lakecache');
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
  const e = await Engine.create();
  const [ext] = e.discover([dir]);
  const needs = mergeLoadNeeds(e.views(ext).map(loadNeeds));
  assert.equal(needs.mode, 'shared');
  assert.ok(needs.reasons.some((r) => /refusing to load outside shared_preload_libraries/.test(r.what)));
});

test('a qualified call reaches the function of the namespace it names, not a same-named one elsewhere', async () => {
  const dir = cppExtension('twins', {
    'twins.cc':
      `extern "C" {\n${PG_INCLUDES}PG_MODULE_MAGIC;\n}\n\n` +
      'namespace twins {\nnamespace worker {\nint slots = 4;\n\nvoid\nSetup() {\n\tDefineCustomIntVariable("twins.worker_slots", "slots", nullptr, &slots, 4, 1, 64, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);\n}\n} // namespace worker\n\n' +
      'namespace session {\nint depth = 2;\n\nvoid\nSetup() {\n\tDefineCustomIntVariable("twins.depth", "depth", nullptr, &depth, 2, 1, 8, PGC_USERSET, 0, nullptr, nullptr, nullptr);\n\tMarkGUCPrefixReserved("twins");\n}\n} // namespace session\n} // namespace twins\n\n' +
      'extern "C" void\n_PG_init(void) {\n\ttwins::session::Setup();\n}\n',
  });
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
});

test('a call into another library\'s namespace does not reach the project\'s own function of that name', async () => {
  const dir = cppExtension('outer', {
    'outer.cpp':
      `extern "C" {\n${PG_INCLUDES}PG_MODULE_MAGIC;\n}\n\nstatic int outer_slots = 4;\n\n` +
      'static void\nConfigure() {\n\tDefineCustomIntVariable("outer.slots", "slots", nullptr, &outer_slots, 4, 1, 64, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);\n}\n\n' +
      'extern "C" void\n_PG_init(void) {\n\tengine::Configure();\n\tMarkGUCPrefixReserved("outer");\n}\n',
  });
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
});

test('a function of the same file that calls the function pointer it is given runs it; one that stores it does not', async () => {
  const dir = cppExtension('runner', {
    'runner.cpp':
      `#include <exception>\n\nextern "C" {\n${PG_INCLUDES}PG_MODULE_MAGIC;\n}\n\nstatic int runner_slots = 4;\nstatic int runner_depth = 2;\nstatic void (*on_first_use)(void) = nullptr;\n\n` +
      'static void\nrun_catching(void (*step)(void)) {\n\ttry {\n\t\tstep();\n\t} catch (std::exception &e) {\n\t\telog(ERROR, "runner: %s", e.what());\n\t}\n}\n\n' +
      'static void\nremember(void (*step)(void)) {\n\ton_first_use = step;\n}\n\n' +
      'static void\ndefine_slots(void) {\n\tDefineCustomIntVariable("runner.slots", "slots", nullptr, &runner_slots, 4, 1, 64, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);\n}\n\n' +
      'static void\ndefine_depth(void) {\n\tDefineCustomIntVariable("runner.depth", "depth", nullptr, &runner_depth, 2, 1, 8, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);\n}\n\n' +
      'extern "C" void\n_PG_init(void) {\n\trun_catching(define_slots);\n\tremember(&define_depth);\n\tMarkGUCPrefixReserved("runner");\n}\n',
  });
  const findings = await lintDir(dir);
  assert.deepEqual(brief(dir, findings), ['runner.cpp:31 postmaster-guc-outside-preload']);
  assert.deepEqual(
    findingAt(findings, 'postmaster-guc-outside-preload', 'runner.cpp', 31).related.map((r) => r.message),
    ['called on the init path: _PG_init → define_slots'],
  );
});

test('a throw on the way out is an exit: what follows it runs only while preloading', async () => {
  const dir = cppExtension('thrower', {
    'thrower.cpp':
      `#include <stdexcept>\n\nextern "C" {\n${PG_INCLUDES}PG_MODULE_MAGIC;\n}\n\nstatic int thrower_slots = 4;\n\n` +
      'extern "C" void\n_PG_init(void) {\n\tif (!process_shared_preload_libraries_in_progress)\n\t\tthrow std::runtime_error("thrower must be preloaded");\n' +
      '\tDefineCustomIntVariable("thrower.slots", "slots", nullptr, &thrower_slots, 4, 1, 64, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);\n\tMarkGUCPrefixReserved("thrower");\n}\n',
  });
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
});

test('code in a try block runs; a lambda installed as a hook that never chains is reported like a function', async () => {
  const dir = cppExtension('catcher', {
    'catcher.cpp':
      `#include <exception>\n\nextern "C" {\n${PG_INCLUDES}#include "executor/executor.h"\nPG_MODULE_MAGIC;\n}\n\nstatic int catcher_slots = 4;\nstatic ExecutorEnd_hook_type prev_executor_end = nullptr;\n\n` +
      'extern "C" void\n_PG_init(void) {\n\ttry {\n\t\tDefineCustomIntVariable("catcher.slots", "slots", nullptr, &catcher_slots, 4, 1, 64, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);\n\t} catch (std::exception &e) {\n\t\telog(WARNING, "catcher: %s", e.what());\n\t}\n\tMarkGUCPrefixReserved("catcher");\n\n' +
      '\tprev_executor_end = ExecutorEnd_hook;\n\tExecutorEnd_hook = [](QueryDesc *query_desc) {\n\t\tstandard_ExecutorEnd(query_desc);\n\t};\n}\n',
  });
  assert.deepEqual(brief(dir, await lintDir(dir)), [
    'catcher.cpp:18 postmaster-guc-outside-preload',
    'catcher.cpp:25 hook-not-chained',
  ]);
});

test('a pgext-lint-ignore comment works in C++ sources', async () => {
  const dir = cppExtension('quiet', {
    'quiet.hpp': '#pragma once\n\nnamespace quiet {\nvoid Define();\n}\n',
    'quiet.cxx':
      `#include "quiet.hpp"\n\nextern "C" {\n${PG_INCLUDES}PG_MODULE_MAGIC;\n}\n\nstatic int quiet_slots = 4;\n\n` +
      'void\nquiet::Define() {\n\t// pgext-lint-ignore postmaster-guc-outside-preload: only ever preloaded by our packaging\n' +
      '\tDefineCustomIntVariable("quiet.slots", "slots", nullptr, &quiet_slots, 4, 1, 64, PGC_POSTMASTER, 0, nullptr, nullptr, nullptr);\n\tMarkGUCPrefixReserved("quiet");\n}\n\n' +
      'extern "C" void\n_PG_init(void) {\n\tquiet::Define();\n}\n',
  });
  assert.deepEqual(brief(dir, await lintDir(dir)), []);
});

// ---- fixes keep C++ style and syntax ----

test('the preload guard fix opens its brace on the if line in a clang-format file, and the file still parses as C++', async () => {
  const dir = copyFixture('cpp-quackscan');
  const f = findingAt(await lintDir(dir), 'preload-api-outside-preload', 'shmem.cpp', 27);
  applyFix(f.fixes[0]);
  const file = path.join(dir, 'src/shmem.cpp');
  const text = readFileSync(file, 'utf8');
  assert.ok(
    text.includes(
      'Shmem::Reserve() {\n\tif (process_shared_preload_libraries_in_progress) {\n\t\tRequestAddinShmemSpace(MAXALIGN(sizeof(ReaderSlots)));\n\t\tRequestNamedLWLockTranche("quackscan", 1);\n\n' +
        '\t\tprev_shmem_startup = shmem_startup_hook;\n\t\tshmem_startup_hook = Startup;\n\t}\n}\n',
    ),
    text,
  );
  assert.deepEqual(await cppSyntaxProblems(file), []);
});

test('the save fix declares the previous hook at file scope, outside the namespace, spelled with nullptr like the file', async () => {
  const dir = copyFixture('cpp-quackscan');
  const f = findingAt(await lintDir(dir), 'hook-overwrites-previous', 'hooks.cpp', 50);
  applyFix(f.fixes[0]);
  const file = path.join(dir, 'src/hooks.cpp');
  const text = readFileSync(file, 'utf8');
  assert.ok(
    text.includes('static ExecutorStart_hook_type prev_executor_start = nullptr;\nstatic ProcessUtility_hook_type prev_ProcessUtility = nullptr;\n'),
    text,
  );
  assert.ok(text.includes('\tprev_ProcessUtility = ProcessUtility_hook;\n\tProcessUtility_hook = QuackProcessUtility;\n'));
  assert.deepEqual(await cppSyntaxProblems(file), []);
  assert.ok(!(await lintDir(dir)).some((x) => x.rule === 'hook-overwrites-previous'));
});

test('the NULL-test fix wraps the unchecked call reached through the C++ boundary, with the standard fallback', async () => {
  const dir = copyFixture('cpp-quackscan');
  const f = findingAt(await lintDir(dir), 'previous-hook-unchecked', 'hooks.cpp', 19);
  applyFix(f.fixes[0]);
  const file = path.join(dir, 'src/hooks.cpp');
  assert.ok(
    readFileSync(file, 'utf8').includes(
      '\tif (prev_executor_start)\n\t\tprev_executor_start(query_desc, eflags);\n\telse\n\t\tstandard_ExecutorStart(query_desc, eflags);\n}\n',
    ),
  );
  assert.deepEqual(await cppSyntaxProblems(file), []);
  assert.ok(!(await lintDir(dir)).some((x) => x.rule.startsWith('previous-hook') || x.rule === 'hook-missing-standard-fallback'));
});

test('the chaining fix goes after the declarations of a body whose brace ends the header line', async () => {
  const dir = cppExtension('chainless', {
    'chainless.cpp':
      `extern "C" {\n${PG_INCLUDES}#include "executor/executor.h"\nPG_MODULE_MAGIC;\n}\n\nstatic ExecutorEnd_hook_type prev_executor_end = nullptr;\nstatic int ends_seen = 0;\n\n` +
      'static void\nChainlessExecutorEnd(QueryDesc *query_desc) {\n\tint seen = ends_seen + 1;\n\n\tends_seen = seen;\n}\n\n' +
      'extern "C" void\n_PG_init(void) {\n\tprev_executor_end = ExecutorEnd_hook;\n\tExecutorEnd_hook = ChainlessExecutorEnd;\n}\n',
  });
  const f = findingAt(await lintDir(dir), 'hook-not-chained', 'chainless.cpp', 14);
  applyFix(f.fixes[0]);
  const file = path.join(dir, 'chainless.cpp');
  assert.ok(
    readFileSync(file, 'utf8').includes(
      'ChainlessExecutorEnd(QueryDesc *query_desc) {\n\tint seen = ends_seen + 1;\n\n\tif (prev_executor_end)\n\t\tprev_executor_end(query_desc);\n\telse\n\t\tstandard_ExecutorEnd(query_desc);\n\n\tends_seen = seen;\n}\n',
    ),
    readFileSync(file, 'utf8'),
  );
  assert.deepEqual(await cppSyntaxProblems(file), []);
});
