// @ts-check
// Screenshots are taken by the runner, outside the extension host, of the page the workbench runs in.
// The suite says when the editor should show something worth a picture: it drops `<name>.ready` in the
// folder named by PGEXT_LINT_E2E_HANDSHAKE, holding the CSS selector of what must be on screen, and
// waits for the runner's `<name>.taken`, which is empty when the selector showed up and says why not
// otherwise. The workbench renders after the extension host knows (diagnostics, reveals and hovers
// travel to the page): so the runner waits for the selector, not the suite for a fixed time.
// Without PGEXT_LINT_E2E_HANDSHAKE (under @vscode/test-electron) nobody takes pictures: a no-op.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const TAKEN_WAIT_MS = 60000;

/** Squiggles of any severity in the text area of an editor. */
const SQUIGGLES = '.view-overlays [class*="squiggly-"]';
/** A hover widget with content. */
const HOVER = '.monaco-hover .hover-contents';
/** A webview's content is two iframes deep: the selector is looked for inside them. */
const WEBVIEW_FRAMES = ['iframe.webview.ready', 'iframe#active-frame'];

/**
 * @param {string} name
 * @param {string} selector a Playwright selector
 * @param {string[]} [frames] the iframes, outermost first, the selector is inside of
 * @param {{ click?: boolean }} [after] `click`: the runner clicks what matched, after the picture
 */
async function checkpoint(name, selector, frames = [], after = {}) {
  const dir = process.env.PGEXT_LINT_E2E_HANDSHAKE;
  if (!dir) return;
  // written whole or not at all: the runner polls the folder and must never read half a file
  const ready = path.join(dir, `${name}.ready`);
  fs.writeFileSync(`${ready}.partial`, JSON.stringify({ selector, frames, click: !!after.click }));
  fs.renameSync(`${ready}.partial`, ready);
  const taken = path.join(dir, `${name}.taken`);
  const deadline = Date.now() + TAKEN_WAIT_MS;
  while (!fs.existsSync(taken)) {
    if (Date.now() > deadline) throw new Error(`the runner took no screenshot "${name}" within ${TAKEN_WAIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const problem = fs.readFileSync(taken, 'utf8');
  if (problem) throw new Error(`screenshot ${name}: ${problem}`);
}

module.exports = { checkpoint, SQUIGGLES, HOVER, WEBVIEW_FRAMES };
