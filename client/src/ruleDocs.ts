import * as vscode from 'vscode';

/**
 * Rule pages shipped in the extension (docs/rules/<id>.md), opened in VS Code's Markdown preview,
 * offline. The rule list comes from the manifest's `pgextLint.rules` setting, which is generated
 * from the engine's RULES table (test/config/ruleSchemas.test.ts keeps them in step).
 */
interface RuleEntry {
  id: string;
  description: string;
}

function rulesOf(extension: vscode.Extension<unknown>): RuleEntry[] {
  const setting = extension.packageJSON?.contributes?.configuration?.properties?.['pgextLint.rules'];
  const properties = (setting?.properties ?? {}) as Record<string, { description?: string }>;
  return Object.entries(properties).map(([id, p]) => ({ id, description: p.description ?? '' }));
}

/** "pgext-lint: Explain Rule": with a rule id (from "Show documentation"), its page; without, a pick first. */
export async function explainRule(extension: vscode.Extension<unknown>, ruleId?: unknown, webLink?: unknown): Promise<void> {
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const picked = await vscode.window.showQuickPick(
      rulesOf(extension).map((r) => ({ label: r.id, detail: r.description })),
      { title: 'pgext-lint: Explain Rule', placeHolder: 'Rule to explain', matchOnDetail: true },
    );
    if (!picked) return;
    id = picked.label;
  }
  const page = vscode.Uri.joinPath(extension.extensionUri, 'docs', 'rules', `${id}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    // a rule without a page of its own (unused-suppression): its summary, and the web page if known
    const summary = rulesOf(extension).find((r) => r.id === id)?.description ?? `Unknown rule ${id}.`;
    const more = typeof webLink === 'string' ? 'Open on the web' : undefined;
    const choice = await vscode.window.showInformationMessage(`${id}: ${summary}`, ...(more ? [more] : []));
    if (choice && typeof webLink === 'string') await vscode.env.openExternal(vscode.Uri.parse(webLink));
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}
