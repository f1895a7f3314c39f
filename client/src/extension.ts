import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { fixAllInFile } from './fixAll';
import { PreloadReportPanel } from './preloadView/reportPanel';
import { explainRule } from './ruleDocs';
import { showStatusMenu, StatusBar, STATUS_MENU_COMMAND } from './statusBar';

/** The server's request that re-discovers and re-analyses the workspace (server/src/lsp/indexing.ts). */
const LINT_WORKSPACE_REQUEST = 'pgext-lint/lintWorkspace';
const EXPLAIN_RULE_COMMAND = 'pgextLint.explainRule';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // The bundle puts the server next to this file (scripts/bundle.mjs).
  const serverModule = path.join(__dirname, 'server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'c' },
      { scheme: 'file', language: 'cpp' },
      { scheme: 'file', language: 'rust' },
      { scheme: 'file', language: 'pg-control' },
      // hover only: where preload settings are mentioned
      { scheme: 'file', language: 'markdown' },
      { scheme: 'file', language: 'sql' },
      { scheme: 'file', pattern: '**/*.conf' },
    ],
    // "Show documentation" opens the page shipped in the extension, offline
    initializationOptions: { documentationCommand: EXPLAIN_RULE_COMMAND },
  };
  const lsp = new LanguageClient('pgextLint', 'pgext-lint', serverOptions, clientOptions);
  client = lsp;
  const status = new StatusBar(lsp);
  const report = new PreloadReportPanel((method) => lsp.sendRequest(method, {}));

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('pgextLint.restartServer', async () => {
      await lsp.restart();
      status.started();
    }),
    vscode.commands.registerCommand('pgextLint.showPreloadReport', () => report.show()),
    vscode.commands.registerCommand('pgextLint.showOutput', () => lsp.outputChannel.show(true)),
    vscode.commands.registerCommand(EXPLAIN_RULE_COMMAND, (rule?: unknown, webLink?: unknown) => explainRule(context.extension, rule, webLink)),
    vscode.commands.registerCommand('pgextLint.lintWorkspace', () => lsp.sendRequest<{ extensions: number }>(LINT_WORKSPACE_REQUEST, {})),
    vscode.commands.registerCommand('pgextLint.fixAllInFile', fixAllInFile),
    vscode.commands.registerCommand(STATUS_MENU_COMMAND, showStatusMenu),
  );
  await lsp.start();
  status.started();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
