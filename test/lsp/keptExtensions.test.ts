import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../server/src/analysis/engine';
import { KeptExtensions } from '../../server/src/lsp/keptExtensions';
import { copyFixture } from '../support/lint';

// statkit: four extensions under modules/ of one source file each, sharing a project header
test('the worker keeps the data of open extensions and of the last others analysed within its budget', async () => {
  const dir = copyFixture('shmem-request-outside-hook/statkit');
  const engine = await Engine.create();
  const byName = new Map(engine.discover([dir]).map((e) => [e.name, e]));
  const kept = new KeptExtensions((ext) => engine.forget(ext), 2);
  const withData = () =>
    [...byName.values()].filter((e) => [...engine.cachedFiles()].some((f) => f.startsWith(e.root + path.sep))).map((e) => e.name).sort();

  for (const [name, open] of [['qcount', false], ['qwait', true], ['qtime', false], ['qlock', false]] as const) {
    const ext = byName.get(name)!;
    engine.analyzeExtension(ext, { workspaceRoot: dir });
    kept.analysed(ext, open);
  }
  // qcount was the oldest closed one over the budget of two source files; qwait is open
  assert.deepEqual(withData(), ['qlock', 'qtime', 'qwait']);

  // an extension opened later leaves the budget to the others; the one analysed last stays even when over it alone
  kept.analysed(byName.get('qtime')!, true);
  engine.analyzeExtension(byName.get('qcount')!, { workspaceRoot: dir });
  kept.analysed(byName.get('qcount')!, false);
  assert.deepEqual(withData(), ['qcount', 'qlock', 'qtime', 'qwait']);
  const big = new KeptExtensions((ext) => engine.forget(ext), 0);
  big.analysed(byName.get('qlock')!, false);
  big.analysed(byName.get('qcount')!, false);
  assert.deepEqual(withData(), ['qcount', 'qtime', 'qwait']);
});
