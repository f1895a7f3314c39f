/**
 * Decides when each extension is analysed. Edits are debounced per extension; extensions with open
 * documents go before background indexing; a result is dropped when a newer edit of the same
 * extension arrived while it was computed (a generation counter per extension), so stale
 * diagnostics are never published over fresher ones.
 */

/**
 * Analyses one extension; returns how to publish the result, or undefined when there is nothing to
 * publish. `signal` aborts when a newer change of the extension makes the result stale.
 */
export type Analyse = (root: string, signal: AbortSignal) => Promise<(() => void) | undefined>;

interface BackgroundItem {
  root: string;
  done: () => void;
}

/** Lets queued messages (a newer didChange, a hover) be handled between analyses. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly urgent = new Set<string>();
  private readonly background: BackgroundItem[] = [];
  private readonly analysed = new Set<string>();
  /** extensions asked for at least once: only the first request skips the debounce */
  private readonly requested = new Set<string>();
  private running: { root: string; abort: AbortController } | undefined;
  private draining = false;

  constructor(
    private readonly analyse: Analyse,
    private readonly onError: (root: string, error: unknown) => void,
    readonly debounceMs = 200,
    /** told when analyses start being worked off and when none is left */
    private readonly onBusy: (busy: boolean) => void = () => {},
  ) {}

  /** Something in the extension changed: analyse it, at once the first time, debounced afterwards. */
  changed(root: string): void {
    this.bump(root);
    clearTimeout(this.timers.get(root));
    if (!this.requested.has(root)) {
      this.requested.add(root);
      this.urgent.add(root);
      void this.drain();
      return;
    }
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        this.urgent.add(root);
        void this.drain();
      }, this.debounceMs),
    );
  }

  /** Re-analyses every extension analysed so far (settings changed). */
  changedAll(): void {
    for (const root of this.analysed) this.changed(root);
  }

  /** Analyses extensions nobody asked for yet, after all urgent work; resolves when all are done. */
  index(roots: string[], onDone: (done: number) => void): Promise<void> {
    let done = 0;
    return new Promise((resolve) => {
      if (roots.length === 0) return resolve();
      for (const root of roots) {
        this.background.push({
          root,
          done: () => {
            onDone(++done);
            if (done === roots.length) resolve();
          },
        });
      }
      void this.drain();
    });
  }

  /** A result being computed for `root` is stale now. */
  private bump(root: string): void {
    if (this.running?.root === root) this.running.abort.abort();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    this.onBusy(true);
    try {
      for (;;) {
        await yieldToMessages();
        const [root] = this.urgent;
        if (root !== undefined) {
          this.urgent.delete(root);
          await this.runOne(root);
          continue;
        }
        const item = this.background.shift();
        if (!item) break;
        if (!this.analysed.has(item.root) && !this.requested.has(item.root)) await this.runOne(item.root);
        item.done();
      }
    } finally {
      this.draining = false;
      this.onBusy(false);
    }
  }

  private async runOne(root: string): Promise<void> {
    const abort = new AbortController();
    this.running = { root, abort };
    try {
      const publish = await this.analyse(root, abort.signal);
      await yieldToMessages();
      if (abort.signal.aborted) return;
      this.analysed.add(root);
      publish?.();
    } catch (e) {
      this.onError(root, e);
    } finally {
      this.running = undefined;
    }
  }
}
