import type { Severity } from '../../analysis/rules/types';
import { compilerLocation, type Formatter } from './report';

/** gcc knows errors, warnings and notes. */
const GCC_KIND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * gcc's diagnostic lines, `file:line:col: warning: message [-Wpgext-lint-rule]`, with related
 * locations as follow-up notes: what editors' and CI's gcc problem matchers parse.
 */
export const gcc: Formatter = ({ findings, cwd }) =>
  findings
    .flatMap((f) => [
      `${compilerLocation(f.loc.file, f.loc.range, cwd)}: ${GCC_KIND[f.severity]}: ${f.message} [-Wpgext-lint-${f.rule}]`,
      ...f.related.map((r) => `${compilerLocation(r.loc.file, r.loc.range, cwd)}: note: ${r.message}`),
    ])
    .map((line) => `${line}\n`)
    .join('');
