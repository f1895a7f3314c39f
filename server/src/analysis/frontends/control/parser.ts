import type { Location } from '../../model/model';

/**
 * The control-file parser. The server reads control files with the postgresql.conf scanner
 * (src/backend/utils/misc/guc-file.l, ParseConfigFp): one setting per line, `name [=] value`,
 * `#` comments. Tokens never span lines, so each line is scanned on its own with the same
 * longest-match rules as flex; a line the server rejects becomes a syntax error and yields no
 * setting, and parsing goes on with the next line.
 */

export interface ControlSetting {
  name: string;
  nameLoc: Location;
  /** the value as the server sees it: quotes removed, escapes applied */
  value: string;
  /** the value as written, quotes included */
  valueText: string;
  valueLoc: Location;
  quoted: boolean;
  /** 0-based line of the setting */
  line: number;
  /** the line with its line break: what removing the setting deletes */
  lineLoc: Location;
  /** the value holds a placeholder that the build substitutes (templates only) */
  templated: boolean;
}

export interface ControlSyntaxError {
  message: string;
  loc: Location;
}

export interface ParsedControl {
  file: string;
  /** a `.control.in` template: placeholders are tolerated */
  template: boolean;
  settings: ControlSetting[];
  errors: ControlSyntaxError[];
}

type TokenKind = 'id' | 'qualifiedId' | 'string' | 'unquoted' | 'integer' | 'real' | 'equals' | 'error';

interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

const code = (s: string, i: number): number => (i < s.length ? s.charCodeAt(i) : -1);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAsciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** guc-file.l LETTER: ASCII letters, `_` and every byte >= 0x80 (so any non-ASCII character) */
const isLetter = (c: number): boolean => isAsciiLetter(c) || c === 0x5f || c >= 0x80;
const isLetterOrDigit = (c: number): boolean => isLetter(c) || isDigit(c);
const isSign = (c: number): boolean => c === 0x2b || c === 0x2d;

function run(s: string, i: number, pred: (c: number) => boolean): number {
  let j = i;
  while (pred(code(s, j))) j++;
  return j - i;
}

/** ID: LETTER LETTER_OR_DIGIT* */
function idLength(s: string, i: number): number {
  return isLetter(code(s, i)) ? 1 + run(s, i + 1, isLetterOrDigit) : 0;
}

/** QUALIFIED_ID: ID "." ID */
function qualifiedIdLength(s: string, i: number): number {
  const first = idLength(s, i);
  if (!first || code(s, i + first) !== 0x2e) return 0;
  const second = idLength(s, i + first + 1);
  return second ? first + 1 + second : 0;
}

/** UNQUOTED_STRING: LETTER (LETTER_OR_DIGIT | [-._:/])* */
function unquotedLength(s: string, i: number): number {
  const extra = (c: number) => isLetterOrDigit(c) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x3a || c === 0x2f;
  return isLetter(code(s, i)) ? 1 + run(s, i + 1, extra) : 0;
}

/** INTEGER: SIGN? (DIGIT+ | 0x HEXDIGIT+) UNIT_LETTER*, the longer of the two readings */
function integerLength(s: string, i: number): number {
  const at = i + (isSign(code(s, i)) ? 1 : 0);
  const readings: number[] = [];
  const digits = run(s, at, isDigit);
  if (digits) readings.push(at + digits);
  if (code(s, at) === 0x30 && code(s, at + 1) === 0x78) {
    const hex = run(s, at + 2, isHexDigit);
    if (hex) readings.push(at + 2 + hex);
  }
  if (!readings.length) return 0;
  return Math.max(...readings.map((end) => end + run(s, end, isAsciiLetter))) - i;
}

/** REAL: SIGN? DIGIT* "." DIGIT* ([Ee] SIGN? DIGIT+)? */
function realLength(s: string, i: number): number {
  let j = i + (isSign(code(s, i)) ? 1 : 0);
  j += run(s, j, isDigit);
  if (code(s, j) !== 0x2e) return 0;
  j += 1 + run(s, j + 1, isDigit);
  const e = code(s, j);
  if (e === 0x45 || e === 0x65) {
    const k = j + 1 + (isSign(code(s, j + 1)) ? 1 : 0);
    const exp = run(s, k, isDigit);
    if (exp) j = k + exp;
  }
  return j - i;
}

/**
 * STRING: ' ( [^'\\\n] | \\. | '' )* ' — the longest match, which may end at the first quote of a
 * doubled pair when nothing closes the string after it.
 */
function stringLength(s: string, i: number): number {
  if (code(s, i) !== 0x27) return 0;
  let longest = 0;
  let j = i + 1;
  while (j < s.length) {
    const c = s.charCodeAt(j);
    if (c === 0x5c) {
      if (j + 1 >= s.length) break;
      j += 2;
    } else if (c === 0x27) {
      longest = j + 1 - i;
      if (code(s, j + 1) !== 0x27) break;
      j += 2;
    } else {
      j++;
    }
  }
  return longest;
}

/** flex's rule order: on equal length the earlier rule wins */
const RULES: readonly [TokenKind, (s: string, i: number) => number][] = [
  ['id', idLength],
  ['qualifiedId', qualifiedIdLength],
  ['string', stringLength],
  ['unquoted', unquotedLength],
  ['integer', integerLength],
  ['real', realLength],
  ['equals', (s, i) => (code(s, i) === 0x3d ? 1 : 0)],
];

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0d;

