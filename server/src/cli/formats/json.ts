import type { Severity } from '../../analysis/rules/types';
import { displayPath, oneBased, type Formatter, type Span } from './report';

/** The JSON output of the CLI contract (shared/acceptance/README.md); CI scripts parse it. */
export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
}

export interface JsonFinding extends Span {
  file: string;
  rule: string;
  severity: Severity;
  message: string;
  fixes: { title: string; edits: JsonEdit[] }[];
}

export interface JsonEdit extends Span {
  file: string;
  newText: string;
}

export const json: Formatter = ({ findings, cwd }) => {
  const report: JsonReport = {
    version: 1,
    findings: findings.map((f) => ({
      file: displayPath(f.loc.file, cwd),
      ...oneBased(f.loc.range),
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      fixes: f.fixes.map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({ file: displayPath(e.file, cwd), ...oneBased(e.range), newText: e.newText })),
      })),
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
};
