import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/analysis/engine';
import type { Finding } from '../../server/src/analysis/model/findings';
import { tempTree } from '../support/tempDir';
import { brief, cExtension } from '../support/lint';

/**
 * Outside the editor a function's body is extracted when an analysis first reads it, and whole-model
 * scans skip the functions whose text cannot hold what they look for. A file open in the editor is
 * extracted whole. Both must find the same.
 */

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

const SOURCE = /\.(c|h|rs)$/;

/** Findings with every field a user sees (messages, related locations, fixes' edits). */
async function findings(dir: string, editing: boolean): Promise<string> {
  const engine = await Engine.create();
  // the sources as open editors hold them: their front ends extract them whole
  const overlay = editing ? (file: string) => (SOURCE.test(file) && existsSync(file) ? readFileSync(file, 'utf8') : undefined) : undefined;
  const all: Finding[] = engine.discover([dir]).flatMap((ext) => engine.analyzeExtension(ext, { workspaceRoot: dir }, { overlay }));
  return JSON.stringify(all, null, 1);
}

const trees = [...readdirSync(FIXTURES).map((d) => path.join(FIXTURES, d)), ...readdirSync(EXAMPLES).map((d) => path.join(EXAMPLES, d))];

test('bodies extracted on first read, behind per-function name filters, find what whole extraction finds', async () => {
  let compared = 0;
  for (const dir of trees) {
    const lazy = await findings(dir, false);
    assert.equal(lazy, await findings(dir, true), path.basename(dir));
    if (lazy !== '[]') compared++;
  }
  assert.ok(compared >= 30, `${compared} trees with findings`);
});

const HOOK = 'static ExecutorStart_hook_type prev_ExecutorStart = NULL;\n\n';
/** installed on ExecutorStart_hook, never calling the previous hook */
const UNCHAINED = 'static void\ntally_ExecutorStart(QueryDesc *queryDesc, int eflags)\n{\n\tstandard_ExecutorStart(queryDesc, eflags);\n}\n\n';
const POSTMASTER_GUC =
  '\tDefineCustomIntVariable("tally.size", "Entries.", NULL, &tally_size, 16, 1, 1024,\n\t\t\t\t\t\t\tPGC_POSTMASTER, 0, NULL, NULL, NULL);\n';

/** The findings of `files` as `file:line rule`, after checking that whole extraction finds the same. */
async function lazyFindings(files: Record<string, string>): Promise<string[]> {
  const dir = tempTree(files);
  const lazy = await findings(dir, false);
  assert.equal(lazy, await findings(dir, true));
  return brief(dir, JSON.parse(lazy) as Finding[]);
}

/** The hook rules' findings on an extension with `_PG_init` running `init`, and `extra` beside the ExecutorStart hook. */
async function hookFindings(init: string, extra: string): Promise<string[]> {
  return (await lazyFindings(cExtension('tally', init, HOOK + extra))).filter((f) => f.includes('hook'));
}

test("a hook installed through a project macro is found in a function whose own text never names the hook", async () => {
  const macro = '#define CHAIN_EXECUTOR_START() \\\n\tdo { prev_ExecutorStart = ExecutorStart_hook; ExecutorStart_hook = tally_ExecutorStart; } while (0)\n\n';
  assert.deepEqual(await hookFindings('\tCHAIN_EXECUTOR_START();\n', macro + UNCHAINED), ['tally.c:16 hook-not-chained']);
});

test('a hook named only by pasting tokens in a project macro is found: such a function is read whatever its text names', async () => {
  const macro = '#define INSTALL(kind, fn) prev_##kind = kind##_hook; kind##_hook = fn\n\n';
  assert.deepEqual(await hookFindings('\tINSTALL(ExecutorStart, tally_ExecutorStart);\n', macro + UNCHAINED), ['tally.c:15 hook-not-chained']);
});

test('a copy of a copy of the preload flag, made in a function that never names the flag, still guards', async () => {
  const flags =
    'static bool preloading = false;\nstatic bool loading_at_start = false;\n\n' +
    'static void\nnote_preload(void)\n{\n\tpreloading = process_shared_preload_libraries_in_progress;\n}\n\n' +
    'static void\ncopy_flag(void)\n{\n\tloading_at_start = preloading;\n}\n\n';
  const guarded = await lazyFindings(cExtension('tally', `\tnote_preload();\n\tcopy_flag();\n\tif (!loading_at_start)\n\t\treturn;\n${POSTMASTER_GUC}`, flags));
  assert.deepEqual(guarded.filter((f) => f.includes('postmaster')), []);
  const unguarded = await lazyFindings(cExtension('tally', `\tnote_preload();\n${POSTMASTER_GUC}`, flags));
  assert.deepEqual(unguarded.filter((f) => f.includes('postmaster')), ['tally.c:30 postmaster-guc-outside-preload']);
});

test('an install made in mutually recursive helpers is found', async () => {
  const helpers =
    'static void setup_a(int n);\n\n' +
    'static void\nsetup_b(int n)\n{\n\tif (n > 0)\n\t\tsetup_a(n - 1);\n}\n\n' +
    'static void\nsetup_a(int n)\n{\n\tsetup_b(n);\n\tif (n == 0)\n\t\tExecutorStart_hook = tally_ExecutorStart;\n}\n\n';
  assert.deepEqual(await hookFindings('\tsetup_b(3);\n', UNCHAINED + helpers), ['tally.c:32 hook-overwrites-previous']);
});
