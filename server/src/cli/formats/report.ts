import * as path from 'node:path';
import type { Finding } from '../../analysis/model/findings';
import type { Range } from '../../analysis/model/model';
import type { Severity } from '../../analysis/rules/types';

/** What a check run hands to an output format. */
export interface Report {
  /** sorted with compareFindings */
  findings: Finding[];
  /** how many extensions were analysed */
  extensions: number;
  /** the folder paths are shown relative to */
  cwd: string;
  /** the absolute paths that were checked */
  paths: string[];
}

/** An output format: the whole of stdout for one run. */
export type Formatter = (report: Report) => string;

/** A file as shown to people and CI tools: relative to the current folder, with `/` separators. */
export function displayPath(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

/** A range in the 1-based lines and columns every output format uses. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function oneBased(range: Range): Span {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** `file:line:col`, the location prefix compilers print and editors' problem matchers parse. */
export function compilerLocation(file: string, range: Range, cwd: string): string {
  const { line, column } = oneBased(range);
  return `${displayPath(file, cwd)}:${line}:${column}`;
}

/** Highest first, the order summaries list severities in. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
