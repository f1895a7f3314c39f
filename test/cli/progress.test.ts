import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { Progress } from '../../server/src/cli/progress';

describe('progress on stderr', () => {
  it('writes nothing when stderr is not a terminal, however long the scan', async () => {
    let written = '';
    const p = new Progress(40, (t) => (written += t), false);
    await sleep(600);
    p.step(1, 'contrib/foo');
    p.interrupt(() => (written += 'message\n'));
    p.done();
    assert.equal(written, 'message\n');
  });

  it('on a terminal, stays quiet for a short scan', () => {
    let written = '';
    const p = new Progress(2, (t) => (written += t), true);
    p.step(1, 'a');
    p.step(2, 'b');
    p.done();
    assert.equal(written, '');
  });

  it('on a terminal, rewrites one [n/total] line once the scan is long, clears it for messages and at the end', async () => {
    let written = '';
    const p = new Progress(40, (t) => (written += t), true);
    await sleep(600);
    p.step(3, 'contrib/foo');
    p.interrupt(() => (written += 'pgext-lint: skipped x.c: binary file\n'));
    p.step(4, 'contrib/bar');
    p.done();
    assert.equal(
      written,
      '\r[3/40] contrib/foo\x1b[K\r\x1b[Kpgext-lint: skipped x.c: binary file\n\r[4/40] contrib/bar\x1b[K\r\x1b[K',
    );
  });
});
