import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/analysis/model/findings';
import { applyFix, copyFixture, lintDir } from '../support/lint';

async function docsFinding(dir: string): Promise<Finding | undefined> {
  return (await lintDir(dir)).find((f) => f.rule === 'shared-preload-undocumented' || f.rule === 'preload-undocumented');
}

/** Applies the finding's fix (creating the README it may add) and returns the file's new text. */
function fixReadme(f: Finding): string {
  const [fix] = f.fixes;
  assert.ok(fix, 'the finding carries a fix');
  const file = fix.edits[0].file;
  if (!existsSync(file)) writeFileSync(file, '');
  applyFix(fix);
  return readFileSync(file, 'utf8');
}

test('shared: appends a "## Preloading" section to a Markdown README, and the finding goes away', async () => {
  const dir = copyFixture('docs-shared');
  const before = readFileSync(path.join(dir, 'README.md'), 'utf8');
  const f = await docsFinding(dir);
  assert.equal(f?.fixes[0].title, 'Add a "Preloading" section to README.md');
  const after = fixReadme(f!);
  assert.ok(after.startsWith(before), 'the README is only appended to');
  const section = after.slice(before.length);
  assert.ok(section.startsWith('\n## Preloading\n\nqtally must be loaded when the server starts: add it to `shared_preload_libraries` in `postgresql.conf`'));
  assert.match(section, /restart the server; a reload is not enough:\n\n {4}shared_preload_libraries = 'qtally'\n/);
  assert.match(section, /\n- PGC_POSTMASTER GUC "qtally.max" \(qtally.c:89\) is skipped, so the setting is never defined\n/);
  assert.match(section, /Other libraries may install the same hooks \(`ExecutorEnd_hook`\)/);
  assert.equal(await docsFinding(dir), undefined);
});

test('session: a reStructuredText README gets an underlined section with the session options and the pooler caveat', async () => {
  const dir = copyFixture('docs-session');
  const f = await docsFinding(dir);
  const after = fixReadme(f!);
  assert.match(after, /\n\nSettings\n--------\n[^]*\n\nPreloading\n----------\n\nplanlog works through hooks \(``ExecutorStart_hook``, ``ExecutorEnd_hook``\)/);
  assert.match(after, /``ALTER ROLE name SET session_preload_libraries = 'planlog'`` or ``ALTER DATABASE name SET session_preload_libraries = 'planlog'``/);
  assert.match(after, /in one session: ``LOAD 'planlog'``/);
  assert.match(after, /PgBouncer in transaction or statement mode/);
  assert.match(after, /Hooks are chained: the library loaded last runs first/);
  assert.equal(await docsFinding(dir), undefined);
});

test('an existing "Preloading" section is extended in place, before the next section', async () => {
  const dir = copyFixture('docs-shared');
  const readme = path.join(dir, 'README.md');
  writeFileSync(readme, '# qtally\n\n## Preloading\n\nSee below.\n\n## Settings\n\n- `qtally.max`\n');
  const f = await docsFinding(dir);
  assert.equal(f?.fixes[0].title, 'Extend the "Preloading" section of README.md');
  const after = fixReadme(f!);
  assert.ok(after.startsWith('# qtally\n\n## Preloading\n\nSee below.\n\nqtally must be loaded when the server starts'));
  assert.ok(after.endsWith('accordingly.\n\n## Settings\n\n- `qtally.max`\n'));
  assert.equal((after.match(/## Preloading/g) ?? []).length, 1);
});

test('a missing README is created with a title and the section', async () => {
  const dir = copyFixture('docs-session');
  rmSync(path.join(dir, 'README.rst'));
  const f = await docsFinding(dir);
  assert.equal(f?.fixes[0].title, 'Create README.md with a "Preloading" section');
  const after = fixReadme(f!);
  assert.ok(after.startsWith('# planlog\n\n## Preloading\n\nplanlog works through hooks (`ExecutorStart_hook`, `ExecutorEnd_hook`)'));
  assert.equal(await docsFinding(dir), undefined);
});

test('the section level follows the README: ### under a ## title', async () => {
  const dir = copyFixture('docs-shared');
  writeFileSync(path.join(dir, 'README.md'), '## qtally\n\n### Usage\n\nCall it.');
  const after = fixReadme((await docsFinding(dir))!);
  assert.ok(after.startsWith('## qtally\n\n### Usage\n\nCall it.\n\n### Preloading\n\n'));
});

test('CRLF READMEs keep their line breaks', async () => {
  const dir = copyFixture('docs-shared');
  writeFileSync(path.join(dir, 'README.md'), '# qtally\r\n\r\nCounts queries.\r\n');
  const after = fixReadme((await docsFinding(dir))!);
  assert.ok(after.includes('\r\n## Preloading\r\n\r\n'));
  assert.ok(!/[^\r]\n/.test(after), 'no bare LF');
});
