import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { brief, lintDir } from '../support/lint';
import { FIXTURES } from './outline';

async function findings(fixture: string): Promise<string[]> {
  const dir = path.join(FIXTURES, fixture);
  return brief(dir, await lintDir(dir));
}

test('every pgrx guard form keeps the preload-only work of a crate quiet', async () => {
  assert.deepEqual(await findings('pgrx-guards'), []);
});

test('reports Postmaster GUCs in the pgrx 0.9 and 0.16 forms, a pgrx::GucContext path and an imported variant', async () => {
  assert.deepEqual(await findings('pgrx-gucs'), [
    'src/lib.rs:26 postmaster-guc-outside-preload',
    'src/lib.rs:36 postmaster-guc-outside-preload',
    'src/lib.rs:38 postmaster-guc-outside-preload',
  ]);
});

test('saved and chained pgrx hooks are quiet except the expect() outside the is_some() test', async () => {
  assert.deepEqual(await findings('pgrx-hooks'), ['src/lib.rs:111 fini-never-called', 'src/lib.rs:57 previous-hook-unchecked']);
});

test('version-dependent prefix reservation counts on every version', async () => {
  assert.deepEqual(await findings('pgrx-cfg'), []);
});

test('calls reach the init of the module their path names, not a same-named one elsewhere', async () => {
  assert.deepEqual(await findings('pgrx-modules'), ['src/workers/mod.rs:22 preload-api-outside-preload']);
});
