import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Finding } from '../analysis/model/findings';
import { docsUrl } from '../analysis/rules';
import type { Severity } from '../analysis/rules/types';
import { disableForFile, disableForLine } from './ignoreComments';
import { toWorkspaceEdit, type EditTarget } from './workspaceEdits';

export const SOURCE = 'pgext-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries so that code actions answer without analysing again. */
export interface DiagnosticData {
  rule: string;
  fixes: { title: string; preferred: boolean; edit: WorkspaceEdit; edits: Finding['fixes'][number]['edits'] }[];
  disableLine?: WorkspaceEdit;
  disableFile?: WorkspaceEdit;
}

export function toDiagnostic(f: Finding, text: string | undefined, target: EditTarget): Diagnostic {
  const disableLine = text === undefined ? undefined : disableForLine(f.loc.file, text, f.loc.range.start.line, f.rule);
  const disableFile = text === undefined ? undefined : disableForFile(f.loc.file, text, f.rule);
  const data: DiagnosticData = {
    rule: f.rule,
    fixes: f.fixes.map((fix) => ({
      title: fix.title,
      preferred: fix.preferred ?? false,
      edit: toWorkspaceEdit(fix.edits, target),
      edits: fix.edits,
    })),
    disableLine: disableLine && toWorkspaceEdit([disableLine], target),
    disableFile: disableFile && toWorkspaceEdit([disableFile], target),
  };
  const d: Diagnostic = {
    range: f.loc.range,
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: docsUrl(f.rule) },
    source: SOURCE,
    message: f.message,
    data,
  };
  if (f.related.length) {
    d.relatedInformation = f.related.map((r) => ({
      location: { uri: target.uriFor(r.loc.file), range: r.loc.range },
      message: r.message,
    }));
  }
  if (f.unnecessary) d.tags = [DiagnosticTag.Unnecessary];
  return d;
}
