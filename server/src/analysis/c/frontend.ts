import type { Parser } from 'web-tree-sitter';
import type { FileFacts } from '../model';
import type { Macros } from './variants';

export function extractCFile(_parser: Parser, file: string, _text: string, _macros: Macros): FileFacts {
  return { file, language: 'c', functions: [], variables: [], problems: [] };
}
