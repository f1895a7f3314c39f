/**
 * `pgext-lint/status`: what the server is doing, for a client's status display (the VS Code status
 * bar). `analysing` while analyses are queued or running; `error` while the last analysis of some
 * extension failed (its message says which); `idle` otherwise. Problem counts are not part of it:
 * the client counts the diagnostics it holds.
 */
export const STATUS_NOTIFICATION = 'pgext-lint/status';

export interface ServerStatus {
  state: 'analysing' | 'idle' | 'error';
  message?: string;
}

export class StatusReporter {
  private busy = false;
  private readonly failures = new Map<string, string>();
  private last = '';

  constructor(private readonly send: (status: ServerStatus) => void) {}

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.report();
  }

  failed(root: string, error: unknown): void {
    this.failures.set(root, `analysis of ${root} failed: ${(error as Error)?.message ?? error}`);
    this.report();
  }

  succeeded(root: string): void {
    if (this.failures.delete(root)) this.report();
  }

  private report(): void {
    const [failure] = this.failures.values();
    const status: ServerStatus = this.busy ? { state: 'analysing' } : failure ? { state: 'error', message: failure } : { state: 'idle' };
    const key = JSON.stringify(status);
    if (key === this.last) return;
    this.last = key;
    this.send(status);
  }
}
