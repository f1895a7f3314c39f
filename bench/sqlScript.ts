/**
 * The SQL part of `npm run bench`: a generated 10,000-line install script (function definitions of
 * every kind the front end reads: PL/pgSQL and SQL bodies, SECURITY DEFINER, views, tables, DO blocks),
 * linted as one extension. Reports CPU time (the target: under 1 s) and wall time, measured in one run.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Engine } from '../server/src/analysis/engine';
import { tempDir } from '../test/support/tempDir';

/** One block of about 50 lines; `i` keeps names unique. */
function block(i: number): string {
  return `
CREATE TABLE item_${i} (id bigserial PRIMARY KEY, name text NOT NULL, qty int NOT NULL DEFAULT 0, tags text[]);

CREATE FUNCTION item_${i}_add(p_name text, p_qty int) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_id bigint;
    v_norm text := lower(btrim(p_name));
BEGIN
    IF p_qty < 0 THEN
        RAISE EXCEPTION 'negative quantity % for %', p_qty, v_norm;
    END IF;
    INSERT INTO item_${i} (name, qty) VALUES (v_norm, p_qty) RETURNING id INTO v_id;
    PERFORM pg_notify('items', format('%s:%s', v_id, v_norm));
    FOR v_id IN SELECT id FROM item_${i} WHERE qty = 0 LOOP
        DELETE FROM item_${i} WHERE id = v_id;
    END LOOP;
    RETURN v_id + 1;
END
$$;

CREATE FUNCTION item_${i}_total() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(sum(qty), 0) FROM item_${i} $$;

CREATE FUNCTION item_${i}_tags(p_id bigint) RETURNS int
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ SELECT array_length(tags, 1) FROM @extschema@.item_${i} WHERE id = p_id $$;

CREATE OR REPLACE VIEW item_${i}_named AS
    SELECT id, upper(name) AS name, CASE qty WHEN 0 THEN 'none' ELSE 'some' END AS stock
    FROM item_${i};

DO $$
BEGIN
    PERFORM pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
    PERFORM count(*) FROM pg_class WHERE relname = 'item_${i}';
END
$$;
SELECT pg_catalog.pg_extension_config_dump('item_${i}', '');
`;
}

export function generateScript(lines: number): string {
  const parts = ['\\echo Use "CREATE EXTENSION benchext" to load this file. \\quit\n'];
  let count = 1;
  for (let i = 0; count < lines; i++) {
    const b = block(i);
    parts.push(b);
    count += b.split('\n').length - 1;
  }
  return parts.join('');
}

export function benchSqlScript(engine: Engine, lines = 10_000): void {
  const dir = tempDir('pgext-lint-sqlbench-');
  const script = generateScript(lines);
  writeFileSync(path.join(dir, 'benchext.control'), "comment = 'bench'\ndefault_version = '1.0'\nrelocatable = true\n");
  writeFileSync(path.join(dir, 'benchext--1.0.sql'), script);
  const [ext] = engine.discover([dir]);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const findings = engine.analyzeExtension(ext, { pgVersions: [18] });
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const sqlFindings = findings.filter((f) => f.rule.startsWith('sql-')).length;
  console.log(
    `sql script: ${script.split('\n').length} lines, ${(script.length / 1e3).toFixed(0)} kB, ${sqlFindings} findings: ` +
      `${cpuMs.toFixed(0)} ms CPU (target < 1000), ${wall.toFixed(0)} ms wall`,
  );
}
