import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Runs the shell `script` (with `args` as $2, $3, ...) once this process has died, however it died:
 * node runs signal handlers only between event-loop turns, and these tests spend their time in
 * synchronous child processes, so a kill would otherwise leave a server running and folders behind.
 * Kill the returned process to cancel once the normal clean-up has run.
 */
export function whenThisProcessDies(script: string, args: string[]): ChildProcess {
  const watchdog = spawn('sh', ['-c', `while kill -0 "$1" 2>/dev/null; do sleep 1; done\n${script}`, 'pgext-lint-watchdog', String(process.pid), ...args], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return watchdog;
}
