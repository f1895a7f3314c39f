import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/analysis/engine';
import { documentationFiles } from '../../server/src/analysis/frontends/docs/discovery';
import { copyFixture } from '../support/lint';

async function extension(dir: string, root: string) {
  const e = await Engine.create();
  const ext = e.discover([dir]).find((x) => x.root === root);
  assert.ok(ext, `no extension at ${root}`);
  return ext;
}

const rel = (dir: string, files: { file: string; own: boolean }[]) =>
  files.map((f) => `${path.relative(dir, f.file)}${f.own ? '' : ' (above)'}`);

test("an extension's README, root documents and doc/ and docs/ trees are its documentation, README first", async () => {
  const dir = copyFixture('docs-session');
  mkdirSync(path.join(dir, 'doc', 'guide'), { recursive: true });
  writeFileSync(path.join(dir, 'doc', 'guide', 'setup.md'), 'Setup.\n');
  writeFileSync(path.join(dir, 'doc', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]));
  writeFileSync(path.join(dir, 'CHANGES.txt'), 'Changes.\n');
  const ext = await extension(dir, dir);
  assert.deepEqual(rel(dir, documentationFiles(ext)), ['README.rst', 'CHANGES.txt', path.join('doc', 'guide', 'setup.md')]);
});

test('folders above are read up to the one holding .git, and no further', async () => {
  const dir = copyFixture('docs-monorepo');
  const ext = await extension(dir, path.join(dir, 'bgsched'));
  assert.deepEqual(rel(dir, documentationFiles(ext)), [], 'without a repository or workspace root, nothing above counts');
  mkdirSync(path.join(dir, '.git'));
  assert.deepEqual(rel(dir, documentationFiles(ext)), ['README.md (above)']);
});

test('the workspace root bounds the walk up like a repository root', async () => {
  const dir = copyFixture('docs-monorepo');
  const ext = await extension(dir, path.join(dir, 'bgsched'));
  assert.deepEqual(rel(dir, documentationFiles(ext, dir)), ['README.md (above)']);
  assert.deepEqual(rel(dir, documentationFiles(ext, path.join(dir, 'bgsched'))), [], 'a workspace at the extension itself stops there');
});

test("in a PostgreSQL source tree a module's documentation is its prose and its manual page, not the rest of the manual", async () => {
  const dir = copyFixture('docs-pg-tree');
  const qtally = await extension(dir, path.join(dir, 'contrib', 'pg_qtally'));
  assert.deepEqual(rel(dir, documentationFiles(qtally)), [path.join('doc', 'src', 'sgml', 'pgqtally.sgml')]);
  const rowsec = await extension(dir, path.join(dir, 'src', 'test', 'modules', 'rowsec_hooks'));
  assert.deepEqual(rel(dir, documentationFiles(rowsec)), [path.join('src', 'test', 'modules', 'rowsec_hooks', 'README')]);
});

test('tests and build files are not documentation, wherever they live', async () => {
  const dir = copyFixture('docs-pg-tree');
  for (const module of ['test_shmemish', 'auth_mask', 'plan_pause']) {
    const ext = await extension(dir, path.join(dir, 'src', 'test', 'modules', module));
    assert.deepEqual(rel(dir, documentationFiles(ext)), [], `${module}: its .conf, TAP test, isolation spec, sql/, expected/ and Makefile are not documentation`);
  }
});

test('outside a PostgreSQL tree too, only prose counts: not CMakeLists.txt, test folders or .conf files under docs/', async () => {
  const dir = copyFixture('docs-session');
  const files: Record<string, string> = {
    'CMakeLists.txt': 'add_library(planlog MODULE planlog.c)\n',
    'NOTES.txt': 'Notes.\n',
    'test/README.md': 'Tests.\n',
    't/001_load.pl': 'shared_preload_libraries\n',
    'docs/guide.md': 'Guide.\n',
    'docs/examples/postgresql.conf': "shared_preload_libraries = 'planlog'\n",
    'docs/tests/expected.md': 'Expected.\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const ext = await extension(dir, dir);
  assert.deepEqual(rel(dir, documentationFiles(ext)), ['README.rst', 'NOTES.txt', path.join('docs', 'guide.md')]);
});
