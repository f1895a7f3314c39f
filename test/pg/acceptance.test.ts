import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PG_MAJOR, pgConfig } from './cluster';
import { TIER_ENV } from './tier';

// The acceptance cases' C sources were written to compile: each is compiled against the PostgreSQL 15
// server headers with PGXS's own flags. A case that does not compile is a bug in the case.

const ACCEPTANCE = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'acceptance');

function skipReason(): string | undefined {
  if (process.env[TIER_ENV] !== '1') return 'the real-PostgreSQL tier runs with `npm run test:pg`';
  const headers = path.join(pgConfig('--includedir-server'), 'postgres.h');
  const missing = !existsSync(headers)
    ? `PostgreSQL ${PG_MAJOR} server headers not found (apt-get install postgresql-server-dev-${PG_MAJOR})`
    : spawnSync('gcc', ['--version']).status !== 0
      ? 'gcc not found'
      : undefined;
  if (missing && process.env.CI === 'true') throw new Error(`${missing} (CI=true: the real-PostgreSQL tier must run in CI)`);
  return missing;
}

/** C sources under `dir`, recursively. */
function cSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.c'))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

const skip = skipReason();

describe(`acceptance cases compile against the PostgreSQL ${PG_MAJOR} headers`, { skip }, () => {
  // PostgreSQL 16 declares _PG_init in fmgr.h; on 15 every case without a prototype of its own warns
  const flags = [...pgConfig('--cflags').split(/\s+/), ...pgConfig('--cppflags').split(/\s+/), `-I${pgConfig('--includedir-server')}`, '-Wno-missing-prototypes'].filter(Boolean);
  const cases = existsSync(ACCEPTANCE)
    ? readdirSync(ACCEPTANCE, { withFileTypes: true })
        .filter((d) => d.isDirectory() && cSources(path.join(ACCEPTANCE, d.name)).length > 0)
        .map((d) => d.name)
    : [];

  it('finds the C acceptance cases', () => assert.ok(cases.length > 0, `no C case under ${ACCEPTANCE}`));

  for (const name of cases) {
    it(`${name} compiles`, (t) => {
      for (const file of cSources(path.join(ACCEPTANCE, name))) {
        const r = spawnSync('gcc', [...flags, `-I${path.dirname(file)}`, '-fsyntax-only', file], { encoding: 'utf8' });
        assert.equal(r.status, 0, `${path.relative(ACCEPTANCE, file)} does not compile:\n${r.stderr}`);
        if (r.stderr.trim()) t.diagnostic(`${path.relative(ACCEPTANCE, file)}: ${r.stderr.trim()}`);
      }
    });
  }
});
