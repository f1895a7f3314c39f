import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CSources } from '../../server/src/analysis/frontends/c/sources';
import { emptyMacros } from '../../server/src/analysis/frontends/c/variants';
import { loadParsers } from '../../server/src/analysis/syntax/parsers';
import type { FileFacts, FunctionDef } from '../../server/src/analysis/model/model';
import { intGucs } from '../support/lint';

/**
 * A keystroke in a function of thousands of lines (citus registers its GUCs in one) re-extracts only
 * the statements it changed: the body's other top-level statements keep their IR. The IR after each
 * edit must be the IR a fresh extraction gives, whatever the edit does to the scope (a local that
 * shadows a file-scope variable), to control flow (a forward goto) or to the syntax.
 */

const FILE = '/ext/tl.c';
const VERSIONS = [15, 16];
const SETTINGS = ['max_tenants', 'sample_rate', 'queue_depth', 'flush_ms', 'log_level', 'retry_limit', 'batch_size', 'spill_kb'];

/** A GUC registration function like citus's RegisterCitusConfigVariables, with a version test inside. */
function source(): string {
  const { variables, definitions } = intGucs('tl', SETTINGS);
  return (
    '#include "postgres.h"\n#include "utils/guc.h"\n#include "executor/executor.h"\n\nPG_MODULE_MAGIC;\n\n' +
    `${variables}static ExecutorStart_hook_type prev_ExecutorStart = NULL;\n\n` +
    'static void\ntl_ExecutorStart(QueryDesc *queryDesc, int eflags)\n{\n\tif (prev_ExecutorStart)\n\t\tprev_ExecutorStart(queryDesc, eflags);\n\telse\n\t\tstandard_ExecutorStart(queryDesc, eflags);\n}\n\n' +
    `void\n_PG_init(void)\n{\n${definitions}` +
    '#if PG_VERSION_NUM >= 160000\n\tMarkGUCPrefixReserved("tl");\n#else\n\tEmitWarningsOnPlaceholders("tl");\n#endif\n\n' +
    '\tprev_ExecutorStart = ExecutorStart_hook;\n\tExecutorStart_hook = tl_ExecutorStart;\n}\n'
  );
}

const macros = emptyMacros();

async function sources(): Promise<CSources> {
  return new CSources((await loadParsers()).c);
}

/** The facts a fresh extraction gives, per version. */
async function fresh(text: string): Promise<FileFacts[]> {
  const c = await sources();
  return VERSIONS.map((v) => c.facts(FILE, text, v, () => macros));
}

/** The facts an editor's engine keeps for the file, per version. */
function edited(kept: CSources, text: string): FileFacts[] {
  return VERSIONS.map((v) => kept.facts(FILE, text, v, () => macros, { editing: true }));
}

function initOf(facts: FileFacts): FunctionDef {
  return facts.functions.find((f) => f.name === '_PG_init')!;
}

