import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { brief, lintDir } from '../support/lint';
import { tempTree } from '../support/tempDir';
import { prepareScript } from '../../server/src/analysis/frontends/sql/scriptText';
import { pgextLint } from '../cli/spawnCli';
import { loadSqlParser } from '../../server/src/analysis/frontends/sql/parser';
import { sqlHoverAt } from '../../server/src/lsp/sqlHover';

const CONTROL = (name: string, version: string) => `comment = '${name}'\ndefault_version = '${version}'\nrelocatable = true\n`;

async function sqlLines(files: Record<string, string>, rule?: string): Promise<string[]> {
  const dir = tempTree(files);
  return brief(dir, (await lintDir(dir)).filter((f) => (rule ? f.rule === rule : f.rule.startsWith('sql-'))));
}

test('placeholders and the psql guard are replaced by same-length text the parser accepts', () => {
  const text = '\\echo Use "CREATE EXTENSION x" \\quit\nSELECT @extschema@.f(), @extschema:uuid-ossp@.g() OWNER TO @extowner@;\n';
  const st = prepareScript(text);
  assert.equal(st.masked.length, text.length);
  assert.match(st.masked, /^--cho Use/);
  assert.match(st.masked, /SELECT _extschema_\.f\(\), _extschema_uuid_ossp_\.g\(\) OWNER TO _extowner_;/);
  assert.equal(st.placeholders.get('_extschema_uuid_ossp_'), '@extschema:uuid-ossp@');
});

test('an update script may replace what an earlier script of its path created, not what nobody did', async () => {
  const lines = await sqlLines({
    'ranker.control': CONTROL('ranker', '1.2'),
    'ranker--1.0.sql': 'CREATE FUNCTION rank_of(i int) RETURNS int LANGUAGE sql IMMUTABLE RETURN i;\n',
    'ranker--1.0--1.1.sql': 'CREATE FUNCTION rank_top() RETURNS int LANGUAGE sql IMMUTABLE RETURN 1;\n',
    'ranker--1.1--1.2.sql':
      'CREATE OR REPLACE FUNCTION rank_of(i int) RETURNS int LANGUAGE sql IMMUTABLE RETURN i;\n' +
      'CREATE OR REPLACE FUNCTION rank_top() RETURNS int LANGUAGE sql IMMUTABLE RETURN 2;\n' +
      'CREATE OR REPLACE FUNCTION rank_new() RETURNS int LANGUAGE sql IMMUTABLE RETURN 3;\n',
  }, 'sql-unsafe-object-creation');
  assert.deepEqual(lines, ['ranker--1.1--1.2.sql:3 sql-unsafe-object-creation']);
});

test('a function body that a later script replaces is not checked; the one that stays is', async () => {
  const body = (call: string) => `LANGUAGE sql AS $$ SELECT ${call} $$;\n`;
  const lines = await sqlLines({
    'stale.control': CONTROL('stale', '1.1'),
    'stale--1.0.sql':
      `CREATE FUNCTION first_tag(t text[]) RETURNS text ${body('t[array_lower(t, 1)]')}` +
      `CREATE FUNCTION last_tag(t text[]) RETURNS text ${body('t[array_upper(t, 1)]')}`,
    'stale--1.0--1.1.sql': `CREATE OR REPLACE FUNCTION first_tag(t text[]) RETURNS text ${body('t[pg_catalog.array_lower(t, 1)]')}`,
  }, 'sql-unqualified-reference');
  assert.deepEqual(lines, ['stale--1.0.sql:2 sql-unqualified-reference']);
});

test('set_config inside a DO block pins the path for the statements after it, in the block', async () => {
  const lines = await sqlLines({
    'fixer.control': CONTROL('fixer', '1.0'),
    'fixer--1.0.sql': [
      'DO $$',
      'BEGIN',
      "  PERFORM pg_extension_config_dump('x', '');",
      "  PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);",
      "  PERFORM pg_extension_config_dump('x', '');",
      'END $$;',
      '',
    ].join('\n'),
  }, 'sql-unqualified-reference');
  assert.deepEqual(lines, ['fixer--1.0.sql:3 sql-unqualified-reference']);
});

test('suppression comments in SQL scripts, and unused ones reported', async () => {
  const dir = tempTree({
    'quiet.control': CONTROL('quiet', '1.0'),
    'quiet--1.0.sql': [
      '-- pgext-lint-ignore sql-security-definer-search-path: only superusers can call it',
      'CREATE FUNCTION wipe() RETURNS void LANGUAGE sql SECURITY DEFINER AS $$ SELECT $$;',
      "CREATE FUNCTION wipe2() RETURNS void LANGUAGE sql SECURITY DEFINER AS $$ SELECT $$; -- pgext-lint-ignore sql-security-definer-search-path",
      '/* pgext-lint-ignore sql-unsafe-object-creation: nothing to suppress */',
      'CREATE FUNCTION wipe3() RETURNS void LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$ SELECT $$;',
      '',
    ].join('\n'),
  });
  const findings = (await lintDir(dir)).filter((f) => f.rule.startsWith('sql-') || f.rule === 'unused-suppression');
  assert.deepEqual(brief(dir, findings), ['quiet--1.0.sql:4 unused-suppression']);
});

