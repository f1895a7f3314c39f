import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover, InitializeResult } from 'vscode-languageserver/node';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import type { PreloadReportResult } from '../../server/src/lsp/preloadReport';
import { TestEditor, uriOf, waitUntil } from './harness';

const ROOT = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'lsp-tenant_limits');
const MAIN = path.join(ROOT, 'src', 'tenant_limits.c');
const GUC = path.join(ROOT, 'src', 'guc.c');
const POSTMASTER_GUC = 'postmaster-guc-outside-preload';

const rules = (ds: Diagnostic[]) => ds.map((d) => d.code);
const has = (rule: string) => (ds: Diagnostic[]) => rules(ds).includes(rule);
const lacks = (rule: string) => (ds: Diagnostic[]) => !rules(ds).includes(rule);

describe('language server over stdio', () => {
  const editor = new TestEditor();
  let init: InitializeResult;

  before(async () => {
    init = (await editor.initialize(ROOT)) as InitializeResult;
  });
  after(() => editor.kill());

  it('announces incremental sync, hover, code actions with fix-all, completion and symbols', () => {
    const caps = init.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.pgext-lint']);
    assert.equal(caps.documentSymbolProvider, true);
  });

  it('publishes diagnostics for a helper file that is not open when _PG_init\'s file is opened', async () => {
    await editor.open(MAIN);
    const [d] = (await editor.waitFor(GUC, has(POSTMASTER_GUC))).filter((x) => x.code === POSTMASTER_GUC);
    assert.equal(d.source, 'pgext-lint');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.match(d.codeDescription!.href, /docs\/rules\/postmaster-guc-outside-preload\.md$/);
    assert.equal(d.range.start.line, 16);
    assert.match(d.message as string, /tenant_limits\.max_tenants/);
    const [related] = d.relatedInformation!;
    assert.equal(related.location.uri, uriOf(MAIN));
    assert.equal(related.location.range.start.line, 18);
    assert.match(related.message, /_PG_init → tenant_limits_define_gucs/);
  });

  it('tags an unused suppression comment as unnecessary code in the opened file', async () => {
    const [d] = await editor.waitFor(MAIN, has('unused-suppression'));
    assert.equal(d.code, 'unused-suppression');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(d.tags, [DiagnosticTag.Unnecessary]);
    assert.equal(d.range.start.line, 24);
  });

  it('explains shared_preload_libraries when hovering it inside a C comment', async () => {
    const line = editor.text(MAIN).split('\n').findIndex((l) => l.includes('shared_preload_libraries'));
    const character = editor.text(MAIN).split('\n')[line].indexOf('shared_preload_libraries') + 3;
    const hover = (await editor.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: uriOf(MAIN) },
      position: { line, character },
    })) as Hover;
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*shared_preload_libraries\*\*/);
    assert.match(value, /restart/);
    assert.match(value, /https:\/\/www\.postgresql\.org\/docs\/current\/runtime-config-client\.html#GUC-SHARED-PRELOAD-LIBRARIES/);
  });

  it('explains PGC_POSTMASTER, including that it cannot be defined after startup', async () => {
    await editor.open(GUC);
    const lines = editor.text(GUC).split('\n');
    const line = lines.findIndex((l) => l.includes('PGC_POSTMASTER'));
    const hover = (await editor.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: uriOf(GUC) },
      position: { line, character: lines[line].indexOf('PGC_POSTMASTER') + 4 },
    })) as Hover;
    assert.match((hover.contents as { value: string }).value, /cannot create PGC_POSTMASTER variables after startup/);
  });

  it('re-analyses the helper file when _PG_init gains a preload guard in another file', async () => {
    await editor.replace(MAIN, '\ttenant_limits_define_gucs();', '\tif (!process_shared_preload_libraries_in_progress)\n\t\treturn;\n\n\ttenant_limits_define_gucs();');
    await editor.waitFor(GUC, lacks(POSTMASTER_GUC));
    await editor.replace(MAIN, '\tif (!process_shared_preload_libraries_in_progress)\n\t\treturn;\n\n', '');
    await editor.waitFor(GUC, has(POSTMASTER_GUC));
  });

  it('publishes only the result of the last of several quick edits, for its version', async () => {
    let version = 0;
    for (let i = 0; i < 5; i++) version = await editor.replace(MAIN, 'tenant_limits_define_gucs();', 'tenant_limits_define_gucs();');
    await editor.replace(MAIN, '\ttenant_limits_define_gucs();', '\tif (process_shared_preload_libraries_in_progress)\n\t\ttenant_limits_define_gucs();');
    version++;
    await editor.waitFor(GUC, lacks(POSTMASTER_GUC));
    await editor.waitFor(MAIN, (_, p) => p.version === version);
    await editor.replace(MAIN, '\tif (process_shared_preload_libraries_in_progress)\n\t\ttenant_limits_define_gucs();', '\ttenant_limits_define_gucs();');
    await editor.waitFor(GUC, has(POSTMASTER_GUC));
  });

  it('offers the rule\'s fixes, disabling for the line or file, and its documentation', async () => {
    const diagnostics = (await editor.waitFor(GUC, has(POSTMASTER_GUC))).filter((d) => d.code === POSTMASTER_GUC);
    const actions = (await editor.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(GUC) },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Wrap in a preload guard', true],
        ['Lower the context to PGC_SIGHUP (changes apply on reload)', false],
        [`Disable ${POSTMASTER_GUC} for this line`, false],
        [`Disable ${POSTMASTER_GUC} for the entire file`, false],
        [`Show documentation for ${POSTMASTER_GUC}`, false],
      ],
    );
    const docs = actions.find((a) => a.title.startsWith('Show documentation'))!;
    await editor.connection.sendRequest('workspace/executeCommand', docs.command);
    assert.deepEqual(editor.shownDocuments, [diagnostics[0].codeDescription!.href]);

    await editor.apply(actions.find((a) => a.title.includes('for this line'))!.edit!);
    const line = editor.text(GUC).split('\n')[16];
    assert.equal(line, `\t/* pgext-lint-ignore ${POSTMASTER_GUC}: reason */`);
    await editor.waitFor(GUC, lacks(POSTMASTER_GUC));
  });

  it('applies the preferred fixes of a file with source.fixAll.pgext-lint', async () => {
    await editor.replace(GUC, `\t/* pgext-lint-ignore ${POSTMASTER_GUC}: reason */\n`, '');
    await editor.waitFor(GUC, has(POSTMASTER_GUC));
    const [fixAll] = (await editor.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(GUC) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.equal(fixAll.kind, 'source.fixAll.pgext-lint');
    await editor.apply(fixAll.edit!);
    assert.match(editor.text(GUC), /\tif \(process_shared_preload_libraries_in_progress\)\n\t\{\n\t\tDefineCustomIntVariable/);
    await editor.waitFor(GUC, lacks(POSTMASTER_GUC));
  });

  it('answers the preload report request with each extension\'s load mode, reasons and init path, from the unsaved text', async () => {
    const { markdown, extensions } = (await editor.connection.sendRequest('pgext-lint/preloadReport', {})) as PreloadReportResult;
    assert.match(markdown, /^# Preload report\n\n## tenant_limits: shared\n/);
    assert.match(markdown, /must be listed in `shared_preload_libraries`/);
    assert.match(markdown, new RegExp(`\\[src/guc\\.c:19\\]\\(${uriOf(GUC)}#L19\\): .*tenant_limits\\.max_tenants" \\(guarded: only runs when preloaded;`));
    const [ext] = extensions;
    assert.equal(ext.mode, 'shared');
    assert.deepEqual(ext.reasons.map((r) => [r.what, r.at.path, r.at.line, r.status]), [
      ['PGC_POSTMASTER GUC "tenant_limits.max_tenants"', 'src/guc.c', 18, 'guarded: only runs when preloaded; loaded any other way, the setting is never defined'],
    ]);
    // the fix-all above wrapped the definition in a guard, in the unsaved text of guc.c
    const nodes = Object.fromEntries(ext.graph.nodes.map((n) => [n.label, [n.kind, n.state, n.at.uri]]));
    assert.deepEqual(nodes, {
      _PG_init: ['function', 'unguarded', uriOf(MAIN)],
      tenant_limits_define_gucs: ['function', 'unguarded', uriOf(GUC)],
      'PGC_POSTMASTER GUC "tenant_limits.max_tenants"': ['construct', 'guarded', uriOf(GUC)],
    });
    const label = new Map(ext.graph.nodes.map((n) => [n.id, n.label]));
    assert.deepEqual(ext.graph.edges.map((e) => `${label.get(e.from)} -> ${label.get(e.to)}: ${e.state}`), [
      '_PG_init -> tenant_limits_define_gucs: unguarded',
      'tenant_limits_define_gucs -> PGC_POSTMASTER GUC "tenant_limits.max_tenants": guarded',
    ]);
  });

  it('tells the client when it is analysing and when it is idle again', async () => {
    assert.ok(editor.statuses.some((s) => s.state === 'analysing'));
    await waitUntil(() => editor.statuses.at(-1)?.state === 'idle');
  });

  it('lints the workspace again on request: every extension, with fresh file texts', async () => {
    const seen = editor.statuses.length;
    const { extensions } = (await editor.connection.sendRequest('pgext-lint/lintWorkspace', {})) as { extensions: number };
    assert.equal(extensions, 1);
    await waitUntil(() => editor.statuses.slice(seen).some((s) => s.state === 'analysing') && editor.statuses.at(-1)?.state === 'idle');
  });

  it('keeps analysing the file on disk after it is closed, and shuts down cleanly', async () => {
    await editor.close(GUC);
    await editor.waitFor(GUC, has(POSTMASTER_GUC));
    await editor.close(MAIN);
    assert.equal(await editor.shutdown(), 0);
  });
});
