import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mechanismsMentioned, requirementClaims } from '../../server/src/analysis/frontends/docs/mentions';

test('finds each preload setting by name, in any case, with Markdown escapes, or by its SGML link id', () => {
  assert.deepEqual(mechanismsMentioned('Add it to `SHARED_PRELOAD_LIBRARIES`.'), ['shared_preload_libraries']);
  assert.deepEqual(mechanismsMentioned('Set session\\_preload\\_libraries for the role.'), ['session_preload_libraries']);
  assert.deepEqual(mechanismsMentioned('<xref linkend="guc-local-preload-libraries"/>'), ['local_preload_libraries']);
});

test('process_shared_preload_libraries_in_progress is not a mention of the setting', () => {
  assert.deepEqual(mechanismsMentioned('The worker checks process_shared_preload_libraries_in_progress.'), []);
});

test('LOAD counts only as the upper-case SQL command with its argument, not the English word', () => {
  assert.deepEqual(mechanismsMentioned("Run LOAD 'planlog'; in the session."), ['LOAD']);
  assert.deepEqual(mechanismsMentioned('The <command>LOAD</command> command works too.'), ['LOAD']);
  assert.deepEqual(mechanismsMentioned('The server will load the library when a function is first called.'), []);
  assert.deepEqual(mechanismsMentioned("Run load 'planlog' (lower case)."), []);
  assert.deepEqual(mechanismsMentioned('LOAD BALANCING across replicas.'), []);
});

test('a line naming shared_preload_libraries with a requirement word is a claim, at the mention', () => {
  const text = '# x\n\n**Important:** x must be added to shared_preload_libraries and the server restarted.\n';
  assert.deepEqual(requirementClaims(text), [{ line: 2, start: 34, end: 58 }]);
  assert.equal(requirementClaims('This module requires `shared_preload_libraries`.').length, 1);
  assert.equal(requirementClaims('It only works from shared_preload_libraries.').length, 1);
});

test('options, conditions and negations are not claims', () => {
  for (const line of [
    'Add it to shared_preload_libraries or session_preload_libraries.',
    'Optionally, you can add it to shared_preload_libraries.',
    'List it in shared_preload_libraries for every session, which requires a restart.',
    'You do not need to add it to shared_preload_libraries.',
    "You don't need shared_preload_libraries.",
    'If you need the statistics, add it to shared_preload_libraries.',
    'shared_preload_libraries = \'x\'',
  ]) {
    assert.deepEqual(requirementClaims(line), [], line);
  }
});
