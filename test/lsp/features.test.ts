import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, CompletionItem, Diagnostic, DocumentSymbol } from 'vscode-languageserver/node';
import { DiagnosticSeverity, FileChangeType } from 'vscode-languageserver/node';
import { cpSync, rmSync } from 'node:fs';
import { TestEditor, uriOf } from './harness';
import { tempDir } from '../support/tempDir';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
const TENANT = path.join(FIXTURES, 'lsp-tenant_limits');
const GUC = path.join(TENANT, 'src', 'guc.c');
const CONTROL = path.join(TENANT, 'tenant_limits.control');
const PROJECT = path.join(FIXTURES, 'lsp-project-config');
const WAL_AUDIT = path.join(PROJECT, 'src', 'wal_audit.c');
const POSTMASTER_GUC = 'postmaster-guc-outside-preload';

const has = (rule: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === rule);
const lacks = (rule: string) => (ds: Diagnostic[]) => !ds.some((d) => d.code === rule);

describe('workspace indexing', () => {
  const editor = new TestEditor();
  after(() => editor.kill());

  it('publishes the diagnostics of a workspace extension without any file being opened, with progress', async () => {
    await editor.initialize(TENANT);
    await editor.waitFor(GUC, has(POSTMASTER_GUC));
    const kinds = editor.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('end') || (await waitUntil(() => editor.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'))));
  });
});

describe('files created and deleted on disk', () => {
  const editor = new TestEditor();
  after(() => editor.kill());

  it('re-analyses the extension when the client reports a deleted README', async () => {
    const root = tempDir('pgext-lint-lsp-');
    cpSync(TENANT, root, { recursive: true });
    await editor.initialize(root);
    const control = path.join(root, 'tenant_limits.control');
    await editor.waitFor(path.join(root, 'src', 'guc.c'), has(POSTMASTER_GUC));
    assert.ok(lacks('shared-preload-undocumented')(editor.diagnosticsOf(control)));
    rmSync(path.join(root, 'README.md'));
    await editor.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(path.join(root, 'README.md')), type: FileChangeType.Deleted }],
    });
    await editor.waitFor(control, has('shared-preload-undocumented'));
  });
});

async function waitUntil(test: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('settings', () => {
  const editor = new TestEditor();
  before(() => editor.initialize(FIXTURES));
  after(() => editor.kill());

  it('turns a rule off from pgextLint.rules and re-validates open files', async () => {
    await editor.open(GUC);
    await editor.waitFor(GUC, has(POSTMASTER_GUC));
    await editor.configure({ rules: { [POSTMASTER_GUC]: 'off' } });
    await editor.waitFor(GUC, lacks(POSTMASTER_GUC));
  });

  it('lets the project config file win over the editor settings', async () => {
    await editor.open(WAL_AUDIT);
    const [d] = (await editor.waitFor(WAL_AUDIT, has(POSTMASTER_GUC))).filter((x) => x.code === POSTMASTER_GUC);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
  });

  it('clears every diagnostic when pgextLint.enable is false', async () => {
    await editor.configure({ enable: false });
    await editor.waitFor(WAL_AUDIT, (ds) => ds.length === 0);
    await editor.configure({});
    await editor.waitFor(GUC, has(POSTMASTER_GUC));
  });
});

describe('settings pushed by an editor without workspace/configuration', () => {
  const editor = new TestEditor();
  editor.pullsConfiguration = false;
  before(() => editor.initialize(TENANT));
  after(() => editor.kill());

  it('applies the pgextLint section of didChangeConfiguration', async () => {
    await editor.open(GUC);
    await editor.waitFor(GUC, has(POSTMASTER_GUC));
    await editor.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { pgextLint: { rules: { [POSTMASTER_GUC]: 'off' } } },
    });
    await editor.waitFor(GUC, lacks(POSTMASTER_GUC));
  });
});

