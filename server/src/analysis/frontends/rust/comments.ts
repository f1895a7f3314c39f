import { blankText } from '../c/variants';

const CHAR_LITERAL = /'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]{1,6}\}|.)|[^\\'\n])'/y;
const RAW_STRING_START = /b?r(#*)"/y;

/**
 * A Rust text with its comments blanked (line, doc and nested block comments; same length, lines kept),
 * for text searches that must not take a word in a comment for code. String and character literals are
 * stepped over whole, so a `//` inside one starts no comment; their contents stay (a search that finds a
 * word in a string only looks further than it needs to).
 */
export function blankRustComments(text: string): string {
  let out = '';
  let at = 0;
  let i = 0;
  const n = text.length;
  const blank = (end: number) => {
    out += text.slice(at, i) + blankText(text.slice(i, end));
    at = i = end;
  };
  while (i < n) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      blank(end < 0 ? n : end);
    } else if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (text[j] === '/' && text[j + 1] === '*') (depth++, (j += 2));
        else if (text[j] === '*' && text[j + 1] === '/') (depth--, (j += 2));
        else j++;
      }
      blank(j);
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      i = j + 1;
    } else if ((c === 'r' || c === 'b') && !/\w/.test(text[i - 1] ?? '')) {
      RAW_STRING_START.lastIndex = i;
      const m = RAW_STRING_START.exec(text);
      if (m) {
        const end = text.indexOf(`"${m[1]}`, i + m[0].length);
        i = end < 0 ? n : end + 1 + m[1].length;
      } else i++;
    } else if (c === "'") {
      CHAR_LITERAL.lastIndex = i;
      // not a character: a lifetime (`'a`)
      i = CHAR_LITERAL.test(text) ? CHAR_LITERAL.lastIndex : i + 1;
    } else i++;
  }
  return out + text.slice(at);
}
