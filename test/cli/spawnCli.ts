import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** Runs the real CLI the way users do (`node bin/pgext-lint.js ...`); shared by the CLI and config tests. */

/** The repository root, from out/test/cli/ where the compiled tests live. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

const BIN = path.join(REPO_ROOT, 'bin', 'pgext-lint.js');

export function fixture(name: string): string {
  return path.join(REPO_ROOT, 'test', 'fixtures', name);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function pgextLint(args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
