import type { TextSearches } from './textSearches';

/**
 * Which files of one extension a text search matches, kept across analyses: a search asked again
 * after an edit re-tests only the files whose text changed since it was answered, instead of every
 * file of the extension.
 */
export class CandidateFiles {
  private texts = new Map<string, string>();
  private generation = 0;
  /** the files whose text changed, by the generation that saw the change */
  private readonly changes: { generation: number; file: string }[] = [];
  /** per search: the files it matched, and the changed files not tested since (outside the files searched so far) */
  private readonly answers = new Map<string, { generation: number; files: Set<string>; untested: Set<string> }>();

  constructor(private readonly searches: TextSearches) {}

  /** The texts of the extension's files for the coming analysis (unreadable files absent). */
  update(texts: Map<string, string>): void {
    const changed = [...texts].filter(([file, text]) => this.texts.get(file) !== text).map(([file]) => file);
    for (const file of this.texts.keys()) if (!texts.has(file)) changed.push(file);
    this.texts = texts;
    if (changed.length === 0) return;
    this.generation++;
    for (const file of changed) this.changes.push({ generation: this.generation, file });
    // a long history costs more to replay than a fresh search
    if (this.changes.length > 64) {
      this.changes.length = 0;
      this.answers.clear();
      this.definers.clear();
    }
  }

  /**
   * The files among `among` (file → its position) whose text passes `test` (`key` names the test), in
   * the order of their positions. A changed file outside `among` (the file being edited, which has
   * `_PG_init`) is tested only once a search needs it.
   */
  matching(among: ReadonlyMap<string, number>, key: string, passes: (file: string, text: string) => boolean): string[] {
    const test = (file: string) => {
      const text = this.texts.get(file);
      return text !== undefined && passes(file, text);
    };
    let answer = this.answers.get(key);
    if (!answer) {
      answer = { generation: this.generation, files: new Set([...among.keys()].filter(test)), untested: new Set() };
      this.answers.set(key, answer);
    } else if (answer.generation < this.generation) {
      for (const c of this.changes) {
        if (c.generation <= answer.generation) continue;
        answer.files.delete(c.file);
        answer.untested.add(c.file);
      }
      answer.generation = this.generation;
    }
    for (const file of answer.untested) {
      if (!among.has(file)) continue;
      answer.untested.delete(file);
      if (test(file)) answer.files.add(file);
    }
    if (answer.files.size === 0) return [];
    return [...answer.files].filter((f) => among.has(f)).sort((a, b) => among.get(a)! - among.get(b)!);
  }

  /**
   * per list of mentions: the names defined by each file that mentions one, how many files define each,
   * and those names as one set (replaced, never changed, when a name comes or goes)
   */
  private readonly definers = new Map<
    string,
    { generation: number; byFile: Map<string, ReadonlySet<string>>; counts: Map<string, number>; names?: ReadonlySet<string> }
  >();

  /**
   * The functions that the files mentioning one of `mentions` define (`defined`: the names a file's text
   * defines; `mentioned`: whether its text mentions one). Kept across analyses: after an edit only the
   * changed files are read again, and the answer is the same object while it holds the same names.
   */
  definedWhere(
    mentions: readonly string[],
    defined: (file: string, text: string) => ReadonlySet<string>,
    mentioned: (file: string, text: string) => boolean,
  ): ReadonlySet<string> {
    const key = mentions.join('\0');
    let d = this.definers.get(key);
    const add = (file: string, sign: 1 | -1) => {
      const text = this.texts.get(file);
      if (sign > 0 && (text === undefined || !mentioned(file, text))) return;
      const names = sign > 0 ? defined(file, text!) : d!.byFile.get(file);
      if (!names) return;
      if (sign > 0) d!.byFile.set(file, names);
      else d!.byFile.delete(file);
      for (const n of names) {
        const count = (d!.counts.get(n) ?? 0) + sign;
        // a name that comes (its first definer) or goes (its last) makes a new answer
        if (count === 0 || (sign > 0 && count === 1)) d!.names = undefined;
        if (count === 0) d!.counts.delete(n);
        else d!.counts.set(n, count);
      }
    };
    if (!d) {
      d = { generation: this.generation, byFile: new Map(), counts: new Map() };
      this.definers.set(key, d);
      for (const file of this.texts.keys()) add(file, 1);
    } else if (d.generation < this.generation) {
      for (const c of this.changes) {
        if (c.generation <= d.generation) continue;
        add(c.file, -1);
        add(c.file, 1);
      }
      d.generation = this.generation;
    }
    d.names ??= new Set(d.counts.keys());
    return d.names;
  }
}
