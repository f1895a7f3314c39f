import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { PreloadReportResult } from '../../../server/src/lsp/preloadReport';
import { reportHtml, type OpenPlaceMessage } from './reportHtml';

/** The request the server answers with the workspace's preload report (server/src/lsp/preloadReport.ts). */
const PRELOAD_REPORT_REQUEST = 'pgext-lint/preloadReport';

type Request = (method: string) => Promise<PreloadReportResult>;

/**
 * The "Preload Report" view: one webview, reused and refreshed by every "Show Preload Report".
 * It is read-only and never dirty; places in it open the file at the construct.
 */
export class PreloadReportPanel {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly request: Request) {}

  async show(): Promise<void> {
    const result = await this.request(PRELOAD_REPORT_REQUEST);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('pgextLint.preloadReport', 'Preload Report', vscode.ViewColumn.Active, {
        enableScripts: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: OpenPlaceMessage | { kind: 'refresh' }) =>
        m.kind === 'open' ? openPlace(m) : this.show(),
      );
    } else {
      this.panel.reveal();
    }
    const nonce = randomBytes(16).toString('base64');
    this.panel.webview.html = reportHtml(result, nonce, this.panel.webview.cspSource);
  }
}

async function openPlace(m: OpenPlaceMessage): Promise<void> {
  const at = new vscode.Position(m.line, m.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(m.uri), { selection: new vscode.Range(at, at), viewColumn: vscode.ViewColumn.One });
}
