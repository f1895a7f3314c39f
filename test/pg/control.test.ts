import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { fixtureCopy } from './pgxs';
import { applyPreferredFixes, lint } from './quickFix';
import { openTier } from './tier';

// The control-file rules that break CREATE EXTENSION, on a real server: each fixture's control file is
// installed into the server's share folder (and removed after each case), CREATE EXTENSION must fail
// with the text the rule's message quotes, and where the rule has a preferred quick fix, the fixed
// control file must install.

interface Case {
  rule: string;
  /** test/pg/fixtures/<rule>/<extension> */
  extension: string;
  what: string;
  /** text both the rule's message and the server's error contain */
  says: string;
  /** what the server's error contains, when the message words it differently */
  server?: string;
}

const CASES: Case[] = [
  { rule: 'control-syntax', extension: 'pgextlint_syntax', what: 'an unterminated quoted string', says: 'syntax error', server: 'pgextlint_syntax.control" line 2' },
  { rule: 'control-unknown-parameter', extension: 'pgextlint_typo', what: 'a misspelt parameter', says: 'unrecognized parameter "relocateable"' },
  { rule: 'control-unknown-parameter', extension: 'pgextlint_norelocate', what: 'no_relocate, new in PostgreSQL 16', says: 'unrecognized parameter "no_relocate"' },
  { rule: 'control-invalid-value', extension: 'pgextlint_superuser', what: 'a non-Boolean superuser', says: 'parameter "superuser" requires a Boolean value' },
  { rule: 'control-invalid-value', extension: 'pgextlint_requires', what: 'requires without commas', says: 'parameter "requires" must be a list of extension names' },
  { rule: 'control-invalid-value', extension: 'pgextlint_secondary', what: 'directory in a secondary control file', says: 'parameter "directory" cannot be set in a secondary' },
  { rule: 'control-schema-with-relocatable', extension: 'pgextlint_schema', what: 'schema with relocatable = true', says: 'parameter "schema" cannot be specified when "relocatable" is true' },
  {
    rule: 'control-missing-install-script',
    extension: 'pgextlint_noscript',
    what: 'no script for default_version',
    says: 'CREATE EXTENSION pgextlint_noscript fails: there is no install script pgextlint_noscript--1.1.sql',
    server: 'extension "pgextlint_noscript" has no installation script nor update path for version "1.1"',
  },
];

const tier = openTier(true);

describe('control-file rules on a real PostgreSQL 15', { skip: tier.skip }, () => {
  const pg = tier.cluster!;

  /** Installs the extension's control files and scripts, runs CREATE EXTENSION, drops it again on success. */
  const createExtension = (dir: string, name: string) => {
    pg.installExtensionFiles(readdirSync(dir).filter((f) => /\.(control|sql)$/.test(f)).map((f) => path.join(dir, f)));
    const r = pg.psql(`CREATE EXTENSION ${name}`);
    if (r.status === 0) pg.query(`DROP EXTENSION ${name}`);
    pg.removeInstalled();
    return r;
  };

  before(() => assert.ok(pg.serve([]), pg.log()));
  afterEach(() => pg.removeInstalled());
  after(() => pg.destroy());

  for (const c of CASES) {
    it(`${c.rule}: CREATE EXTENSION with ${c.what} fails as the message says${c.extension === 'pgextlint_typo' ? '; after the quick fix it installs' : ''}`, async (t) => {
      const dir = fixtureCopy(`${c.rule}/${c.extension}`);
      const findings = (await lint(dir)).filter((f) => f.rule === c.rule);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
      const [finding] = findings;
      assert.ok(finding.message.includes(c.says), finding.message);
      assert.match(finding.message, /^CREATE EXTENSION (\S+ )?fails/);

      const bad = createExtension(dir, c.extension);
      assert.notEqual(bad.status, 0, 'CREATE EXTENSION should fail');
      assert.match(bad.stderr, /^ERROR: {2}/);
      t.diagnostic(`server: ${bad.stderr.trim()}`);
      assert.ok(bad.stderr.includes(c.server ?? c.says), bad.stderr);

      const { fixes, left } = await applyPreferredFixes(dir, [c.rule]);
      if (fixes.length === 0) return;
      assert.deepEqual(left, []);
      const fixed = createExtension(dir, c.extension);
      assert.equal(fixed.status, 0, fixed.stderr);
    });
  }
});
