/**
 * Decides when each extension is analysed. Edits are debounced per extension, by a quarter of the time
 * its last analysis took (a cheap analysis starts at once: the wait adds to every result, while a newer
 * edit aborts the analysis it makes stale between two rules anyway); extensions with open documents go before
 * background indexing. A newer edit aborts the running analysis of the same extension, unless the
 * editor has waited `maxStaleMs` for a result already: then the running analysis finishes and its
 * result (versioned for the texts it read) is published, so continuous typing still shows
 * diagnostics, and the newer edit is analysed next.
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

/** An analysis this fast starts at once after an edit. */
const CHEAP_MS = 100;

export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly urgent = new Set<string>();
  private readonly background: BackgroundItem[] = [];
  private readonly analysed = new Set<string>();
  /** extensions asked for at least once: only the first request skips the debounce */
  private readonly requested = new Set<string>();
  private running: { root: string; abort: AbortController } | undefined;
  private draining = false;
  /** how long the last analysis of each extension took */
  private readonly cost = new Map<string, number>();
  /** since when the editor waits for a result of each extension */
  private readonly waitingSince = new Map<string, number>();

  constructor(
    private readonly analyse: Analyse,
    private readonly onError: (root: string, error: unknown) => void,
    readonly debounceMs = 200,
    /** told when analyses start being worked off and when none is left */
    private readonly onBusy: (busy: boolean) => void = () => {},
    readonly maxStaleMs = 1000,
  ) {}

  /** Something in the extension changed: analyse it, at once the first time or when it is cheap, debounced otherwise. */
  changed(root: string): void {
    if (!this.waitingSince.has(root)) this.waitingSince.set(root, Date.now());
    this.bump(root);
    clearTimeout(this.timers.get(root));
    // waiting saves work only when the analysis is costly; a quarter of its cost bounds what a pause waits for
    const cost = this.cost.get(root) ?? 0;
    const waited = Date.now() - this.waitingSince.get(root)!;
    const delay = cost <= CHEAP_MS || waited >= this.maxStaleMs ? 0 : Math.min(this.debounceMs, cost / 4);
    if (!this.requested.has(root) || delay === 0) {
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
      }, delay),
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

  /** A result being computed for `root` is stale now: abort it, unless the editor has waited too long already. */
  private bump(root: string): void {
    if (this.running?.root !== root) return;
    const since = this.waitingSince.get(root);
    if (since === undefined || Date.now() - since < this.maxStaleMs) this.running.abort.abort();
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
    const started = Date.now();
    try {
      const publish = await this.analyse(root, abort.signal);
      await yieldToMessages();
      if (abort.signal.aborted) return;
      this.cost.set(root, Date.now() - started);
      this.analysed.add(root);
      // edits that arrived meanwhile have queued the next analysis: the editor waits for that one now
      if (this.urgent.has(root) || this.timers.has(root)) this.waitingSince.set(root, Date.now());
      else this.waitingSince.delete(root);
      publish?.();
    } catch (e) {
      this.onError(root, e);
    } finally {
      this.running = undefined;
    }
  }
}
