/**
 * Where a string constant starts in SQL text, and how its content maps back to the text: a
 * dollar-quoted body is verbatim; a single-quoted one has '' for each quote (E'' strings with
 * backslash escapes are not mapped: their bodies are not analysed).
 */
export interface Literal {
  /** the literal's content */
  content: string;
  /** index in the text of each index of the content */
  textIndex(i: number): number;
  /** index in the text where the literal starts */
  start: number;
}

/** The first string constant at or after `from`, skipping whitespace, comments and words. */
export function literalAt(text: string, from: number): Literal | undefined {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (!m) return undefined;
      const begin = i + m[0].length;
      const end = text.indexOf(m[0], begin);
      if (end < 0) return undefined;
      return { content: text.slice(begin, end), textIndex: (k) => begin + k, start: i };
    } else if (c === "'") {
      if (/[eE]/.test(text[i - 1] ?? '')) return undefined;
      const map: number[] = [];
      let content = '';
      let k = i + 1;
      while (k < text.length) {
        if (text[k] === "'") {
          if (text[k + 1] !== "'") break;
          k++;
        }
        map.push(k);
        content += text[k];
        k++;
      }
      map.push(k);
      return { content, textIndex: (j) => map[Math.min(j, map.length - 1)], start: i };
    } else if (/[\s;,()]/.test(c) || /\w/.test(c) || c === '"' || c === '=') {
      i++;
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** The index after the token (word, quoted identifier or string) starting at `at`. */
export function tokenEnd(text: string, at: number): number {
  const c = text[at];
  if (c === "'" || c === '"') {
    let k = at + 1;
    while (k < text.length) {
      if (text[k] === c) {
        if (text[k + 1] !== c) return k + 1;
        k++;
      }
      k++;
    }
    return text.length;
  }
  const m = /^[\w$]+/.exec(text.slice(at, at + 256));
  return at + (m ? m[0].length : 1);
}
