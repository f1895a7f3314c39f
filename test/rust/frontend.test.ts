import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractRust, fn, outline } from './outline';

test('_PG_init is found in all its spellings', async () => {
  const spellings = [
    '#[pg_guard]\npub extern "C" fn _PG_init() {}',
    '#[pg_guard]\npub extern "C-unwind" fn _PG_init() {}',
    '#[no_mangle]\npub extern "C" fn _PG_init() {}',
    '#[pg_guard]\npub unsafe extern "C" fn _PG_init() {}',
    '#[pgrx::pg_guard]\n#[unsafe(export_name = "_PG_init")]\nunsafe extern "C-unwind" fn _pg_init() {}',
    '#[export_name = "_PG_init"]\nextern "C" fn init_hook() {}',
  ];
  for (const text of spellings) {
    const facts = await extractRust('/x/src/lib.rs', text);
    assert.deepEqual(facts.functions.map((f) => f.name), ['_PG_init'], text);
  }
});

test('a function records its name, whole item, body braces and parameters', async () => {
  const text = 'fn helper(a: i32, mut b: u8) {\n    work(a);\n}\n';
  const helper = fn(await extractRust('/x/src/lib.rs', text), 'helper');
  assert.equal(helper.isStatic, false);
  assert.deepEqual(helper.nameLoc.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 9 } });
  assert.deepEqual(helper.loc.range, { start: { line: 0, character: 0 }, end: { line: 2, character: 1 } });
  assert.deepEqual(helper.bodyLoc.range.start, { line: 0, character: 29 });
  assert.deepEqual(helper.params, ['a', 'b']);
});

test('calls take the last path segment and nested calls come first, in evaluation order', async () => {
  const text = 'fn f() {\n    crate::gucs::init(helpers::size(compute()));\n    self::x::y().z();\n}\n';
  assert.deepEqual(outline(fn(await extractRust('/x/src/lib.rs', text), 'f').body), [
    'call compute @2',
    'call size @2',
    'call init @2',
    'call y @3',
    'call z @3',
  ]);
});

test('columns are UTF-16 units, as in LSP', async () => {
  const text = 'fn f() {\n    let s = "é😀"; register();\n}\n';
  const [, call] = fn(await extractRust('/x/src/lib.rs', text), 'f').body;
  assert.ok(call.k === 'call');
  assert.equal(call.loc.range.start.character, 4 + 'let s = "é😀"; '.length);
});

test('syntax errors are problems, not failures: the rest of the file is still read', async () => {
  const text = 'fn broken( {\n}\n\n#[pg_guard]\npub extern "C-unwind" fn _PG_init() {\n    pg_shmem_init!(X);\n}\n';
  const facts = await extractRust('/x/src/lib.rs', text);
  assert.ok(facts.problems.length > 0);
  assert.match(facts.problems[0], /syntax error at line \d+/);
  assert.deepEqual(outline(fn(facts, '_PG_init').body), ['call pg_shmem_init! @6']);
});

test('pg_shmem_init! in both forms is one construct with its argument', async () => {
  const text = 'fn f() {\n    pg_shmem_init!(LOCK);\n    pgrx::pg_shmem_init!(ATOMIC = PgAtomic::new());\n}\n';
  const body = fn(await extractRust('/x/src/lib.rs', text), 'f').body;
  assert.deepEqual(
    body.map((s) => (s.k === 'call' ? [s.callee, s.args.map((a) => a.text)] : s.k)),
    [
      ['pg_shmem_init!', ['LOCK']],
      ['pg_shmem_init!', ['ATOMIC = PgAtomic::new()']],
    ],
  );
});

test('load_dynamic() and load() on other receivers are plain calls', async () => {
  const text = 'fn f() {\n    BackgroundWorkerBuilder::new("w").load_dynamic();\n    config.load();\n}\n';
  assert.deepEqual(outline(fn(await extractRust('/x/src/lib.rs', text), 'f').body), ['call new @2', 'call load_dynamic @2', 'call load @3']);
});

test('a builder kept in a local is still a builder when loaded', async () => {
  const text = 'fn f() {\n    let worker = BackgroundWorkerBuilder::new("w").set_library("x");\n    worker.load();\n}\n';
  assert.deepEqual(outline(fn(await extractRust('/x/src/lib.rs', text), 'f').body, ['new', 'set_library']), [
    'call BackgroundWorkerBuilder::load @3',
  ]);
});

test('functions know their module; qualified calls carry the path relative to the crate', async () => {
  const text = 'mod inner {\n    impl Pool {\n        fn start(&self) {\n            Self::register();\n            crate::gucs::init();\n            super::workers::Pool::new();\n            pg_sys::RegisterBackgroundWorker(w);\n            helper();\n        }\n    }\n}\n';
  const facts = await extractRust('/ext/src/workers/mod.rs', text);
  const start = fn(facts, 'start');
  assert.deepEqual(start.module, ['workers', 'inner', 'Pool']);
  assert.deepEqual(
    start.body.map((s) => (s.k === 'call' ? [s.callee, s.qualifier] : s.k)),
    [
      ['register', ['Pool']],
      ['init', ['gucs']],
      ['new', ['workers', 'Pool']],
      ['RegisterBackgroundWorker', ['pg_sys']],
      ['helper', undefined],
    ],
  );
  assert.deepEqual(fn(await extractRust('/ext/src/lib.rs', 'fn f() {}'), 'f').module, []);
  assert.equal(fn(await extractRust('/ext/build.rs', 'fn f() {}'), 'f').module, undefined);
});
