import { readFileSync, statSync } from 'node:fs';

/** Files larger than this are skipped: generated code, never an extension's init path. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

export type SourceRead = { text: string; warning?: string } | { skipped: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/**
 * Reads a source file for analysis. Binary and oversized files are skipped with a reason;
 * invalid UTF-8 is decoded with replacement characters (positions stay usable) and a warning.
 */
export function readSource(file: string): SourceRead {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    return { skipped: `cannot read: ${(e as Error).message}` };
  }
  if (size > MAX_SOURCE_BYTES) {
    return { skipped: `larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MB` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { skipped: `cannot read: ${(e as Error).message}` };
  }
  return decodeSource(bytes);
}

/**
 * An editor's text of a file, held to the limits of files on disk: an oversized text (a paste, a
 * generated file) or a binary one is skipped with the same reason.
 */
export function checkEditorText(text: string): SourceRead {
  // a UTF-16 length bounds the UTF-8 size from below (1 byte per unit) and from above (3)
  if (text.length > MAX_SOURCE_BYTES || (text.length * 3 > MAX_SOURCE_BYTES && Buffer.byteLength(text) > MAX_SOURCE_BYTES)) {
    return { skipped: `larger than ${MAX_SOURCE_BYTES / (1024 * 1024)} MB` };
  }
  if (text.slice(0, 8192).includes('\0')) return { skipped: 'binary file' };
  return { text };
}

export function decodeSource(bytes: Uint8Array): SourceRead {
  if (bytes.subarray(0, 8192).includes(0)) return { skipped: 'binary file' };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { text: lenient.decode(bytes), warning: 'invalid UTF-8; undecodable bytes were replaced' };
  }
}

/** Start offsets of each line, for offset <-> position conversion. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

export function positionAt(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export function offsetAt(starts: number[], pos: { line: number; character: number }): number {
  return (starts[pos.line] ?? starts[starts.length - 1]) + pos.character;
}
