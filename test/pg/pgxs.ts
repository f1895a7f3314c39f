import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PG_CONFIG } from './cluster';

// Fixture extensions are built where the quick fixes edited them: a temporary copy, never the source tree.

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'pg', 'fixtures');

const copies: string[] = [];
process.on('exit', () => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A temporary copy of test/pg/fixtures/<name>, removed when the process exits. */
export function fixtureCopy(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `pgext-lint-pg-${path.basename(name)}-`));
  copies.push(dir);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

/**
 * `make` with PGXS against PostgreSQL 15 in `dir`; returns the built shared library. Bitcode for the JIT
 * (with_llvm) is skipped: it doubles the build time and no scenario uses the JIT.
 */
export function buildWithPgxs(dir: string): string {
  const r = spawnSync('make', ['-s', `PG_CONFIG=${PG_CONFIG}`, 'with_llvm=no'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make failed in ${dir}:\n${r.stdout}${r.stderr}`);
  const built = readdirSync(dir).filter((f) => f.endsWith('.so'));
  if (built.length !== 1) throw new Error(`expected one shared library in ${dir}, found ${built.join(', ') || 'none'}`);
  return path.join(dir, built[0]);
}
