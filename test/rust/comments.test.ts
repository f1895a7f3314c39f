import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankRustComments } from '../../server/src/analysis/frontends/rust/comments';

test('comments are blanked in place; strings, raw strings, characters and lifetimes are code', () => {
  const text = [
    '/// Called before standard_planner runs.',
    'fn plan<\'a>(q: &\'a str) -> usize { // PREV_PLANNER_HOOK is set in init',
    '    let url = "http://example.com/*"; let c = \'"\'; let slash = \'/\';',
    '    /* outer /* nested PREV_PLANNER_HOOK */ still comment */ let r = r#"a // b"#;',
    '    q.len() + url.len() // tail',
    '}',
  ].join('\n');
  const code = blankRustComments(text);
  assert.equal(code.length, text.length);
  assert.equal(code.split('\n').length, text.split('\n').length);
  assert.ok(!code.includes('standard_planner'));
  assert.ok(!code.includes('PREV_PLANNER_HOOK'));
  assert.ok(!code.includes('tail'));
  for (const kept of ['fn plan<\'a>(q: &\'a str) -> usize {', '"http://example.com/*"', '\'"\'', '\'/\'', 'let r = r#"a // b"#;', 'q.len() + url.len()']) {
    assert.ok(code.includes(kept), kept);
  }
});
