import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { run } from '../../server/src/cli/main';
import { sarifValidator } from '../support/sarifSchema';
import { fixture, REPO_ROOT } from './spawnCli';

// Snapshot tests of the CLI's output (as pgspot does): the acceptance cases in text and SARIF (each
// SARIF log also checked against the SARIF 2.1.0 schema), and a small fixture in every format. Any change to a format or a message shows up as a diff of these
// files. After an intended change: `npm run golden:update` (or UPDATE_GOLDEN=1 with any test run),
// then review the diff.

const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'cli', 'golden');
const ACCEPTANCE = path.resolve(REPO_ROOT, '..', 'shared', 'acceptance');
const UPDATE = Boolean(process.env.UPDATE_GOLDEN);

/**
 * What depends on the machine or the release, not on the analysis: the package version, the absolute
 * checkout folder, and the rule pages (help), which are compared with their source in formats.test.ts.
 */
function normalizeSarif(sarifText: string): string {
  const log: Sarif.Log = JSON.parse(sarifText);
  const run = log.runs[0];
  run.tool.driver.version = '<version>';
  run.tool.driver.semanticVersion = '<version>';
  for (const rule of run.tool.driver.rules ?? []) rule.help = { text: `<help of ${rule.id}>` };
  for (const base of Object.values(run.originalUriBaseIds ?? {})) base.uri = '<checkout>';
  return JSON.stringify(log, null, 2) + '\n';
}

/** `pgext-lint check . --format F` run in-process from `cwd` (29 cases, two formats: no process per run). */
async function check(cwd: string, format: string): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await run(['check', '.', '--format', format], { cwd, out: (t) => (stdout += t), err: (t) => (stderr += t), errIsTTY: false });
  return { status, stdout, stderr };
}

function compareWithGolden(actual: string, file: string): void {
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  assert.ok(existsSync(file), `${path.relative(REPO_ROOT, file)} is missing: run \`npm run golden:update\` and review it`);
  assert.equal(actual, readFileSync(file, 'utf8'), `differs from ${path.relative(REPO_ROOT, file)} (after an intended change: npm run golden:update)`);
}

const FORMATS: { format: string; extension: string; normalize?: (out: string) => string }[] = [
  { format: 'text', extension: 'text.txt' },
  { format: 'gcc', extension: 'gcc.txt' },
  { format: 'json', extension: 'json' },
  { format: 'sarif', extension: 'sarif.json', normalize: normalizeSarif },
];

describe('golden output of a clean preload extension with two stale suppressions', () => {
  for (const { format, extension, normalize } of FORMATS) {
    it(`--format ${format} prints exactly cli-golden.${extension}`, async () => {
      const r = await check(fixture('cli-golden'), format);
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
      compareWithGolden(normalize ? normalize(r.stdout) : r.stdout, path.join(GOLDEN_DIR, `cli-golden.${extension}`));
    });
  }
});

describe('golden output of the acceptance cases (../shared/acceptance), text and SARIF', () => {
  const cases = readdirSync(ACCEPTANCE).filter((name) => statSync(path.join(ACCEPTANCE, name)).isDirectory());
  const dir = path.join(GOLDEN_DIR, 'acceptance');
  const snapshots = FORMATS.filter((f) => f.format === 'text' || f.format === 'sarif');

  const validate = sarifValidator();

  for (const name of cases) {
    it(name, async () => {
      for (const { format, extension, normalize } of snapshots) {
        const r = await check(path.join(ACCEPTANCE, name), format);
        assert.equal(r.stderr, '', `${name} --format ${format}`);
        if (format === 'sarif') assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors, null, 2));
        compareWithGolden(normalize ? normalize(r.stdout) : r.stdout, path.join(dir, `${name}.${extension}`));
      }
    });
  }

  it('has no golden file of a case that no longer exists', () => {
    const expected = new Set(cases.flatMap((name) => snapshots.map((s) => `${name}.${s.extension}`)));
    const stale = existsSync(dir) ? readdirSync(dir).filter((f) => !expected.has(f)) : [];
    if (UPDATE) for (const f of stale) rmSync(path.join(dir, f));
    else assert.deepEqual(stale, [], 'golden files of removed cases (npm run golden:update deletes them)');
  });
});
