// @ts-check
// The end-to-end suite: runs inside a real VS Code extension host, against the installed pgext-lint
// extension, on a workspace holding copies of acceptance cases (test/e2e/workspace.mjs). Plain
// CommonJS outside the tsc build on purpose: `node --test out/test/` must never pick it up, and an
// extension host loads it as is.
//
// Two hosts run it: the driver extension in code-server (test/e2e/driver, offline) and
// @vscode/test-electron (test/e2e/run-vscode.mjs), which calls `run()`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
const { checkpoint, HOVER, SQUIGGLES, WEBVIEW_FRAMES } = require('./checkpoint');

const SOURCE = 'pgext-lint';
const WAIT_MS = Number(process.env.PGEXT_LINT_E2E_WAIT_MS ?? 90000);

/** @param {vscode.Diagnostic} d */
const ruleOf = (d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));

/** Our diagnostics of a file as `rule@line` (1-based lines, as in the acceptance cases' expected.json). */
function findings(/** @type {vscode.Uri} */ uri) {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === SOURCE)
    .map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`)
    .sort();
}

/**
 * Polls until `probe` returns something other than undefined; fails with what it saw last.
 * @template T
 * @param {string} what
 * @param {() => T | undefined | Promise<T | undefined>} probe
 * @param {() => unknown} [seen]
 * @returns {Promise<T>}
 */
async function waitFor(what, probe, seen = () => undefined) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; last seen: ${JSON.stringify(seen())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until the file's findings are exactly `expected`. */
async function waitForFindings(/** @type {vscode.Uri} */ uri, /** @type {string[]} */ expected) {
  const want = [...expected].sort();
  const label = path.basename(uri.fsPath);
  await waitFor(`${label} to have the findings ${want.join(', ') || '(none)'}`,
    () => (JSON.stringify(findings(uri)) === JSON.stringify(want) ? true : undefined),
    () => findings(uri));
  return want;
}

function workspaceFile(/** @type {string} */ relative) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

async function open(/** @type {string} */ relative) {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(relative));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  return { doc, editor };
}

/** Puts the cursor on the first occurrence of `word` at or after `fromLine`, in the middle of the screen. */
function positionOf(/** @type {vscode.TextEditor} */ editor, /** @type {string} */ word, fromLine = 0) {
  const text = editor.document.getText();
  const offset = text.indexOf(word, editor.document.offsetAt(new vscode.Position(fromLine, 0)));
  if (offset < 0) throw new Error(`${word} is not in ${editor.document.fileName}`);
  const pos = editor.document.positionAt(offset + 1);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  return pos;
}

/** @param {vscode.Hover[]} hovers */
const hoverText = (hovers) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');

/** Closes the quick pick, the code action widget, hovers: whatever a checkpoint left open. */
async function dismiss() {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await vscode.commands.executeCommand('hideCodeActionWidget').then(undefined, () => undefined);
}

/** The open tabs whose label matches. */
const tabs = (/** @type {RegExp} */ label) =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => label.test(t.label));

const FIX_ALL_TITLE = 'Fix all auto-fixable pgext-lint problems';

const C_FILE = '02-postmaster-guc-unguarded/slowring.c';
const CONTROL_FILE = '21-control-parameters/colorspace.control';
const PGRX_FILE = '26-pgrx-postmaster-guc-unguarded/src/lib.rs';

/** @type {{ name: string, fn: () => Promise<unknown> }[]} */
const TESTS = [
  {
    name: 'reports the two unguarded PGC_POSTMASTER GUCs of a C extension as squiggles from pgext-lint',
    fn: async () => {
      const { doc, editor } = await open(C_FILE);
      const seen = await waitForFindings(doc.uri, ['postmaster-guc-outside-preload@148', 'postmaster-guc-outside-preload@156']);
      positionOf(editor, 'DefineCustomIntVariable("slowring.slots"');
      await checkpoint('c-diagnostics', SQUIGGLES);
      return { languageId: doc.languageId, findings: seen };
    },
  },
  {
    name: 'explains process_shared_preload_libraries_in_progress on hover',
    fn: async () => {
      const { doc, editor } = await open(C_FILE);
      const pos = positionOf(editor, 'process_shared_preload_libraries_in_progress');
      /** @type {vscode.Hover[]} */
      const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos);
      const text = hoverText(hovers);
      if (!text.includes('process_shared_preload_libraries_in_progress')) throw new Error(`hover does not name the variable: ${JSON.stringify(text)}`);
      // the same hover in the editor, for the screenshot
      await vscode.commands.executeCommand('editor.action.showHover');
      await checkpoint('c-hover', HOVER);
      await vscode.commands.executeCommand('editor.action.hideHover');
      return { hover: text.slice(0, 200) };
    },
  },
  {
    name: 'the status bar shows the problem count once indexing is done, and its menu offers output, restart, report and lint',
    fn: async () => {
      await open(C_FILE);
      const problems = await waitFor('pgext-lint problems in the workspace', () => {
        const n = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds).filter((d) => d.source === SOURCE && d.severity !== vscode.DiagnosticSeverity.Hint).length;
        return n > 0 ? n : undefined;
      });
      // the item's text is the server's state: the runner waits for it (a checkpoint fails when nothing matches)
      await checkpoint('status-bar', `.statusbar-item >> text=/pgext-lint: \\d+ problems?/`);
      void vscode.commands.executeCommand('pgextLint.statusMenu');
      await checkpoint('status-bar-menu', '.quick-input-widget >> text=Lint Workspace');
      await dismiss();
      return { problems };
    },
  },
  {
    name: 'the lightbulb offers the error\'s preferred fix first and "Fix all auto-fixable pgext-lint problems"',
    fn: async () => {
      const { doc, editor } = await open(C_FILE);
      const diagnostic = vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === SOURCE && ruleOf(d) === 'postmaster-guc-outside-preload');
      if (!diagnostic) throw new Error('no postmaster-guc-outside-preload diagnostic');
      /** @type {vscode.CodeAction[]} */
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const titles = actions.map((a) => a.title);
      if (!actions[0]?.isPreferred) throw new Error(`the first action is not the preferred fix: ${JSON.stringify(titles)}`);
      const fixAll = actions.find((a) => a.title === FIX_ALL_TITLE);
      if (!fixAll?.edit || fixAll.kind?.value !== 'quickfix') throw new Error(`no fix-all quick fix among ${JSON.stringify(titles)}`);
      const docs = actions.find((a) => a.title.startsWith('Show documentation'));
      if (docs?.command?.command !== 'pgextLint.explainRule') throw new Error(`"Show documentation" runs ${docs?.command?.command}, not the offline page`);
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      editor.revealRange(diagnostic.range, vscode.TextEditorRevealType.InCenter);
      await vscode.commands.executeCommand('editor.action.quickFix');
      await checkpoint('fix-all-lightbulb', `.action-widget >> text=${FIX_ALL_TITLE}`);
      await dismiss();
      return { actions: titles };
    },
  },
  {
    name: 'the preferred quick fix wraps the GUCs in a preload guard and the diagnostics go away',
    fn: async () => {
      const { doc } = await open(C_FILE);
      const diagnostic = vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === SOURCE && ruleOf(d) === 'postmaster-guc-outside-preload');
      if (!diagnostic) throw new Error('no postmaster-guc-outside-preload diagnostic to fix');
      /** @type {vscode.CodeAction[]} */
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const preferred = actions.find((a) => a.isPreferred && a.edit);
      if (!preferred?.edit) throw new Error(`no preferred quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      if (!(await vscode.workspace.applyEdit(preferred.edit))) throw new Error(`the edit of "${preferred.title}" was not applied`);
      if (!doc.getText().includes('if (process_shared_preload_libraries_in_progress)')) throw new Error('the fixed text has no preload guard');
      const after = await waitForFindings(doc.uri, []);
      await doc.save();
      return { fix: preferred.title, findingsAfter: after };
    },
  },
  {
    name: 'Show Preload Report opens a read-only view with the init path picture and links to each construct',
    fn: async () => {
      await vscode.commands.executeCommand('pgextLint.showPreloadReport');
      const tab = await waitFor('the Preload Report tab', () => tabs(/^Preload Report$/)[0]);
      if (!(tab.input instanceof vscode.TabInputWebview) || !tab.input.viewType.endsWith('pgextLint.preloadReport')) {
        throw new Error(`the report is not the pgext-lint webview: ${JSON.stringify(tab.input)}`);
      }
      if (tab.isDirty) throw new Error('the report view is dirty');
      // the picture: the slowring extension's _PG_init and a construct, as nodes that link to the code;
      // the runner then clicks the first construct, which opens slowring.c at it
      await checkpoint('preload-report', 'svg.init-path g.node.construct[data-uri*="slowring.c"]', WEBVIEW_FRAMES, { click: true });
      const editor = await waitFor('slowring.c opened by the click on a construct', () => {
        const active = vscode.window.activeTextEditor;
        return active?.document.fileName.endsWith('slowring.c') ? active : undefined;
      }, () => vscode.window.activeTextEditor?.document.fileName);
      const clicked = editor.document.lineAt(editor.selection.active.line).text.trim();
      if (!/^DefineCustom\w+Variable\("slowring\./.test(clicked)) throw new Error(`the click opened slowring.c at "${clicked}", not at a construct`);
      await vscode.commands.executeCommand('pgextLint.showPreloadReport');
      const untitled = vscode.workspace.textDocuments.filter((d) => d.isUntitled);
      if (untitled.length) throw new Error(`the report left untitled documents: ${untitled.map((d) => d.uri.toString())}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      return { viewType: tab.input.viewType, clicked };
    },
  },
  {
    name: 'reports the problems of a .control file and completes its parameters',
    fn: async () => {
      const { doc, editor } = await open(CONTROL_FILE);
      if (doc.languageId !== 'pg-control') throw new Error(`.control files open as ${doc.languageId}, not pg-control`);
      const seen = await waitForFindings(doc.uri, ['control-unknown-parameter@5', 'control-invalid-value@6', 'control-duplicate-parameter@7']);
      await checkpoint('control-diagnostics', SQUIGGLES);
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      const prefix = (end.character === 0 ? '' : '\n') + 'tr';
      if (!(await editor.edit((b) => b.insert(end, prefix)))) throw new Error('could not type into the control file');
      const at = doc.lineAt(doc.lineCount - 1).range.end;
      /** @type {vscode.CompletionList} */
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, at);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      if (!labels.includes('trusted')) throw new Error(`no 'trusted' among the completions ${JSON.stringify(labels)}`);
      if (labels.includes('default_version')) throw new Error('a parameter the file already sets is offered again');
      return { findings: seen, completions: labels.length };
    },
  },
  {
    name: 'reports the unguarded GucContext::Postmaster GUCs of a pgrx extension',
    fn: async () => {
      const { doc, editor } = await open(PGRX_FILE);
      const seen = await waitForFindings(doc.uri, ['postmaster-guc-outside-preload@75', 'postmaster-guc-outside-preload@85']);
      positionOf(editor, 'GucContext::Postmaster');
      await checkpoint('pgrx-diagnostics', SQUIGGLES);
      return { languageId: doc.languageId, findings: seen };
    },
  },
  {
    name: 'Fix All in File wraps the run of pgrx definitions in one guard and the findings go away',
    fn: async () => {
      const { doc } = await open(PGRX_FILE);
      await vscode.commands.executeCommand('pgextLint.fixAllInFile');
      const guards = doc.getText().match(/if unsafe \{ pg_sys::process_shared_preload_libraries_in_progress \}/g)?.length ?? 0;
      if (guards !== 1) throw new Error(`expected one guard around the run of definitions, found ${guards}`);
      const after = await waitForFindings(doc.uri, []);
      await doc.save();
      return { guards, findingsAfter: after };
    },
  },
  {
    name: 'Explain Rule opens the rule page shipped in the extension in the Markdown preview',
    fn: async () => {
      await vscode.commands.executeCommand('pgextLint.explainRule', 'hook-not-chained');
      const tab = await waitFor('the preview of hook-not-chained.md', () => tabs(/hook-not-chained\.md/)[0], () => tabs(/./).map((t) => t.label));
      await checkpoint('explain-rule', 'h1 >> text=hook-not-chained', WEBVIEW_FRAMES);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      return { tab: tab.label };
    },
  },
  {
    name: 'Lint Workspace finds and analyses the workspace\'s extensions again',
    fn: async () => {
      /** @type {{ extensions: number }} */
      const answer = await vscode.commands.executeCommand('pgextLint.lintWorkspace');
      if (answer?.extensions !== 3) throw new Error(`expected the 3 extensions of the workspace, got ${JSON.stringify(answer)}`);
      return answer;
    },
  },
  {
    name: '.pgext-lint.json completes rule ids from the schema generated from the rule table',
    fn: async () => {
      const uri = workspaceFile('.pgext-lint.json');
      await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "rules": {\n    \n  }\n}\n'));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const labels = await waitFor('rule ids among the completions', async () => {
        /** @type {vscode.CompletionList} */
        const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(2, 4));
        const found = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        return found.some((l) => l.includes('hook-not-chained')) ? found : undefined;
      });
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
      return { completions: labels.length };
    },
  },
  {
    name: 'the walkthrough has its three steps',
    fn: async () => {
      const walkthrough = 'pgext-lint.pgext-lint#gettingStarted';
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthrough, false);
      await checkpoint('walkthrough', '.getting-started-step >> text=Configure rules and versions');
      // the second step shows a picture of an init path (VS Code prefixes the step id with the category)
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', { category: walkthrough, step: 'preloadReport' }, false);
      await checkpoint('walkthrough-preload-report', '.getting-started-step.expanded >> text=Show Preload Report');
      const steps = vscode.extensions.getExtension('pgext-lint.pgext-lint')?.packageJSON.contributes.walkthroughs[0].steps.map((/** @type {{ title: string }} */ st) => st.title);
      return { steps };
    },
  },
];

/** Runs every test, never throwing: each result says what passed, what failed and why. */
async function runSuite() {
  const results = [];
  for (const test of TESTS) {
    const started = Date.now();
    try {
      const details = await test.fn();
      results.push({ name: test.name, ok: true, ms: Date.now() - started, details });
    } catch (e) {
      results.push({ name: test.name, ok: false, ms: Date.now() - started, error: e instanceof Error ? e.stack ?? e.message : String(e) });
    }
  }
  const extension = vscode.extensions.getExtension('pgext-lint.pgext-lint');
  return { vscode: vscode.version, extension: extension?.packageJSON.version ?? null, results };
}

/** Writes the results where PGEXT_LINT_E2E_RESULTS says, whole or not at all (the runner polls for it). */
function writeResults(/** @type {unknown} */ report) {
  const file = process.env.PGEXT_LINT_E2E_RESULTS;
  if (!file) return;
  fs.writeFileSync(`${file}.partial`, JSON.stringify(report, null, 2));
  fs.renameSync(`${file}.partial`, file);
}

/** The entry point of @vscode/test-electron: fails when a test fails. */
async function run() {
  const report = await runSuite();
  writeResults(report);
  for (const r of report.results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `\n${r.error}`}`);
  const failed = report.results.filter((r) => !r.ok).length;
  console.log(`${report.results.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} end-to-end test(s) failed`);
}

module.exports = { run, runSuite, writeResults };
