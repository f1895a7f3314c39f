import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { Cluster, missingPrerequisite, pgConfig } from './cluster';

// Whether this run is the real-PostgreSQL tier, and its cluster. `npm test` compiles these files too
// and node's runner loads every file under out/test/: there the tier only says where it runs. Under
// `npm run test:pg` a machine that cannot create the cluster skips with the reason, except in CI
// (CI=true), where that is a failure.

export const TIER_ENV = 'PGEXT_LINT_PG_TIER';

export type Tier = { cluster: Cluster; skip?: undefined } | { cluster?: undefined; skip: string };

/**
 * The tier's cluster, or why there is none. `installsExtensions`: the scenarios install control files
 * into the server's share folder (CREATE EXTENSION looks nowhere else on PostgreSQL 15), which must
 * then be writable.
 */
export function openTier(installsExtensions = false): Tier {
  if (process.env[TIER_ENV] !== '1') return { skip: 'the real-PostgreSQL tier runs with `npm run test:pg`' };
  const missing = missingPrerequisite() ?? (installsExtensions ? shareFolderNotWritable() : undefined);
  if (missing) return cannot(missing);
  try {
    return { cluster: Cluster.create() };
  } catch (e) {
    return cannot((e as Error).message);
  }
}

function shareFolderNotWritable(): string | undefined {
  const dir = path.join(pgConfig('--sharedir'), 'extension');
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch {
    return `${dir} is not writable (run as root, as CI does)`;
  }
}

function cannot(reason: string): Tier {
  const why = `cannot create a PostgreSQL cluster: ${reason}`;
  if (process.env.CI === 'true') throw new Error(`${why} (CI=true: the real-PostgreSQL tier must run in CI)`);
  return { skip: why };
}
