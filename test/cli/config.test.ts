import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, pgextLint } from './spawnCli';
import { tempTree } from '../support/tempDir';

// cli-config/.pgext-lint.json targets 13-15, raises unused-suppression to error and ignores third_party/
// and *.generated.c; the extension in cli-config/ext has a GUC compiled for >= 16 only, a stale
// suppression in src/format.c and more stale suppressions in the ignored files.
const root = fixture('cli-config');
const ext = path.join(root, 'ext');

function keys(args: string[], cwd: string): string[] {
  const r = pgextLint(['check', '--format', 'json', ...args], cwd);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return JSON.parse(r.stdout).findings.map((f: { file: string; line: number; rule: string; severity: string }) =>
    `${f.file}:${f.line}:${f.rule}:${f.severity}`,
  );
}

describe('configuration file discovery', () => {
  it('applies the .pgext-lint.json found by walking up from the checked folder', () => {
    const r = pgextLint(['check'], path.join(ext, 'src'));
    assert.equal(r.status, 1, 'unused-suppression is an error in this configuration');
    assert.deepEqual(keys([], path.join(ext, 'src')), ['format.c:5:unused-suppression:error']);
  });

  it('skips files and folders matched by its ignore globs', () => {
    assert.deepEqual(keys(['.'], ext), ['src/format.c:5:unused-suppression:error']);
  });

  it('lets command-line flags override the file: --pg-version and --rule', () => {
    assert.deepEqual(keys(['--pg-version', '16', '--rule', 'unused-suppression=info'], ext), [
      'src/format.c:5:unused-suppression:info',
      'src/ringlog.c:27:postmaster-guc-outside-preload:error',
    ]);
  });

  it('--config uses the given file instead of the one found', () => {
    const dir = tempTree({ 'strict.json': JSON.stringify({ rules: { 'unused-suppression': 'hint' }, ignore: ['nothing'] }) });
    const found = keys(['--config', path.join(dir, 'strict.json')], ext);
    assert.ok(found.includes('src/format.c:5:unused-suppression:hint'), found.join('\n'));
    assert.ok(found.includes('src/ringlog.c:27:postmaster-guc-outside-preload:error'), 'the default versions apply again');
    assert.ok(found.some((k) => k.startsWith('third_party/')), 'the ignore globs of the found file no longer apply');
  });

  it('accepts the name pgext-lint.json too', () => {
    const dir = tempTree({ 'pgext-lint.json': '{"pgVersions": [16]}' });
    assert.deepEqual(keys(['--config', path.join(dir, 'pgext-lint.json'), 'src/ringlog.c'], ext), [
      'src/ringlog.c:27:postmaster-guc-outside-preload:error',
    ]);
  });
});

describe('configuration errors exit 2 and name the file and the key', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown key', '{"rules": {}, "ignores": ["vendor"]}', /\.pgext-lint\.json: unknown key "ignores" \(known keys: \$schema, pgVersions, rules, ignore\)/],
    ['an unknown rule', '{"rules": {"hook-not-chianed": "off"}}', /\.pgext-lint\.json: rules: unknown rule "hook-not-chianed" \(did you mean "hook-not-chained"\?\)/],
    ['an unknown severity', '{"rules": {"unused-suppression": "fatal"}}', /\.pgext-lint\.json: rules\.unused-suppression: must be one of "off", "hint", "info", "warning", "error"/],
    ['a version below 13', '{"pgVersions": [15, 12]}', /\.pgext-lint\.json: pgVersions\[1\]: must be >= 13/],
    ['a string where a list belongs', '{"ignore": "vendor"}', /\.pgext-lint\.json: ignore: must be array/],
    ['invalid JSON', '{\n  "rules": {},\n}\n', /\.pgext-lint\.json: invalid JSON: .* at line 3 column 1/],
  ];
  for (const [what, content, message] of cases) {
    it(what, () => {
      const dir = tempTree({ '.pgext-lint.json': content, 'ext/ringlog.control': "default_version = '1.0'\n" });
      const r = pgextLint(['check', 'ext'], dir);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^pgext-lint: \.pgext-lint\.json: /);
    });
  }

  it('a --config file that does not exist', () => {
    const r = pgextLint(['check', '--config', 'missing.json'], ext);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^pgext-lint: missing\.json: cannot read: /);
  });

  it('a broken configuration of an extension found below the checked folder', () => {
    const dir = tempTree({ 'a/ringlog.control': "default_version = '1.0'\n", 'a/.pgext-lint.json': '{"rule": {}}' });
    const r = pgextLint(['check'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^pgext-lint: a\/\.pgext-lint\.json: unknown key "rule"/);
  });
});
