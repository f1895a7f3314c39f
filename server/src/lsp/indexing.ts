import type { WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { ExtensionIndex } from './extensions';
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
