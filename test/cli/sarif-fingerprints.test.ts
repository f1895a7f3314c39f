import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Finding } from '../../server/src/analysis/model/findings';
import { fingerprints } from '../../server/src/cli/formats/sarif/fingerprints';
import { tempTree } from '../support/tempDir';

// partialFingerprints let GitHub code scanning follow an alert from commit to commit: they must not
// change when code above the finding moves, and must differ between two findings of one rule.

const INIT = `void
_PG_init(void)
{
\tDefineCustomIntVariable("tallyq.slots", "Slots.", NULL, &tallyq_slots,
\t\t\t\t\t\t\t64, 1, 1024, PGC_POSTMASTER, 0, NULL, NULL, NULL);
\tDefineCustomIntVariable("tallyq.workers", "Workers.", NULL, &tallyq_workers,
\t\t\t\t\t\t\t4, 1, 64, PGC_POSTMASTER, 0, NULL, NULL, NULL);
}
`;

function finding(file: string, line: number, message = 'GUC defined with PGC_POSTMASTER outside a preload guard.'): Finding {
  return {
    rule: 'postmaster-guc-outside-preload',
    severity: 'error',
    loc: { file, range: { start: { line, character: 1 }, end: { line, character: 24 } } },
    message,
    fixes: [],
    related: [],
    versions: [16],
    extension: 'tallyq',
  };
}

/** The fingerprints of the two GUC definitions in a copy of INIT with `above` prepended. */
function printsWith(above: string, reindent = (s: string) => s): string[] {
  const root = tempTree({ 'tallyq.c': above + reindent(INIT) });
  const file = path.join(root, 'tallyq.c');
  const first = above.split('\n').length - 1 + 3;
  return fingerprints([finding(file, first), finding(file, first + 2)], root);
}

describe('SARIF partialFingerprints', () => {
  const base = printsWith('');

  it('differ between two definitions of one rule in one function', () => {
    assert.notEqual(base[0], base[1]);
    for (const p of base) assert.match(p, /^[0-9a-f]{32}:1$/);
  });

  it('stay the same when lines are added above (or indentation changes)', () => {
    assert.deepEqual(printsWith('#include "postgres.h"\n#include "fmgr.h"\n\nPG_MODULE_MAGIC;\n\n'), base);
    assert.deepEqual(printsWith('', (s) => s.replace(/\t/g, '    ')), base);
  });

  it('change when the flagged code changes', () => {
    const renamed = printsWith('', (s) => s.replace('"tallyq.slots"', '"tallyq.max_slots"'));
    assert.notEqual(renamed[0], base[0]);
    assert.equal(renamed[1], base[1]);
  });

  it('number identical contexts in file order', () => {
    const root = tempTree({ 'a.c': 'x();\ny();\nz();\n\nx();\ny();\nz();\n' });
    const file = path.join(root, 'a.c');
    const [a, b] = fingerprints([finding(file, 0), finding(file, 4)], root);
    assert.equal(a.split(':')[0], b.split(':')[0]);
    assert.deepEqual([a.split(':')[1], b.split(':')[1]], ['1', '2']);
  });

  it('fall back to the message when the file cannot be read', () => {
    const root = tempTree({});
    const missing = path.join(root, 'gone.c');
    const [a, b] = fingerprints([finding(missing, 3, 'one'), finding(missing, 3, 'two')], root);
    assert.notEqual(a, b);
  });
});
