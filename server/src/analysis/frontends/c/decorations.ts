import { blankText } from './variants';

/**
 * Same-length blanking of PostgreSQL idioms the C grammar mis-parses, found in the code view
 * (comments and strings already blank) and applied to the text being parsed:
 * PGDLLEXPORT / PGDLLIMPORT, pg_attribute_*(...), __attribute__((...)), PG_MODULE_MAGIC_EXT(...);
 * foreach(...) and its siblings become `while` so their bodies parse as loop bodies.
 */
const DECORATION = /\b(PGDLLEXPORT|PGDLLIMPORT|pg_nodiscard|pg_noreturn|PG_USED_FOR_ASSERTS_ONLY|pg_attribute_\w+|__attribute__|PG_MODULE_MAGIC_EXT)\b/g;
const LOOP_MACRO = /\b(foreach\w*|for_each_\w+|forboth|forthree|forfour|forfive|[a-z]+list_foreach\w*|dlist_foreach\w*|slist_foreach\w*|dclist_foreach\w*)\b(?=\s*\()/g;

function matchParen(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

export function blankDecorations(text: string, codeView: string): string {
  const edits: [number, number, string][] = [];
  const blank = (s: number, e: number) => edits.push([s, e, blankText(text.slice(s, e))]);
  DECORATION.lastIndex = 0;
  for (let m = DECORATION.exec(codeView); m; m = DECORATION.exec(codeView)) {
    let end = m.index + m[0].length;
    const after = /^\s*\(/.exec(codeView.slice(end, end + 200));
    if (after) {
      const close = matchParen(codeView, end + after[0].length - 1);
      if (close > 0) end = close;
    }
    if (m[1] === 'PG_MODULE_MAGIC_EXT') {
      const semi = /^\s*;/.exec(codeView.slice(end, end + 50));
      if (semi) end += semi[0].length;
    }
    blank(m.index, end);
  }
  LOOP_MACRO.lastIndex = 0;
  for (let m = LOOP_MACRO.exec(codeView); m; m = LOOP_MACRO.exec(codeView)) {
    // only a loop header: the macro's parentheses are followed by a statement, not `;` or an operator
    const close = matchParen(codeView, codeView.indexOf('(', m.index));
    if (close < 0 || !/^\s*[{\w]/.test(codeView.slice(close, close + 100))) continue;
    edits.push([m.index, m.index + m[0].length, 'while'.padEnd(m[0].length, ' ')]);
  }
  if (edits.length === 0) return text;
  edits.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [s, e, replacement] of edits) {
    if (s < at) continue;
    out += text.slice(at, s) + replacement;
    at = e;
  }
  return out + text.slice(at);
}
