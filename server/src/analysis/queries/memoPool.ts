import type { Memo } from './reads';

/** results kept per memo key, at most: one per distinct variant of the code is what an analysis makes */
const MAX_PER_KEY = 8;

interface Kept extends Memo {
  /** the last analysis that made or took it */
  usedIn: number;
}

/**
 * The memoised results of one extension's analyses, offered to every later view: the other target
 * versions of the same analysis, and the analyses after an edit. A view takes a result when asking its
 * questions again gets the same answers (VersionView), so nothing here is ever invalidated by hand;
 * results that the last analysis neither made nor took are let go.
 */
export class MemoPool {
  private readonly byKey = new Map<string, Kept[]>();
  private analysis = 0;

  constructor(
    /** the extension, target versions and workspace the results were computed for */
    readonly key: string,
  ) {}

  /** An analysis starts. */
  nextAnalysis(): void {
    this.analysis++;
    for (const [key, list] of this.byKey) {
      const live = list.filter((m) => m.usedIn >= this.analysis - 1);
      if (live.length) this.byKey.set(key, live);
      else this.byKey.delete(key);
    }
  }

  /** The results kept under `key`, the most recently used first. */
  candidates(key: string): readonly Memo[] {
    return this.byKey.get(key) ?? [];
  }

  /** A view took `memo`. */
  took(key: string, memo: Memo): void {
    const list = this.byKey.get(key);
    const i = list?.indexOf(memo as Kept) ?? -1;
    if (!list || i < 0) return;
    (memo as Kept).usedIn = this.analysis;
    // most recently used first
    list.splice(i, 1);
    list.unshift(memo as Kept);
  }

  add(key: string, memo: Memo): Memo {
    const kept: Kept = { ...memo, usedIn: this.analysis };
    const list = this.byKey.get(key) ?? [];
    list.unshift(kept);
    if (list.length > MAX_PER_KEY) list.length = MAX_PER_KEY;
    this.byKey.set(key, list);
    return kept;
  }
}
