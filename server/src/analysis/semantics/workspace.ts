import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import type { ExtensionInfo } from '../model/model';
import { crateLibraryName } from '../frontends/rust/cargo';
import { isDocumentation } from '../knowledge/documentation';
import { cmakeControlTemplate } from '../frontends/control/cmake';
import { isCppSource } from '../frontends/cpp/files';

/** Folders never searched: VCS data, dependencies, build outputs, test results. */
const SKIP_DIRS = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'target', 'build', 'builddir', 'dist', 'out', '.deps',
  'tmp_check', 'tmp_install', 'results', 'log', 'output_iso', '.cargo', '.vscode', '.idea', 'vendor',
]);

export function isSkippedDir(name: string): boolean {
  return SKIP_DIRS.has(name) || (name.startsWith('.') && name.length > 1);
}

const C_SOURCE = /\.(c|h)$/;
const RUST_SOURCE = /\.rs$/;
/** Control files that make their folder an extension root. */
const ROOT_CONTROL_FILE = /\.control(\.in)?$/;
/** Control files of an extension: CMake's `.control.template` too, wherever configure_file reads it. */
const CONTROL_FILE = /\.control(\.in|\.template)?$/;

function readSmall(file: string): string {
  try {
    return statSync(file).size < 1024 * 1024 ? readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
}

/** What marks a folder as an extension root, and the extension's kind, or undefined. */
export function rootKind(dir: string, entries: Dirent[]): 'c' | 'rust' | undefined {
  const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  // a pgrx extension builds a loadable library: a workspace root or a helper crate (cargo-pgrx, pgrx itself) does not
  if (names.has('Cargo.toml') && /\bpgrx\b[^]*\bcdylib\b|\bcdylib\b[^]*\bpgrx\b/.test(readSmall(path.join(dir, 'Cargo.toml')))) return 'rust';
  if ([...names].some((n) => ROOT_CONTROL_FILE.test(n))) return 'c';
  for (const mk of ['Makefile', 'GNUmakefile', 'makefile']) {
    if (names.has(mk) && /\bPGXS\b/.test(readSmall(path.join(dir, mk)))) return 'c';
  }
  if (names.has('meson.build') && /\bshared_module\s*\(/.test(readSmall(path.join(dir, 'meson.build')))) return 'c';
  if (names.has('CMakeLists.txt') && cmakeTemplate(dir, [...names])) return 'c';
  return undefined;
}

/** The control-file template a folder's CMakeLists.txt builds a library for, if any. */
function cmakeTemplate(dir: string, names: string[]): string | undefined {
  const file = path.join(dir, 'CMakeLists.txt');
  return cmakeControlTemplate(file, readSmall(file), names);
}

function listDir(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Collects one extension's files, stopping at nested extension roots. */
function collectExtension(root: string, kind: 'c' | 'rust', isIgnored: (p: string) => boolean): ExtensionInfo {
  const info: ExtensionInfo = {
    name: path.basename(root),
    root,
    kind,
    controlFiles: [],
    sourceFiles: [],
    docFiles: [],
    buildFiles: [],
    sqlFiles: [],
  };
  // C++ extensions keep a C `_PG_init` in `extern "C"`: their sources are C extension sources
  const isSource = (name: string) => (kind === 'rust' ? RUST_SOURCE.test(name) : C_SOURCE.test(name) || isCppSource(name));
  const walk = (dir: string, depth: number) => {
    const entries = listDir(dir);
    if (dir !== root && rootKind(dir, entries)) return;
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (isIgnored(p)) continue;
      if (e.isDirectory()) {
        if (!isSkippedDir(e.name)) walk(p, depth + 1);
        continue;
      }
      if (!e.isFile()) continue;
      if (isSource(e.name)) info.sourceFiles.push(p);
      else if (CONTROL_FILE.test(e.name)) info.controlFiles.push(p);
      else if (e.name.endsWith('.sql') || e.name.endsWith('.sql.in')) info.sqlFiles.push(p);
      else if (depth === 0 && /^(Makefile|GNUmakefile|makefile|meson\.build|Cargo\.toml|CMakeLists\.txt)$/.test(e.name)) {
        info.buildFiles.push(p);
      }
      if (isDocumentation(path.relative(root, p))) info.docFiles.push(p);
    }
  };
  walk(root, 0);
  const sorted = (a: string[]) => a.sort();
  sorted(info.sourceFiles);
  sorted(info.controlFiles);
  sorted(info.sqlFiles);
  sorted(info.docFiles);
  const primary =
    info.controlFiles.find((f) => path.dirname(f) === root && !/--/.test(path.basename(f))) ??
    (kind === 'c' ? cmakeTemplate(root, listDir(root).map((e) => e.name)) : undefined);
  if (primary) info.name = path.basename(primary).replace(/\.control(\.in|\.template)?$/, '');
  else if (kind === 'rust') info.name = crateLibraryName(readSmall(path.join(root, 'Cargo.toml'))) ?? info.name;
  return info;
}

export interface DiscoverOptions {
  /**
   * A `.sql` file named on its own is linted even when it is not an extension script (`pgext-lint
   * check script.sql`, as pgspot does), and outside any extension it makes one of its own.
   */
  loneSqlFiles?: boolean;
}

/**
 * Finds every extension in or around the given paths. A file or a folder inside an extension
 * yields that extension; a folder above extensions yields all of them.
 */
export function discoverExtensions(
  paths: string[],
  isIgnored: (p: string) => boolean = () => false,
  options: DiscoverOptions = {},
): ExtensionInfo[] {
  const roots = new Map<string, 'c' | 'rust'>();
  const search = (dir: string) => {
    const entries = listDir(dir);
    const kind = rootKind(dir, entries);
    if (kind) roots.set(dir, kind);
    for (const e of entries) {
      if (e.isDirectory() && !isSkippedDir(e.name)) {
        const p = path.join(dir, e.name);
        if (!isIgnored(p)) search(p);
      }
    }
  };
  for (const given of paths) {
    const abs = path.resolve(given);
    if (!existsSync(abs)) continue;
    const enclosing = enclosingRoot(abs);
    if (enclosing) roots.set(enclosing.root, enclosing.kind);
    if (statSync(abs).isDirectory()) search(abs);
  }
  const exts = [...roots].sort(([a], [b]) => a.localeCompare(b)).map(([root, kind]) => collectExtension(root, kind, isIgnored));
  if (options.loneSqlFiles) {
    for (const file of paths.map((p) => path.resolve(p)).filter((p) => p.endsWith('.sql') && existsSync(p) && statSync(p).isFile())) {
      const ext = exts.find((e) => !path.relative(e.root, file).startsWith('..'));
      if (ext) {
        ext.givenSqlFiles = [...(ext.givenSqlFiles ?? []), file];
        if (!ext.sqlFiles.includes(file)) ext.sqlFiles.push(file);
      } else {
        exts.push({
          name: path.basename(file).replace(/(--.*)?\.sql$/, ''),
          root: path.dirname(file),
          kind: 'c',
          controlFiles: [],
          sourceFiles: [],
          docFiles: [],
          buildFiles: [],
          sqlFiles: [file],
          givenSqlFiles: [file],
        });
      }
    }
  }
  return exts;
}

/** Whether `p` is `folder` or inside it. */
export function isWithin(p: string, folder: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The last folder whose files belong to the extension's project (documentation that speaks for it,
 * its project headers), the same whatever the current directory: the one holding .git, else the
 * workspace (the LSP workspace folder, or the path given on the command line) when it holds the
 * extension, else the extension's own root.
 */
export function projectRoot(root: string, workspaceRoot: string | undefined): string {
  for (let d = root; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) break;
  }
  const workspace = workspaceRoot && path.resolve(workspaceRoot);
  return workspace && isWithin(root, workspace) ? workspace : root;
}

/** The nearest extension root at or above `p`. */
export function enclosingRoot(p: string): { root: string; kind: 'c' | 'rust' } | undefined {
  let dir = statSync(p).isDirectory() ? p : path.dirname(p);
  for (;;) {
    const kind = rootKind(dir, listDir(dir));
    if (kind) return { root: dir, kind };
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}
