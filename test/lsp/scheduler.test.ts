import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisScheduler, type Analyse } from '../../server/src/lsp/scheduler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(test: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    assert.ok(Date.now() < deadline, 'timed out');
    await sleep(5);
  }
}

/** An analysis that takes `ms` and records what it started, was aborted in, and published. */
function recorder(ms: number) {
  const started: string[] = [];
  const aborted: string[] = [];
  const published: string[] = [];
  const analyse: Analyse = async (root, signal) => {
    const n = started.push(root);
    signal.addEventListener('abort', () => aborted.push(root));
    await sleep(ms);
    return () => void published.push(`${root}#${n}`);
  };
  return { analyse, started, aborted, published };
}

describe('analysis scheduler', () => {
  it('analyses an extension at once the first time, and once per burst of edits afterwards when analyses are costly', async () => {
    const r = recorder(150);
    const s = new AnalysisScheduler(r.analyse, assert.fail, 300);
    s.changed('/ext');
    await until(() => r.published.length === 1);
    for (let i = 0; i < 5; i++) {
      s.changed('/ext');
      await sleep(10);
    }
    assert.deepEqual(r.started, ['/ext'], 'nothing runs while edits keep coming');
    await until(() => r.published.length === 2);
    assert.deepEqual(r.published, ['/ext#1', '/ext#2']);
  });

  it('starts a cheap analysis at once after an edit, without the debounce', async () => {
    const r = recorder(1);
    const s = new AnalysisScheduler(r.analyse, assert.fail, 10_000);
    s.changed('/ext');
    await until(() => r.published.length === 1);
    s.changed('/ext');
    await until(() => r.published.length === 2, 1000);
  });

  it('under continuous typing still publishes a result once the editor has waited maxStaleMs', async () => {
    const r = recorder(120);
    const s = new AnalysisScheduler(r.analyse, assert.fail, 50, undefined, 300);
    s.changed('/ext');
    await until(() => r.published.length === 1);
    const typing = Date.now();
    // an edit every 20 ms for 1.5 s: every analysis is overtaken by a newer edit
    while (Date.now() - typing < 1500) {
      s.changed('/ext');
      await sleep(20);
    }
    assert.ok(r.published.length >= 3, `results published while typing: ${r.published.join(', ')}`);
    assert.ok(r.aborted.length >= 1, 'younger analyses are still aborted');
  });

  it('aborts a running analysis when its extension changes and never publishes its result', async () => {
    const r = recorder(200);
    const s = new AnalysisScheduler(r.analyse, assert.fail, 10);
    s.changed('/ext');
    await until(() => r.started.length === 1);
    s.changed('/ext');
    await until(() => r.published.length === 1);
    assert.deepEqual(r.aborted, ['/ext']);
    assert.deepEqual(r.published, ['/ext#2']);
  });

  it('runs extensions with open documents before background indexing', async () => {
    const r = recorder(5);
    const s = new AnalysisScheduler(r.analyse, assert.fail, 10);
    const done: number[] = [];
    const indexed = s.index(['/a', '/b', '/c'], (n) => done.push(n));
    s.changed('/c');
    await indexed;
    assert.deepEqual(r.started, ['/c', '/a', '/b'], '/c is not analysed twice');
    assert.deepEqual(done, [1, 2, 3]);
  });

  it('reports a failed analysis and goes on with the next one', async () => {
    const errors: string[] = [];
    const s = new AnalysisScheduler(
      async (root) => {
        if (root === '/bad') throw new Error('front end crashed');
        return () => void errors.push(`published ${root}`);
      },
      (root, e) => errors.push(`${root}: ${(e as Error).message}`),
    );
    await s.index(['/bad', '/good'], () => {});
    assert.deepEqual(errors, ['/bad: front end crashed', 'published /good']);
  });
});
