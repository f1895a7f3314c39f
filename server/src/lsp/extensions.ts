import * as path from 'node:path';
import type { ExtensionInfo } from '../analysis/model/model';

/** Every file list of an extension: a change to any of them can change its findings. */
export const filesOf = (ext: ExtensionInfo) => [
  ...ext.sourceFiles, ...ext.controlFiles, ...ext.docFiles, ...ext.buildFiles, ...ext.sqlFiles,
];

/** The extensions the server knows of, by root, and which one a file belongs to. */
export class ExtensionIndex {
  private readonly byRoot = new Map<string, ExtensionInfo>();
  /** files known to belong to no extension, so typing in them does not search the disk each time */
  private readonly unowned = new Set<string>();

  /** `discover` is the engine's discovery (run in the analysis worker). */
  constructor(private readonly discover: (paths: string[]) => Promise<ExtensionInfo[]>) {}

  get(root: string): ExtensionInfo | undefined {
    return this.byRoot.get(root);
  }

  all(): ExtensionInfo[] {
    return [...this.byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
  }

  /** Discovers the extensions in a workspace folder. */
  async addFolder(folder: string): Promise<ExtensionInfo[]> {
    return this.add(await this.discover([folder]));
  }

  /** The extension whose files include `file`, discovering the enclosing one on first use. */
  async forFile(file: string): Promise<ExtensionInfo | undefined> {
    const known = this.containing(file);
    if (known || this.unowned.has(file)) return known;
    this.add(await this.discover([file]));
    const found = this.containing(file);
    if (!found) this.unowned.add(file);
    return found;
  }

  /**
   * Files were created or deleted under `file`'s extension: collect its file lists again. Returns
   * the roots to re-analyse; a root that is no extension any more is among them, so that its
   * diagnostics are cleared.
   */
  async refreshAround(file: string): Promise<string[]> {
    const root = this.innermostRoot(file);
    if (root) this.byRoot.delete(root);
    const found = this.add(await this.discover([root ?? path.dirname(file)]));
    return [...new Set([...(root ? [root] : []), ...found.map((e) => e.root)])];
  }

  /** Forgets the extensions inside a folder (a workspace folder was removed); returns their roots. */
  removeUnder(folder: string): string[] {
    const gone = [...this.byRoot.keys()].filter((root) => root === folder || root.startsWith(folder + path.sep));
    for (const root of gone) this.byRoot.delete(root);
    return gone;
  }

  private add(found: ExtensionInfo[]): ExtensionInfo[] {
    if (found.length) this.unowned.clear();
    for (const ext of found) this.byRoot.set(ext.root, ext);
    return found;
  }

  private containing(file: string): ExtensionInfo | undefined {
    for (const ext of this.byRoot.values()) if (filesOf(ext).includes(file)) return ext;
    return undefined;
  }

  private innermostRoot(file: string): string | undefined {
    return [...this.byRoot.keys()]
      .filter((root) => file.startsWith(root + path.sep))
      .sort((a, b) => b.length - a.length)[0];
  }
}
