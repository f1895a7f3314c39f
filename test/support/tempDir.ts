import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { whenThisProcessDies } from './watchdog';

// Every temporary folder of the tests and benchmarks. node's runner gives each test file a process of
// its own, so a folder lives as long as its file's process: they all sit in one folder per process,
// removed when the process exits. A test killed by a signal (the runner's timeout, Ctrl-C) runs no exit
// hook: the watchdog removes the folder then.

let processRoot: string | undefined;

function root(): string {
  if (processRoot) return processRoot;
  const dir = mkdtempSync(path.join(tmpdir(), `pgext-lint-${process.pid}-`));
  const watchdog = whenThisProcessDies('rm -rf "$2"', [dir]);
  process.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
    watchdog.kill();
  });
  return (processRoot = dir);
}

/** A new empty folder named `prefix` + a unique suffix, removed when this process ends. */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(root(), prefix));
}

/** A new temporary folder holding `files` (path relative to it → content). */
export function tempTree(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('pgext-lint-test-');
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}
