import type { ExtensionInfo } from '../analysis/model/model';

/**
 * Source files of extensions without an open document whose data the analysis worker keeps, in all.
 * The engine holds 0.1 to 0.5 MB per source file (citus: 290 files, 150 MB; the PostgreSQL tree's
 * contrib and test modules: 0.13 MB each). An extension forgotten and then opened is analysed afresh
 * while the garbage of its old data is still on the heap: timescaledb (518 files) forgotten at the end
 * of indexing peaked at 400 MB on opening a file instead of 321 MB. So the budget keeps any one
 * repository of the usual size whole (citus, timescaledb, paradedb, the PostgreSQL tree) and bounds
 * only workspaces of many extensions, which keep the last ones analysed.
 */
export const KEPT_SOURCE_FILES = 1000;

/**
 * Which extensions' texts and facts the engine keeps between analyses. Those with a document open in
 * the editor always: they make the analysis after a keystroke cheap. The others only while they are
 * among the most recently analysed within KEPT_SOURCE_FILES; older ones are forgotten, so that the
 * worker's memory follows what is being edited rather than the size of the workspace.
 */
export class KeptExtensions {
  /** extensions analysed without an open document, the most recent last */
  private readonly closed = new Map<string, ExtensionInfo>();

  constructor(
    private readonly forget: (ext: ExtensionInfo) => void,
    private readonly budget = KEPT_SOURCE_FILES,
  ) {}

  /** The extension was analysed; `open`: the editor has one of its files open. */
  analysed(ext: ExtensionInfo, open: boolean): void {
    this.closed.delete(ext.root);
    if (open) return;
    this.closed.set(ext.root, ext);
    let files = 0;
    for (const e of this.closed.values()) files += e.sourceFiles.length;
    for (const [root, e] of this.closed) {
      // the one just analysed stays, even when it alone is over the budget
      if (files <= this.budget || root === ext.root) break;
      this.closed.delete(root);
      files -= e.sourceFiles.length;
      this.forget(e);
    }
  }
}
