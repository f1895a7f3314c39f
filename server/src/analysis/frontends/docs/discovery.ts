import { existsSync, readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import type { ExtensionInfo } from '../../model/model';
import { isSkippedDir, projectRoot, rootKind } from '../../semantics/workspace';
import { DOC_DIRS, isDocumentation, TEST_DIRS } from '../../knowledge/documentation';

/**
 * Which files document an extension (rules.md, "docs"): its README and other prose at its root,
 * the prose under its doc/ and docs/ folders, and the same in each folder above it up to the
 * repository or workspace root. Inside a PostgreSQL source tree a module's documentation is its own
 * folder and its page of the manual, nothing else of the manual. Tests and build files never count
 * (knowledge/documentation.ts).
 */
export interface DocFile {
  file: string;
  /**
   * documents this extension alone: its own folder or its manual page, not a folder above that may
   * describe several extensions
   */
  own: boolean;
}

/** A folder that has its own documentation tree is the PostgreSQL source tree. */
const PG_TREE_MARKS = [path.join('src', 'backend'), path.join('doc', 'src', 'sgml')];

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Documentation files under `dir`, sorted, test folders and nested extensions left out. */
function walkDocs(top: string, dir: string, out: string[]): void {
  for (const e of listDir(dir).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!isSkippedDir(e.name) && !TEST_DIRS.has(e.name) && rootKind(p, listDir(p)) === undefined) walkDocs(top, p, out);
    } else if (e.isFile() && isDocumentation(path.relative(top, p))) out.push(p);
  }
}

/** README first, then the folder's other documents, then its doc/ and docs/ trees. */
function folderDocs(dir: string): string[] {
  const top = listDir(dir)
    .filter((e) => e.isFile() && isDocumentation(e.name))
    .map((e) => e.name)
    .sort((a, b) => Number(!/^readme/i.test(a)) - Number(!/^readme/i.test(b)) || a.localeCompare(b));
  const files = top.map((n) => path.join(dir, n));
  for (const sub of DOC_DIRS) walkDocs(dir, path.join(dir, sub), files);
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

export function documentationFiles(ext: ExtensionInfo, workspaceRoot?: string): DocFile[] {
  const tree = postgresSourceTree(ext.root);
  if (tree && tree !== ext.root) {
    return [...folderDocs(ext.root), ...manualPages(tree, [path.basename(ext.root), ext.name])].map((file) => ({ file, own: true }));
  }
  const docs: DocFile[] = folderDocs(ext.root).map((file) => ({ file, own: true }));
  const top = projectRoot(ext.root, workspaceRoot);
  for (let d = ext.root; d !== top && path.dirname(d) !== d; ) {
    d = path.dirname(d);
    docs.push(...folderDocs(d).map((file) => ({ file, own: false })));
  }
  return docs;
}
