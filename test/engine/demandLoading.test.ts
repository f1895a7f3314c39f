import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Parser } from 'web-tree-sitter';
import { Engine, type LintSettings } from '../../server/src/analysis/engine';
import { tempTree } from '../support/tempDir';
import { brief, cExtension, lintDir } from '../support/lint';
import { loadParsers } from '../../server/src/analysis/syntax/parsers';
import { extractCFile } from '../../server/src/analysis/frontends/c/frontend';
import { extractRustFile } from '../../server/src/analysis/frontends/rust/frontend';
import { emptyMacros } from '../../server/src/analysis/frontends/c/variants';

/**
 * Files are parsed when a question needs them: a call resolves by searching the texts for the
 * callee's definition, and only the files that may hold it are parsed.
 */

/** What `run` gives, and the texts parsed while it ran. */
async function parsedDuring<T>(t: TestContext, run: () => T | Promise<T>): Promise<{ value: T; parsed: string[] }> {
  const parsed: string[] = [];
  const parse = Parser.prototype.parse;
  t.mock.method(Parser.prototype, 'parse', function (this: Parser, ...args: Parameters<Parser['parse']>) {
    if (typeof args[0] === 'string') parsed.push(args[0]);
    return parse.apply(this, args);
  });
  return { value: await run(), parsed };
}

/** An extension whose chained ExecutorStart hook first calls `helpers` (each taking the QueryDesc), defined in `files`. */
function executorStartExtension(helpers: string[], files: Record<string, string>): Record<string, string> {
  const hook =
    `static ExecutorStart_hook_type prev_ExecutorStart = NULL;\n\n${helpers.map((h) => `extern void ${h}(QueryDesc *queryDesc);\n`).join('')}\n` +
    `static void\ntally_ExecutorStart(QueryDesc *queryDesc, int eflags)\n{\n${helpers.map((h) => `\t${h}(queryDesc);\n`).join('')}` +
    '\tif (prev_ExecutorStart)\n\t\tprev_ExecutorStart(queryDesc, eflags);\n\telse\n\t\tstandard_ExecutorStart(queryDesc, eflags);\n}\n';
  const init = '\tprev_ExecutorStart = ExecutorStart_hook;\n\tExecutorStart_hook = tally_ExecutorStart;\n';
  return { ...cExtension('tally', init, hook), ...files };
}

async function resolveFrom(dir: string, from: string, name: string, qualifier?: string[]) {
  const engine = await Engine.create();
  const settings: LintSettings = { workspaceRoot: dir, pgVersions: [17] };
  const [ext] = engine.discover([dir]);
  const [view] = engine.views(ext, settings, {});
  return view.resolve(name, path.join(dir, from), qualifier);
}

const C_EXTENSION = {
  'tally.control': "comment = 'tally'\ndefault_version = '1.0'\nmodule_pathname = '$libdir/tally'\nrelocatable = true\n",
  Makefile: 'MODULE_big = tally\nOBJS = tally.o lookup.o setup.o\nEXTENSION = tally\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n',
  'tally.c':
    '#include "postgres.h"\n#include "fmgr.h"\n\nPG_MODULE_MAGIC;\n\nextern void tally_setup(Oid relid);\n\n' +
    'void\n_PG_init(void)\n{\n\tif (OidIsValid(InvalidOid))\n\t\ttally_setup(InvalidOid);\n}\n',
  // tests of the PostgreSQL macro before a brace: a call, not a definition
  'lookup.c':
    '#include "postgres.h"\n\nbool\ntally_known(Oid relid, Oid other)\n{\n\tif (relid != other &&\n\t\tOidIsValid(relid))\n\t{\n\t\treturn true;\n\t}\n\treturn false;\n}\n',
  // the return type on the name's line, as some projects write it
  'setup.c': '#include "postgres.h"\n\nvoid tally_setup(Oid relid) {\n\t(void) relid;\n}\n',
};

test('a C call resolves to a definition whose name starts its line; a file that only tests the callee is not parsed', async (t) => {
  const dir = tempTree(C_EXTENSION);
  const {
    value: [setup, external],
    parsed,
  } = await parsedDuring(t, async () => [await resolveFrom(dir, 'tally.c', 'tally_setup'), await resolveFrom(dir, 'tally.c', 'OidIsValid')]);
  assert.equal(setup?.file, path.join(dir, 'setup.c'));
  assert.equal(external, undefined);
  assert.ok(parsed.some((text) => text.includes('void tally_setup(Oid relid) {')), 'setup.c is parsed');
  assert.ok(!parsed.some((text) => text.includes('tally_known')), 'lookup.c is not parsed');
});

