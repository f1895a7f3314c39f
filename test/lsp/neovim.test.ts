import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { tempDir } from '../support/tempDir';

// Neovim as a second real client, configured with the init.lua of docs/editors.md taken verbatim
// from the page: the snippet for the installed Neovim runs, the other is skipped (Debian 12 has 0.7.2).

const REPO = path.resolve(__dirname, '..', '..', '..');
const HARNESS = path.join(REPO, 'test', 'lsp', 'nvim-harness.lua');
const ROOT = path.join(REPO, 'test', 'fixtures', 'nvim-rowquota');

/** The first ```lua block under the given heading of docs/editors.md. */
function documentedSnippet(heading: string): string {
  const page = readFileSync(path.join(REPO, 'docs', 'editors.md'), 'utf8');
  const at = page.indexOf(`\n### ${heading}\n`);
  assert.ok(at >= 0, `docs/editors.md has no "### ${heading}" section`);
  const block = /```lua\n([\s\S]*?)```/.exec(page.slice(at));
  assert.ok(block, `no lua block under "### ${heading}"`);
  return block[1];
}

function installedNeovim(): [number, number] | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  const m = r.status === 0 ? /NVIM v(\d+)\.(\d+)/.exec(r.stdout) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const SNIPPETS: { heading: string; runsOn: (v: [number, number]) => boolean }[] = [
  { heading: 'Neovim 0.10 and later', runsOn: ([major, minor]) => major > 0 || minor >= 10 },
  { heading: 'Neovim 0.7 to 0.9', runsOn: ([major, minor]) => major === 0 && minor >= 7 && minor <= 9 },
];

interface Seen {
  c: { filetype: string; diagnostics: string[] };
  control: { filetype: string; diagnostics: string[] };
  template_filetype: string;
  clients: number;
}

/** Runs nvim with the snippet as its only configuration and pgext-lint-server on the PATH, as a user would. */
function runNeovim(snippet: string): Seen {
  const work = tempDir('pgext-lint-nvim-');
  const init = path.join(work, 'init.lua');
  writeFileSync(init, snippet);
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(path.join(REPO, 'bin', 'pgext-lint-server.js'), path.join(bin, 'pgext-lint-server'));
  const out = path.join(work, 'seen.json');
  const r = spawnSync('nvim', ['--headless', '-u', init, '-i', 'NONE', '-n', path.join(ROOT, 'rowquota.c'), '-c', `luafile ${HARNESS}`], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      XDG_CONFIG_HOME: path.join(work, 'config'),
      XDG_DATA_HOME: path.join(work, 'data'),
      XDG_STATE_HOME: path.join(work, 'state'),
      PGEXT_LINT_OUT: out,
      PGEXT_LINT_CONTROL: path.join(ROOT, 'rowquota.control'),
      PGEXT_LINT_TEMPLATE: path.join(work, 'new_ext.control.in'),
    },
    encoding: 'utf8',
    timeout: 90_000,
  });
  assert.equal(r.status, 0, `nvim failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8'));
}

describe('Neovim with the configuration of docs/editors.md', () => {
  const version = installedNeovim();
  for (const { heading, runsOn } of SNIPPETS) {
    const skip = !version ? 'nvim is not installed' : runsOn(version) ? false : `for another version than the installed Neovim ${version.join('.')}`;
    it(`"${heading}": control files are pgcontrol; C and control-file diagnostics come from one pgext-lint-server`, { skip }, () => {
      const seen = runNeovim(documentedSnippet(heading));
      assert.equal(seen.c.filetype, 'c');
      assert.deepEqual(seen.c.diagnostics, ['postmaster-guc-outside-preload 19 pgext-lint']);
      assert.equal(seen.control.filetype, 'pgcontrol');
      assert.deepEqual(seen.control.diagnostics, ['control-invalid-value 5 pgext-lint']);
      assert.equal(seen.template_filetype, 'pgcontrol');
      assert.equal(seen.clients, 1);
    });
  }
});
