import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** A throwaway folder holding `files` (relative path → content), for inputs too odd to commit. */
export function tempTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pgext-lint-test-'));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(root, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return root;
}
