import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine, type LintSettings } from '../../server/src/analysis/engine';
import type { ExtensionInfo } from '../../server/src/analysis/model/model';
import { cExtension, copyFixture, intGucs } from '../support/lint';
import { tempTree } from '../support/tempDir';

/**
 * An engine that analysed an extension before keeps what the edits left alone (functions whose text
 * did not change, rules that read no code, the include graph): after each edit its findings must be
 * those of a fresh engine on the same texts.
 */

const statkit = () => {
  const dir = copyFixture('shmem-request-outside-hook/statkit');
  const file = path.join(dir, 'modules/qcount/qcount.c');
  const control = path.join(dir, 'modules/qcount/qcount.control');
  return { dir, file, control, settings: { workspaceRoot: dir } satisfies LintSettings };
};

async function analyse(engine: Engine, dir: string, file: string, overlays: Map<string, string>, settings: LintSettings): Promise<string[]> {
  const ext = engine.discover([path.dirname(file)]).find((e: ExtensionInfo) => e.sourceFiles.includes(file))!;
  const findings = engine.analyzeExtension(ext, settings, { overlay: (f) => overlays.get(f) });
  return findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.range.start.line + 1}:${f.loc.range.start.character} ${f.rule} ${f.versions.join(',')} ${f.message} ${JSON.stringify(f.fixes)}`);
}

test('after each edit an engine that kept its facts finds what a fresh engine finds', async () => {
  const { dir, file, control, settings } = statkit();
  const original = readFileSync(file, 'utf8');
  const overlays = new Map<string, string>();
  const kept = await Engine.create();
  await analyse(kept, dir, file, overlays, settings);
  const edits: [string, (t: string) => string][] = [
    // lines above every function: the kept functions move
    ['lines inserted at the top', (t) => t.replace('#include "postgres.h"\n', '#include "postgres.h"\n\n/* moved */\n\n')],
    // inside one function: only it is extracted again
    ['a hook installed without saving', (t) => t.replace('\tshmem_startup_hook = qcount_shmem_startup;\n', '\tshmem_startup_hook = qcount_shmem_startup;\n\tExecutorEnd_hook = qcount_shmem_startup;\n')],
    // the project header that decides `#if PG_VERSION_NUM < PG_VERSION_15` is no longer included
    ['the include of the version header removed', (t) => t.replace('#include "statkit/compat.h"\n', '')],
    ['the include put back', (t) => t.replace('#include "storage/shmem.h"\n', '#include "storage/shmem.h"\n#include "statkit/compat.h"\n')],
    ['a line deleted above _PG_init', (t) => t.replace('Datum\nqcount_total', 'Datum qcount_total')],
  ];
  const seen = new Set<string>();
  let text = original;
  for (const [what, edit] of edits) {
    text = edit(text);
    overlays.set(file, text);
    const incremental = await analyse(kept, dir, file, overlays, settings);
    const fresh = await analyse(await Engine.create(), dir, file, overlays, settings);
    assert.deepEqual(incremental, fresh, what);
    seen.add(incremental.join('\n'));
  }
  // the edits changed what is found (else the comparison above proves nothing)
  assert.ok(seen.size >= 3, `only ${seen.size} distinct results`);

  // a control file edited: its rules run again, the C file's facts are kept
  overlays.set(control, readFileSync(control, 'utf8').replace("relocatable = true", "relocatable = maybe"));
  const incremental = await analyse(kept, dir, file, overlays, settings);
  assert.deepEqual(incremental, await analyse(await Engine.create(), dir, file, overlays, settings));
  assert.ok(incremental.some((f) => f.includes('control-invalid-value')));
});

test('a function moved by lines inserted above it keeps its facts, shifted', async () => {
  const { dir, file, settings } = statkit();
  // a hook installed without saving the previous one, in _PG_init below every other function
  const original = readFileSync(file, 'utf8').replace('\tshmem_startup_hook = qcount_shmem_startup;\n', '\tshmem_startup_hook = qcount_shmem_startup;\n\tExecutorEnd_hook = qcount_end;\n');
  const engine = await Engine.create();
  const overlays = new Map([[file, original]]);
  const before = await analyse(engine, dir, file, overlays, settings);
  overlays.set(file, original.replace('PG_MODULE_MAGIC;\n', 'PG_MODULE_MAGIC;\n\n\n'));
  const after = await analyse(engine, dir, file, overlays, settings);
  const lineOf = (f: string) => Number(/^[^:]+:(\d+)/.exec(f)![1]);
  const c = (list: string[]) => list.filter((f) => f.startsWith('modules/qcount/qcount.c'));
  assert.ok(c(before).length > 0);
  assert.deepEqual(c(after).map(lineOf), c(before).map((f) => lineOf(f) + 2));
});

