import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractRust, fn, outline, rustFacts } from './outline';

const GUARDS = 'pgrx-guards/src/lib.rs';

test('if unsafe { pg_sys::process_shared_preload_libraries_in_progress } is a flag test', async () => {
  const init = fn(await rustFacts(GUARDS), '_PG_init');
  assert.deepEqual(outline(init.body.slice(0, 1)), ['if FLAG', '  call pg_shmem_init! @14']);
});

test('a let bound to the flag is a local assigned from the flag, tested by name', async () => {
  const init = fn(await rustFacts(GUARDS), '_PG_init');
  assert.deepEqual(outline(init.body.slice(1, 3)), ['let preloading = FLAG @17', 'if preloading', '  call start_workers @19']);
  const [assign] = init.body.slice(1, 2);
  assert.equal(assign.k === 'assign' && assign.declaresLocal, true);
});

test('a let bound to flag && x keeps the conjunction', async () => {
  const init = fn(await rustFacts(GUARDS), '_PG_init');
  assert.deepEqual(outline(init.body.slice(3, 5)), [
    'let in_postmaster = cond (FLAG && !IsBinaryUpgrade) @22',
    'if in_postmaster',
    '  call start_workers @24',
  ]);
});

test('&& chains of unsafe blocks reduce to a conjunction with the flag', async () => {
  const init = fn(await rustFacts(GUARDS), '_PG_init');
  assert.deepEqual(outline(init.body.slice(5, 6)), ['if (FLAG && !IsBinaryUpgrade)', '  call start_workers @28']);
});

test('the negated early return is a return under !FLAG, before the guarded call', async () => {
  const init = fn(await rustFacts(GUARDS), '_PG_init');
  assert.deepEqual(outline(init.body.slice(6)), ['if !FLAG', '  return @32', 'call start_workers @34']);
});

test('error!, pgrx::error!, ereport!(PgLogLevel::ERROR, ..) and panic! raise', async () => {
  const facts = await rustFacts(GUARDS);
  assert.deepEqual(outline(fn(facts, 'refuse_with_error').body), ['if !FLAG', '  raise @48']);
  assert.deepEqual(outline(fn(facts, 'refuse_with_ereport').body), ['if !FLAG', '  raise @54']);
  assert.deepEqual(outline(fn(facts, 'refuse_with_panic').body), ['if !FLAG', '  raise @64']);
});

test('ereport! at WARNING and warning! do not raise', async () => {
  assert.deepEqual(outline(fn(await rustFacts(GUARDS), 'warn_only').body), ['if !FLAG']);
});

test('let-else runs its else block when the Option is None', async () => {
  assert.deepEqual(outline(fn(await rustFacts(GUARDS), 'refuse_with_let_else').body), [
    'if !WORKER',
    '  raise @81',
    'call wake @83',
  ]);
});

test('BackgroundWorkerBuilder::new(..)...load() is the builder load, reported on the load identifier', async () => {
  const body = fn(await rustFacts(GUARDS), 'start_workers').body;
  const load = body.find((s) => s.k === 'call' && s.callee === 'BackgroundWorkerBuilder::load');
  assert.ok(load && load.k === 'call');
  assert.deepEqual(load.loc.range.start, { line: 41, character: 9 });
  assert.equal(load.stmtLoc?.range.start.line, 37, 'the statement is the whole chain');
});

test('loops are maybe bodies, and a return inside a closure does not leave the function', async () => {
  const body = fn(await rustFacts(GUARDS), 'guards_main').body;
  assert.deepEqual(outline(body, ['attach_signal_handlers', 'from_secs', 'wait_latch', 'exclusive']), [
    'maybe',
    '  maybe',
    '    maybe',
    '      call sighup_received @93',
    '      if ?(BackgroundWorker,sighup_received)',
    '    call transaction @92',
  ]);
});

test('match on the flag with true/false arms is an if', async () => {
  const text = `fn init() {
    match unsafe { pg_sys::process_shared_preload_libraries_in_progress } {
        true => start_workers(),
        false => return,
    }
}
`;
  assert.deepEqual(outline(fn(await extractRust('/x/src/lib.rs', text), 'init').body), [
    'if FLAG',
    '  call start_workers @3',
    'else',
    '  return @4',
  ]);
});
