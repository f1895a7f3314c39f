import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

// The acceptance cases of ../shared/acceptance, run through their own checker on the real CLI.
// Cases whose rules are not implemented yet are listed in expected-failures.json, the one place
// that knows them; a listed case that passes fails here too, so the list stays honest.

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const CHECKER = path.resolve(REPO_ROOT, '..', 'shared', 'acceptance', 'check.mjs');
const EXPECTED_FAILURES: Record<string, string> = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'test', 'acceptance', 'expected-failures.json'), 'utf8'),
).cases;

/** Runs check.mjs once; returns each case's PASS/FAIL and the lines explaining a failure. */
function runChecker(): Map<string, { passed: boolean; details: string[] }> {
  const r = spawnSync(process.execPath, [CHECKER, process.execPath, path.join(REPO_ROOT, 'bin', 'pgext-lint.js')], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const results = new Map<string, { passed: boolean; details: string[] }>();
  let current: { passed: boolean; details: string[] } | undefined;
  for (const line of r.stdout.split('\n')) {
    const m = /^(PASS|FAIL) (\S+)$/.exec(line);
    if (m) {
      current = { passed: m[1] === 'PASS', details: [] };
      results.set(m[2], current);
    } else if (line.startsWith('    ') && current) {
      current.details.push(line.trim());
    }
  }
  assert.ok(results.size > 0, `the acceptance checker reported no case:\n${r.stdout}\n${r.stderr}`);
  return results;
}

describe('acceptance cases (../shared/acceptance)', () => {
  assert.ok(existsSync(CHECKER), `${CHECKER} not found: the acceptance cases live in shared/ beside the repository`);
  const results = runChecker();

  for (const [name, { passed, details }] of results) {
    const waitsFor = EXPECTED_FAILURES[name];
    if (waitsFor === undefined) {
      it(`${name} passes`, () => assert.ok(passed, details.join('\n')));
    } else {
      it(`${name} still fails (waits for ${waitsFor}); remove it from expected-failures.json once it passes`, () =>
        assert.ok(!passed, `${name} passes now: remove it from test/acceptance/expected-failures.json`));
    }
  }

  it('expected-failures.json names only existing cases', () => {
    assert.deepEqual(Object.keys(EXPECTED_FAILURES).filter((name) => !results.has(name)), []);
  });
});
