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

test("in a PostgreSQL source tree a module's documentation is its folder and its manual page, not the rest of the manual", async () => {
  const dir = copyFixture('docs-pg-tree');
  const qtally = await extension(dir, path.join(dir, 'contrib', 'pg_qtally'));
  assert.deepEqual(rel(dir, documentationFiles(qtally)), [
    path.join('contrib', 'pg_qtally', 'Makefile'),
    path.join('contrib', 'pg_qtally', 'pg_qtally--1.0.sql'),
    path.join('contrib', 'pg_qtally', 'pg_qtally.control'),
    path.join('doc', 'src', 'sgml', 'pgqtally.sgml'),
  ]);
  const test_shmemish = await extension(dir, path.join(dir, 'src', 'test', 'modules', 'test_shmemish'));
  assert.ok(rel(dir, documentationFiles(test_shmemish)).includes(path.join('src', 'test', 'modules', 'test_shmemish', 'test_shmemish.conf')));
});
