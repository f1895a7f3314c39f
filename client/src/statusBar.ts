import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

/** The server's `pgext-lint/status` notification (server/src/lsp/status.ts). */
const STATUS_NOTIFICATION = 'pgext-lint/status';
const SOURCE = 'pgext-lint';
export const STATUS_MENU_COMMAND = 'pgextLint.statusMenu';

type ServerState = 'starting' | 'analysing' | 'idle' | 'error' | 'stopped';

/**
 * The status bar item: what the server is doing (indexing, idle with n problems, failed) and, on
 * click, a menu of what one does with it. Problems are counted from the diagnostics VS Code holds.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('pgextLint.status', vscode.StatusBarAlignment.Left, 0);
  private readonly subscriptions: vscode.Disposable[] = [];
  private state: ServerState = 'starting';
  private message: string | undefined;

  constructor(client: LanguageClient) {
    this.item.name = 'pgext-lint';
    this.item.command = STATUS_MENU_COMMAND;
    this.subscriptions.push(
      this.item,
      vscode.languages.onDidChangeDiagnostics(() => this.render()),
      // the client keeps the handler across restarts
      client.onNotification(STATUS_NOTIFICATION, (s: { state: 'analysing' | 'idle' | 'error'; message?: string }) => this.set(s.state, s.message)),
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Stopped) this.set('stopped', 'The pgext-lint server stopped; see its output.');
        if (newState === State.Starting) this.set('starting');
      }),
    );
    this.render();
    this.item.show();
  }

  /** The client runs: a workspace without extensions gets no status from the server, so it is idle. */
  started(): void {
    if (this.state === 'starting') this.set('idle');
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  private set(state: ServerState, message?: string): void {
    this.state = state;
    this.message = message;
    this.render();
  }

  private render(): void {
    const problems = countProblems();
    const { text, tooltip, failed } = describe(this.state, problems, this.message);
    this.item.text = text;
    this.item.tooltip = new vscode.MarkdownString(`${tooltip}\n\nClick for pgext-lint's menu.`);
    this.item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }
}

/** Errors, warnings and information from pgext-lint in the workspace (hints are not problems). */
function countProblems(): number {
  let n = 0;
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) if (d.source === SOURCE && d.severity !== vscode.DiagnosticSeverity.Hint) n++;
  }
  return n;
}

export function describe(state: ServerState, problems: number, message?: string): { text: string; tooltip: string; failed: boolean } {
  switch (state) {
    case 'starting':
      return { text: '$(sync~spin) pgext-lint', tooltip: 'pgext-lint is starting', failed: false };
    case 'analysing':
      return { text: '$(sync~spin) pgext-lint: indexing', tooltip: 'pgext-lint is analysing the workspace', failed: false };
    case 'error':
    case 'stopped':
      return { text: '$(error) pgext-lint: error', tooltip: message ?? 'pgext-lint failed; see its output', failed: true };
    case 'idle':
      return problems
        ? { text: `$(warning) pgext-lint: ${problems} problem${problems === 1 ? '' : 's'}`, tooltip: `pgext-lint found ${problems} problem${problems === 1 ? '' : 's'}`, failed: false }
        : { text: '$(check) pgext-lint', tooltip: 'pgext-lint found no problems', failed: false };
  }
}

const MENU: { label: string; detail: string; command: string }[] = [
  { label: '$(output) Show Output', detail: "The server's log and protocol trace", command: 'pgextLint.showOutput' },
  { label: '$(debug-restart) Restart Server', detail: 'Start the language server again', command: 'pgextLint.restartServer' },
  { label: '$(graph) Show Preload Report', detail: 'How each extension must be loaded, and its init path', command: 'pgextLint.showPreloadReport' },
  { label: '$(refresh) Lint Workspace', detail: 'Find and analyse every extension of the workspace again', command: 'pgextLint.lintWorkspace' },
];

export async function showStatusMenu(): Promise<void> {
  const picked = await vscode.window.showQuickPick(MENU, { title: 'pgext-lint' });
  if (picked) await vscode.commands.executeCommand(picked.command);
}
