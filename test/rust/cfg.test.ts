import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fn, outline, rustFacts } from './outline';

const CFG = 'pgrx-cfg/src/lib.rs';
const SKIP = ['as_ptr'];

test('#[cfg(any(feature = "pg13", feature = "pg14"))] items exist on those versions only', async () => {
  assert.deepEqual(outline(fn(await rustFacts(CFG, 14), 'reserve').body, SKIP), ['block', '  call EmitWarningsOnPlaceholders @9']);
  assert.deepEqual(outline(fn(await rustFacts(CFG, 15), 'reserve').body, SKIP), ['block', '  call MarkGUCPrefixReserved @14']);
  assert.equal((await rustFacts(CFG, 15)).functions.filter((f) => f.name === 'reserve').length, 1);
});

test('cfg on statements, cfg! in conditions and PG_VERSION_NUM comparisons are decided per version', async () => {
  const expected: Record<number, string[]> = {
    13: ['call reserve @19', 'call on_x86 @25', 'block', '  call not_on_15 @29', 'maybe', '  call on_13 @36', 'maybe', '  call other @37'],
    15: ['call reserve @19', 'call on_x86 @25', 'block', '  call on_15 @27', 'maybe', '  call other @37'],
    17: ['call reserve @19', 'call on_17_linux @23', 'call on_x86 @25', 'block', '  call not_on_15 @29', 'block', '  call from_16 @32', 'maybe', '  call other @37'],
    18: ['call reserve @19', 'call only_on_18 @21', 'call on_x86 @25', 'block', '  call not_on_15 @29', 'block', '  call from_16 @32', 'maybe', '  call other @37'],
  };
  for (const [version, lines] of Object.entries(expected)) {
    assert.deepEqual(outline(fn(await rustFacts(CFG, Number(version)), '_PG_init').body), lines, `PostgreSQL ${version}`);
  }
});

test('cfg(test) and pg_test modules are dropped; inline modules and impl methods are kept', async () => {
  const names = (await rustFacts(CFG)).functions.map((f) => f.name).sort();
  assert.deepEqual(names, ['_PG_init', 'in_inline_module', 'method_of_thing', 'reserve']);
  assert.deepEqual(fn(await rustFacts(CFG), 'method_of_thing').params, ['self', 'n']);
});
