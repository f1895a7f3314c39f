import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine, type LintSettings } from '../../server/src/analysis/engine';
import type { ExtensionView } from '../../server/src/analysis/model/view';
import { copyFixture } from '../support/lint';

/**
 * Memoised results are kept by the questions their computation asked: a later view, of another target
 * version or of the analysis after an edit, takes a result when the same questions get the same answers,
 * and computes it again otherwise.
 */

async function setUp() {
  const dir = copyFixture('shmem-request-outside-hook/statkit');
  const file = path.join(dir, 'modules/qcount/qcount.c');
  const settings: LintSettings = { workspaceRoot: dir, pgVersions: [14, 15, 16] };
  const engine = await Engine.create();
  const overlays = new Map<string, string>();
  let text = readFileSync(file, 'utf8');
  // the file is open in the editor from the start, as the server has it
  overlays.set(file, text);
  const ext = engine.discover([path.dirname(file)]).find((e) => e.sourceFiles.includes(file))!;
  return {
    file,
    /** the views of a new analysis, one per target version */
    analysis: (): ExtensionView[] => engine.views(ext, settings, { overlay: (f) => overlays.get(f) }),
    edit(from: string, to: string): void {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
      overlays.set(file, text);
    },
  };
}

test('a result is taken by the next analysis while its questions get the same answers', async () => {
  const { file, analysis, edit } = await setUp();
  let computed = 0;
  const startup = (view: ExtensionView) => {
    computed++;
    return view.resolve('qcount_shmem_startup', file)?.bodyLoc.range.end.line;
  };
  const latest = () => analysis().at(-1)!.memo('test.startup', startup);
  assert.equal(latest(), 57);
  assert.equal(computed, 1);
  // another function's body: the function asked about is the same object, so the answer is the same
  edit('PG_RETURN_INT64(state ? state->total : 0);', 'PG_RETURN_INT64(state ? state->total : -1);');
  assert.equal(latest(), 57);
  assert.equal(computed, 1);
  // the function asked about changed: the result is computed again, and it moved
  edit('\tLWLockRelease(AddinShmemInitLock);\n', '\tLWLockRelease(AddinShmemInitLock);\n\tstate->total = 0;\n');
  assert.equal(latest(), 58);
  assert.equal(computed, 2);
});

test('the versions of one analysis share a result unless a version question it asked gets another answer', async () => {
  const { analysis } = await setUp();
  let computed = 0;
  const requestHook = (view: ExtensionView) => {
    computed++;
    return view.since(15) ? 'shmem_request_hook' : '_PG_init';
  };
  const [v14, v15, v16] = analysis();
  assert.equal(v14.memo('test.where', requestHook), '_PG_init');
  assert.equal(v15.memo('test.where', requestHook), 'shmem_request_hook');
  assert.equal(v16.memo('test.where', requestHook), 'shmem_request_hook');
  // 16 answers since(15) as 15 did
  assert.equal(computed, 2);
});

test('a result computed again equal to the kept one is the kept one, so what read it is kept too', async () => {
  const { file, analysis, edit } = await setUp();
  let names = 0;
  let counts = 0;
  // the names of some functions of qcount.c: an edit of a body makes a new function, under the same name
  const defined = (view: ExtensionView) => {
    names++;
    return new Set(['qcount_shmem_startup', 'qcount_total', '_PG_init'].filter((name) => view.resolve(name, file)));
  };
  const count = (view: ExtensionView) => {
    counts++;
    return view.memo('test.defined', defined).size;
  };
  assert.equal(analysis()[0].memo('test.count', count), 3);
  edit('\tLWLockRelease(AddinShmemInitLock);\n', '\tLWLockRelease(AddinShmemInitLock);\n\tstate->total = 0;\n');
  assert.equal(analysis()[0].memo('test.count', count), 3);
  assert.deepEqual([names, counts], [2, 1]);
  // a function renamed: the set differs, and what read it is computed again
  edit('qcount_total(PG_FUNCTION_ARGS)', 'qcount_sum(PG_FUNCTION_ARGS)');
  assert.equal(analysis()[0].memo('test.count', count), 2);
  assert.deepEqual([names, counts], [3, 2]);
});

test('a scan is read again only when a summary changes', async () => {
  const { analysis, edit } = await setUp();
  let computed = 0;
  const callers = (view: ExtensionView) => {
    computed++;
    // a summary is made afresh for a function edited: one alike is as good as the kept one
    const shapes = view.scan('test.shapes', (fn) => [{ name: fn.name, requests: fn.body.some((s) => s.k === 'call' && s.callee === 'RequestAddinShmemSpace') }]);
    return shapes.filter((s) => s.requests).map((s) => s.name).join(',');
  };
  const latest = () => analysis().at(-1)!.memo('test.callers', callers);
  assert.equal(latest(), 'qcount_shmem_request');
  edit('\tLWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);\n', '\tLWLockAcquire(AddinShmemInitLock, LW_SHARED);\n');
  assert.equal(latest(), 'qcount_shmem_request');
  assert.equal(computed, 1);
  edit('\tLWLockAcquire(AddinShmemInitLock, LW_SHARED);\n', '\tRequestAddinShmemSpace(64);\n\tLWLockAcquire(AddinShmemInitLock, LW_SHARED);\n');
  assert.equal(latest(), 'qcount_shmem_request,qcount_shmem_startup');
  assert.equal(computed, 2);
});

test('a result read while it is being computed gives its provisional answer, and what read that is not kept', async () => {
  const { analysis } = await setUp();
  const view = analysis()[0];
  let even = 0;
  // a cycle: isEven asks isOdd, which asks isEven before it is known
  const isEven = (v: ExtensionView): boolean => {
    even++;
    return !v.memo('test.odd', isOdd, false);
  };
  const isOdd = (v: ExtensionView): boolean => !v.memo('test.even', isEven, true);
  assert.equal(view.memo('test.even', isEven, true), true);
  assert.equal(even, 1);
  // isOdd read a provisional answer: asked itself, it is computed again, from isEven's final answer
  assert.equal(view.memo('test.odd', isOdd, false), false);
  assert.equal(view.memo('test.even', isEven, true), true);
  assert.equal(even, 1);
  assert.throws(() => view.memo('test.self', (v): number => v.memo('test.self', () => 0)), /depends on itself/);
});

test('reports between two analyses let go of nothing the last analysis kept', async () => {
  const dir = copyFixture('shmem-request-outside-hook/statkit');
  const file = path.join(dir, 'modules/qcount/qcount.c');
  const engine = await Engine.create();
  const ext = engine.discover([path.dirname(file)]).find((e) => e.sourceFiles.includes(file))!;
  const settings: LintSettings = { workspaceRoot: dir, pgVersions: [15] };
  engine.analyzeExtension(ext, settings);
  // two preload reports (views of the code without an analysis), each taking a result of its own
  for (let i = 0; i < 2; i++) engine.views(ext, settings)[0].memo('test.report', () => i);
  let computed = 0;
  // the rule's run kept by the analysis is still there to take
  engine.views(ext, settings)[0].memo('rule:fini-never-called', () => {
    computed++;
    return { findings: [] };
  });
  assert.equal(computed, 0);
});
