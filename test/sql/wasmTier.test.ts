import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** A PL/pgSQL function of the kind install scripts are full of; `i` keeps names apart. */
const plpgsql = (i: number) => `CREATE FUNCTION queue_${i}_push(p_item text, p_prio int DEFAULT 0) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
BEGIN
    IF p_prio < 0 THEN
        RAISE EXCEPTION 'negative priority % for %', p_prio, p_item;
    END IF;
    INSERT INTO queue_${i} (item, prio) VALUES (lower(p_item), p_prio) RETURNING id INTO v_id;
    PERFORM pg_notify('queue_${i}', v_id::text);
    RETURN v_id;
END
$$;
`;

/** A C function of the kind extensions are full of. */
const c = (i: number) => `static Datum
queue_${i}_push(PG_FUNCTION_ARGS)
{
\ttext\t   *item = PG_GETARG_TEXT_PP(0);
\tint32\t\tprio = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1);

\tif (prio < 0)
\t\tereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("negative priority %d", prio)));
\tfor (int j = 0; j < VARSIZE_ANY_EXHDR(item); j++)
\t\tprio += VARDATA_ANY(item)[j] % 7;
\tPG_RETURN_INT64((int64) prio * ${i});
}
`;

test("V8's optimising tier never recompiles the SQL parser's wasm, and still recompiles tree-sitter's", () => {
  // a child process, so that V8's trace of wasm compilation covers these two parsers alone
  const out = path.resolve(__dirname, '../../server/src/analysis');
  const script = Array.from({ length: 200 }, (_, i) => plpgsql(i)).join('\n');
  const source = Array.from({ length: 300 }, (_, i) => c(i)).join('\n');
  const child = `
    const { loadSqlParser, parseSql, parsePlpgsql } = require(${JSON.stringify(`${out}/frontends/sql/parser.js`)});
    const { loadParsers } = require(${JSON.stringify(`${out}/syntax/parsers.js`)});
    const script = ${JSON.stringify(script)};
    const source = ${JSON.stringify(source)};
    (async () => {
      // SQL first: the first wasm function V8 compiles is the SQL parser's
      await loadSqlParser();
      for (let round = 0; round < 5; round++) {
        if ('error' in parseSql(script)) throw new Error('the script does not parse');
        for (const st of script.split('\\n$$;\\n').filter((s) => s.trim())) {
          if (!parsePlpgsql(st + '\\n$$')) throw new Error('a body does not parse');
        }
      }
      const parsers = await loadParsers();
      for (let round = 0; round < 20; round++) parsers.c.parse(source).delete();
      // optimised code is compiled on background threads: give them the time to finish and be traced
      setTimeout(() => {}, 1000);
    })();`;
  // the program on stdin: it is longer than one command-line argument may be
  const run = spawnSync(process.execPath, ['--trace-wasm-compilation-times', '-'], { input: child, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr || String(run.error));
  // "Compiled function 0x55d0c8e0#140 using Liftoff, took ...": the module, then the tier
  const compiled = [...run.stdout.matchAll(/^Compiled function (0x[0-9a-f]+)#\d+ using (\w+)/gm)].map((m) => ({ module: m[1], tier: m[2] }));
  const sqlModule = compiled[0]?.module;
  assert.ok(sqlModule, run.stdout.slice(0, 2000));
  assert.deepEqual(compiled.filter((f) => f.module === sqlModule && f.tier !== 'Liftoff'), []);
  assert.ok(compiled.some((f) => f.module !== sqlModule && f.tier === 'TurboFan'), 'tree-sitter was not optimised');
});
