// @ts-check
// Screenshots are taken by the runner, outside the extension host, of the page the workbench runs in.
// The suite says when the editor shows something worth a picture: it drops `<name>.ready` in the
// folder named by PGEXT_LINT_E2E_HANDSHAKE and waits for the runner's `<name>.taken`. Without that
// variable (under @vscode/test-electron) there is nobody to take pictures and a checkpoint is a no-op.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const SETTLE_MS = 1500; // squiggles and hovers render a moment after the data arrives
const TAKEN_WAIT_MS = 30000;

async function checkpoint(/** @type {string} */ name) {
  const dir = process.env.PGEXT_LINT_E2E_HANDSHAKE;
  if (!dir) return;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  fs.writeFileSync(path.join(dir, `${name}.ready`), '');
  const taken = path.join(dir, `${name}.taken`);
  const deadline = Date.now() + TAKEN_WAIT_MS;
  while (!fs.existsSync(taken)) {
    if (Date.now() > deadline) throw new Error(`the runner took no screenshot "${name}" within ${TAKEN_WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

module.exports = { checkpoint };
