// @ts-check
// Test-only extension installed next to pgext-lint in the code-server of `npm run test:e2e`. Once the
// workbench has started it runs the suite named by PGEXT_LINT_E2E_SUITE (the extension host inherits
// code-server's environment) and writes the results to the file named by PGEXT_LINT_E2E_RESULTS.
'use strict';

async function runSuite(/** @type {string} */ suitePath) {
  const suite = require(suitePath);
  let report;
  try {
    report = await suite.runSuite();
  } catch (e) {
    report = { results: [{ name: 'the suite runs', ok: false, error: e instanceof Error ? e.stack : String(e) }] };
  }
  suite.writeResults(report);
}

function activate() {
  const suitePath = process.env.PGEXT_LINT_E2E_SUITE;
  if (!suitePath || !process.env.PGEXT_LINT_E2E_RESULTS) return;
  // not awaited: activation ends at once, the suite goes on in the background
  runSuite(suitePath).catch((e) => console.error('pgext-lint e2e driver:', e));
}

function deactivate() {}

module.exports = { activate, deactivate };
