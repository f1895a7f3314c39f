import { existsSync, readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import type { ExtensionInfo } from '../../model/model';
import { isSkippedDir, projectRoot, rootKind } from '../../semantics/workspace';

/**
 * Which files document an extension (rules.md, "docs"): its README and other documents at its root,
 * everything under its doc/ and docs/ folders, and the same in each folder above it up to the
 * repository or workspace root. Inside a PostgreSQL source tree a module's documentation is its own
 * folder and its page of the manual, nothing else of the manual.
 */
export interface DocFile {
  file: string;
  /**
   * documents this extension alone: its own folder or its manual page, not a folder above that may
   * describe several extensions
   */
  own: boolean;
  /**
   * written for readers (README, manual page, documents), as opposed to a module's test set-up,
   * which shows how it is loaded but makes no claims to readers
   */
  prose: boolean;
}

/** Documents at a folder's top level. */
const ROOT_DOC = /^(readme(\..*)?|.*\.(md|mdx|markdown|rst|txt|sgml|adoc))$/i;
/** Text documents inside doc/ and docs/ (images, fonts and build scripts there are not read). */
const DOC_DIR_FILE = /\.(md|mdx|markdown|rst|txt|sgml|xml|adoc|html?|tex)$|^readme/i;
const DOC_DIRS = ['doc', 'docs'];
/** A folder that has its own documentation tree is the PostgreSQL source tree. */
const PG_TREE_MARKS = [path.join('src', 'backend'), path.join('doc', 'src', 'sgml')];
const SOURCE = /\.(c|h|rs)$/;

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

function walkFiles(dir: string, accept: (name: string) => boolean, out: string[], stopAt?: (dir: string) => boolean): void {
  for (const e of listDir(dir).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!isSkippedDir(e.name) && !stopAt?.(p)) walkFiles(p, accept, out, stopAt);
    } else if (e.isFile() && accept(e.name)) out.push(p);
  }
}

/** README first, then the folder's other documents, then its doc/ and docs/ trees. */
function folderDocs(dir: string): string[] {
  const top = listDir(dir)
    .filter((e) => e.isFile() && ROOT_DOC.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => Number(!/^readme/i.test(a)) - Number(!/^readme/i.test(b)) || a.localeCompare(b));
  const files = top.map((n) => path.join(dir, n));
  for (const sub of DOC_DIRS) walkFiles(path.join(dir, sub), (n) => DOC_DIR_FILE.test(n), files);
  return files;
}

/** The PostgreSQL source tree holding `dir`, if any. */
function postgresSourceTree(dir: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (PG_TREE_MARKS.every((m) => existsSync(path.join(d, m)))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** `pg_stat_statements` → pg_stat_statements.sgml, pgstatstatements.sgml, pg-stat-statements.sgml. */
function manualPages(tree: string, names: string[]): string[] {
  const sgml = path.join(tree, 'doc', 'src', 'sgml');
  const stems = new Set(names.flatMap((n) => [n, n.replace(/_/g, ''), n.replace(/_/g, '-')]));
  return [...stems].map((s) => path.join(sgml, `${s}.sgml`)).filter((f) => existsSync(f));
}

/** Expected test output repeats the tests that produced it. */
const TEST_OUTPUT_DIRS = new Set(['expected']);

/**
 * A contrib or test module documents itself with everything in its folder that is not code: its
 * README, and the test set-up that loads it (`*.conf`, Makefile, meson.build, TAP and SQL tests).
 */
function moduleFolder(ext: ExtensionInfo): string[] {
  const files: string[] = [];
  const skip = (dir: string) => TEST_OUTPUT_DIRS.has(path.basename(dir)) || rootKind(dir, listDir(dir)) !== undefined;
  walkFiles(ext.root, (n) => !SOURCE.test(n), files, skip);
  return files;
}

export function documentationFiles(ext: ExtensionInfo, workspaceRoot?: string): DocFile[] {
  const tree = postgresSourceTree(ext.root);
  if (tree && tree !== ext.root) {
    return [
      ...moduleFolder(ext).map((file) => ({ file, own: true, prose: ROOT_DOC.test(path.basename(file)) })),
      ...manualPages(tree, [path.basename(ext.root), ext.name]).map((file) => ({ file, own: true, prose: true })),
    ];
  }
  const docs: DocFile[] = folderDocs(ext.root).map((file) => ({ file, own: true, prose: true }));
  const top = projectRoot(ext.root, workspaceRoot);
  if (top === undefined) return docs;
  for (let d = ext.root; d !== top && path.dirname(d) !== d; ) {
    d = path.dirname(d);
    docs.push(...folderDocs(d).map((file) => ({ file, own: false, prose: true })));
  }
  return docs;
}
