import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { PG_CONFIG } from './cluster';
import { tempDir } from '../support/tempDir';

// Fixture extensions are built where the quick fixes edited them: a temporary copy, never the source tree.

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'pg', 'fixtures');

/** A temporary copy of test/pg/fixtures/<name>, removed when the process exits. */
export function fixtureCopy(name: string): string {
  const dir = tempDir(`${path.basename(name)}-`);
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
