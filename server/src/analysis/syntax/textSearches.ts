/**
 * Answers to text searches over a file, kept while its text stays the same: re-analysing an
 * extension after an edit then searches only the edited file again.
 */
export class TextSearches {
  private readonly byFile = new Map<string, { text: string; answers: Map<string, boolean> }>();

  /** Whether `re` matches `text`; `needle`, when given, must occur first (a cheap pre-check). */
  test(file: string, text: string, key: string, re: RegExp, needle?: string): boolean {
    let entry = this.byFile.get(file);
    if (!entry || entry.text !== text) {
      entry = { text, answers: new Map() };
      this.byFile.set(file, entry);
    }
    let answer = entry.answers.get(key);
    if (answer === undefined) {
      answer = (needle === undefined || text.includes(needle)) && re.test(text);
      entry.answers.set(key, answer);
    }
    return answer;
  }

  forget(file: string): void {
    this.byFile.delete(file);
  }
}
