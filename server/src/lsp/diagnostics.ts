import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { Finding } from '../analysis/model/findings';
import { docsUrl } from '../analysis/rules';
import type { Severity } from '../analysis/rules/types';
import { toWorkspaceEdit, type EditTarget } from './workspaceEdits';

export const SOURCE = 'pgext-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * What a diagnostic carries so that code actions answer without analysing again. The edits that
 * disable a rule for a line or file are not among them: they are built when code actions are asked
 * for, from the document's text then, not for every finding of every analysis.
 */
export interface DiagnosticData {
  rule: string;
  fixes: { title: string; preferred: boolean; edit: WorkspaceEdit; edits: Finding['fixes'][number]['edits'] }[];
}

export function toDiagnostic(f: Finding, target: EditTarget): Diagnostic {
  const data: DiagnosticData = {
    rule: f.rule,
    fixes: f.fixes.map((fix) => ({
      title: fix.title,
      preferred: fix.preferred ?? false,
      edit: toWorkspaceEdit(fix.edits, target),
      edits: fix.edits,
    })),
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
