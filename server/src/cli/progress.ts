/** Scans shorter than this finish before a progress line would be worth reading. */
const SHOW_AFTER_MS = 500;

/**
 * `[3/40] contrib/foo` on stderr, rewritten in place, for long scans on a terminal only (never in
 * logs or CI output). Cleared when the scan ends so findings print on a clean line.
 */
export class Progress {
  private readonly started = Date.now();
  private shown = false;

  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
  ) {}

  step(done: number, label: string): void {
    if (!this.enabled || Date.now() - this.started < SHOW_AFTER_MS) return;
    this.shown = true;
    this.write(`\r[${done}/${this.total}] ${label}\x1b[K`);
  }

  /** Writes a message on a line of its own; the next step redraws the progress line. */
  interrupt(write: () => void): void {
    if (this.shown) this.write('\r\x1b[K');
    write();
  }

  done(): void {
    if (this.shown) this.write('\r\x1b[K');
  }
}
