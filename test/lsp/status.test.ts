import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusReporter, type ServerStatus } from '../../server/src/lsp/status';

test('the status says analysing while busy, error while an extension\'s last analysis failed, idle otherwise', () => {
  const sent: ServerStatus[] = [];
  const status = new StatusReporter((s) => sent.push(s));
  status.setBusy(true);
  status.failed('/ws/a', new Error('grammar crashed'));
  status.setBusy(false);
  status.setBusy(true);
  status.succeeded('/ws/a');
  status.setBusy(false);
  assert.deepEqual(sent, [
    { state: 'analysing' },
    { state: 'error', message: 'analysis of /ws/a failed: grammar crashed' },
    { state: 'analysing' },
    { state: 'idle' },
  ]);
});

test('a success of another extension does not clear a failure, and nothing is sent twice', () => {
  const sent: ServerStatus[] = [];
  const status = new StatusReporter((s) => sent.push(s));
  status.failed('/ws/a', 'boom');
  status.succeeded('/ws/b');
  status.setBusy(false);
  assert.deepEqual(sent, [{ state: 'error', message: 'analysis of /ws/a failed: boom' }]);
});
