import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallStmt } from '../../server/src/analysis/model/model';
import { fn, rustFacts } from './outline';

async function gucCalls(): Promise<CallStmt[]> {
  const init = fn(await rustFacts('pgrx-gucs/src/lib.rs'), '_PG_init');
  const calls: CallStmt[] = [];
  const visit = (stmts: typeof init.body) => {
    for (const s of stmts) {
      if (s.k === 'call' && /guc|GUCPrefix|Placeholders/.test(s.callee)) calls.push(s);
      if (s.k === 'block' || s.k === 'maybe') visit(s.body);
    }
  };
  visit(init.body);
  return calls;
}

/** callee, the GUC name argument's string, and the names of path arguments (the context among them) */
const brief = (c: CallStmt) => [c.callee, c.args[0]?.str, c.args.filter((a) => a.name).map((a) => a.name)];

test('define_*_guc calls carry the GUC name as str and the context as the last path segment, in any position', async () => {
  const calls = await gucCalls();
  assert.deepEqual(calls.slice(0, 6).map(brief), [
    ['define_int_guc', 'gucs.workers', ['WORKERS', 'Postmaster']],
    ['define_bool_guc', 'gucs.enabled', ['ENABLED', 'Postmaster']],
    ['define_float_guc', 'gucs.ratio', ['RATIO', 'Suset']],
    ['define_string_guc', 'gucs.socket', ['SOCKET', 'Postmaster']],
    ['define_enum_guc', 'gucs.mode', ['MODE', 'Userset']],
    ['define_int_guc_with_hooks', 'gucs.limit', ['LIMIT_NAME', 'LIMIT', 'Sighup', 'None', 'None']],
  ]);
});

test('the context argument sits where each pgrx version puts it', async () => {
  const [int09, bool] = await gucCalls();
  assert.equal(int09.args.findIndex((a) => a.name === 'Postmaster'), 6);
  assert.equal(bool.args.findIndex((a) => a.name === 'Postmaster'), 4);
});

test('a GUC call is located on define_*_guc, its statement covers the whole call', async () => {
  const [int09] = await gucCalls();
  assert.deepEqual(int09.loc.range, { start: { line: 25, character: 17 }, end: { line: 25, character: 31 } });
  assert.equal(int09.stmtLoc?.range.start.line, 25);
  assert.equal(int09.stmtLoc?.range.end.line, 34);
  assert.equal(int09.args[0].text, '"gucs.workers"');
});

test('prefix reservations see through CStr::from_bytes_with_nul(b"..\\0") and "..".as_pg_cstr()', async () => {
  const calls = await gucCalls();
  assert.deepEqual(calls.slice(6).map((c) => [c.callee, c.args[0].str]), [
    ['MarkGUCPrefixReserved', 'gucs'],
    ['EmitWarningsOnPlaceholders', 'gucs'],
  ]);
});
