import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { Engine } from '../../server/src/analysis/engine';
import type { ExtensionInfo } from '../../server/src/analysis/model/model';
import { check } from '../../server/src/cli/commands/check';
import { copyFixture } from '../support/lint';

// statkit: four extensions under modules/, each including the project's version header from
// include/statkit/ (outside its own folder) through its build file's include directories.
const PROJECT_HEADER = path.join('include', 'statkit', 'pg_versions.h');

/** Runs `pgext-lint check` in this process, telling what the engine had cached when each extension's analysis started. */
async function checkRecordingCaches(dir: string): Promise<{ status: number; cachedAtStart: Map<string, string[]>; cachedAtEnd: string[] }> {
  const cachedAtStart = new Map<string, string[]>();
  let engine: Engine | undefined;
  const create = Engine.create;
  Engine.create = async () => {
    const e = await create();
    const analyze = e.analyzeExtension.bind(e);
    e.analyzeExtension = (ext: ExtensionInfo, ...rest) => {
      cachedAtStart.set(path.basename(ext.root), [...e.cachedFiles()].map((f) => path.relative(dir, f)));
      return analyze(ext, ...rest);
    };
    engine = e;
    return e;
  };
  try {
    const status = await check.run([dir, '--format', 'json'], { cwd: dir, out: () => undefined, err: () => undefined, errIsTTY: false });
    return { status, cachedAtStart, cachedAtEnd: [...engine!.cachedFiles()] };
  } finally {
    Engine.create = create;
  }
}

test('check drops each extension\'s texts, searches and facts once its findings are out', async () => {
  const dir = copyFixture('shmem-request-outside-hook/statkit');
  const { status, cachedAtStart, cachedAtEnd } = await checkRecordingCaches(dir);
  assert.equal(status, 1);
  assert.deepEqual([...cachedAtStart.keys()].sort(), ['qcount', 'qlock', 'qtime', 'qwait']);
  // every analysis starts from an empty cache: nothing of the extensions before it, not even the project header they all read
  for (const [ext, cached] of cachedAtStart) assert.deepEqual(cached, [], ext);
  assert.deepEqual(cachedAtEnd, []);
});

test('an extension forgotten and analysed again has the same findings; the other extensions keep their data', async () => {
  const dir = copyFixture('shmem-request-outside-hook/statkit');
  const engine = await Engine.create();
  const exts = engine.discover([dir]);
  // qwait: the one with findings (its own version test is off by one)
  const first = exts.find((e) => e.name === 'qwait')!;
  const others = exts.filter((e) => e !== first);
  const settings = { workspaceRoot: dir };
  const before = engine.analyzeExtension(first, settings);
  for (const ext of others) engine.analyzeExtension(ext, settings);
  const ownFiles = (ext: ExtensionInfo) => [...engine.cachedFiles()].filter((f) => f.startsWith(ext.root + path.sep));
  assert.ok(ownFiles(first).length > 0);
  assert.ok([...engine.cachedFiles()].includes(path.join(dir, PROJECT_HEADER)));

  engine.forget(first);
  assert.deepEqual(ownFiles(first), []);
  for (const ext of others) assert.ok(ownFiles(ext).length > 0, ext.name);
  assert.deepEqual(engine.analyzeExtension(first, settings), before);
  assert.ok(before.some((f) => f.rule === 'shmem-request-outside-hook'), 'the fixture has findings to compare');
});
