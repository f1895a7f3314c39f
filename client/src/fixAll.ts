import * as vscode from 'vscode';

const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('pgext-lint');

/** "pgext-lint: Fix All in File": the server's fix-all source action for the active editor, applied. */
export async function fixAllInFile(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    doc.uri,
    whole,
    FIX_ALL_KIND.value,
  );
  const fix = actions?.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && a.edit);
  if (!fix?.edit) {
    void vscode.window.showInformationMessage('pgext-lint: no auto-fixable problem in this file.');
    return;
  }
  await vscode.workspace.applyEdit(fix.edit);
}
