import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readAction, runAction } from '../support/compositeAction';
import { sarifValidator } from '../support/sarifSchema';
import { tempDir } from '../support/tempDir';

// The GitHub Action (action.yml) as the runner executes it, on copies of real-looking extensions.
// The build step (scripts/action/install.sh: npm ci + build in the action's checkout) is skipped:
// the tests run on this build.

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const skipBuild = (step: { run?: string }) => step.run?.includes('install.sh') === true;

/** A workspace as actions/checkout leaves it: the extension at the root. */
function checkout(fixturePath: string): string {
  const dir = tempDir('pgext-lint-action-');
  cpSync(fixturePath, dir, { recursive: true });
  return dir;
}
const slowlog = () => checkout(path.join(REPO_ROOT, 'examples', 'slowlog'));
/** two stale suppressions: warnings only */
const warningsOnly = () => checkout(path.join(REPO_ROOT, 'test', 'fixtures', 'cli-golden'));

describe('the GitHub Action (action.yml)', () => {
  const action = readAction(path.join(REPO_ROOT, 'action.yml'));

  it('declares the inputs path, format, pg-versions, fail-level and upload-sarif, and runs scripts that exist', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['path', 'format', 'pg-versions', 'fail-level', 'upload-sarif', 'sarif-file']) assert.ok(action.inputs[input]?.description, input);
    for (const step of action.runs.steps) {
      for (const script of step.run?.match(/scripts\/action\/[\w.-]+/g) ?? []) {
        assert.ok(statSync(path.join(REPO_ROOT, script)).mode & 0o111, `${script} must be executable`);
      }
    }
  });

  it('by default prints gcc lines under the problem matcher and fails on errors', () => {
    const r = runAction(REPO_ROOT, {}, slowlog(), skipBuild);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], `::add-matcher::${REPO_ROOT}/problem-matchers/pgext-lint-gcc.json`);
    assert.ok(lines.includes('::remove-matcher owner=pgext-lint-gcc::'));
    assert.ok(lines.some((l) => /^slowlog\.c:115:2: error: .* \[-Wpgext-lint-postmaster-guc-outside-preload\]$/.test(l)));
    assert.equal(r.outputs['exit-code'], '1');
    assert.equal(r.failedStep, 'Exit status');
    assert.deepEqual(r.used, []);
  });

  it('fail-level decides: warnings pass at error, fail at warning; none never fails', () => {
    assert.equal(runAction(REPO_ROOT, {}, warningsOnly(), skipBuild).failedStep, undefined);
    const atWarning = runAction(REPO_ROOT, { 'fail-level': 'warning' }, warningsOnly(), skipBuild);
    assert.equal(atWarning.outputs['exit-code'], '1');
    assert.equal(atWarning.failedStep, 'Exit status');
    const none = runAction(REPO_ROOT, { 'fail-level': 'none' }, slowlog(), skipBuild);
    assert.equal(none.outputs['exit-code'], '0');
    assert.equal(none.failedStep, undefined);
  });

  it('passes pg-versions and format through, and takes several paths', () => {
    const workspace = tempDir('pgext-lint-action-');
    cpSync(path.join(REPO_ROOT, 'examples', 'slowlog'), path.join(workspace, 'contrib', 'slowlog'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'test', 'fixtures', 'cli-golden'), path.join(workspace, 'contrib', 'tallyq'), { recursive: true });
    const r = runAction(REPO_ROOT, { path: 'contrib/slowlog\ncontrib/tallyq', format: 'json', 'pg-versions': '13,14' }, workspace, skipBuild);
    const report = JSON.parse(r.stdout);
    const rules = new Set(report.findings.map((f: { rule: string }) => f.rule));
    assert.ok(rules.has('unused-suppression') && rules.has('postmaster-guc-outside-preload'));
    assert.ok(!rules.has('shmem-request-outside-hook'), 'the PostgreSQL >= 15 rule must not fire for 13,14');
    assert.doesNotMatch(r.stdout, /::add-matcher::/);
  });

  it('upload-sarif writes a valid SARIF report and hands it to upload-sarif, and still fails the job afterwards', () => {
    const workspace = slowlog();
    const r = runAction(REPO_ROOT, { 'upload-sarif': 'true' }, workspace, skipBuild);
    const file = path.join(workspace, 'pgext-lint.sarif');
    assert.ok(existsSync(file));
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(readFileSync(file, 'utf8'))), JSON.stringify(validate.errors));
    assert.deepEqual(r.used, [{ uses: 'github/codeql-action/upload-sarif@v3', with: { sarif_file: 'pgext-lint.sarif' } }]);
    assert.equal(r.outputs['sarif-file'], 'pgext-lint.sarif');
    assert.equal(r.failedStep, 'Exit status');
  });

  it('a usage error (bad pg-versions) fails with exit code 2 and the message in the log', () => {
    const r = runAction(REPO_ROOT, { 'pg-versions': '15,sixteen' }, slowlog(), skipBuild);
    assert.equal(r.outputs['exit-code'], '2');
    assert.match(r.stderr, /--pg-version 15,sixteen: "sixteen" is not a PostgreSQL major version/);
    assert.equal(r.failedStep, 'Exit status');
  });
});
