import { identifiersOf } from './identifiers';

/**
 * Answers computed from a file's text (searches, the names it defines), kept while its text stays the
 * same: re-analysing an extension after an edit then searches only the edited file again.
 */
export class TextSearches {
  private readonly byFile = new Map<string, { text: string; answers: Map<string, unknown> }>();

  /** The answer `compute` gives for `text`, computed once per text of `file` and `key`. */
  get<T>(file: string, text: string, key: string, compute: (text: string) => T): T {
    let entry = this.byFile.get(file);
    if (!entry || entry.text !== text) {
      entry = { text, answers: new Map() };
      this.byFile.set(file, entry);
    }
    if (!entry.answers.has(key)) entry.answers.set(key, compute(text));
    return entry.answers.get(key) as T;
  }

  /** Whether `re` matches `text`; `identifier`, when given, must be one the text names (a cheap pre-check). */
  test(file: string, text: string, key: string, re: RegExp, identifier?: string): boolean {
    return this.get(file, text, key, (t) => (identifier === undefined || this.get(file, t, 'identifiers', identifiersOf).has(identifier)) && re.test(t));
  }

  forget(file: string): void {
    this.byFile.delete(file);
  }

  files(): IterableIterator<string> {
    return this.byFile.keys();
  }
}
