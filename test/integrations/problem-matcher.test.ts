import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../server/src/cli/main';

// problem-matchers/pgext-lint-gcc.json on real `--format gcc` output: every finding becomes exactly
// one annotation with its file, line, column, severity, message and rule; related-location notes
// (which repeat a finding's context) never do.

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ACCEPTANCE = path.resolve(REPO_ROOT, '..', 'shared', 'acceptance');
const MATCHER = JSON.parse(readFileSync(path.join(REPO_ROOT, 'problem-matchers', 'pgext-lint-gcc.json'), 'utf8')).problemMatcher[0];
const pattern = MATCHER.pattern[0];
const regexp = new RegExp(pattern.regexp);

/** gcc's kinds for our severities, as the gcc format prints them. */
const GCC_KIND: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

async function check(cwd: string, format: string): Promise<string> {
  let out = '';
  await run(['check', '.', '--format', format], { cwd, out: (t) => (out += t), err: () => {}, errIsTTY: false });
  return out;
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  rule: string;
}

describe('the gcc problem matcher', () => {
  it('is a single-line matcher with the standard fields', () => {
    assert.equal(MATCHER.owner, 'pgext-lint-gcc');
    assert.equal(MATCHER.pattern.length, 1);
    assert.deepEqual([pattern.file, pattern.line, pattern.column, pattern.severity, pattern.message, pattern.code], [1, 2, 3, 4, 5, 6]);
  });

  const trees = [
    path.join(REPO_ROOT, 'examples', 'slowlog'),
    ...readdirSync(ACCEPTANCE)
      .map((name) => path.join(ACCEPTANCE, name))
      .filter((p) => statSync(p).isDirectory()),
  ];

  it(`matches each finding once and no related note, on the example and ${trees.length - 1} acceptance cases`, async () => {
    let annotations = 0;
    let notes = 0;
    for (const tree of trees) {
      const findings: JsonFinding[] = JSON.parse(await check(tree, 'json')).findings;
      const lines = (await check(tree, 'gcc')).split('\n').filter(Boolean);
      const matched = lines.map((l) => regexp.exec(l)).filter((m) => m !== null);
      notes += lines.length - matched.length;
      assert.deepEqual(
        matched.map((m) => ({ file: m[pattern.file], line: Number(m[pattern.line]), column: Number(m[pattern.column]), severity: m[pattern.severity], message: m[pattern.message], rule: m[pattern.code] })),
        findings.map((f) => ({ file: f.file, line: f.line, column: f.column, severity: GCC_KIND[f.severity], message: f.message, rule: f.rule })),
        path.basename(tree),
      );
      annotations += matched.length;
    }
    assert.ok(annotations > 20 && notes > 0, `${annotations} annotations, ${notes} notes: the trees should exercise both`);
  });

  it('keeps spaces in the file, colons and brackets in the message', () => {
    const m = regexp.exec('src/tally q.c:30:2: error: GUC "x" is defined: outside [guard]. [-Wpgext-lint-postmaster-guc-outside-preload]')!;
    assert.deepEqual([m[1], m[2], m[3], m[4], m[5], m[6]], ['src/tally q.c', '30', '2', 'error', 'GUC "x" is defined: outside [guard].', 'postmaster-guc-outside-preload']);
  });
});
