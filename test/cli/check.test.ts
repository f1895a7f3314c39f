import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, pgextLint, REPO_ROOT } from './spawnCli';

// cli-versions: an unguarded PGC_POSTMASTER GUC compiled only for PostgreSQL >= 16 in src/ringlog.c
// (error), a stale suppression in src/format.c (warning).
const ringlog = fixture('cli-versions');

interface JsonOut {
  findings: { file: string; line: number; rule: string; severity: string; message: string }[];
}

function findings(args: string[], cwd = ringlog): JsonOut['findings'] {
  const r = pgextLint(['check', '--format', 'json', ...args], cwd);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return (JSON.parse(r.stdout) as JsonOut).findings;
}

const GUC = { file: 'src/ringlog.c', line: 27, rule: 'postmaster-guc-outside-preload' };
const STALE = { file: 'src/format.c', line: 5, rule: 'unused-suppression' };
const keyOf = (f: { file: string; line: number; rule: string }) => `${f.file}:${f.line}:${f.rule}`;

describe('pgext-lint check: exit status', () => {
  it('exits 1 when an error-severity finding is reported', () => {
    const r = pgextLint(['check'], ringlog);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^src\/ringlog\.c:27:2: error: .*\(PostgreSQL 16-18\) \[postmaster-guc-outside-preload\]$/m);
    assert.match(r.stdout, /^1 error, 1 warning in 1 extension$/m);
  });

  it('exits 0 when only warnings are reported', () => {
    const r = pgextLint(['check', 'src/format.c'], ringlog);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^src\/format\.c:5:4: warning: .*\[unused-suppression\]$/m);
  });

  it('exits 1 when --rule raises a warning to error, 0 when it lowers the error', () => {
    assert.equal(pgextLint(['check', 'src/format.c', '--rule', 'unused-suppression=error'], ringlog).status, 1);
    const lowered = pgextLint(['check', '--format', 'json', '--rule', 'postmaster-guc-outside-preload=warning'], ringlog);
    assert.equal(lowered.status, 0);
    assert.deepEqual(JSON.parse(lowered.stdout).findings.map((f: { severity: string }) => f.severity), ['warning', 'warning']);
  });

  const usageErrors: [string, string[], RegExp][] = [
    ['an unknown option', ['check', '--frobnicate'], /^pgext-lint: unknown option --frobnicate\n/],
    ['an unknown format', ['check', '--format', 'xml'], /unknown format "xml" \(formats: text, json, sarif, gcc\)/],
    ['a path that does not exist', ['check', 'no/such/dir'], /no such file or directory: no\/such\/dir/],
    ['--rule without a severity', ['check', '--rule', 'unused-suppression'], /--rule unused-suppression: expected RULE=off\|hint\|info\|warning\|error/],
    ['--rule with an unknown rule', ['check', '--rule', 'hook-not-chianed=off'], /--rule hook-not-chianed=off: unknown rule "hook-not-chianed" \(did you mean "hook-not-chained"\?\)/],
    ['--rule with an unknown severity', ['check', '--rule', 'unused-suppression=fatal'], /--rule unused-suppression=fatal: must be one of "off", "hint", "info", "warning", "error"/],
    ['--pg-version below 13', ['check', '--pg-version', '12'], /--pg-version 12: must be >= 13/],
    ['--pg-version that is not a number', ['check', '--pg-version', '15,sixteen'], /--pg-version 15,sixteen: "sixteen" is not a PostgreSQL major version/],
    ['an unknown command', ['lint'], /unknown command "lint" \(commands: check, explain, rules/],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`exits 2 with a message on stderr for ${what}`, () => {
      const r = pgextLint(args, ringlog);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    });
  }

  it('exits 2 and prints the usage on stderr when no command is given', () => {
    const r = pgextLint([], ringlog);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^usage: pgext-lint <command>/);
  });
});

describe('pgext-lint check: options', () => {
  it('reports the >= 16 GUC on 16-18 by default and names those versions', () => {
    const f = findings([]);
    assert.deepEqual(f.map(keyOf), [keyOf(STALE), keyOf(GUC)]);
    assert.match(f[1].message, /\(PostgreSQL 16-18\)$/);
  });

  it('--pg-version 13,14 targets versions where the GUC is not compiled', () => {
    assert.deepEqual(findings(['--pg-version', '13,14']).map(keyOf), [keyOf(STALE)]);
  });

  it('--pg-version 16 targets one version: the finding needs no version note', () => {
    const [, guc] = findings(['--pg-version', '16']);
    assert.equal(keyOf(guc), keyOf(GUC));
    assert.doesNotMatch(guc.message, /PostgreSQL \d/);
  });

  it('--pg-version can be repeated', () => {
    const [, guc] = findings(['--pg-version', '13', '--pg-version', '17']);
    assert.match(guc.message, /\(PostgreSQL 17\)$/);
  });

  it('--rule ID=off silences a rule, later --rule flags win', () => {
    assert.deepEqual(findings(['--rule', 'unused-suppression=off']).map(keyOf), [keyOf(GUC)]);
    assert.deepEqual(findings(['--rule', 'unused-suppression=off', '--rule', 'unused-suppression=hint']).map((f) => f.severity), ['hint', 'error']);
  });

  it('a file argument reports only the findings in that file', () => {
    assert.deepEqual(findings(['src/ringlog.c']).map(keyOf), [keyOf(GUC)]);
    assert.deepEqual(findings(['src/format.c']).map(keyOf), [keyOf(STALE)]);
  });

  it('a folder above several extensions reports all of them, paths relative to the current folder', () => {
    const r = pgextLint(['check', 'cli-versions', 'cli-golden'], fixture('.'));
    assert.equal(r.status, 1);
    const files = r.stdout.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l)).map((l) => l.split(':')[0]);
    assert.deepEqual(files, ['cli-golden/tallyq.c', 'cli-golden/tallyq.c', 'cli-versions/src/format.c', 'cli-versions/src/ringlog.c']);
    assert.match(r.stdout, /^1 error, 3 warnings in 2 extensions$/m);
  });

  it('fails with status 2 when a path holds no extension, as ESLint does for an unmatched pattern', () => {
    const r = pgextLint(['check', '--format', 'json', 'test/cli'], REPO_ROOT);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'pgext-lint: no PostgreSQL extension found in test/cli\n');
  });

  it('names only the paths without an extension, even when others have one', () => {
    const r = pgextLint(['check', 'cli-versions', 'cli-config/ext/src', '../cli'], fixture('.'));
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'pgext-lint: no PostgreSQL extension found in ../cli\n');
  });

  it('preload fails the same way on a path without an extension', () => {
    const r = pgextLint(['preload', 'test/cli'], REPO_ROOT);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'pgext-lint: no PostgreSQL extension found in test/cli\n');
  });

  it('shows no progress line when stderr is not a terminal', () => {
    assert.equal(pgextLint(['check', 'cli-versions', 'cli-golden'], fixture('.')).stderr, '');
  });
});

describe('pgext-lint --help and --version', () => {
  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
    const r = pgextLint(['--version'], ringlog);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${version}\n`);
  });

  it('--help lists the commands', () => {
    const r = pgextLint(['--help'], ringlog);
    assert.equal(r.status, 0);
    for (const name of ['check', 'explain', 'rules']) assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'));
  });

  it('check --help describes the options, even next to other options', () => {
    const r = pgextLint(['check', '--format', 'json', '--help'], ringlog);
    assert.equal(r.status, 0);
    for (const option of ['--format', '--config', '--pg-version', '--rule']) assert.ok(r.stdout.includes(option), option);
  });
});
