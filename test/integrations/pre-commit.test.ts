import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { tempDir } from '../support/tempDir';

// .pre-commit-hooks.yaml: pre-commit installs the repository as a node package (npm install, npm
// pack, npm install -g of the tarball: what test/packaging checks) and runs `entry` from the
// repository root when a matching file is committed. Here the entry runs from this build.

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const HOOKS: { id: string; entry: string; language: string; pass_filenames: boolean; files: string }[] = parse(
  readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8'),
);
const BINS: Record<string, string> = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).bin;

describe('the pre-commit hook', () => {
  const [hook] = HOOKS;

  it('is a node hook whose entry is one of the package commands', () => {
    assert.deepEqual(HOOKS.map((h) => h.id), ['pgext-lint']);
    assert.equal(hook.language, 'node');
    assert.equal(hook.pass_filenames, false);
    assert.ok(BINS[hook.entry.split(' ')[0]], hook.entry);
  });

  it('runs on the files that can change a finding, not on others', () => {
    // pre-commit's `files` is a Python regex searched in the path; this one is also valid JavaScript
    const files = new RegExp(hook.files);
    for (const f of ['slowlog.c', 'src/guc.h', 'src/lib.rs', 'slowlog.control', 'ext.control.in', 'Makefile', 'contrib/x/meson.build', 'Cargo.toml', 'README.md', 'doc/slowlog.sgml', '.pgext-lint.json']) {
      assert.ok(files.test(f), f);
    }
    for (const f of ['test/run.py', 'slowlog--1.0.sql', 'expected/out.out', '.github/workflows/ci.yml', 'Makefile.global.in']) assert.ok(!files.test(f), f);
  });

  it('its entry, run from the repository root, lints the extension and fails the commit on errors', () => {
    const repo = tempDir('pgext-lint-precommit-');
    cpSync(path.join(REPO_ROOT, 'examples', 'slowlog'), repo, { recursive: true });
    const [command, ...args] = hook.entry.split(' ');
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, BINS[command]), ...args], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^slowlog\.c:115:2: error: .*\[postmaster-guc-outside-preload\]$/m);
    const clean = tempDir('pgext-lint-precommit-');
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'cli-golden'), clean, { recursive: true });
    assert.equal(spawnSync(process.execPath, [path.join(REPO_ROOT, BINS[command]), ...args], { cwd: clean, encoding: 'utf8' }).status, 0);
  });
});
