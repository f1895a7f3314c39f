import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeActionParams, Diagnostic } from 'vscode-languageserver/node';
import { codeActions, FIX_ALL_TITLE } from '../../server/src/lsp/codeActions';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import type { EditTarget } from '../../server/src/lsp/workspaceEdits';
import { cExtension, lintDir } from '../support/lint';
import { tempTree } from '../support/tempDir';
import { readFileSync } from 'node:fs';

const target: EditTarget = { uriFor: (f) => `file://${f}`, versionOf: () => null, documentChanges: false, createFiles: false };

const DEFINE = (name: string, context: string) =>
  `\tDefineCustomIntVariable("demo.${name}",\n\t\t\t\t\t\t\t"Sets ${name}.",\n\t\t\t\t\t\t\tNULL,\n\t\t\t\t\t\t\t&demo_size,\n\t\t\t\t\t\t\t16, 1, 1024,\n\t\t\t\t\t\t\t${context},\n\t\t\t\t\t\t\t0,\n\t\t\t\t\t\t\tNULL, NULL, NULL);\n`;

/** A C extension whose first GUC is both an unguarded PGC_POSTMASTER GUC (error) and the first of an unreserved prefix (warning). */
async function diagnostics(initBody: string): Promise<{ file: string; text: string; all: Diagnostic[] }> {
  const dir = tempTree(cExtension('demo', initBody));
  const file = path.join(dir, 'demo.c');
  const text = readFileSync(file, 'utf8');
  const findings = (await lintDir(dir)).filter((f) => f.loc.file === file);
  return { file, text, all: findings.map((f) => toDiagnostic(f, target)) };
}

const request = (file: string, diagnostics: Diagnostic[], only?: string[]): CodeActionParams => ({
  textDocument: { uri: `file://${file}` },
  range: diagnostics[0].range,
  context: { diagnostics, only },
});

test('on one range the error\'s preferred fix comes first and is the only preferred one, not the warning\'s', async () => {
  const { file, all } = await diagnostics(DEFINE('size', 'PGC_POSTMASTER'));
  const line = all.find((d) => d.code === 'postmaster-guc-outside-preload')!.range.start.line;
  // the editor sends the diagnostics under the cursor in its own order: the warning first here
  const here = all.filter((d) => d.range.start.line === line).sort((a, b) => b.severity! - a.severity!);
  assert.deepEqual(here.map((d) => d.code), ['guc-prefix-not-reserved', 'postmaster-guc-outside-preload']);
  const actions = codeActions(request(file, here), all, target);
  const fixes = actions.filter((a) => a.edit && !a.title.startsWith('Disable'));
  assert.deepEqual(
    fixes.map((a) => [a.title, a.isPreferred ?? false]),
    [
      ['Wrap in a preload guard', true],
      ['Lower the context to PGC_SIGHUP (changes apply on reload)', false],
      ['Reserve the "demo" prefix', false],
      [FIX_ALL_TITLE, false],
    ],
  );
});

test('the lightbulb offers "Fix all auto-fixable pgext-lint problems" as a quick fix, covering every fixable problem', async () => {
  const { file, all } = await diagnostics(DEFINE('size', 'PGC_POSTMASTER'));
  const [first] = all.filter((d) => d.code === 'postmaster-guc-outside-preload');
  const fixAll = codeActions(request(file, [first]), all, target).find((a) => a.title === FIX_ALL_TITLE)!;
  assert.equal(fixAll.kind, 'quickfix');
  assert.deepEqual(fixAll.diagnostics!.map((d) => d.code).sort(), ['guc-prefix-not-reserved', 'postmaster-guc-outside-preload']);
  const edits = Object.values(fixAll.edit!.changes!).flat();
  assert.ok(edits.some((e) => e.newText.includes('if (process_shared_preload_libraries_in_progress)')));
  // targets include PostgreSQL 13 and 14, which reserve a prefix with EmitWarningsOnPlaceholders
  assert.ok(edits.some((e) => e.newText.includes('EmitWarningsOnPlaceholders("demo")')));
  // the source action on save does the same
  const [source] = codeActions({ ...request(file, [first]), context: { diagnostics: [], only: ['source.fixAll'] } }, all, target);
  assert.equal(source.kind, 'source.fixAll.pgext-lint');
  assert.deepEqual(source.edit, fixAll.edit);
});

test('no fix-all in the lightbulb when the file has a single fixable problem: its own fix is enough', async () => {
  const { file, all } = await diagnostics(DEFINE('size', 'PGC_SUSET') + '\tMarkGUCPrefixReserved("demo");\n' + DEFINE('slots', 'PGC_POSTMASTER'));
  assert.deepEqual(all.map((d) => d.code), ['postmaster-guc-outside-preload']);
  const actions = codeActions(request(file, all), all, target);
  assert.ok(!actions.some((a) => a.title === FIX_ALL_TITLE));
});

test('"Show documentation" runs the client\'s own command with the rule id when the client names one', async () => {
  const { file, all } = await diagnostics(DEFINE('size', 'PGC_POSTMASTER'));
  const [d] = all.filter((x) => x.code === 'postmaster-guc-outside-preload');
  const show = (actions: ReturnType<typeof codeActions>) => actions.find((a) => a.title.startsWith('Show documentation'))!.command!;
  const web = show(codeActions(request(file, [d]), all, target));
  assert.equal(web.command, 'pgext-lint.showDocumentation');
  assert.deepEqual(web.arguments, [d.codeDescription!.href]);
  const local = show(codeActions(request(file, [d]), all, target, { command: 'pgextLint.explainRule' }));
  assert.equal(local.command, 'pgextLint.explainRule');
  assert.deepEqual(local.arguments, ['postmaster-guc-outside-preload', d.codeDescription!.href]);
  // the diagnostic keeps the web link
  assert.match(d.codeDescription!.href, /^https:\/\/github\.com\/pgext-lint\/pgext-lint\/blob\/main\/docs\/rules\/postmaster-guc-outside-preload\.md$/);
});
