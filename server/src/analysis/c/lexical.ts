/**
 * A lexical pass over C source: finds preprocessor directives and produces a "code view" of the
 * text in which comments and the contents of string/char literals are blanked (same length, newlines
 * kept), so later textual passes never match inside them.
 */

export interface Directive {
  /** directive name: if, ifdef, ifndef, elif, else, endif, define, ... */
  name: string;
  /** text after the name, continuation lines joined, comments removed */
  rest: string;
  start: number;
  /** offset just past the directive (before its final newline) */
  end: number;
}

export interface Lexed {
  codeView: string;
  directives: Directive[];
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 12 || c === 11 || c === 13;

export function lexC(text: string): Lexed {
  const out: string[] = new Array(text.length);
  const directives: Directive[] = [];
  const n = text.length;
  let i = 0;
  let atLineStart = true;
  let directiveStart = -1;

  const blank = (from: number, to: number) => {
    for (let j = from; j < to; j++) out[j] = text.charCodeAt(j) === 10 ? '\n' : ' ';
  };
  const endDirective = (at: number) => {
    if (directiveStart < 0) return;
    const raw = out.slice(directiveStart, at).join('').replace(/\\\r?\n/g, ' ');
    const m = /^\s*#\s*(\w*)\s*([\s\S]*)$/.exec(raw);
    if (m) directives.push({ name: m[1], rest: m[2].trim(), start: directiveStart, end: at });
    directiveStart = -1;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      out[i] = '\n';
      // a backslash before the newline continues a directive
      let k = i - 1;
      if (k >= 0 && text.charCodeAt(k) === 13) k--;
      if (!(directiveStart >= 0 && k >= 0 && text.charCodeAt(k) === 92)) {
        endDirective(i);
        atLineStart = true;
      }
      i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      // block comment
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      blank(i, end);
      // a comment is whitespace: a directive may still start after it on the same line
      i = end;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 47) {
      let end = i;
      while (end < n && text.charCodeAt(end) !== 10) {
        // a backslash-newline continues a // comment too
        if (text.charCodeAt(end) === 92 && text.charCodeAt(end + 1) === 10) end++;
        end++;
      }
      blank(i, end);
      i = end;
      continue;
    }
    if (c === 34 || c === 39) {
      out[i] = text[i];
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) {
          j += 2;
          continue;
        }
        if (d === c || d === 10) break;
        j++;
      }
      blank(i + 1, Math.min(j, n));
      if (j < n && text.charCodeAt(j) === c) {
        out[j] = text[j];
        j++;
      }
      i = j;
      atLineStart = false;
      continue;
    }
    if (atLineStart && c === 35) directiveStart = i;
    if (!isSpace(c)) atLineStart = false;
    out[i] = text[i];
    i++;
  }
  endDirective(n);
  return { codeView: out.join(''), directives };
}