test('positions inside a body with non-ASCII text before it are UTF-16 columns', async () => {
  const dir = tempTree({
    'umlaut.control': CONTROL('umlaut', '1.0'),
    'umlaut--1.0.sql': "COMMENT ON EXTENSION umlaut IS 'Größe 🐘';\nCREATE FUNCTION g(t text[]) RETURNS int LANGUAGE sql AS $$ SELECT /* 🐘 größe */ array_length(t, 1) $$;\n",
  });
  const [f] = (await lintDir(dir)).filter((x) => x.rule === 'sql-unqualified-reference');
  const line = "CREATE FUNCTION g(t text[]) RETURNS int LANGUAGE sql AS $$ SELECT /* 🐘 größe */ array_length(t, 1) $$;";
  assert.deepEqual(f.loc.range, { start: { line: 1, character: line.indexOf('array_length') }, end: { line: 1, character: line.indexOf('array_length') + 12 } });
});

test('pgext-lint check FILE.sql lints a lone script, outside any extension', async () => {
  const dir = tempTree({ 'setup.sql': 'SET search_path = public;\nCREATE OR REPLACE VIEW v AS SELECT 1;\n' });
  const r = pgextLint(['check', path.join(dir, 'setup.sql')], dir);
  assert.equal(r.status, 0);
  assert.deepEqual(r.stdout.trim().split('\n').slice(0, 2), [
    'setup.sql:1:1: warning: This search_path lists public, where others may create objects that capture later references. Use pg_catalog, the extension\'s schemas (@extschema@) and pg_temp last. [sql-unsafe-search-path]',
    'setup.sql:2:24: warning: CREATE OR REPLACE view v: the extension did not create it earlier in its scripts, so someone who created it first keeps owning it (and can change it later), while the extension adopts it. Use a plain CREATE. [sql-unsafe-object-creation]',
  ]);
});

test('a script that is not valid UTF-8 or not text never crashes the analysis', async () => {
  const dir = tempTree({ 'odd.control': CONTROL('odd', '1.0') });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(dir, 'odd--1.0.sql'), Buffer.from([0x53, 0x45, 0x4c, 0x45, 0x43, 0x54, 0x20, 0xff, 0x3b, 0x0a]));
  writeFileSync(path.join(dir, 'odd--1.0--1.1.sql'), Buffer.from([0, 1, 2, 3]));
  // the undecodable byte reads as U+FFFD, which the parser takes as an identifier: valid, and nothing to say
  const findings = (await lintDir(dir)).filter((f) => f.rule.startsWith('sql-'));
  assert.deepEqual(brief(dir, findings), []);
});

test('a procedure that pins its path in its body (SET LOCAL, as procedures that commit must) is pinned after that', async () => {
  const lines = await sqlLines({
    'jobs.control': CONTROL('jobs', '1.0'),
    'jobs--1.0.sql': [
      'CREATE PROCEDURE run_job(job_id int, config jsonb) AS $$',
      'DECLARE',
      '  kind text;',
      'BEGIN',
      "  PERFORM pg_notify('jobs', format('%s', job_id));",
      '  SET LOCAL search_path TO pg_catalog, pg_temp;',
      "  kind := jsonb_object_field_text(config, 'kind');",
      "  PERFORM pg_notify('jobs', format('%s', kind));",
      '  COMMIT;',
      'END $$ LANGUAGE plpgsql;',
      '',
    ].join('\n'),
  }, 'sql-unqualified-reference');
  assert.deepEqual(lines, ['jobs--1.0.sql:5 sql-unqualified-reference']);
});

test("hover on a function's name says whether its search_path is pinned and what its body exposes", async () => {
  await loadSqlParser();
  const text = [
    'CREATE FUNCTION tag_count(tags text[]) RETURNS int LANGUAGE sql AS $$ SELECT array_length(tags, 1) $$;',
    'CREATE FUNCTION tag_norm(t text) RETURNS text LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$ SELECT lower(t) $$;',
    'CREATE FUNCTION wipe() RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$ SELECT $$;',
  ].join('\n');
  const hover = (line: number, character: number) => {
    const h = sqlHoverAt('/x/tags--1.0.sql', text, { line, character });
    return h && (h.contents as { value: string }).value;
  };
  assert.match(hover(0, 18)!, /search_path: \*\*not set\*\*.*\n\nNames in the body that can be shadowed: `array_length\(\)`/s);
  assert.match(hover(1, 18)!, /search_path: `pg_catalog, pg_temp`: \*\*pinned\*\* to trusted schemas/);
  assert.match(hover(2, 17)!, /SECURITY DEFINER.*\*\*not pinned\*\*.*Others may create objects in `public`/s);
  assert.equal(hover(0, 2), undefined, 'only on the name');
});
