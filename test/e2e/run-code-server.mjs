// Runner B, `npm run test:e2e`, offline: packages pgext-lint.vsix, installs it and the test driver
// (test/e2e/driver) into an isolated code-server, opens the workbench in headless Chromium so that the
// extension host starts, lets the driver run test/e2e/suite inside it, takes the screenshots the suite
// asks for, and asserts on the results file. Needs `npm run e2e:setup` first.
//
// Everything it starts runs in a process group of its own and is killed on the way out, whatever the
// way out is (success, failure, Ctrl-C, SIGTERM). Screenshots and logs land in test-artifacts/.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cleanUp, cleanUpOnSignals, onCleanUp } from './cleanUp.mjs';
import { chromiumPath, codeServerEntry, node24Bin, playwrightCoreDir } from './tools.mjs';
import { makeWorkspace, repoRoot } from './workspace.mjs';

const SUITE_TIMEOUT_MS = 6 * 60 * 1000;
const SELECTOR_TIMEOUT_MS = 30000;
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
// Quiet, offline, nothing between the suite and the editor.
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (/** @type {string} */ msg) => console.log(`test:e2e [${elapsed()}] ${msg}`);
const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

cleanUpOnSignals(log);

function requireSetup() {
  const missing = [node24Bin, codeServerEntry, playwrightCoreDir, chromiumPath].filter((p) => !existsSync(p));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}: run \`npm run e2e:setup\` first`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

const node24Env = { ...process.env, PATH: `${path.dirname(node24Bin)}:${process.env.PATH}` };

function codeServerArgs(/** @type {string} */ home) {
  return [
    codeServerEntry,
    '--config', path.join(home, 'config.yaml'),
    '--user-data-dir', path.join(home, 'user-data'),
    '--extensions-dir', path.join(home, 'extensions'),
  ];
}

/** Sends SIGTERM, then SIGKILL, to the whole process group: code-server leaves a file watcher behind otherwise. */
async function killGroup(/** @type {import('node:child_process').ChildProcess} */ child) {
  const signalGroup = (/** @type {NodeJS.Signals | 0} */ signal) => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), signal);
      return true;
    } catch {
      return false; // the group is gone
    }
  };
  if (!signalGroup('SIGTERM')) return;
  for (let i = 0; i < 50 && signalGroup(0); i++) await sleep(100);
  signalGroup('SIGKILL');
}

