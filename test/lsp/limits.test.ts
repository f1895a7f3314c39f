import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixturesRoot } from '../support/lint';
import { TestEditor } from './harness';
import { tempDir } from '../support/tempDir';

const POSTMASTER_GUC = 'postmaster-guc-outside-preload';

describe('editor texts are held to the limits of files on disk', () => {
  const root = tempDir('pgext-lint-limits-');
  cpSync(path.join(fixturesRoot(), 'lsp-tenant_limits'), root, { recursive: true });
  // a generated source of the extension, 20 MB once the editor has it
  const generated = path.join(root, 'src', 'generated.c');
  writeFileSync(generated, '/* generated */\n');
  const guc = path.join(root, 'src', 'guc.c');
  const header = path.join(root, 'src', 'tenant_limits.h');
  const editor = new TestEditor();

  before(async () => {
    await editor.initialize(root);
  });
  after(() => editor.kill());

  it('publishes a versioned empty list for a clean open document, after every edit', async () => {
    await editor.open(header);
    assert.deepEqual(await editor.waitFor(header, (_, p) => p.version === 1), []);
    const version = await editor.replace(header, '#endif', '\n#endif');
    assert.deepEqual(await editor.waitFor(header, (_, p) => p.version === version), []);
  });

  it('skips a 20 MB editor text as it skips such a file on disk, says so once, and keeps analysing the other files', async () => {
    await editor.open(guc);
    await editor.waitFor(guc, (ds) => ds.some((d) => d.code === POSTMASTER_GUC));
    const huge = `/* generated */\n${'static int filler = 0;\n'.repeat(Math.ceil((20 << 20) / 23))}`;
    const started = Date.now();
    await editor.open(generated, 'c', huge);
    assert.deepEqual(await editor.waitFor(generated, (_, p) => p.version === 1, 60_000), []);
    // the other files keep their findings, and a later edit elsewhere is analysed as usual
    assert.ok(editor.diagnosticsOf(guc).some((d) => d.code === POSTMASTER_GUC));
    const version = await editor.replace(guc, 'PGC_POSTMASTER', 'PGC_SIGHUP');
    await editor.waitFor(guc, (ds, p) => p.version === version && !ds.some((d) => d.code === POSTMASTER_GUC), 60_000);
    assert.ok(Date.now() - started < 60_000);
    const told = editor.logs.filter((m) => m.includes('generated.c') && m.includes('larger than 4 MB'));
    assert.equal(told.length, 1, `told once: ${told.join(' | ')}`);
  });
});
