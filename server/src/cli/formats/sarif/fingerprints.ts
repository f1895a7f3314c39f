import { createHash } from 'node:crypto';
import type { Finding } from '../../../analysis/model/findings';
import { readSource } from '../../../analysis/syntax/source';
import { displayPath } from '../report';

/** The key of our fingerprint in `partialFingerprints`; the version changes if the recipe does. */
export const FINGERPRINT_KEY = 'pgextLintContext/v1';

/** Lines of code hashed from the finding's line on: enough to tell consecutive similar calls apart. */
const CONTEXT_LINES = 3;

/**
 * Fingerprints that follow a finding when lines are added or removed above it (GitHub code scanning
 * matches alerts across commits with them): the rule, the file, and the text of the finding's line
 * and the next non-blank lines with whitespace collapsed, never line numbers. Identical contexts in
 * one file are numbered in file order (`hash:2`). Positions outside the file (or an unreadable
 * file) fall back to the message.
 */
export function fingerprints(findings: Finding[], cwd: string): string[] {
  const lines = new Map<string, string[] | undefined>();
  const linesOf = (file: string) => {
    if (!lines.has(file)) {
      const read = readSource(file);
      lines.set(file, 'text' in read ? read.text.split(/\r?\n/) : undefined);
    }
    return lines.get(file);
  };
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const context = codeContext(linesOf(f.loc.file), f.loc.range.start.line) ?? f.message;
    const hash = createHash('sha256').update(`${f.rule}\0${displayPath(f.loc.file, cwd)}\0${context}`).digest('hex').slice(0, 32);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

function codeContext(lines: string[] | undefined, line: number): string | undefined {
  if (!lines || line >= lines.length) return undefined;
  const context = lines
    .slice(line)
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l, i) => i === 0 || l !== '')
    .slice(0, CONTEXT_LINES);
  return context.join('\n');
}
