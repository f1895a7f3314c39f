import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestEditor } from './harness';

// The acceptance cases of ../shared/acceptance seen through the language server: with each case a
// workspace folder (the CLI checks each from inside it, so documentation above it does not count),
// background indexing must publish exactly the findings each case expects.

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CASES = path.resolve(REPO_ROOT, '..', 'shared', 'acceptance');
const EXPECTED_FAILURES: Record<string, string> = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test', 'acceptance', 'expected-failures.json'), 'utf8'),
).cases;

interface Expected {
  findings: { file: string; line: number; rule: string }[];
}

const ended = (editor: TestEditor) =>
  editor.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end');

describe('acceptance cases through the language server', { skip: existsSync(CASES) ? false : `${CASES} not found` }, () => {
  const editor = new TestEditor();
  after(() => editor.kill());

  it('publishes, after indexing a workspace of all cases, exactly the expected findings of each case', async () => {
    const [first, ...rest] = readdirSync(CASES)
      .filter((n) => existsSync(path.join(CASES, n, 'expected.json')))
      .map((n) => path.join(CASES, n));
    await editor.initialize(first, ...rest);
    const deadline = Date.now() + 120000;
    while (!ended(editor)) {
      assert.ok(Date.now() < deadline, 'indexing did not finish in 2 minutes');
      await new Promise((r) => setTimeout(r, 50));
    }
    const published = new Map<string, Set<string>>();
    for (const [uri, p] of editor.diagnostics) {
      const file = fileURLToPath(uri);
      const [name] = path.relative(CASES, file).split(path.sep);
      const set = published.get(name) ?? new Set();
      for (const d of p.diagnostics) set.add(`${path.relative(path.join(CASES, name), file).split(path.sep).join('/')}:${d.range.start.line + 1}:${d.code}`);
      published.set(name, set);
    }
    const cases = readdirSync(CASES).filter((n) => existsSync(path.join(CASES, n, 'expected.json')) && !(n in EXPECTED_FAILURES));
    assert.ok(cases.length > 20);
    for (const name of cases) {
      const expected: Expected = JSON.parse(readFileSync(path.join(CASES, name, 'expected.json'), 'utf8'));
      assert.deepEqual(
        [...(published.get(name) ?? [])].sort(),
        expected.findings.map((f) => `${f.file}:${f.line}:${f.rule}`).sort(),
        name,
      );
    }
  });
});
