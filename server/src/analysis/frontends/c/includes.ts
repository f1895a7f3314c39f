import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { ExtensionInfo } from '../../model/model';
import { isPostgresHeader } from '../../knowledge/pgHeaders';
import { isSkippedDir, isWithin } from '../../semantics/workspace';

/**
 * The project headers an extension includes from outside its own folder (`#include "pg_version_constants.h"`
 * reached through `-I../../include`): their `#define`s decide its `#if`s like its own headers'. Found
 * without running anything, within the repository (the folder holding `.git`, else the workspace):
 * next to the including file, in the build files' include directories (`-I` in a Makefile, meson and
 * CMake include directories), else (for `#include "name"`) by include name anywhere in the repository
 * when that is unambiguous. PostgreSQL's own headers are never project headers.
 */

/** A C or C++ header by its name. */
export const isHeader = (file: string): boolean => /\.(h|hh|hpp)$/.test(file);

const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*(["<])([^">\n]+)[">]/gm;

/**
 * A source file's `#include` lines, all that the include graph reads of it: an edit elsewhere in the
 * file leaves them (and so the graph) as they were.
 */
export function includeLines(text: string): string {
  return Array.from(text.matchAll(INCLUDE), (m) => m[0]).join('\n');
}
/** Headers followed from the extension's files, transitively, at most. */
const MAX_HEADERS = 64;
/** Files looked at when indexing a repository's headers, at most. */
const MAX_INDEXED = 200_000;

export type ReadText = (file: string) => string | undefined;

/** The repository's headers by file name, built once per repository root. */
export class HeaderIndex {
  private readonly byRoot = new Map<string, Map<string, string[]>>();

  named(root: string, base: string): string[] {
    let index = this.byRoot.get(root);
    if (!index) {
      index = indexHeaders(root);
      this.byRoot.set(root, index);
    }
    return index.get(base) ?? [];
  }

  /** A header created or deleted makes the index of its repository stale. */
  invalidate(file: string): void {
    const base = path.basename(file);
    if (!isHeader(base)) return;
    for (const [root, index] of this.byRoot) {
      if (isWithin(file, root) && (index.get(base) ?? []).includes(file) !== existsSync(file)) this.byRoot.delete(root);
    }
  }
}

function indexHeaders(root: string): Map<string, string[]> {
  const index = new Map<string, string[]>();
  let seen = 0;
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (++seen > MAX_INDEXED) return;
      if (e.isDirectory()) {
        if (!isSkippedDir(e.name)) walk(path.join(dir, e.name));
      } else if (e.isFile() && isHeader(e.name)) {
        index.set(e.name, [...(index.get(e.name) ?? []), path.join(dir, e.name)]);
      }
    }
  };
  walk(root);
  return index;
}

/** Include directories the build files name, as absolute paths (variables other than the source dir are skipped). */
export function includeDirectories(ext: ExtensionInfo, read: ReadText): string[] {
  const dirs: string[] = [];
  for (const file of ext.buildFiles) {
    const text = read(file);
    if (!text) continue;
    const here = path.dirname(file);
    const add = (dir: string) => {
      const d = dir
        .replace(/^["']|["']$/g, '')
        .replace(/^\$[({](srcdir|top_srcdir|CMAKE_CURRENT_SOURCE_DIR|CMAKE_CURRENT_LIST_DIR|PROJECT_SOURCE_DIR|CMAKE_SOURCE_DIR)[)}]/, '.');
      if (d && !d.includes('$')) dirs.push(path.resolve(here, d));
    };
    const name = path.basename(file);
    if (name === 'meson.build') {
      for (const m of text.matchAll(/include_directories\s*\(([^)]*)\)/g)) for (const s of m[1].matchAll(/'([^']*)'/g)) add(s[1]);
    } else if (name === 'CMakeLists.txt') {
      for (const m of text.matchAll(/(?:target_)?include_directories\s*\(([^)]*)\)/gi)) {
        for (const word of m[1].split(/\s+/).filter((w) => w && !/^(PUBLIC|PRIVATE|INTERFACE|SYSTEM|BEFORE|AFTER)$/.test(w))) add(word);
      }
    } else {
      for (const m of text.matchAll(/(?:^|\s)-I\s*(\S+)/g)) add(m[1]);
    }
  }
  return dirs;
}

/**
 * Headers outside `ext.root` (within `repoRoot`) that the extension's sources include, directly or
 * through each other; a header comes after the headers it includes, so their macros decide its `#if`s.
 * `read` gives the build files' texts and the sources' include lines (includeLines).
 */
export function outsideHeaders(ext: ExtensionInfo, repoRoot: string, index: HeaderIndex, exists: (file: string) => boolean, read: ReadText): string[] {
  const own = new Set(ext.sourceFiles);
  // inside a PostgreSQL source tree, src/include is PostgreSQL's own
  const pgInclude = path.join(repoRoot, 'src', 'include');
  let pgTree: boolean | undefined;
  const projects = new Map<string, boolean>();
  const isProjects = (f: string) => {
    let yes = projects.get(f);
    if (yes === undefined) projects.set(f, (yes = isWithin(f, repoRoot) && !(isWithin(f, pgInclude) && (pgTree ??= exists(path.join(pgInclude, 'postgres.h'))))));
    return yes;
  };
  const dirs = includeDirectories(ext, read);
  const found: string[] = [];
  const visited = new Set<string>();
  // the same header is included from many files of one folder: each lookup is made once
  const direct = new Map<string, string | undefined>();
  const byName = new Map<string, string[]>();
  const lookUp = (name: string, dir: string | undefined): string | undefined => {
    const key = `${dir ?? ''}\0${name}`;
    if (!direct.has(key)) direct.set(key, [...(dir ? [dir] : []), ...dirs].map((d) => path.resolve(d, name)).find((f) => isProjects(f) && exists(f)));
    return direct.get(key);
  };
  const resolve = (name: string, from: string, system: boolean): string | undefined => {
    const hit = lookUp(name, system ? undefined : path.dirname(from));
    if (hit || system) return hit;
    // by name: the candidate that ends with the whole include path and shares most of its path with the includer
    let candidates = byName.get(name);
    if (!candidates) {
      const suffix = path.sep + path.normalize(name);
      byName.set(name, (candidates = index.named(repoRoot, path.basename(name)).filter((f) => f.endsWith(suffix) && isProjects(f))));
    }
    const shared = (f: string) => commonPrefix(f, from);
    const best = Math.max(-1, ...candidates.map(shared));
    const top = candidates.filter((f) => shared(f) === best);
    return top.length === 1 ? top[0] : undefined;
  };
  const visit = (file: string) => {
    if (visited.has(file) || visited.size > MAX_HEADERS + own.size) return;
    visited.add(file);
    for (const m of (read(file) ?? '').matchAll(INCLUDE)) {
      const name = m[2].trim();
      if (isPostgresHeader(name) || !isHeader(name)) continue;
      // `<name>` is looked for in the include directories only: by name it would find system headers' namesakes
      const header = resolve(name, file, m[1] === '<');
      if (header && !own.has(header)) visit(header);
    }
    if (!own.has(file) && !isWithin(file, ext.root)) found.push(file);
  };
  for (const f of ext.sourceFiles) if (/\.(c|h|cc|cpp|cxx|hh|hpp)$/.test(f)) visit(f);
  return found.slice(0, MAX_HEADERS);
}

function commonPrefix(a: string, b: string): number {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}
