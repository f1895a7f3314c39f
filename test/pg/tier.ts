import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';
import { Cluster, missingPrerequisite, PG_MAJOR, pgConfig } from './cluster';

// Whether this run is the real-PostgreSQL tier, and its cluster. `npm test` compiles these files too
// and node's runner loads every file under out/test/: there the tier only says where it runs. Under
// `npm run test:pg` a machine that cannot create the cluster skips with the reason, except in CI
// (CI=true), where that is a failure.

export const TIER_ENV = 'PGEXT_LINT_PG_TIER';

export type Tier = { cluster: Cluster; skip?: undefined } | { cluster?: undefined; skip: string };

/**
 * The tier's cluster, or why there is none. `installs`: the scenarios install files into the server's
 * own folders (control files for CREATE EXTENSION, plugins for local_preload_libraries), which must
 * then be writable.
 */
export function openTier(installs = false): Tier {
  if (process.env[TIER_ENV] !== '1') return { skip: 'the real-PostgreSQL tier runs with `npm run test:pg`' };
  const missing = missingPrerequisite() ?? (installs ? serverFoldersNotWritable() : undefined);
  if (missing) return cannot(missing);
  try {
    return { cluster: Cluster.create() };
  } catch (e) {
    return cannot((e as Error).message);
  }
}

/** Why one scenario that installs into the server's folders cannot run here (throws in CI), or undefined. */
export function installSkip(): string | undefined {
  const missing = serverFoldersNotWritable();
  return missing && cannot(missing).skip;
}

function serverFoldersNotWritable(): string | undefined {
  for (const dir of [path.join(pgConfig('--sharedir'), 'extension'), pgConfig('--pkglibdir')]) {
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return `${dir} is not writable (run as root, as CI does)`;
    }
  }
  return undefined;
}

function cannot(reason: string): { skip: string } {
  const why = `cannot use PostgreSQL ${PG_MAJOR}: ${reason}`;
  if (process.env.CI === 'true') throw new Error(`${why} (CI=true: the real-PostgreSQL tier must run in CI)`);
  return { skip: why };
}
