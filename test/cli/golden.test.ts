import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, pgextLint, REPO_ROOT } from './spawnCli';

// Golden files of the CLI's output on a small extension: any change to a format shows up as a
// diff here. Refresh them after an intended change with `UPDATE_GOLDEN=1 npm test`.

const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'cli', 'golden');

/** The package version would churn the SARIF golden file on every release. */
function withoutVersion(sarifText: string): string {
  const log = JSON.parse(sarifText);
  log.runs[0].tool.driver.version = '<version>';
  log.runs[0].tool.driver.semanticVersion = '<version>';
  return JSON.stringify(log, null, 2) + '\n';
}

const CASES: { format: string; golden: string; normalize?: (out: string) => string }[] = [
  { format: 'text', golden: 'cli-golden.text.txt' },
  { format: 'gcc', golden: 'cli-golden.gcc.txt' },
  { format: 'json', golden: 'cli-golden.json' },
  { format: 'sarif', golden: 'cli-golden.sarif.json', normalize: withoutVersion },
];

describe('golden output of a clean preload extension with two stale suppressions', () => {
  for (const { format, golden, normalize } of CASES) {
    it(`--format ${format} prints exactly ${golden}`, () => {
      const r = pgextLint(['check', '--format', format], fixture('cli-golden'));
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      const actual = normalize ? normalize(r.stdout) : r.stdout;
      const file = path.join(GOLDEN_DIR, golden);
      if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual);
      assert.equal(actual, readFileSync(file, 'utf8'));
    });
  }
});
