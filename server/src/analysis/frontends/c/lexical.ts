import { blankText } from './variants';

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

const SPECIAL = /\/\*|\/\/|"|'/g;
const DIRECTIVE_START = /^[ \t]*#/gm;

/** The key a text's lexical pass is kept under (per file and text), shared by the C sources and the fixes. */
export const LEXED = 'lexed';

export function lexC(text: string): Lexed {
  const codeView = blankCommentsAndStrings(text);
  const directives: Directive[] = [];
  DIRECTIVE_START.lastIndex = 0;
  for (let m = DIRECTIVE_START.exec(codeView); m; m = DIRECTIVE_START.exec(codeView)) {
    let end = codeView.indexOf('\n', m.index);
    // a backslash at the end of a line continues the directive
    while (end >= 0 && /\\\r?$/.test(codeView.slice(Math.max(m.index, end - 2), end))) end = codeView.indexOf('\n', end + 1);
    if (end < 0) end = codeView.length;
    const raw = codeView.slice(m.index, end).replace(/\\\r?\n/g, ' ');
    const d = /^\s*#\s*(\w*)\s*([\s\S]*)$/.exec(raw);
    if (d) directives.push({ name: d[1], rest: d[2].trim(), start: m.index, end: end > 0 && codeView[end - 1] === '\r' ? end - 1 : end });
    DIRECTIVE_START.lastIndex = end;
  }
  return { codeView, directives };
}

function blankCommentsAndStrings(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  const blank = (from: number, to: number) => {
    parts.push(text.slice(copied, from), blankText(text.slice(from, to)));
    copied = to;
  };
  const n = text.length;
  SPECIAL.lastIndex = 0;
  for (let m = SPECIAL.exec(text); m; m = SPECIAL.exec(text)) {
    const at = m.index;
    let end: number;
    if (m[0] === '/*') {
      const close = text.indexOf('*/', at + 2);
      end = close < 0 ? n : close + 2;
      blank(at, end);
    } else if (m[0] === '//') {
      end = at;
      // a backslash-newline continues a // comment too
      while (end < n && text.charCodeAt(end) !== 10) end += text.charCodeAt(end) === 92 ? 2 : 1;
      end = Math.min(end, n);
      blank(at, end);
    } else {
      const quote = text.charCodeAt(at);
      end = at + 1;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 92) end += 2;
        else if (c === quote || c === 10) break;
        else end++;
      }
      end = Math.min(end, n);
      blank(at + 1, end);
      if (end < n && text.charCodeAt(end) === quote) end++;
    }
    SPECIAL.lastIndex = end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
