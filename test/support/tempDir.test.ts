import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { waitUntil } from '../lsp/harness';

// A process that makes two temporary folders (one with files) and prints them; with `hang` it then
// waits to be killed.
const CHILD = `
const { tempDir, tempTree } = require(${JSON.stringify(path.join(__dirname, 'tempDir.js'))});
console.log(JSON.stringify([tempDir('pgext-lint-check-'), tempTree({ 'a/b.c': 'int x;\\n' })]));
if (process.argv[1] === 'hang') setInterval(() => {}, 1000);
`;

describe('temporary folders', () => {
  it('are removed, with everything in them, when the process exits', () => {
    const r = spawnSync(process.execPath, ['-e', CHILD], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const dirs: string[] = JSON.parse(r.stdout);
    assert.equal(dirs.length, 2);
    assert.equal(path.dirname(dirs[0]), path.dirname(dirs[1]), 'one folder per process');
    for (const dir of [...dirs, path.dirname(dirs[0])]) assert.ok(!existsSync(dir), `${dir} is left`);
  });

  it('are removed when the process is killed (no exit hook runs then)', async () => {
    const child = spawn(process.execPath, ['-e', CHILD, 'hang'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    await waitUntil(() => out.includes('\n'), 10_000);
    const dirs: string[] = JSON.parse(out);
    for (const dir of dirs) assert.ok(existsSync(dir), `${dir} exists while the process runs`);
    child.kill('SIGKILL');
    const root = path.dirname(dirs[0]);
    await waitUntil(() => !existsSync(root), 10_000).catch(() => assert.fail(`${root} is left after the kill`));
  });
});