const RUST_EXTENSION = {
  'Cargo.toml': '[package]\nname = "rxtally"\nversion = "0.1.0"\n\n[lib]\ncrate-type = ["cdylib", "lib"]\n\n[dependencies]\npgrx = "=0.12.9"\n',
  'rxtally.control': "comment = 'tally'\ndefault_version = '@CARGO_VERSION@'\nmodule_pathname = '$libdir/rxtally'\nrelocatable = false\n",
  'src/lib.rs': 'use pgrx::prelude::*;\n\n::pgrx::pg_module_magic!();\n\nmod gucs;\nmod stats;\n\n#[pg_guard]\npub extern "C-unwind" fn _PG_init() {\n    gucs::init();\n    telemetry::init();\n}\n',
  'src/gucs.rs': 'pub fn init() {\n    pgrx::warning!("gucs");\n}\n',
  'src/stats.rs': 'pub fn init() {\n    pgrx::warning!("stats");\n}\n',
};

test('a qualified Rust call parses only the files whose modules can hold the callee', async (t) => {
  const dir = tempTree(RUST_EXTENSION);
  const {
    value: [gucs, telemetry],
    parsed,
    // `telemetry`: a module of another crate, no file here can define it
  } = await parsedDuring(t, async () => [await resolveFrom(dir, 'src/lib.rs', 'init', ['gucs']), await resolveFrom(dir, 'src/lib.rs', 'init', ['telemetry'])]);
  assert.equal(gucs?.file, path.join(dir, 'src/gucs.rs'));
  assert.equal(telemetry, undefined);
  assert.ok(parsed.some((text) => text.includes('"gucs"')), 'src/gucs.rs is parsed');
  assert.ok(!parsed.some((text) => text.includes('"stats"')), 'src/stats.rs is not parsed');
});

test('every shared-memory request counts for how the library must be loaded, in files no analysis needed to parse', async () => {
  const dir = tempTree({
    ...cExtension('tally', '\tDefineCustomIntVariable("tally.size", "Size.", NULL, &tally_size, 16, 1, 1024, PGC_SUSET, 0, NULL, NULL, NULL);\n', '', 'Counts rows.\n'),
    // called from a SQL function only, never from _PG_init nor a hook
    'late.c': '#include "postgres.h"\n#include "storage/ipc.h"\n\nvoid\ntally_late_setup(void)\n{\n\tRequestAddinShmemSpace(1024);\n}\n',
  });
  const [finding] = (await lintDir(dir)).filter((f) => f.rule === 'shared-preload-undocumented');
  assert.match(finding?.message ?? '', /RequestAddinShmemSpace\(\) \(late\.c:7\)/);
});

test('a helper whose file names the previous hook only in a comment is not parsed to follow the chain', async (t) => {
  const hook =
    'static planner_hook_type prev_planner_hook = NULL;\n\nextern void tally_note_plan(Query *parse);\n\n' +
    'static PlannedStmt *\ntally_planner(Query *parse, const char *query_string, int cursorOptions, ParamListInfo boundParams)\n{\n' +
    '\ttally_note_plan(parse);\n\tif (prev_planner_hook)\n\t\treturn prev_planner_hook(parse, query_string, cursorOptions, boundParams);\n' +
    '\treturn standard_planner(parse, query_string, cursorOptions, boundParams);\n}\n';
  const init = '\tprev_planner_hook = planner_hook;\n\tplanner_hook = tally_planner;\n';
  const dir = tempTree({
    ...cExtension('tally', init, hook),
    'notes.c': '#include "postgres.h"\n#include "nodes/parsenodes.h"\n\n/* runs before standard_planner sees the query */\nvoid\ntally_note_plan(Query *parse)\n{\n\t(void) parse;\n}\n',
  });
  const { value: findings, parsed } = await parsedDuring(t, () => lintDir(dir));
  assert.deepEqual(brief(dir, findings.filter((f) => f.rule.startsWith('hook-') || f.rule === 'previous-hook-unchecked')), []);
  assert.ok(!parsed.some((text) => text.includes('tally_note_plan(Query *parse)\n{')), 'notes.c is not parsed');
});

