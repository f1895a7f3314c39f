import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The request the server answers with the workspace's preload report (server/src/lsp/preloadReport.ts). */
const PRELOAD_REPORT_REQUEST = 'pgext-lint/preloadReport';

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
  };
  client = new LanguageClient('pgextLint', 'pgext-lint', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('pgextLint.restartServer', () => client?.restart()),
    vscode.commands.registerCommand('pgextLint.showPreloadReport', async () => {
      if (!client) return;
      const { markdown } = await client.sendRequest<{ markdown: string }>(PRELOAD_REPORT_REQUEST, {});
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
      await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    }),
  );
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