test('edits inside a long _PG_init: the kept engine finds what a fresh engine finds', async () => {
  // a GUC registration in one long function, as citus writes it: edits reuse the statements they leave alone
  const { variables, definitions } = intGucs('tl', ['max_tenants', 'sample_rate', 'queue_depth', 'flush_ms', 'log_level', 'retry_limit']);
  const files = cExtension('tl', `${definitions}\tMarkGUCPrefixReserved("tl");\n`, variables);
  const dir = tempTree(files);
  const file = path.join(dir, 'tl.c');
  const overlays = new Map<string, string>();
  const kept = await Engine.create();
  await analyse(kept, dir, file, overlays, {});
  const edits: [string, (t: string) => string][] = [
    ['a statement inserted above the GUCs: they move', (t) => t.replace('_PG_init(void)\n{\n', '_PG_init(void)\n{\n\tEnableQueryId();\n')],
    ['a GUC made PGC_SUSET', (t) => t.replace('PGC_POSTMASTER', 'PGC_SUSET')],
    // a forward goto runs a copy of the statements after its label
    ['a goto past the GUCs when not preloading', (t) => t.replace('\tEnableQueryId();\n', '\tif (!process_shared_preload_libraries_in_progress)\n\t\tgoto reserve;\n')],
    ['its label', (t) => t.replace('\tMarkGUCPrefixReserved', 'reserve:\n\tMarkGUCPrefixReserved')],
    ['the label moved above the last GUCs', (t) => t.replace('reserve:\n', '').replace('\tDefineCustomIntVariable("tl.flush_ms"', 'reserve:\n\tDefineCustomIntVariable("tl.flush_ms"')],
    ['the goto removed', (t) => t.replace('\tif (!process_shared_preload_libraries_in_progress)\n\t\tgoto reserve;\n', '')],
    ['a statement deleted', (t) => t.replace('\tMarkGUCPrefixReserved("tl");\n', '')],
  ];
  const seen = new Set<string>();
  let text = files['tl.c'];
  for (const [what, edit] of edits) {
    text = edit(text);
    overlays.set(file, text);
    const incremental = await analyse(kept, dir, file, overlays, {});
    assert.deepEqual(incremental, await analyse(await Engine.create(), dir, file, overlays, {}), what);
    seen.add(incremental.join('\n'));
  }
  assert.ok(seen.size >= 4, `only ${seen.size} distinct results`);
});

test('an object-like macro edited in the file or in a header changes the facts of the unchanged functions that read it', async () => {
  // the GUC context through a macro, as timescaledb's compat headers write version differences
  const def = '\tDefineCustomIntVariable("tl.size", "Size.", NULL, &tl_size, 16, 1, 1024, TL_SIZE_CONTEXT, 0, NULL, NULL, NULL);\n\tMarkGUCPrefixReserved("tl");\n';
  const files: Record<string, string> = { ...cExtension('tl', def, '#include "tl_compat.h"\n#define TL_SIZE_CONTEXT TL_RESTART_CONTEXT\n'), 'tl_compat.h': '#define TL_RESTART_CONTEXT PGC_SIGHUP\n' };
  const dir = tempTree(files);
  const file = path.join(dir, 'tl.c');
  const header = path.join(dir, 'tl_compat.h');
  const overlays = new Map<string, string>();
  const kept = await Engine.create();
  const postmasterGucs = async () => {
    const incremental = await analyse(kept, dir, file, overlays, {});
    assert.deepEqual(incremental, await analyse(await Engine.create(), dir, file, overlays, {}));
    return incremental.filter((f) => f.includes('postmaster-guc-outside-preload')).length;
  };
  assert.equal(await postmasterGucs(), 0);
  overlays.set(header, files['tl_compat.h'].replace('PGC_SIGHUP', 'PGC_POSTMASTER'));
  assert.equal(await postmasterGucs(), 1, 'the header names the context');
  overlays.set(file, files['tl.c'].replace('#define TL_SIZE_CONTEXT TL_RESTART_CONTEXT', '#define TL_SIZE_CONTEXT PGC_SUSET'));
  assert.equal(await postmasterGucs(), 0, 'the file names another');
});
