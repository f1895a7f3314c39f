import * as path from 'node:path';
import type { ExtensionInfo } from '../analysis/model';

/** Every file list of an extension: a change to any of them can change its findings. */
const filesOf = (ext: ExtensionInfo) => [
  ...ext.sourceFiles, ...ext.controlFiles, ...ext.docFiles, ...ext.buildFiles, ...ext.sqlFiles,
];

/** The extensions the server knows of, by root, and which one a file belongs to. */
export class ExtensionIndex {
  private readonly byRoot = new Map<string, ExtensionInfo>();

  /** `discover` is the engine's discovery (run in the analysis worker). */
  constructor(private readonly discover: (paths: string[]) => Promise<ExtensionInfo[]>) {}

  get(root: string): ExtensionInfo | undefined {
    return this.byRoot.get(root);
  }

  /** Discovers the extensions in a workspace folder. */
  async addFolder(folder: string): Promise<ExtensionInfo[]> {
    return this.add(await this.discover([folder]));
  }

  /** The extension whose files include `file`, discovering the enclosing one on first use. */
  async forFile(file: string): Promise<ExtensionInfo | undefined> {
    const known = this.containing(file);
    if (known) return known;
    this.add(await this.discover([file]));
    return this.containing(file);
  }

  /** Files were created or deleted under `file`'s extension: collect its file lists again. */
  async refreshAround(file: string): Promise<ExtensionInfo | undefined> {
    const root = this.innermostRoot(file);
    if (root) this.byRoot.delete(root);
    const found = this.add(await this.discover([root ?? path.dirname(file)]));
    return root ? this.byRoot.get(root) : found[0];
  }

  private add(found: ExtensionInfo[]): ExtensionInfo[] {
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
