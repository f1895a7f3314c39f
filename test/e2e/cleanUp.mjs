// The runners' way out: undo steps run last-first, once, whatever the way out is (success, failure,
// Ctrl-C, SIGTERM, SIGHUP), so that no server, browser or temporary folder outlives a run.
import os from 'node:os';

/** @type {(() => unknown)[]} */
const steps = [];
/** @type {Promise<void> | undefined} */
let cleaning;
let log = (/** @type {string} */ msg) => console.error(msg);

/** Adds a step for cleanUp(). */
export function onCleanUp(/** @type {() => unknown} */ step) {
  steps.push(step);
}

/** Runs the steps, last added first; a step that fails does not stop the others. */
export function cleanUp() {
  cleaning ??= (async () => {
    for (const step of steps.reverse()) {
      try {
        await step();
      } catch (e) {
        log(`clean-up step failed: ${e}`);
      }
    }
  })();
  return cleaning;
}

/** Cleans up and exits on SIGINT, SIGTERM and SIGHUP; `report` prints what happens. */
export function cleanUpOnSignals(/** @type {(msg: string) => void} */ report) {
  log = report;
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(signal, () => {
      log(`${signal}: cleaning up`);
      cleanUp().finally(() => process.exit(128 + os.constants.signals[signal]));
    });
  }
}