async function waitForHttp(/** @type {string} */ url, /** @type {() => boolean} */ alive) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('code-server exited before it served the workbench');
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer ${url} within 60 s`);
}

function printResults(/** @type {{ vscode?: string, results: { name: string, ok: boolean, ms?: number, error?: string }[] }} */ report) {
  log(`results from VS Code ${report.vscode ?? '?'}:`);
  for (const r of report.results) {
    console.log(`  ${r.ok ? '✔' : '✖'} ${r.name}${r.ms === undefined ? '' : ` (${r.ms} ms)`}`);
    if (!r.ok) console.log(String(r.error).replace(/^/gm, '      '));
  }
  const failed = report.results.filter((r) => !r.ok).length;
  console.log(`${report.results.length - failed} passed, ${failed} failed`);
  return failed;
}

async function main() {
  requireSetup();
  const artifacts = path.join(repoRoot, 'test-artifacts');
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pgext-lint-e2e-'));
  onCleanUp(() => rmSync(tmp, { recursive: true, force: true }));

  log('packaging pgext-lint.vsix');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const driverVsix = path.join(tmp, 'driver.vsix');
  execFileSync(path.join(repoRoot, 'node_modules/.bin/vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', driverVsix],
    { cwd: path.join(repoRoot, 'test/e2e/driver'), stdio: ['ignore', 'ignore', 'inherit'] });

  const home = path.join(tmp, 'code-server');
  const port = await freePort();
  mkdirSync(path.join(home, 'user-data/User'), { recursive: true });
  writeFileSync(path.join(home, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  writeFileSync(path.join(home, 'user-data/User/settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  log('installing the extensions into code-server');
  for (const vsix of [path.join(repoRoot, 'pgext-lint.vsix'), driverVsix]) {
    execFileSync(node24Bin, [...codeServerArgs(home), '--install-extension', vsix], { env: node24Env, stdio: ['ignore', 'ignore', 'inherit'] });
  }

  const workspace = makeWorkspace(path.join(tmp, 'workspace'));
  const handshake = path.join(tmp, 'handshake');
  mkdirSync(handshake);
  const resultsFile = path.join(tmp, 'results.json');
  const serverLog = createWriteStream(path.join(artifacts, 'code-server.log'));
  const codeServer = spawn(node24Bin,
    [...codeServerArgs(home), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace],
    {
      detached: true, // a process group of its own, killed as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...node24Env,
        PGEXT_LINT_E2E_SUITE: path.join(repoRoot, 'test/e2e/suite/index.js'),
        PGEXT_LINT_E2E_RESULTS: resultsFile,
        PGEXT_LINT_E2E_HANDSHAKE: handshake,
      },
    });
  let exited = false;
  codeServer.on('exit', () => (exited = true));
  codeServer.stdout.pipe(serverLog);
  codeServer.stderr.pipe(serverLog);
  onCleanUp(() => cpSync(path.join(home, 'user-data/logs'), path.join(artifacts, 'logs'), { recursive: true }));
  onCleanUp(() => killGroup(codeServer));
  const url = `http://127.0.0.1:${port}/`;
  await waitForHttp(`${url}healthz`, () => !exited);
  log(`code-server ${url} is up`);

  const { chromium } = createRequire(import.meta.url)(playwrightCoreDir);
  const browser = await chromium.launchPersistentContext(path.join(tmp, 'chromium-profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanUp(() => browser.close());
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`);
  log('workbench opened; the suite runs in the extension host');

  const deadline = Date.now() + SUITE_TIMEOUT_MS;
  const taken = new Set();
  try {
    while (!existsSync(resultsFile)) {
      for (const ready of readdirSync(handshake).filter((f) => f.endsWith('.ready'))) {
        const name = ready.slice(0, -'.ready'.length);
        if (taken.has(name)) continue;
        const { selector, frames = [], click = false } = JSON.parse(readFileSync(path.join(handshake, ready), 'utf8'));
        /** @type {import('playwright-core').Page | import('playwright-core').FrameLocator} */
        let scope = page;
        for (const frame of frames) scope = scope.frameLocator(frame);
        const problem = await scope.locator(selector).first().waitFor({ state: 'visible', timeout: SELECTOR_TIMEOUT_MS }).then(
          () => '',
          () => `nothing matching ${selector} became visible within ${SELECTOR_TIMEOUT_MS / 1000} s`,
        );
        await sleep(500); // let the frame settle
        await page.screenshot({ path: path.join(artifacts, `${name}.png`) });
        // a click the suite asked for (a link in a webview, which the extension host cannot click)
        const clickProblem = click && !problem
          ? await scope.locator(selector).first().click({ timeout: SELECTOR_TIMEOUT_MS }).then(() => '', (e) => `clicking ${selector} failed: ${e.message}`)
          : '';
        writeFileSync(path.join(handshake, `${name}.taken`), problem || clickProblem);
        taken.add(name);
        log(`screenshot test-artifacts/${name}.png${problem ? ` (${problem})` : ''}`);
      }
      if (exited) throw new Error('code-server exited while the suite ran');
      if (Date.now() > deadline) throw new Error(`no results after ${SUITE_TIMEOUT_MS / 1000} s; see test-artifacts/logs`);
      await sleep(100);
    }
  } finally {
    await page.screenshot({ path: path.join(artifacts, 'final.png') }).catch(() => {});
  }

  const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
  writeFileSync(path.join(artifacts, 'results.json'), JSON.stringify(report, null, 2));
  const failed = printResults(report);
  assert.ok(report.results.length > 0, 'the suite ran no test');
  assert.equal(failed, 0, `${failed} end-to-end test(s) failed`);
  log('done');
}

let code = 0;
try {
  await main();
} catch (e) {
  console.error(`test:e2e [${elapsed()}] FAILED: ${e instanceof Error ? e.message : e}`);
  code = 1;
} finally {
  await cleanUp();
}
process.exit(code);
