import type { Language, Location } from '../model/model';

/** How a file is laid out, so inserted code looks like the code around it. */
export interface Layout {
  eol: string;
  /** one level of indentation */
  unit: string;
  lines: string[];
  /** `if (x) {` (clang-format, K&R) rather than pgindent's brace on its own line */
  sameLineBraces: boolean;
  /** the null pointer the file spells: `nullptr` in C++ (and C23) files that use it, else `NULL` */
  nullLiteral: string;
}

export function layoutOf(text: string, language: Language): Layout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const tabs = lines.filter((l) => l.startsWith('\t')).length;
  const spaces = lines.filter((l) => l.startsWith('    ')).length;
  // a file indented by two spaces has many lines at odd levels (2, 6, 10 spaces); four-space files only align there
  const twos = lines.filter((l) => /^(?: {4})* {2}[^ *]/.test(l)).length;
  const spaceUnit = twos * 4 > spaces ? '  ' : '    ';
  const unit = tabs > spaces || (tabs === spaces && language === 'c') ? '\t' : spaceUnit;
  return { eol, unit, lines, sameLineBraces: sameLineBraces(lines), nullLiteral: nullLiteral(text) };
}

const CONTROL_HEADER = /^\s*(?:\}\s*)?(?:if|for|while|switch|else)\b/;

/** Whether the file's `if`/loop bodies open on the header line more often than on a line of their own. */
function sameLineBraces(lines: string[]): boolean {
  let same = 0;
  let own = 0;
  let previous = '';
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (CONTROL_HEADER.test(line) && /\{\s*$/.test(line)) same++;
    else if (line.trim() === '{' && CONTROL_HEADER.test(previous)) own++;
    previous = line;
  }
  return same > own;
}

function nullLiteral(text: string): string {
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  return count(/\bnullptr\b/g) > count(/\bNULL\b/g) ? 'nullptr' : 'NULL';
}

export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** The text of whole lines `from`..`to` (inclusive) as a location covering them. */
export function wholeLines(file: string, layout: Layout, from: number, to: number): Location {
  return { file, range: { start: { line: from, character: 0 }, end: { line: to, character: layout.lines[to].length } } };
}

/** Whether a location starts and ends its lines (only whitespace or a comment around it). */
export function ownsItsLines(layout: Layout, loc: Location): boolean {
  const { start, end } = loc.range;
  const before = layout.lines[start.line]?.slice(0, start.character) ?? '';
  const after = layout.lines[end.line]?.slice(end.character) ?? '';
  return before.trim() === '' && /^\s*;?\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(after);
}
