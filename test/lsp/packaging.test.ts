import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');
const VSCE = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');

/** What the .vsix may hold: the bundles and grammars, what package.json points to, the README. */
const SHIPPED = /^(dist\/[\w-]+\.(js|wasm)|syntaxes\/[\w-]+\.tmLanguage\.json|schemas\/[\w-]+\.schema\.json|language-configuration[\w-]*\.json|package\.json|README\.md|LICENSE[\w.]*|CHANGELOG\.md)$/;

describe('the VS Code package', () => {
  it('would hold no sources, tests, fixtures or node_modules (vsce ls with .vscodeignore)', () => {
    const files = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    assert.ok(files.includes('package.json') && files.includes('syntaxes/pg-control.tmLanguage.json'));
    assert.deepEqual(files.filter((f) => !SHIPPED.test(f)), []);
  });
});
