import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULE_META, docsUrl } from '../../server/src/analysis/rules';
import { pgextLint, REPO_ROOT } from './spawnCli';

describe('pgext-lint rules', () => {
  it('lists every rule of the RULES table with its default severity and category', () => {
    const r = pgextLint(['rules'], REPO_ROOT);
    assert.equal(r.status, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, ALL_RULE_META.length);
    ALL_RULE_META.forEach((meta, i) => {
      assert.deepEqual(lines[i].split(/\s{2,}/), [meta.id, meta.defaultSeverity, meta.category, meta.summary]);
    });
  });

  it('takes no arguments', () => {
    assert.equal(pgextLint(['rules', 'extra'], REPO_ROOT).status, 2);
  });
});

describe('pgext-lint explain', () => {
  for (const meta of ALL_RULE_META) {
    const page = path.join(REPO_ROOT, 'docs', 'rules', `${meta.id}.md`);
    it(`explain ${meta.id} prints its docs page, or says the page is missing`, () => {
      const r = pgextLint(['explain', meta.id], path.join(REPO_ROOT, 'test'));
      assert.equal(r.status, 0);
      if (existsSync(page)) {
        assert.equal(r.stdout.trimEnd(), readFileSync(page, 'utf8').trimEnd());
        assert.equal(r.stderr, '');
      } else {
        assert.ok(r.stdout.includes(meta.summary) && r.stdout.includes(docsUrl(meta.id)));
        assert.match(r.stderr, /the documentation page of .* is missing/);
      }
    });
  }

  it('every rule, unused-suppression included, has a documentation page (explain, hovers and SARIF help show it)', () => {
    assert.deepEqual(ALL_RULE_META.map((m) => m.id).filter((id) => !existsSync(path.join(REPO_ROOT, 'docs', 'rules', `${id}.md`))), []);
  });

  it('exits 2 for an unknown rule, naming it and the rule probably meant', () => {
    const r = pgextLint(['explain', 'hook-not-chianed'], REPO_ROOT);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^pgext-lint: unknown rule "hook-not-chianed" \(did you mean "hook-not-chained"\?\)/);
    assert.match(pgextLint(['explain', 'xyzzy'], REPO_ROOT).stderr, /unknown rule "xyzzy" \(run `pgext-lint rules` for the list\)/);
  });

  it('exits 2 without a rule id', () => {
    assert.equal(pgextLint(['explain'], REPO_ROOT).status, 2);
  });
});
