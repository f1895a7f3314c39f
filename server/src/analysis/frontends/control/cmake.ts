import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { UNRESOLVED } from './makefile';

/**
 * Just enough of CMake to read what one CMakeLists.txt builds and configures: commands in file
 * order (conditionals ignored, the last assignment wins), `set()` and `list(APPEND)` variables,
 * `project()`, the source-directory variables, `add_library(name SHARED|MODULE ...)`, `OUTPUT_NAME`
 * and `configure_file(input output)`. Whatever stays unknown (the binary directory, cache values
 * given on the command line, variables of a parent CMakeLists) is marked UNRESOLVED.
 */
export interface CMakeLists {
  /** shared libraries' target and output names, expanded */
  libraries: string[];
  /** configure_file inputs, expanded, absolute when the file's folder was given */
  configuredInputs: string[];
  /** a command generates .sql files (configure_file, add_custom_command or add_custom_target) */
  generatesSql: boolean;
}

/** Where the file lives: its own folder and the top of the CMake source tree. */
export interface CMakeDirs {
  dir: string;
  sourceDir: string;
}

/**
 * The folders a CMakeLists.txt sees: its own, and the top of its source tree, taken as the highest
 * folder reached through parents that all hold a CMakeLists.txt (add_subdirectory's usual layout).
 */
export function cmakeDirs(file: string): CMakeDirs {
  const dir = path.dirname(file);
  let sourceDir = dir;
  while (path.dirname(sourceDir) !== sourceDir && existsSync(path.join(path.dirname(sourceDir), 'CMakeLists.txt'))) {
    sourceDir = path.dirname(sourceDir);
  }
  return { dir, sourceDir };
}

interface Command {
  name: string;
  args: string[];
}

/** `name(args)` commands, comments removed, arguments split on blanks outside quotes. */
function commands(text: string): Command[] {
  const code = text.replace(/("(?:[^"\\]|\\.)*")|#[^\n]*/g, (all, quoted: string | undefined) => quoted ?? '');
  return [...code.matchAll(/\b([A-Za-z_]\w*)\s*\(((?:[^()"]|"(?:[^"\\]|\\.)*"|\([^()]*\))*)\)/g)].map((m) => ({
    name: m[1].toLowerCase(),
    args: [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"|[^\s"]+/g)].map((a) => a[1] ?? a[0]),
  }));
}

const SET_KEYWORDS = new Set(['CACHE', 'PARENT_SCOPE', 'FORCE']);

export function readCMakeLists(text: string, dirs?: CMakeDirs): CMakeLists {
  const vars = new Map<string, string>();
  if (dirs) {
    for (const name of ['CMAKE_SOURCE_DIR', 'PROJECT_SOURCE_DIR']) vars.set(name, dirs.sourceDir);
    for (const name of ['CMAKE_CURRENT_SOURCE_DIR', 'CMAKE_CURRENT_LIST_DIR']) vars.set(name, dirs.dir);
  }
  const expand = (s: string, depth = 0): string =>
    s.replace(/\$\{([A-Za-z0-9_]+)\}/g, (all, v: string) => {
      const value = vars.get(v);
      return value === undefined || depth > 10 ? UNRESOLVED : expand(value, depth + 1);
    });
  const libraries: string[] = [];
  const configuredInputs: string[] = [];
  let generatesSql = false;
  for (const { name, args } of commands(text)) {
    const [first, ...rest] = args;
    if (name === 'set' && first !== undefined) {
      const end = rest.findIndex((a) => SET_KEYWORDS.has(a));
      vars.set(first, expand((end < 0 ? rest : rest.slice(0, end)).join(';')));
    } else if (name === 'list' && first === 'APPEND' && rest.length > 1) {
      const [list, ...items] = rest;
      vars.set(list, [vars.get(list), ...items.map((i) => expand(i))].filter((v) => v !== undefined && v !== '').join(';'));
    } else if (name === 'project' && first !== undefined) {
      vars.set('PROJECT_NAME', expand(first));
    } else if (name === 'add_library' && /^(SHARED|MODULE)$/.test(rest[0] ?? '')) {
      libraries.push(expand(first));
    } else if (name === 'set_target_properties' || name === 'set_property') {
      const at = args.indexOf('OUTPUT_NAME');
      if (at >= 0 && args[at + 1] !== undefined) libraries.push(expand(args[at + 1]));
    } else if (name === 'configure_file' && first !== undefined) {
      const input = expand(first);
      configuredInputs.push(dirs && !input.includes(UNRESOLVED) ? path.resolve(dirs.dir, input) : input);
    }
    if (/^(configure_file|add_custom_command|add_custom_target)$/.test(name) && args.some((a) => /\.sql\b/.test(a))) generatesSql = true;
  }
  return { libraries, configuredInputs, generatesSql };
}

const CONTROL_TEMPLATE = /\.control\.(template|in)$/;

/**
 * The control-file template of a CMakeLists.txt that builds a shared library: one beside it, else
 * the existing file its configure_file reads (`${CMAKE_MODULE_PATH}/x.control.template`).
 */
export function cmakeControlTemplate(file: string, text: string, siblings: readonly string[]): string | undefined {
  const dirs = cmakeDirs(file);
  const lists = readCMakeLists(text, dirs);
  if (!lists.libraries.length) return undefined;
  const beside = siblings.find((n) => CONTROL_TEMPLATE.test(n));
  if (beside) return path.join(dirs.dir, beside);
  return lists.configuredInputs.find((input) => CONTROL_TEMPLATE.test(input) && path.isAbsolute(input) && existsSync(input));
}
