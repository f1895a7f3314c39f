import type { Location } from '../model/model';
import { isCppSource } from '../frontends/cpp/files';

/**
 * Suppression comments, parsed once per file:
 *   pgext-lint-ignore RULE[, RULE][: reason]   the next line (or this line, after code)
 *   pgext-lint-ignore-file RULE[, RULE]        the whole file
 *   pgext-lint-ignore-start RULE ... pgext-lint-ignore-end RULE
 */
export interface Suppression {
  rule: string;
  /** 0-based lines covered, inclusive */
  fromLine: number;
  toLine: number;
  /** the comment, where unused-suppression is reported */
  loc: Location;
}

export type CommentStyle = 'c' | 'hash' | 'sql';

const DIRECTIVE = /pgext-lint-ignore(-file|-start|-end)?\b[ \t]*([A-Za-z0-9_-]+(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)?/g;

/** Whether offset `at` of `line` is inside a comment that started on that line or earlier. */
function commentStart(line: string, at: number, style: CommentStyle, inBlock: boolean): number | undefined {
  const before = line.slice(0, at);
  if (style === 'hash') {
    const i = before.indexOf('#');
    return i >= 0 ? i : undefined;
  }
  const candidates = [before.lastIndexOf(style === 'sql' ? '--' : '//'), before.lastIndexOf('/*')].filter((i) => i >= 0);
  if (candidates.length) return Math.min(...candidates);
  return inBlock ? 0 : undefined;
}

export function parseSuppressions(file: string, text: string, style: CommentStyle): Suppression[] {
  if (!text.includes('pgext-lint-ignore')) return [];
  const lines = text.split('\n');
  const out: Suppression[] = [];
  const open = new Map<string, Suppression>();
  let inBlock = false;
  lines.forEach((line, ln) => {
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(line); m; m = DIRECTIVE.exec(line)) {
      const start = commentStart(line, m.index, style, inBlock);
      if (start === undefined) continue;
      const rules = (m[2] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
      const loc: Location = {
        file,
        range: { start: { line: ln, character: m.index }, end: { line: ln, character: m.index + m[0].length } },
      };
      const codeBefore = line.slice(0, start).trim() !== '';
      for (const rule of rules) {
        switch (m[1]) {
          case '-file':
            out.push({ rule, fromLine: 0, toLine: lines.length, loc });
            break;
          case '-start': {
            const s: Suppression = { rule, fromLine: ln, toLine: lines.length, loc };
            open.set(rule, s);
            out.push(s);
            break;
          }
          case '-end': {
            const s = open.get(rule);
            if (s) {
              s.toLine = ln;
              open.delete(rule);
            }
            break;
          }
          default: {
            const target = codeBefore ? ln : nextCodeLine(lines, ln, style);
            out.push({ rule, fromLine: target, toLine: target, loc });
          }
        }
      }
    }
    if (style !== 'hash') inBlock = blockStateAfter(line, inBlock, style);
  });
  return out;
}

/** The line a "line above" suppression covers: the next line that is not only a comment. */
function nextCodeLine(lines: string[], from: number, style: CommentStyle): number {
  let inBlock = style !== 'hash' && blockStateAfter(lines[from], false, style);
  for (let i = from + 1; i < lines.length; i++) {
    const t = lines[i].trim();
    const wasInBlock = inBlock;
    if (style !== 'hash') inBlock = blockStateAfter(lines[i], inBlock, style);
    if (t === '' || wasInBlock) continue;
    if (style === 'hash' ? t.startsWith('#') : t.startsWith(LINE_COMMENT[style]) || (t.startsWith('/*') && t.endsWith('*/'))) continue;
    return i;
  }
  return from + 1;
}

const LINE_COMMENT = { c: '//', sql: '--' } as const;

function blockStateAfter(line: string, inBlock: boolean, style: 'c' | 'sql'): boolean {
  let state = inBlock;
  const lineComment = LINE_COMMENT[style];
  for (let i = 0; i < line.length - 1; i++) {
    if (!state && line.startsWith(lineComment, i)) return false;
    if (!state && line[i] === '/' && line[i + 1] === '*') {
      state = true;
      i++;
    } else if (state && line[i] === '*' && line[i + 1] === '/') {
      state = false;
      i++;
    }
  }
  return state;
}

export function commentStyleFor(file: string): CommentStyle | undefined {
  if (/\.(c|h|rs)$/.test(file) || isCppSource(file)) return 'c';
  if (/\.control(\.in|\.template)?$/.test(file)) return 'hash';
  if (/\.sql(\.in)?$/.test(file)) return 'sql';
  return undefined;
}
