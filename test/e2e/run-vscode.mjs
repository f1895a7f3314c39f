// Runner A, `npm run test:vscode`: the same suite as `npm run test:e2e`, in a desktop VS Code that
// @vscode/test-electron downloads, for contributors with network access (it cannot run offline; CI
// uses runner B, test/e2e/run-code-server.mjs). The extension runs from this folder's dist/.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { cleanUp, cleanUpOnSignals, onCleanUp } from './cleanUp.mjs';
import { E2E_TOOLS } from './tools.mjs';
import { makeWorkspace, repoRoot } from './workspace.mjs';

cleanUpOnSignals((msg) => console.error(`test:vscode: ${msg}`));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pgext-lint-vscode-'));
onCleanUp(() => rmSync(tmp, { recursive: true, force: true }));
let code = 0;
try {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  await runTests({
    version: process.env.PGEXT_LINT_VSCODE_VERSION ?? E2E_TOOLS.vscode,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'test/e2e/suite/index.js'),
    extensionTestsEnv: { PGEXT_LINT_E2E_RESULTS: path.join(tmp, 'results.json') },
    launchArgs: [
      makeWorkspace(path.join(tmp, 'workspace')),
      '--user-data-dir', path.join(tmp, 'user-data'),
      '--extensions-dir', path.join(tmp, 'extensions'),
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--skip-welcome',
      '--skip-release-notes',
    ],
  });
} catch (e) {
  console.error(`test:vscode: ${e instanceof Error ? e.message : e}`);
  code = 1;
} finally {
  await cleanUp();
}
process.exit(code);
