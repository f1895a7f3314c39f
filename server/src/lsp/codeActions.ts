import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { docsUrl } from '../analysis/rules';
import { SOURCE, type DiagnosticData } from './diagnostics';
import { nonOverlapping, toWorkspaceEdit, type EditTarget } from './workspaceEdits';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.pgext-lint`;
export const SHOW_DOCUMENTATION_COMMAND = 'pgext-lint.showDocumentation';

/** Our diagnostics with what they carry (`data` is untyped in the protocol). */
const ours = (diagnostics: Diagnostic[]): { d: Diagnostic; data: DiagnosticData }[] =>
  diagnostics
    .filter((d) => d.source === SOURCE && typeof d.data === 'object' && d.data !== null && 'rule' in d.data)
    .map((d) => ({ d, data: d.data as DiagnosticData }));

const wanted = (only: string[] | undefined, kind: string) =>
  !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));

/**
 * Quick fixes for the diagnostics in the request, from what each diagnostic carries: the rule's
 * fixes, disabling the rule for the line or the file, and its documentation. Plus fix-all.
 */
export function codeActions(
  params: CodeActionParams,
  published: Diagnostic[],
  target: EditTarget,
): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) {
    const offered = new Set<string>();
    const once = (key: string) => !offered.has(key) && !!offered.add(key);
    for (const { d, data } of ours(params.context.diagnostics)) {
      const { rule, fixes, disableLine, disableFile } = data;
      for (const fix of fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: fix.preferred, edit: fix.edit });
      }
      if (disableLine && once(`line:${rule}:${d.range.start.line}`)) {
        actions.push({ title: `Disable ${rule} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: disableLine });
      }
      if (disableFile && once(`file:${rule}`)) {
        actions.push({ title: `Disable ${rule} for the entire file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: disableFile });
      }
      if (once(`docs:${rule}`)) {
        actions.push({
          title: `Show documentation for ${rule}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: `Show documentation for ${rule}`, command: SHOW_DOCUMENTATION_COMMAND, arguments: [docsUrl(rule)] },
        });
      }
    }
  }
  // Fix-all is asked for on save with no diagnostics in the context: use what was published.
  if (only && wanted(only, FIX_ALL_KIND)) {
    const fix = fixAll(published, target);
    if (fix) actions.push(fix);
  }
  return actions;
}

function fixAll(published: Diagnostic[], target: EditTarget): CodeAction | undefined {
  const preferred = ours(published).flatMap(({ data }) => data.fixes.filter((f) => f.preferred).map((f) => f.edits));
  const edits = nonOverlapping(preferred);
  if (!edits.length) return undefined;
  return { title: 'Fix all pgext-lint problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit(edits, target) };
}
