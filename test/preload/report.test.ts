import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { fixture, pgextLint } from '../cli/spawnCli';
import { tempDir } from '../support/tempDir';

/** The three fixture extensions side by side in one folder, as a packager would scan them. */
function threeExtensions(): string {
  const dir = tempDir('pgext-lint-preload-');
  for (const name of ['docs-shared', 'docs-session', 'docs-none']) cpSync(fixture(name), path.join(dir, name), { recursive: true });
  return dir;
}

test('preload --format json: every extension with its mode and each reason with file and line', () => {
  const run = pgextLint(['preload', '--format', 'json'], threeExtensions());
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.deepEqual(
    report.extensions.map((e: { name: string; root: string; mode: string }) => [e.name, e.root, e.mode]),
    [
      ['hashkit', 'docs-none', 'none'],
      ['planlog', 'docs-session', 'session'],
      ['qtally', 'docs-shared', 'shared'],
    ],
  );
  assert.deepEqual(report.extensions[1].reasons, [
    { what: 'installing ExecutorStart_hook', file: 'docs-session/planlog.c', line: 55 },
    { what: 'installing ExecutorEnd_hook', file: 'docs-session/planlog.c', line: 57 },
  ]);
  assert.deepEqual(report.extensions[2].reasons[2], { what: 'PGC_POSTMASTER GUC "qtally.max"', file: 'docs-shared/qtally.c', line: 89 });
});

test('preload text output: a line per extension saying what to do, then its reasons', () => {
  const run = pgextLint(['preload', 'docs-session', 'docs-none'], threeExtensions());
  assert.equal(run.status, 0, run.stderr);
  assert.equal(
    run.stdout,
    'hashkit (docs-none) none: loaded on first use of its SQL functions\n' +
      'planlog (docs-session) session: works from session_preload_libraries, local_preload_libraries or LOAD\n' +
      '  docs-session/planlog.c:55: installing ExecutorStart_hook\n' +
      '  docs-session/planlog.c:57: installing ExecutorEnd_hook\n',
  );
});

test('preload rejects an unknown format with exit status 2', () => {
  const run = pgextLint(['preload', '--format', 'sarif'], threeExtensions());
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown format "sarif" \(formats: text, json\)/);
});
