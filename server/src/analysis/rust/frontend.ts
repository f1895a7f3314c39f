import type { Parser } from 'web-tree-sitter';
import type { FileFacts } from '../model';

/** Rust/pgrx front end: syntax tree -> neutral model, with cfg evaluated for `pgVersion`. */
export function extractRustFile(_parser: Parser, file: string, _text: string, _pgVersion: number): FileFacts {
  return { file, language: 'rust', functions: [], variables: [], problems: [] };
}
