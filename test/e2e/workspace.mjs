// The workspace both runners open: copies of the acceptance cases the suite uses, in a temp folder, so
// that the quick fix edits a copy and never ../shared/acceptance.
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ACCEPTANCE = path.join(repoRoot, '..', 'shared', 'acceptance');

/** The cases test/e2e/suite/index.js opens. */
const CASES = ['02-postmaster-guc-unguarded', '21-control-parameters', '26-pgrx-postmaster-guc-unguarded'];

export function makeWorkspace(/** @type {string} */ dir) {
  mkdirSync(dir, { recursive: true });
  for (const name of CASES) cpSync(path.join(ACCEPTANCE, name), path.join(dir, name), { recursive: true });
  return dir;
}
