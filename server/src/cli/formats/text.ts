import type { Severity } from '../../analysis/rules/types';
import { compilerLocation, SEVERITIES, type Formatter } from './report';

/** The human format: one compiler-style line per finding, its related locations as notes, a summary. */
export const text: Formatter = ({ findings, extensions, cwd }) => {
  const lines: string[] = [];
  for (const f of findings) {
    lines.push(`${compilerLocation(f.loc.file, f.loc.range, cwd)}: ${f.severity}: ${f.message} [${f.rule}]`);
    for (const r of f.related) lines.push(`${compilerLocation(r.loc.file, r.loc.range, cwd)}: note: ${r.message}`);
  }
  lines.push(summary(findings.map((f) => f.severity), extensions));
  return lines.join('\n') + '\n';
};

const NOUNS: Record<Severity, [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['info', 'info'],
  hint: ['hint', 'hints'],
};

function count(n: number, [one, many]: [string, string]): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `3 errors, 1 warning in 2 extensions`: errors and warnings always, info and hints when present. */
function summary(severities: Severity[], extensions: number): string {
  const parts = SEVERITIES.map((s) => ({ s, n: severities.filter((x) => x === s).length }))
    .filter(({ s, n }) => n > 0 || s === 'error' || s === 'warning')
    .map(({ s, n }) => count(n, NOUNS[s]));
  return `${parts.join(', ')} in ${count(extensions, ['extension', 'extensions'])}`;
}
