import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, pgextLint, REPO_ROOT } from './spawnCli';
import { tempDir } from '../support/tempDir';

// cli-versions: one error (an unguarded PGC_POSTMASTER GUC in src/ringlog.c, PostgreSQL >= 16) and one
// warning (a stale suppression in src/format.c).
const ringlog = fixture('cli-versions');

describe('pgext-lint check --fail-level', () => {
  it('error (the default): only errors fail the run', () => {
    assert.equal(pgextLint(['check', 'src/format.c'], ringlog).status, 0);
    assert.equal(pgextLint(['check', 'src/format.c', '--fail-level', 'error'], ringlog).status, 0);
    assert.equal(pgextLint(['check', '--fail-level', 'error'], ringlog).status, 1);
  });

  it('warning: a warning fails the run, a hint does not', () => {
    assert.equal(pgextLint(['check', 'src/format.c', '--fail-level', 'warning'], ringlog).status, 1);
    assert.equal(pgextLint(['check', 'src/format.c', '--fail-level', 'warning', '--rule', 'unused-suppression=hint'], ringlog).status, 0);
  });

  it('hint: any finding fails the run; none passes', () => {
    assert.equal(pgextLint(['check', 'src/format.c', '--fail-level', 'hint', '--rule', 'unused-suppression=hint'], ringlog).status, 1);
    assert.equal(pgextLint(['check', 'src/format.c', '--fail-level', 'hint', '--rule', 'unused-suppression=off'], ringlog).status, 0);
  });

  it('an unknown level is a usage error naming the levels', () => {
    const r = pgextLint(['check', '--fail-level', 'fatal'], ringlog);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'pgext-lint: --fail-level fatal: must be one of error, warning, info, hint\n');
  });
});

describe('pgext-lint check --max-warnings', () => {
  it('fails a run with more warnings than allowed, and says why on stderr', () => {
    const r = pgextLint(['check', 'src/format.c', '--max-warnings', '0'], ringlog);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^0 errors, 1 warning in 1 extension$/m);
    assert.equal(r.stderr, 'pgext-lint: 1 warning, more than --max-warnings 0 allows\n');
  });

  it('passes a run with as many warnings as allowed; errors still fail it', () => {
    assert.equal(pgextLint(['check', 'src/format.c', '--max-warnings', '1'], ringlog).status, 0);
    assert.equal(pgextLint(['check', '--max-warnings', '5'], ringlog).status, 1);
  });

  it('takes whole numbers only', () => {
    for (const bad of ['-1', 'many', '1.5']) {
      const r = pgextLint(['check', `--max-warnings=${bad}`], ringlog);
      assert.equal(r.status, 2, bad);
      assert.equal(r.stderr, `pgext-lint: --max-warnings ${bad}: must be a whole number (0 or more)\n`);
    }
  });
});

describe('pgext-lint check --output', () => {
  it('writes the report to the file (creating its folder) and nothing to stdout; the exit status is unchanged', () => {
    const dir = tempDir('pgext-lint-output-');
    const file = path.join(dir, 'reports', 'pgext-lint.sarif');
    const r = pgextLint(['check', '--format', 'sarif', '--output', file], ringlog);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
    const direct = pgextLint(['check', '--format', 'sarif'], ringlog);
    assert.equal(readFileSync(file, 'utf8'), direct.stdout);
  });

  it('-o is relative to the current folder', () => {
    const dir = tempDir('pgext-lint-output-');
    const r = pgextLint(['check', path.join(ringlog, 'src', 'format.c'), '-o', 'out.txt'], dir);
    assert.equal(r.status, 0);
    assert.match(readFileSync(path.join(dir, 'out.txt'), 'utf8'), /^0 errors, 1 warning in 1 extension$/m);
  });

  it('a file that cannot be written is a usage error', () => {
    const r = pgextLint(['check', '--output', 'src'], ringlog);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'pgext-lint: --output src: is a directory\n');
  });
});

describe('pgext-lint: malformed command lines', () => {
  const cases: [string, string[], string, string][] = [
    ['a misspelt option', ['check', '--fail-levle', 'warning'], 'unknown option --fail-levle (did you mean --fail-level?)', 'check'],
    ['an unknown short option', ['check', '-x'], 'unknown option -x', 'check'],
    ['an option without its value', ['check', '--format'], '--format needs a value', 'check'],
    ['an option followed by another option', ['check', '--output', '--format', 'json'], '--output needs a value (found the option --format; write --output=--format if that is the value)', 'check'],
    ['a value given to a flag', ['check', '--help=yes'], '--help takes no value', 'check'],
    ['a misspelt global option', ['--verison'], 'unknown option --verison (did you mean --version?)', ''],
  ];
  for (const [what, args, line, command] of cases) {
    it(`${what}: one line, then the usage, exit 2`, () => {
      const r = pgextLint(args, ringlog);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      const [first, usage, more, ...rest] = r.stderr.split('\n');
      assert.equal(first, `pgext-lint: ${line}`);
      assert.match(usage, command ? new RegExp(`^usage: pgext-lint ${command} `) : /^usage: pgext-lint <command>/);
      assert.equal(more, `run \`pgext-lint ${command ? `${command} ` : ''}--help\` for the options`);
      assert.deepEqual(rest, ['']);
    });
  }

  it('a missing path is echoed as written', () => {
    for (const given of ['../no-such-dir', './src/../nowhere.c', path.join(tmpdir(), 'pgext-lint-no-such')]) {
      const r = pgextLint(['check', given], ringlog);
      assert.equal(r.status, 2);
      assert.equal(r.stderr, `pgext-lint: no such file or directory: ${given}\n`);
    }
  });

  it('a path after -- is a path, even when it starts with a dash', () => {
    const r = pgextLint(['check', '--', '--format'], ringlog);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'pgext-lint: no such file or directory: --format\n');
  });
});

describe('pgext-lint --version', () => {
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  for (const args of [['--version'], ['-V'], ['check', '--version'], ['check', '.', '-V']]) {
    it(`${args.join(' ')} prints the package version`, () => {
      const r = pgextLint(args, ringlog);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${version}\n`);
    });
  }
});
