import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** A PL/pgSQL function of the kind install scripts are full of; `i` keeps names apart. */
const fn = (i: number) => `CREATE FUNCTION queue_${i}_push(p_item text, p_prio int DEFAULT 0) RETURNS bigint
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

test("the SQL parser's wasm is never recompiled by V8's optimising tier, however much SQL it reads", () => {
  // a child process, so that V8's trace of wasm compilation covers this front end alone
  const parser = path.resolve(__dirname, '../../server/src/analysis/frontends/sql/parser.js');
  const script = Array.from({ length: 200 }, (_, i) => fn(i)).join('\n');
  const child = `
    const { loadSqlParser, parseSql, parsePlpgsql } = require(${JSON.stringify(parser)});
    const script = ${JSON.stringify(script)};
    loadSqlParser().then(() => {
      for (let round = 0; round < 5; round++) {
        if ('error' in parseSql(script)) throw new Error('the script does not parse');
        for (const st of script.split('\\n$$;\\n').filter((s) => s.trim())) {
          if (!parsePlpgsql(st + '\\n$$')) throw new Error('a body does not parse');
        }
      }
      // optimised code is compiled on background threads: give them the time to finish and be traced
      setTimeout(() => {}, 1000);
    });`;
  const run = spawnSync(process.execPath, ['--trace-wasm-compilation-times', '-e', child], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /using Liftoff/);
  assert.doesNotMatch(run.stdout, /using TurboFan/);
});
