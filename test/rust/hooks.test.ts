import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractRust, fn, outline, rustFacts } from './outline';

const HOOKS = 'pgrx-hooks/src/lib.rs';

test('if let Some(prev) = PREV { prev(..) } else { standard_X(..) } calls PREV when it is set', async () => {
  assert.deepEqual(outline(fn(await rustFacts(HOOKS), 'hooks_executor_start').body), [
    'if PREV_EXECUTOR_START',
    '  call PREV_EXECUTOR_START @25',
    'else',
    '  call standard_ExecutorStart @27',
  ]);
});

test('match PREV { Some(p) => p(..), None => standard_X(..) } has the shape of if/else', async () => {
  assert.deepEqual(outline(fn(await rustFacts(HOOKS), 'hooks_executor_end').body), [
    'if PREV_EXECUTOR_END',
    '  call PREV_EXECUTOR_END @34',
    'else',
    '  call standard_ExecutorEnd @35',
  ]);
});

test('a OnceCell previous hook is matched through get().copied().flatten() with a _ fallback', async () => {
  assert.deepEqual(outline(fn(await rustFacts(HOOKS), 'hooks_planner').body), [
    'if PREV_PLANNER',
    '  call PREV_PLANNER @47',
    'else',
    '  call standard_planner @48',
  ]);
});

test('PREV.unwrap()(..) and PREV.expect(..)(..) are unwrapped calls of PREV; is_some() tests PREV', async () => {
  assert.deepEqual(outline(fn(await rustFacts(HOOKS), 'hooks_emit_log').body), [
    'if PREV_EMIT_LOG',
    '  call PREV_EMIT_LOG unwrapped @55',
    'call PREV_EMIT_LOG unwrapped @57',
  ]);
});

test('is_none() is a negated test, and a local bound to PREV.unwrap() calls PREV unwrapped', async () => {
  assert.deepEqual(outline(fn(await rustFacts(HOOKS), 'hooks_check_password').body), [
    'if !PREV_CHECK_PASSWORD',
    '  return @69',
    'let prev = PREV_CHECK_PASSWORD @71',
    'call PREV_CHECK_PASSWORD unwrapped @72',
  ]);
});

test('let Some(prev) = PREV else { return } tests PREV and binds prev to it', async () => {
  assert.deepEqual(outline(fn(await rustFacts(HOOKS), 'hooks_object_access').body), [
    'if !PREV_OBJECT_ACCESS',
    '  return @84',
    'call PREV_OBJECT_ACCESS @86',
  ]);
});

test('saves into static mut, OnceCell::set, UnsafeCell::get and Some(..) wrappers, then installs Some(f)', async () => {
  assert.deepEqual(outline(fn(await rustFacts(HOOKS), '_PG_init').body, ['unwrap']), [
    'block',
    '  PREV_EXECUTOR_START = ExecutorStart_hook @92',
    '  ExecutorStart_hook = hooks_executor_start @93',
    '  PREV_EXECUTOR_END = ExecutorEnd_hook @94',
    '  ExecutorEnd_hook = hooks_executor_end @95',
    '  PREV_PLANNER = planner_hook @96',
    '  planner_hook = hooks_planner @97',
    '  PREV_UTILITY = ProcessUtility_hook @98',
    '  PREV_EMIT_LOG = emit_log_hook @99',
    '  SAVED_SHMEM_STARTUP = shmem_startup_hook @100',
    '  emit_log_hook = hooks_emit_log @101',
    '  PREV_CHECK_PASSWORD = check_password_hook @102',
    '  check_password_hook = hooks_check_password @103',
    '  PREV_OBJECT_ACCESS = object_access_hook @104',
    '  object_access_hook = hooks_object_access @105',
    '  call register_hook @106',
  ]);
});

test('restores assign the saved value or NULL for None', async () => {
  assert.deepEqual(outline(fn(await rustFacts(HOOKS), '_PG_fini').body), [
    'block',
    '  ExecutorStart_hook = PREV_EXECUTOR_START @113',
    '  emit_log_hook = NULL @114',
  ]);
});

test('hook statics are file-scope variables with their type as written', async () => {
  const facts = await rustFacts(HOOKS);
  const types = Object.fromEntries(facts.variables.map((v) => [v.name, v.type]));
  assert.equal(types.PREV_EXECUTOR_START, 'pg_sys::ExecutorStart_hook_type');
  assert.equal(types.PREV_PLANNER, 'OnceCell<pg_sys::planner_hook_type>');
  assert.equal(types.SAVED_SHMEM_STARTUP, 'Option<pg_sys::shmem_startup_hook_type>');
  assert.ok(facts.variables.every((v) => v.isStatic));
});

test('the hook install is located on the whole assignment statement', async () => {
  const body = fn(await rustFacts(HOOKS), '_PG_init').body;
  const block = body[0];
  assert.ok(block.k === 'block');
  const install = block.body.find((s) => s.k === 'assign' && s.target === 'ExecutorStart_hook');
  assert.ok(install && install.k === 'assign');
  assert.deepEqual(install.loc.range, { start: { line: 92, character: 8 }, end: { line: 92, character: 64 } });
  assert.equal(install.targetLoc.range.start.character, 8);
});

test('a map of previous hooks keyed per scan type saves through entry().insert() and calls through get()', async () => {
  const text = `fn register<CS>() {
    static mut PREV_HOOKS: Lazy<HashMap<TypeId, pg_sys::set_rel_pathlist_hook_type>> = Lazy::new(Default::default);
    extern "C-unwind" fn callback<CS>(root: *mut pg_sys::PlannerInfo) {
        if let Some(Some(prev_hook)) = PREV_HOOKS.get(&TypeId::of::<CS>()) {
            (*prev_hook)(root);
        }
    }
    match PREV_HOOKS.entry(TypeId::of::<CS>()) {
        Entry::Occupied(_) => panic!("already registered"),
        Entry::Vacant(entry) => entry.insert(pg_sys::set_rel_pathlist_hook),
    };
    pg_sys::set_rel_pathlist_hook = Some(callback::<CS>);
}
`;
  const facts = await extractRust('/x/src/hook.rs', text);
  assert.deepEqual(outline(fn(facts, 'callback').body), ['if PREV_HOOKS', '  call PREV_HOOKS @5']);
  assert.deepEqual(outline(fn(facts, 'register').body, ['of', 'entry']), [
    'maybe',
    '  raise @9',
    'maybe',
    '  PREV_HOOKS = set_rel_pathlist_hook @10',
    'set_rel_pathlist_hook = callback @12',
  ]);
  assert.deepEqual(facts.variables.map((v) => v.name), ['PREV_HOOKS']);
});

test('Option::replace, mem::replace and take() save the old hook before storing the new one', async () => {
  const text = `fn _PG_init() {
    unsafe {
        PREV_START = pg_sys::ExecutorStart_hook.replace(my_start);
        PREV_END = std::mem::replace(&mut pg_sys::ExecutorEnd_hook, Some(my_end));
        let saved = pg_sys::emit_log_hook.take();
    }
}
`;
  assert.deepEqual(outline(fn(await extractRust('/x/src/lib.rs', text), '_PG_init').body), [
    'block',
    '  PREV_START = ExecutorStart_hook @3',
    '  ExecutorStart_hook = my_start @3',
    '  PREV_END = ExecutorEnd_hook @4',
    '  ExecutorEnd_hook = my_end @4',
    '  let saved = emit_log_hook @5',
    '  emit_log_hook = NULL @5',
  ]);
});
