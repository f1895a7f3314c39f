import assert from 'node:assert/strict';
import { cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, pgextLint, REPO_ROOT } from './spawnCli';
import { tempDir } from '../support/tempDir';

// docs-nested-repo: a repository (modelled on citus) whose README, at the top, documents the
// preloading of the two extensions under src/backend/.

/** A copy of the fixture without .git, as an archive or a copied tree has it. */
function copy(): string {
  const dir = tempDir('pgext-lint-cwd-');
  cpSync(fixture('docs-nested-repo'), dir, { recursive: true });
  return dir;
}

/** `file:line rule` of each finding, file relative to the checked tree. */
function findings(tree: string, target: string, cwd: string): string[] {
  const r = pgextLint(['check', '--format', 'json', target], cwd);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const files = JSON.parse(r.stdout).findings as { file: string; line: number; rule: string }[];
  return files.map((f) => `${path.relative(tree, path.resolve(cwd, f.file))}:${f.line} ${f.rule}`).sort();
}

describe('findings never depend on the current directory', () => {
  it('the same tree gives the same findings from inside it, from above it and from an unrelated folder', () => {
    const tree = copy();
    const elsewhere = tempDir('pgext-lint-elsewhere-');
    const inside = findings(tree, '.', tree);
    assert.deepEqual(inside, [], 'the README at the top documents both extensions');
    assert.deepEqual(findings(tree, tree, elsewhere), inside);
    assert.deepEqual(findings(tree, tree, REPO_ROOT), inside);
    assert.deepEqual(findings(tree, path.relative(path.dirname(tree), tree), path.dirname(tree)), inside);
  });

  it('without .git, the documentation walk stops at the path given on the command line', () => {
    const tree = copy();
    const columnar = path.join('src', 'backend', 'columnar');
    const expected = [`${path.join(columnar, 'shardly_columnar.control')}:1 preload-undocumented`];
    assert.deepEqual(findings(tree, columnar, tree), expected);
    assert.deepEqual(findings(tree, path.join(tree, columnar), tmpdir()), expected);
  });

  it('with .git, the walk goes up to the repository root whatever path is given', () => {
    const tree = copy();
    mkdirSync(path.join(tree, '.git'));
    assert.deepEqual(findings(tree, path.join('src', 'backend', 'columnar'), tree), []);
    assert.deepEqual(findings(tree, path.join(tree, 'src', 'backend', 'distributed'), tmpdir()), []);
  });
});
