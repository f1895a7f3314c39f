import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../server/src/analysis/model/findings';
import { applyFix, brief, copyFixture, lintDir } from '../support/lint';

/** sql findings under a fixture, as `file:line rule`. */
async function sql(rel: string, rule?: string): Promise<{ dir: string; findings: Finding[]; lines: string[] }> {
  const dir = copyFixture(rel);
  const findings = (await lintDir(dir)).filter((f) => (rule ? f.rule === rule : f.rule.startsWith('sql-')));
  return { dir, findings, lines: brief(dir, findings) };
}

const textAt = (f: Finding) => {
  const lines = readFileSync(f.loc.file, 'utf8').split('\n');
  const { start, end } = f.loc.range;
  return lines[start.line].slice(start.character, start.line === end.line ? end.character : undefined);
};

test('sql-security-definer-search-path: no clause, public, pg_temp implicit or not last; pinned ones pass', async () => {
  const { findings, lines } = await sql('sql-security-definer-search-path/geoaudit', 'sql-security-definer-search-path');
  assert.deepEqual(lines, [
    'geoaudit--1.0.sql:13 sql-security-definer-search-path',
    'geoaudit--1.0.sql:21 sql-security-definer-search-path',
    'geoaudit--1.0.sql:26 sql-security-definer-search-path',
    'geoaudit--1.0.sql:31 sql-security-definer-search-path',
    'geoaudit--1.0.sql:36 sql-security-definer-search-path',
  ]);
  assert.deepEqual(findings.map(textAt), ['audit_note', 'audit_count', 'audit_last', 'audit_first', 'audit_raw_reset']);
  assert.match(findings[0].message, /has no SET search_path/);
  assert.match(findings[1].message, /puts public on its search_path/);
  assert.match(findings[2].message, /leaves pg_temp off/);
  assert.match(findings[3].message, /does not put pg_temp last/);
});

test('sql-security-definer-search-path: the fix adds the clause before AS, or replaces the bad one', async () => {
  const { dir, findings } = await sql('sql-security-definer-search-path/geoaudit', 'sql-security-definer-search-path');
  const [note, count] = findings;
  const file = note.loc.file;
  applyFix(count.fixes[0]);
  applyFix(note.fixes[0]);
  const text = readFileSync(file, 'utf8');
  assert.match(text, /LANGUAGE plpgsql SECURITY DEFINER\n {4}SET search_path = pg_catalog, pg_temp\n {4}AS \$\$\nBEGIN/);
  assert.match(text, /LANGUAGE sql STABLE SECURITY DEFINER\n {4}SET search_path = pg_catalog, pg_temp\n {4}AS \$\$ SELECT pg_catalog.count/);
  const after = brief(dir, (await lintDir(dir)).filter((f) => f.rule === 'sql-security-definer-search-path'));
  assert.deepEqual(after, [
    'geoaudit--1.0.sql:27 sql-security-definer-search-path',
    'geoaudit--1.0.sql:32 sql-security-definer-search-path',
    'geoaudit--1.0.sql:37 sql-security-definer-search-path',
  ]);
});

test('sql-unsafe-object-creation: new objects with OR REPLACE / IF NOT EXISTS; own objects and own schemas pass', async () => {
  const { findings, lines } = await sql('sql-unsafe-object-creation/ledger', 'sql-unsafe-object-creation');
  assert.deepEqual(lines, [
    'ledger--1.0--1.1.sql:10 sql-unsafe-object-creation',
    'ledger--1.0--1.1.sql:15 sql-unsafe-object-creation',
    'ledger--1.0--1.1.sql:20 sql-unsafe-object-creation',
    'ledger--1.0--1.1.sql:22 sql-unsafe-object-creation',
    'ledger--1.0--1.1.sql:25 sql-unsafe-object-creation',
    'ledger--1.0.sql:15 sql-unsafe-object-creation',
  ]);
  assert.deepEqual(findings.map(textAt), ['accounts', 'closings', 'entries_account_idx', 'totals', 'ledger_archive', 'post']);
});

test('sql-unsafe-object-creation: the fix leaves a plain CREATE', async () => {
  const { dir, findings } = await sql('sql-unsafe-object-creation/ledger', 'sql-unsafe-object-creation');
  for (const f of findings) applyFix(f.fixes[0]);
  const update = readFileSync(findings[0].loc.file, 'utf8');
  assert.match(update, /\nCREATE FUNCTION @extschema@\.accounts\(\)/);
  assert.match(update, /\nCREATE TABLE @extschema@\.closings/);
  assert.match(update, /\nCREATE INDEX entries_account_idx ON/);
  assert.match(update, /\nCREATE VIEW @extschema@\.totals/);
  assert.match(update, /\nCREATE SCHEMA ledger_archive;/);
  assert.match(update, /\nCREATE OR REPLACE FUNCTION @extschema@\.balance/);
  assert.deepEqual((await lintDir(dir)).filter((f) => f.rule.startsWith('sql-')), []);
});

