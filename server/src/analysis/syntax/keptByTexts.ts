/** The texts an answer was computed from, file by file (undefined: the file could not be read). */
export type TextsRead = Map<string, string | undefined>;

/** Whether every file still has the text it had when an answer read it. */
export function sameTexts(read: TextsRead, text: (file: string) => string | undefined): boolean {
  for (const [file, t] of read) if (text(file) !== t) return false;
  return true;
}

/**
 * Answers kept while the file texts they read stay the same, one per slot (an extension's include
 * graph, say): an edit that leaves those texts alone reuses the answer without reading anything again.
 */
export class KeptByTexts {
  private readonly slots = new Map<string, { read: TextsRead; value: unknown }>();

  get<T>(slot: string, text: (file: string) => string | undefined, compute: (read: (file: string) => string | undefined) => T): T {
    const kept = this.slots.get(slot);
    if (kept && sameTexts(kept.read, text)) return kept.value as T;
    const read: TextsRead = new Map();
    const value = compute((file) => {
      const t = text(file);
      read.set(file, t);
      return t;
    });
    this.slots.set(slot, { read, value });
    return value;
  }

  /** Answers may also depend on the disk (which files exist): a change there drops them all. */
  clear(): void {
    this.slots.clear();
  }
}