function scanLine(s: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (c === 0x23) break;
    let best: Token | undefined;
    for (const [kind, length] of RULES) {
      const n = length(s, i);
      if (n > 0 && (!best || n > best.end - best.start)) best = { kind, start: i, end: i + n };
    }
    // flex's catch-all `.` rule: one character no other rule takes
    best ??= { kind: 'error', start: i, end: i + 1 };
    tokens.push(best);
    i = best.end;
  }
  return tokens;
}

const VALUE_KINDS: ReadonlySet<TokenKind> = new Set(['id', 'string', 'integer', 'real', 'unquoted']);

/** DeescapeQuotedString: strip the quotes, apply backslash escapes and collapse doubled quotes. */
export function unquote(quoted: string): string {
  const s = quoted.slice(1, -1);
  const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const next = s[++i];
      const octal = /^[0-7]{1,3}/.exec(s.slice(i, i + 3));
      if (octal) {
        out += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
        i += octal[0].length - 1;
      } else {
        out += simple[next] ?? next;
      }
    } else if (c === "'" && s[i + 1] === "'") {
      out += "'";
      i++;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Template placeholders: `@VERSION@` (CMake configure_file, autoconf), `__VERSION__` (sed), and
 * upper-case words that a sed script replaces (`EXTVERSION`).
 */
const PLACEHOLDER = /@[A-Za-z0-9_]+@|__[A-Za-z0-9_]+__|\b[A-Z][A-Z0-9_]{2,}\b/;
/** a template line that is one placeholder, replaced by whole settings (`__REQUIRES__`) */
const PLACEHOLDER_LINE = /^[ \t]*(@[A-Za-z0-9_]+@|__[A-Za-z0-9_]+__)[ \t\r]*(#.*)?$/;

/** In a template, `@NAME@` scans as letters so that `'$libdir/x-@V@'` and `@V@` keep their shape. */
function maskAtPlaceholders(line: string): string {
  return line.replace(/@[A-Za-z0-9_]+@/g, (m) => 'x'.repeat(m.length));
}

/** The server stops reading a file after this many syntax errors. */
const MAX_ERRORS = 100;

export function parseControl(file: string, text: string, template = file.endsWith('.control.in')): ParsedControl {
  const lines = text.split('\n');
  const settings: ControlSetting[] = [];
  const errors: ControlSyntaxError[] = [];
  const loc = (line: number, start: number, end: number): Location => ({
    file,
    range: { start: { line, character: start }, end: { line, character: end } },
  });
  const wholeLine = (line: number): Location => {
    if (line + 1 < lines.length) {
      return { file, range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } } };
    }
    const start = line > 0 ? { line: line - 1, character: lines[line - 1].length } : { line, character: 0 };
    return { file, range: { start, end: { line, character: lines[line].length } } };
  };

  for (let ln = 0; ln < lines.length && errors.length < MAX_ERRORS; ln++) {
    const raw = lines[ln];
    if (template && PLACEHOLDER_LINE.test(raw)) continue;
    const scanned = template ? maskAtPlaceholders(raw) : raw;
    const tokens = scanLine(scanned);
    if (!tokens.length) continue;
    const text = (t: Token) => raw.slice(t.start, t.end);
    const fail = (message: string, start: number, end: number) => errors.push({ message, loc: loc(ln, start, end) });

    const [name] = tokens;
    if (name.kind !== 'id' && name.kind !== 'qualifiedId') {
      fail(describeBadToken(raw, name, 'a parameter name'), name.start, tokenEnd(raw, name));
      continue;
    }
    const valueAt = tokens[1]?.kind === 'equals' ? 2 : 1;
    const value = tokens[valueAt];
    if (!value) {
      const last = tokens[tokens.length - 1];
      fail(`Missing value for parameter "${text(name)}".`, name.start, last.end);
      continue;
    }
    if (!VALUE_KINDS.has(value.kind)) {
      fail(describeBadToken(raw, value, `a value for "${text(name)}"`), value.start, tokenEnd(raw, value));
      continue;
    }
    const extra = tokens[valueAt + 1];
    if (extra) {
      const hint = extra.kind === 'error' ? '' : ' Quote the value if it contains spaces.';
      fail(`${describeBadToken(raw, extra, 'the end of the line')}${hint}`, extra.start, tokenEnd(raw, extra));
      continue;
    }
    const valueText = text(value);
    settings.push({
      name: text(name),
      nameLoc: loc(ln, name.start, name.end),
      value: value.kind === 'string' ? unquote(valueText) : valueText,
      valueText,
      valueLoc: loc(ln, value.start, value.end),
      quoted: value.kind === 'string',
      line: ln,
      lineLoc: wholeLine(ln),
      templated: template && PLACEHOLDER.test(valueText),
    });
  }
  return { file, template, settings, errors };
}

/** An unterminated string reaches to the end of the line; other bad tokens are as scanned. */
function tokenEnd(line: string, t: Token): number {
  return isUnterminatedQuote(line, t) ? line.replace(/[\r \t]+$/, '').length : t.end;
}

function isUnterminatedQuote(line: string, t: Token): boolean {
  return t.kind === 'error' && line[t.start] === "'";
}

function describeBadToken(line: string, t: Token, expected: string): string {
  const found = line.slice(t.start, t.end);
  if (isUnterminatedQuote(line, t)) return 'Unterminated quoted string: the closing quote is missing.';
  if (t.kind === 'error' && found === '$') {
    return `Syntax error near "$": an unquoted value cannot contain "$"; quote it.`;
  }
  return `Syntax error near "${found}": expected ${expected}.`;
}