test('after each edit inside a long function its IR is the IR a fresh extraction gives', async () => {
  const kept = await sources();
  let text = source();
  edited(kept, text);
  const edits: [string, (t: string) => string][] = [
    ['an argument changed', (t) => t.replace('"Sets queue_depth."', '"Sets the queue_depth."')],
    ['a statement inserted: the ones below move', (t) => t.replace('\tDefineCustomIntVariable("tl.flush_ms"', '\tEnableQueryId();\n\tDefineCustomIntVariable("tl.flush_ms"')],
    ['a statement deleted', (t) => t.replace('\tEnableQueryId();\n', '')],
    ['a statement indented', (t) => t.replace('\tDefineCustomIntVariable("tl.batch_size"', '\t DefineCustomIntVariable("tl.batch_size"')],
    // the statements below that name tl_sample_rate now name the local
    ['a local shadowing a file-scope variable', (t) => t.replace('_PG_init(void)\n{\n', '_PG_init(void)\n{\n\tint\t\t\ttl_sample_rate = 0;\n\n')],
    ['a line inserted above the shadowing local', (t) => t.replace('_PG_init(void)\n{\n', '_PG_init(void)\n{\n\n')],
    ['the shadowing local removed', (t) => t.replace('\tint\t\t\ttl_sample_rate = 0;\n', '')],
    ['a function-local static saving the hook', (t) => t.replace('\tprev_ExecutorStart = ExecutorStart_hook;', '\tstatic ExecutorStart_hook_type prev_ExecutorStart;\n\n\tprev_ExecutorStart = ExecutorStart_hook;')],
    ['the local static removed', (t) => t.replace('\tstatic ExecutorStart_hook_type prev_ExecutorStart;\n\n', '')],
    // a forward goto runs a copy of the statements after its label
    ['a forward goto', (t) => t.replace('_PG_init(void)\n{\n', '_PG_init(void)\n{\n\tif (!process_shared_preload_libraries_in_progress)\n\t\tgoto hooks;\n')],
    ['its label', (t) => t.replace('\tprev_ExecutorStart = ExecutorStart_hook;', 'hooks:\n\tprev_ExecutorStart = ExecutorStart_hook;')],
    ['a statement changed after the label', (t) => t.replace('\tExecutorStart_hook = tl_ExecutorStart;', '\tExecutorStart_hook = tl_ExecutorStart;\n\tEnableQueryId();')],
    ['a statement broken', (t) => t.replace('0, NULL, NULL, NULL);\n\n\tDefineCustomIntVariable("tl.spill_kb"', '0, NULL, NULL, NULL)\n\n\tDefineCustomIntVariable("tl.spill_kb"')],
    ['mended', (t) => t.replace('0, NULL, NULL, NULL)\n\n\tDefineCustomIntVariable("tl.spill_kb"', '0, NULL, NULL, NULL);\n\n\tDefineCustomIntVariable("tl.spill_kb"')],
    // one text in many places: each keeps the IR of its own place
    ['the same statement before every GUC', (t) => t.replaceAll('\tDefineCustomIntVariable(', '\tCHECK_FOR_INTERRUPTS();\n\tDefineCustomIntVariable(')],
    ['a line inserted among them', (t) => t.replace('\tDefineCustomIntVariable("tl.queue_depth"', '\n\tDefineCustomIntVariable("tl.queue_depth"')],
    ['a block with a shadowing local', (t) => t.replace('\tDefineCustomIntVariable("tl.log_level"', '\t{\n\t\tint\t\t\ttl_log_level = 2;\n\n\t\tSetConfigOption("tl.log_level", tl_log_level);\n\t}\n\tDefineCustomIntVariable("tl.log_level"')],
  ];
  const texts = new Set<string>();
  const results = new Set<string>();
  for (const [what, edit] of edits) {
    const next = edit(text);
    assert.notEqual(next, text, `${what}: the edit applies`);
    text = next;
    const incremental = JSON.stringify(edited(kept, text));
    assert.equal(incremental, JSON.stringify(await fresh(text)), what);
    texts.add(text);
    results.add(incremental);
  }
  // every distinct text gave distinct IR (else the comparison above proves little)
  assert.equal(results.size, texts.size);
});

test('a shadowing local renames the uses of the file-scope variable in reused statements below it', async () => {
  const kept = await sources();
  const text = source();
  edited(kept, text);
  const shadowed = text.replace('_PG_init(void)\n{\n', '_PG_init(void)\n{\n\tint\t\t\ttl_sample_rate = 0;\n\n');
  const [facts] = edited(kept, shadowed);
  const names = initOf(facts).body.flatMap((s) => (s.k === 'call' ? s.args.map((a) => a.name) : []));
  const line = shadowed.split('\n').findIndex((l) => l.includes('int\t\t\ttl_sample_rate')) + 1;
  assert.ok(names.includes(`tl_sample_rate (local, line ${line})`), names.join(' '));
  assert.ok(!names.includes('tl_sample_rate'));
});

test('an edit keeps the IR of the statements it did not change: the same objects in place, moved copies below new lines', async () => {
  const kept = await sources();
  const text = source();
  const before = initOf(edited(kept, text)[0]).body;
  // a character inside the third statement: the others stay where they were
  const changed = text.replace('"Sets queue_depth."', '"Sets the queue_depth."');
  const after = initOf(edited(kept, changed)[0]).body;
  assert.equal(after.length, before.length);
  assert.notEqual(after[2], before[2]);
  assert.deepEqual(after.filter((s, i) => s !== before[i]).length, 1);
  // a line above every statement: each is a copy one line further
  const moved = initOf(edited(kept, changed.replace('_PG_init(void)\n{\n', '_PG_init(void)\n{\n\n'))[0]).body;
  for (const [i, s] of moved.entries()) {
    assert.notEqual(s, after[i]);
    if (s.k === 'call' && after[i].k === 'call') assert.equal(s.callLoc.range.start.line, (after[i] as typeof s).callLoc.range.start.line + 1);
  }
});
