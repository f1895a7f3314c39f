// Where the end-to-end tools live and which versions: shared by scripts/e2e-setup.mjs, which installs
// them, and the offline runner, which uses them. The cache is outside the repository so `npm ci` stays
// fast and a fresh clone reuses what an earlier one installed.
import os from 'node:os';
import path from 'node:path';

export const E2E_TOOLS = {
  node: '24.21.0',
  codeServer: '4.139.1',
  // the VS Code inside that code-server; runner A (@vscode/test-electron) downloads the same one
  vscode: '1.139.1',
  playwrightCore: '1.57.0',
};

export const e2eCache = process.env.PGEXT_LINT_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'pgext-lint-e2e');
export const node24Dir = path.join(e2eCache, 'node24');
export const node24Bin = path.join(node24Dir, 'node_modules/node/bin/node');
export const codeServerEntry = path.join(e2eCache, 'code-server/node_modules/code-server/out/node/entry.js');
export const playwrightCoreDir = path.join(e2eCache, 'playwright/node_modules/playwright-core');
export const chromiumPath = '/usr/bin/chromium';
