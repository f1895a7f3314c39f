import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(REPO, 'test', 'lsp', 'nvim-diagnostics.lua');
const SERVER = path.join(REPO, 'bin', 'pgext-lint-server.js');
const ROOT = path.join(REPO, 'test', 'fixtures', 'lsp-tenant_limits');

const nvim = spawnSync('nvim', ['--version']).status === 0;

describe('Neovim as the client', { skip: nvim ? false : 'nvim is not installed' }, () => {
  it('receives the diagnostics of the opened file, with rule ids, from pgext-lint-server --stdio', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'pgext-lint-nvim-')), 'diagnostics.txt');
    execFileSync('nvim', ['--headless', '--clean', '-n', '-c', `luafile ${SCRIPT}`], {
      env: { ...process.env, PGEXT_LINT_SERVER: SERVER, PGEXT_LINT_ROOT: ROOT, PGEXT_LINT_FILE: path.join(ROOT, 'src', 'guc.c'), PGEXT_LINT_OUT: out },
      timeout: 60000,
      stdio: 'ignore',
    });
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n'), ['postmaster-guc-outside-preload 17 pgext-lint']);
  });
});
