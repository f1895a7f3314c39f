import { Cluster, missingPrerequisite } from './cluster';

// Whether this run is the real-PostgreSQL tier, and its cluster. `npm test` compiles these files too
// and node's runner loads every file under out/test/: there the tier only says where it runs. Under
// `npm run test:pg` a machine that cannot create the cluster skips with the reason, except in CI
// (CI=true), where that is a failure.

export const TIER_ENV = 'PGEXT_LINT_PG_TIER';

export type Tier = { cluster: Cluster; skip?: undefined } | { cluster?: undefined; skip: string };

export function openTier(): Tier {
  if (process.env[TIER_ENV] !== '1') return { skip: 'the real-PostgreSQL tier runs with `npm run test:pg`' };
  const missing = missingPrerequisite();
  if (missing) return cannot(missing);
  try {
    return { cluster: Cluster.create() };
  } catch (e) {
    return cannot((e as Error).message);
  }
}

function cannot(reason: string): Tier {
  const why = `cannot create a PostgreSQL cluster: ${reason}`;
  if (process.env.CI === 'true') throw new Error(`${why} (CI=true: the real-PostgreSQL tier must run in CI)`);
  return { skip: why };
}