test('a helper of another hook is parsed for shared-memory requests only when it can make one or call a function that does', async (t) => {
  const dir = tempTree(
    executorStartExtension(['tally_log_start', 'tally_attach'], {
      'log.c': '#include "postgres.h"\n#include "executor/executor.h"\n\nvoid\ntally_log_start(QueryDesc *queryDesc)\n{\n\telog(DEBUG1, "tally: %s", queryDesc->sourceText);\n}\n',
      'attach.c':
        '#include "postgres.h"\n#include "executor/executor.h"\n\nextern void tally_reserve(void);\n\nvoid\ntally_attach(QueryDesc *queryDesc)\n{\n\t(void) queryDesc;\n\ttally_reserve();\n}\n',
      'space.c': '#include "postgres.h"\n#include "storage/ipc.h"\n\nvoid\ntally_reserve(void)\n{\n\tRequestAddinShmemSpace(1024);\n}\n',
    }),
  );
  const { value: findings, parsed } = await parsedDuring(t, () => lintDir(dir));
  assert.deepEqual(brief(dir, findings.filter((f) => f.rule === 'shmem-request-outside-hook')), ['space.c:7 shmem-request-outside-hook']);
  assert.ok(parsed.some((text) => text.includes('tally_reserve();')), 'attach.c is parsed');
  assert.ok(!parsed.some((text) => text.includes('tally: %s')), 'log.c is not parsed');
});

test('names that end in _hook but are no hook neither make a file worth parsing first nor make a hook walk follow a call into it', async (t) => {
  const dir = tempTree(
    executorStartExtension(['tally_osm_insert'], {
      // timescaledb's OSM callbacks: a local named *_hook, and a GUC's check_hook in a comment
      'osm.c':
        '#include "postgres.h"\n#include "executor/executor.h"\n\ntypedef void (*osm_insert_hook_type) (QueryDesc *queryDesc);\nextern osm_insert_hook_type tally_get_osm_hook(void);\n\n' +
        'void\ntally_osm_insert(QueryDesc *queryDesc)\n{\n\tosm_insert_hook_type osm_chunk_insert_hook = tally_get_osm_hook();\n\n' +
        '\tif (osm_chunk_insert_hook)\n\t\tosm_chunk_insert_hook(queryDesc);\n}\n\nvoid\ntally_osm_gucs(void)\n{\n' +
        '\tDefineCustomBoolVariable("tally.osm", "Enables OSM.", NULL, &tally_osm, true, PGC_USERSET, 0,\n\t\t\t\t\t\t\t /* check_hook= */ NULL, NULL, NULL);\n}\n',
    }),
  );
  const { value: findings, parsed } = await parsedDuring(t, () => lintDir(dir));
  assert.deepEqual(brief(dir, findings.filter((f) => f.rule.startsWith('hook-'))), []);
  assert.ok(!parsed.some((text) => text.includes('tally_get_osm_hook();')), 'osm.c is not parsed');
});

test('a body extracted on first read, from a parse of its own range, is the body an extraction of the whole file gives', async () => {
  const { c } = await loadParsers();
  const macros = emptyMacros();
  const text =
    '#include "postgres.h"\n\n#define TALLY_START(q) tally_note(q, __LINE__)\n\nstatic int tally_level = 1;\nstatic ExecutorStart_hook_type prev_ExecutorStart = NULL;\n\n' +
    'static void\ntally_start(QueryDesc *queryDesc, int eflags)\n{\n\tstatic int\ttally_level = 0;\t/* shadows the file\'s */\n\n' +
    '\tif (tally_level++ > 0)\n\t\tgoto done;\n\tTALLY_START(queryDesc);\n\tif (prev_ExecutorStart)\n\t\tprev_ExecutorStart(queryDesc, eflags);\n' +
    '\telse\n\t\tstandard_ExecutorStart(queryDesc, eflags);\ndone:\n\ttally_level--;\n}\n\n' +
    'void\ntally_setup(void)\n{\n\tfor (int i = 0; i < 3; i++)\n\t\tif (!process_shared_preload_libraries_in_progress)\n\t\t\treturn;\n\tprev_ExecutorStart = ExecutorStart_hook;\n\tExecutorStart_hook = tally_start;\n}\n';
  macros.func.set('TALLY_START', { params: ['q'], body: 'tally_note(q, __LINE__)' });
  const eager = extractCFile(c, '/ext/tally.c', text, macros);
  const lazy = extractCFile(c, '/ext/tally.c', text, macros, undefined, undefined, true);
  assert.equal(lazy.functions.length, 2);
  // read in another order than written: each body comes from its own range
  for (const i of [1, 0]) {
    assert.ok(lazy.functions[i].body.length > 0);
    assert.deepEqual(JSON.parse(JSON.stringify(lazy.functions[i])), JSON.parse(JSON.stringify(eager.functions[i])));
  }
  assert.ok(eager.functions[0].shadows?.length, 'the local static shadows the file-scope variable');
});

