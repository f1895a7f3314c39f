import type { WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { AnalysisHost } from './analysisHost';
import { filesOf, type ExtensionIndex } from './extensions';
import type { DiagnosticsPublisher } from './publisher';
import type { AnalysisScheduler } from './scheduler';

/**
 * Discovers and analyses every extension of the workspace folders in the background, with
 * progress. Extensions with open documents are analysed first: the scheduler keeps indexing
 * behind them.
 */
export async function indexWorkspace(
  folders: string[],
  extensions: ExtensionIndex,
  scheduler: AnalysisScheduler,
  progress: WorkDoneProgressReporter,
): Promise<number> {
  progress.begin('pgext-lint', 0, 'Finding extensions', false);
  try {
    const roots: string[] = [];
    for (const folder of folders) roots.push(...(await extensions.addFolder(folder)).map((ext) => ext.root));
    progress.report(0, `Analysing ${roots.length} extension(s)`);
    await scheduler.index(roots, (done) =>
      progress.report(Math.round((100 * done) / roots.length), `${done}/${roots.length} extension(s)`),
    );
    return roots.length;
  } finally {
    progress.done();
  }
}

/** `pgext-lint/lintWorkspace`: find every extension again and analyse each one (replies `{ extensions: n }`). */
export const LINT_WORKSPACE_REQUEST = 'pgext-lint/lintWorkspace';

/**
 * Forgets what the server knows of the workspace's extensions and files (they may have changed
 * outside the editor, e.g. by a checkout), discovers them again and analyses each one. Returns how
 * many there are; extensions that are gone get their diagnostics cleared.
 */
export async function lintWorkspaceAgain(
  folders: string[],
  deps: { host: AnalysisHost; extensions: ExtensionIndex; scheduler: AnalysisScheduler; publisher: DiagnosticsPublisher },
): Promise<number> {
  const { host, extensions, scheduler, publisher } = deps;
  const before = extensions.all();
  for (const ext of before) for (const file of filesOf(ext)) host.invalidate(file);
  for (const folder of folders) extensions.removeUnder(folder);
  const roots: string[] = [];
  for (const folder of folders) roots.push(...(await extensions.addFolder(folder)).map((ext) => ext.root));
  for (const ext of before) if (!roots.includes(ext.root)) publisher.clear(ext.root);
  for (const root of roots) scheduler.changed(root);
  return roots.length;
}
