import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigResolver, describeConfigError } from '../analysis/config';
import type { ExtensionInfo } from '../analysis/model/model';
import { isWithin } from '../analysis/semantics/workspace';
import { UsageError, type CliIO } from './command';
import { displayPath } from './formats/report';

/** What the commands that scan extensions run on: the given paths and the configurations governing them. */

/** The PATH arguments (default: the current folder) as absolute paths; a missing one is a usage error. */
export function givenPaths(positionals: string[], io: CliIO): string[] {
  const given = positionals.length ? positionals : ['.'];
  // said as the user wrote it: `../x`, `~/ext` expanded by the shell, or an absolute path
  const missing = given.filter((p) => !existsSync(path.resolve(io.cwd, p)));
  if (missing.length) throw new UsageError(missing.map((p) => `no such file or directory: ${p}`).join('\n'));
  return given.map((p) => path.resolve(io.cwd, p));
}

/**
 * The configurations for a run: `--config FILE` or the files found above each path. Those of the
 * given paths are loaded first, so a broken one stops the run before any work.
 */
export function loadConfigs(paths: string[], configFile: string | undefined, io: CliIO): ConfigResolver {
  const configs = new ConfigResolver(configFile === undefined ? undefined : path.resolve(io.cwd, configFile));
  for (const p of paths) configs.configFor(statSync(p).isDirectory() ? p : path.dirname(p));
  failOnConfigErrors(configs, io);
  return configs;
}

/** Configuration files met during discovery (below the given paths) can be broken too: call after it. */
export function failOnConfigErrors(configs: ConfigResolver, io: CliIO): void {
  if (!configs.errors.length) return;
  throw new UsageError(configs.errors.map((e) => describeConfigError({ ...e, file: displayPath(e.file, io.cwd) })).join('\n'));
}

/**
 * A path that holds no extension is a usage error, as ESLint's unmatched patterns are: a typo or a
 * misread project must not pass CI silently.
 */
export function failOnPathsWithoutExtension(paths: string[], extensions: ExtensionInfo[], io: CliIO): void {
  const empty = paths.filter((p) => !extensions.some((e) => isWithin(e.root, p) || isWithin(p, e.root)));
  if (!empty.length) return;
  throw new UsageError(empty.map((p) => `no PostgreSQL extension found in ${displayPath(p, io.cwd) || '.'}`).join('\n'));
}

/**
 * The folder an extension's documentation is read up to when no .git bounds it: the outermost given
 * folder holding the extension (never the current directory, which must not change findings).
 */
export function givenFolderOf(root: string, paths: string[]): string | undefined {
  return paths.filter((p) => isWithin(root, p)).sort((a, b) => a.length - b.length)[0];
}