test("a file read for one definition adds only the functions resolves hand out to what scans see, and leaves the others' bodies unread", async (t) => {
  const dir = tempTree({
    ...cExtension('tally', '\ttally_setup();\n', 'extern void tally_setup(void);\n'),
    'setup.c':
      '#include "postgres.h"\n\nvoid\ntally_setup(void)\n{\n\telog(DEBUG1, "setup");\n}\n\n' +
      'void\ntally_unused(void)\n{\n\telog(DEBUG1, "never called");\n}\n',
  });
  const engine = await Engine.create();
  const [ext] = engine.discover([dir]);
  const { value: names, parsed } = await parsedDuring(t, () => {
    const [view] = engine.views(ext, { workspaceRoot: dir, pgVersions: [17] });
    assert.equal(view.resolve('tally_setup', path.join(dir, 'tally.c'))?.body.length, 1);
    return view.scan('test.names', (fn) => [fn.name]);
  });
  assert.deepEqual([...names].sort(), ['_PG_init', 'tally_setup']);
  assert.ok(!parsed.some((text) => text.includes('never called') && !text.includes('"setup"')), 'no parse of tally_unused alone');
  assert.equal(parsed.filter((text) => text.includes('"setup"')).length, 2, 'setup.c, then the body of tally_setup from its range');
});

test('Rust bodies read on first read are the bodies a whole extraction gives; a body that declares items is walked at once', async () => {
  const { rust } = await loadParsers();
  const text =
    'use pgrx::prelude::*;\n\nstatic mut PREV_PLANNER_HOOK: pg_sys::planner_hook_type = None;\n\n' +
    '#[pg_guard]\nunsafe extern "C-unwind" fn tally_planner(parse: *mut pg_sys::Query, q: *const std::ffi::c_char, o: i32, p: pg_sys::ParamListInfo) -> *mut pg_sys::PlannedStmt {\n' +
    '    let result = if let Some(prev) = PREV_PLANNER_HOOK { prev(parse, q, o, p) } else { pg_sys::standard_planner(parse, q, o, p) };\n    result\n}\n\n' +
    'pub fn init() {\n    fn install() {\n        unsafe {\n            PREV_PLANNER_HOOK = pg_sys::planner_hook;\n            pg_sys::planner_hook = Some(tally_planner);\n        }\n    }\n    install();\n}\n';
  const eager = extractRustFile(rust, '/ext/src/hooks.rs', text, 17);
  const lazy = extractRustFile(rust, '/ext/src/hooks.rs', text, 17, undefined, true);
  // the nested fn is a function of the file, found while init's body is walked, before init
  assert.deepEqual(lazy.functions.map((f) => f.name), ['tally_planner', 'install', 'init']);
  assert.deepEqual(lazy.functions.map((f) => f.name), eager.functions.map((f) => f.name));
  assert.ok(Object.getOwnPropertyDescriptor(lazy.functions[0], 'body')?.get, "tally_planner's body is not walked yet");
  assert.ok(!Object.getOwnPropertyDescriptor(lazy.functions[2], 'body')?.get, "init's body, which declares a fn, is walked at once");
  for (const i of [2, 0, 1]) {
    assert.ok(lazy.functions[i].body.length > 0);
    assert.deepEqual(JSON.parse(JSON.stringify(lazy.functions[i])), JSON.parse(JSON.stringify(eager.functions[i])));
  }
});

test('in a file with syntax errors, a function with an error in it is extracted at once, the others when first read, as a whole extraction gives them', async () => {
  const { c } = await loadParsers();
  const text =
    '#include "postgres.h"\n\nvoid\ntally_a(void)\n{\n\tint\t\tx = ;\n\n\tg(x);\n}\n\n' +
    'static int tally_level = ) 3;\n\nvoid\ntally_b(void)\n{\n\th(tally_level);\n}\n';
  const eager = extractCFile(c, '/ext/broken.c', text, emptyMacros());
  const lazy = extractCFile(c, '/ext/broken.c', text, emptyMacros(), undefined, undefined, true);
  assert.deepEqual(lazy.functions.map((f) => f.name), ['tally_a', 'tally_b']);
  assert.ok(!Object.getOwnPropertyDescriptor(lazy.functions[0], 'body')?.get, "tally_a's body, which holds an error, is extracted at once");
  assert.ok(Object.getOwnPropertyDescriptor(lazy.functions[1], 'body')?.get, "tally_b's body waits for its first read");
  assert.deepEqual(JSON.parse(JSON.stringify(lazy.functions)), JSON.parse(JSON.stringify(eager.functions)));
});