describe('hover, completion and symbols', () => {
  const editor = new TestEditor();
  before(() => editor.initialize(TENANT));
  after(() => editor.kill());

  it('explains session_preload_libraries in a Markdown file and local_preload_libraries in postgresql.conf', async () => {
    const readme = path.join(TENANT, 'NOTES.md');
    await editor.open(readme, 'markdown', 'Load it for one role with session_preload_libraries.\n');
    assert.match((await editor.hover(readme, 'session_preload_libraries'))!, /new session[\s\S]*GUC-SESSION-PRELOAD-LIBRARIES/);
    const conf = path.join(TENANT, 'postgresql.conf');
    await editor.open(conf, 'plaintext', "#local_preload_libraries = ''\n");
    assert.match((await editor.hover(conf, 'local_preload_libraries'))!, /\$libdir\/plugins\//);
  });

  it('explains GucContext::Postmaster in pgrx code and process_shmem_requests_in_progress', async () => {
    const rs = path.join(TENANT, 'lib.rs');
    await editor.open(rs, 'rust', 'fn f() { let c = GucContext::Postmaster; let b = unsafe { pg_sys::process_shmem_requests_in_progress }; }\n');
    assert.match((await editor.hover(rs, 'Postmaster'))!, /\*\*GucContext::Postmaster\*\* \(PGC_POSTMASTER\)/);
    assert.match((await editor.hover(rs, 'process_shmem_requests_in_progress'))!, /PostgreSQL 15/);
  });

  it('tells whether a SQL function\'s search_path is pinned (the SQL parser loads on the first SQL hover)', async () => {
    const sql = path.join(TENANT, 'tenant_limits--1.1.sql');
    await editor.open(sql, 'sql', 'CREATE FUNCTION tenant_quota(int) RETURNS int LANGUAGE sql\n  SET search_path = pg_catalog, pg_temp\n  AS $$ SELECT $1 * 2 $$;\n');
    assert.match((await editor.hover(sql, 'tenant_quota'))!, /search_path: `pg_catalog, pg_temp`: \*\*pinned\*\*/);
  });

  it('shows a hook\'s signature on each version, its standard fallback and a chaining template', async () => {
    const c = path.join(TENANT, 'src', 'hooks.c');
    await editor.open(c, 'c', 'static void\ninstall(void)\n{\n\tExecutorRun_hook = my_run;\n}\n');
    const text = (await editor.hover(c, 'ExecutorRun_hook'))!;
    assert.match(text, /PostgreSQL 13-17 \*\/\ntypedef void \(\*ExecutorRun_hook_type\)\(QueryDesc \*queryDesc, ScanDirection direction, uint64 count, bool execute_once\);/);
    assert.match(text, /PostgreSQL 18\+ \*\/\ntypedef void \(\*ExecutorRun_hook_type\)\(QueryDesc \*queryDesc, ScanDirection direction, uint64 count\);/);
    assert.match(text, /Standard fallback: `standard_ExecutorRun`/);
    assert.match(text, /static ExecutorRun_hook_type prev_ExecutorRun = NULL;/);
    assert.match(text, /if \(prev_ExecutorRun\)\n\s+prev_ExecutorRun\(queryDesc, direction, count\);\n\s+else\n\s+standard_ExecutorRun\(queryDesc, direction, count\);/);
    assert.match(text, /prev_ExecutorRun = ExecutorRun_hook;\n\s+ExecutorRun_hook = my_ExecutorRun;/);
  });

  it('says that a hook called before session preloading only fires from shared_preload_libraries', async () => {
    const c = path.join(TENANT, 'src', 'auth.c');
    await editor.open(c, 'c', 'void\n_PG_init(void)\n{\n\tClientAuthentication_hook = check_auth;\n\topenssl_tls_init_hook = init_tls;\n\temit_log_hook = filter_log;\n}\n');
    assert.match((await editor.hover(c, 'ClientAuthentication_hook'))!, /Installed outside shared_preload_libraries, the hook never fires: authentication runs before session_preload_libraries are loaded\./);
    assert.match((await editor.hover(c, 'openssl_tls_init_hook'))!, /Installed outside shared_preload_libraries, the hook never fires: the postmaster initialises SSL/);
    assert.doesNotMatch((await editor.hover(c, 'emit_log_hook'))!, /Installed outside shared_preload_libraries/);
  });

  it('shows the hook\'s page on its typedef and on the variables holding the previous hook, in C and pgrx', async () => {
    const c = path.join(TENANT, 'src', 'logfilter.c');
    await editor.open(c, 'c',
      'static emit_log_hook_type prev_emit_log_hook = NULL;\nstatic ExecutorEnd_hook_type saved_end;\n\nvoid\n_PG_init(void)\n{\n' +
      '\tprev_emit_log_hook = emit_log_hook;\n\temit_log_hook = logfilter_emit;\n\tsaved_end = ExecutorEnd_hook;\n\told_utility = ProcessUtility_hook;\n}\n');
    assert.match((await editor.hover(c, 'emit_log_hook_type'))!, /^`emit_log_hook_type`: the type of emit_log_hook\n\n\*\*emit_log_hook\*\*: hook variable/);
    assert.match((await editor.hover(c, 'prev_emit_log_hook'))!, /^`prev_emit_log_hook` holds the previous emit_log_hook\n\n\*\*emit_log_hook\*\*/);
    assert.match((await editor.hover(c, 'saved_end'))!, /holds the previous ExecutorEnd_hook[\s\S]*standard_ExecutorEnd/);
    assert.match((await editor.hover(c, 'old_utility'))!, /holds the previous ProcessUtility_hook/, 'a variable assigned from the hook');
    assert.equal(await editor.hover(c, 'logfilter_emit'), undefined, 'the installed function is not the hook');
    const rs = path.join(TENANT, 'hooks.rs');
    await editor.open(rs, 'rust', 'static mut PREV_PLANNER: pg_sys::planner_hook_type = None;\nunsafe fn init() { PREV_PLANNER = pg_sys::planner_hook; }\n');
    assert.match((await editor.hover(rs, 'PREV_PLANNER'))!, /^`PREV_PLANNER` holds the previous planner_hook[\s\S]*standard_planner/);
    assert.match((await editor.hover(rs, 'planner_hook_type'))!, /^`planner_hook_type`: the type of planner_hook/);
  });

  it('explains a control-file parameter where it is set', async () => {
    await editor.open(CONTROL, 'pg-control');
    assert.match((await editor.hover(CONTROL, 'relocatable'))!, /\*\*relocatable\*\*: control-file parameter \(default `false`\)/);
  });

  it('completes the control parameters not set yet, and boolean values', async () => {
    const text = editor.text(CONTROL);
    const lines = text.split('\n').length;
    await editor.edit(CONTROL, [{ range: { start: { line: lines - 1, character: 0 }, end: { line: lines - 1, character: 0 } }, newText: 'su' }]);
    const items = (await editor.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: uriOf(CONTROL) },
      position: { line: lines - 1, character: 2 },
    })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('superuser') && labels.includes('trusted') && labels.includes('requires'));
    assert.ok(!labels.includes('comment') && !labels.includes('relocatable'), 'parameters already set are not offered');
    await editor.edit(CONTROL, [{ range: { start: { line: lines - 1, character: 2 }, end: { line: lines - 1, character: 2 } }, newText: 'peruser = ' }]);
    const values = (await editor.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: uriOf(CONTROL) },
      position: { line: lines - 1, character: 'superuser = '.length },
    })) as CompletionItem[];
    assert.deepEqual(values.map((v) => v.label), ['true', 'false']);
  });

  it('lists the settings of a control file as document symbols', async () => {
    await editor.replace(CONTROL, 'superuser = ', 'superuser = false');
    const symbols = (await editor.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri: uriOf(CONTROL) },
    })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => s.name), ['comment', 'default_version', 'module_pathname', 'relocatable', 'superuser']);
    assert.equal(symbols[1].detail, "'1.0'");
  });

  it('disables a rule for a whole control file with a # comment', async () => {
    await editor.edit(CONTROL, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'relocatable = maybe\n' }]);
    const diagnostics = (await editor.waitFor(CONTROL, has('control-invalid-value'))).filter((d) => d.code === 'control-invalid-value');
    const actions = (await editor.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(CONTROL) },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const file = actions.find((a) => a.title === 'Disable control-invalid-value for the entire file')!;
    await editor.apply(file.edit!);
    assert.match(editor.text(CONTROL), /^# pgext-lint-ignore-file control-invalid-value\nrelocatable = maybe\n/);
    await editor.waitFor(CONTROL, lacks('control-invalid-value'));
  });
});
