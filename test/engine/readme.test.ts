import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ALL_RULE_META } from '../../server/src/analysis/rules';

const root = path.resolve(__dirname, '..', '..', '..');

test('the README rules table lists every rule of the RULES table, and only those', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const listed = [...readme.matchAll(/^\| \[?([a-z-]+)\]?(?:\([^)]*\))? \| (error|warning|hint|info) \|/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), ALL_RULE_META.map((r) => r.id).sort());
});

test('every rule has a documentation page', () => {
  const missing = ALL_RULE_META.filter((r) => r.category !== 'meta' && !existsSync(path.join(root, 'docs', 'rules', `${r.id}.md`)));
  assert.deepEqual(missing.map((r) => r.id), []);
});