test('sql-unqualified-reference: capturable names only; exact builtins, undecidable types and pinned paths are silent', async () => {
  const { findings, lines } = await sql('sql-unqualified-reference/tagger', 'sql-unqualified-reference');
  assert.deepEqual(lines, [
    'tagger--1.0.sql:14 sql-unqualified-reference',
    'tagger--1.0.sql:24 sql-unqualified-reference',
    'tagger--1.0.sql:25 sql-unqualified-reference',
    'tagger--1.0.sql:26 sql-unqualified-reference',
    'tagger--1.0.sql:7 sql-unqualified-reference',
  ]);
  const byLine = new Map(findings.map((f) => [f.loc.range.start.line + 1, f]));
  assert.equal(textAt(byLine.get(7)!), 'pg_extension_config_dump');
  assert.match(byLine.get(7)!.message, /^Unqualified call of pg_extension_config_dump\(\) runs while the search_path is not pinned/);
  assert.equal(textAt(byLine.get(14)!), 'hstore');
  assert.equal(textAt(byLine.get(24)!), 'tags');
  assert.match(byLine.get(24)!.message, /^Unqualified table tags in function tag_weight runs with the caller's search_path/);
  assert.equal(textAt(byLine.get(25)!), 'format');
  assert.equal(textAt(byLine.get(26)!), '1.5');
  assert.match(byLine.get(26)!.message, /^CASE x WHEN's implicit = operator/);
});

test('sql-unqualified-reference: fixes qualify builtins with pg_catalog and own objects with @extschema@', async () => {
  const { findings } = await sql('sql-unqualified-reference/tagger', 'sql-unqualified-reference');
  const byLine = new Map(findings.map((f) => [f.loc.range.start.line + 1, f]));
  assert.equal(byLine.get(7)!.fixes[0].edits[0].newText, 'pg_catalog.');
  assert.equal(byLine.get(24)!.fixes[0].edits[0].newText, '@extschema@.');
  assert.deepEqual(byLine.get(14)!.fixes, [], "another extension's function: the schema is not known");
  applyFix(byLine.get(24)!.fixes[0]);
  assert.match(readFileSync(byLine.get(24)!.loc.file, 'utf8'), /INTO v_total FROM @extschema@\.tags WHERE/);
});

test('sql-unsafe-search-path: public, "$user", pg_temp off or not last; pinned values and computed ones pass', async () => {
  const { findings, lines } = await sql('sql-unsafe-search-path/pathy', 'sql-unsafe-search-path');
  assert.deepEqual(lines, [
    'pathy--1.0.sql:14 sql-unsafe-search-path',
    'pathy--1.0.sql:3 sql-unsafe-search-path',
    'pathy--1.0.sql:4 sql-unsafe-search-path',
    'pathy--1.0.sql:5 sql-unsafe-search-path',
    'pathy--1.0.sql:6 sql-unsafe-search-path',
  ]);
  assert.match(findings.find((f) => f.loc.range.start.line === 3)!.message, /^This search_path lists "\$user", public, where/);
  assert.match(findings.find((f) => f.loc.range.start.line === 5)!.message, /does not put pg_temp last/);
  assert.match(findings.find((f) => f.loc.range.start.line === 13)!.message, /^The search_path of function pathy_id lists public/);
});

test('sql-function-search-path: only functions whose body has capturable names, with the inlining trade-off for SQL', async () => {
  const { findings, lines } = await sql('sql-function-search-path/inliner', 'sql-function-search-path');
  assert.deepEqual(lines, ['inliner--1.0.sql:25 sql-function-search-path', 'inliner--1.0.sql:4 sql-function-search-path']);
  const sqlFn = findings.find((f) => textAt(f) === 'tag_count')!;
  assert.match(sqlFn.message, /inlined/);
  const plpgsqlFn = findings.find((f) => textAt(f) === 'tag_hash')!;
  assert.doesNotMatch(plpgsqlFn.message, /inlined/);
  assert.equal(plpgsqlFn.fixes[0].edits[0].newText, 'SET search_path = @extschema@, pg_catalog, pg_temp\n    ');
});

test('sql-syntax: one finding at the parser error, with UTF-16 columns after non-ASCII text', async () => {
  const { findings, lines } = await sql('sql-syntax/broken');
  assert.deepEqual(lines, ['broken--1.0.sql:5 sql-syntax']);
  assert.equal(textAt(findings[0]), 'CREATE');
  assert.match(findings[0].message, /^The PostgreSQL parser rejects this script: syntax error at or near "CREATE"/);
});
