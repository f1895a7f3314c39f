import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { docsUrl } from '../analysis/rules';
import { SOURCE, type DiagnosticData } from './diagnostics';
import { disableForFile, disableForLine } from './ignoreComments';
import { nonOverlapping, toWorkspaceEdit, type EditTarget } from './workspaceEdits';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.pgext-lint`;
export const SHOW_DOCUMENTATION_COMMAND = 'pgext-lint.showDocumentation';
export const FIX_ALL_TITLE = 'Fix all auto-fixable pgext-lint problems';

/**
 * How "Show documentation" runs: by default the server's command, which asks the editor to open the
 * web page; a client that ships the pages (VS Code) names its own command, called with the rule id
 * and the web link.
 */
export interface DocumentationCommand {
  command: string;
}

/** Our diagnostics with what they carry (`data` is untyped in the protocol). */
const ours = (diagnostics: Diagnostic[]): { d: Diagnostic; data: DiagnosticData }[] =>
  diagnostics
    .filter((d) => d.source === SOURCE && typeof d.data === 'object' && d.data !== null && 'rule' in d.data)
    .map((d) => ({ d, data: d.data as DiagnosticData }));

const wanted = (only: string[] | undefined, kind: string) =>
  !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));

/** Errors first: on one range the most severe problem's fixes lead (LSP severities: 1 is error). */
const bySeverity = (a: { d: Diagnostic }, b: { d: Diagnostic }) => (a.d.severity ?? 1) - (b.d.severity ?? 1);

/**
 * Quick fixes for the diagnostics in the request, from what each diagnostic carries: the rule's
 * fixes, disabling the rule for the line or the file, and its documentation; fix-all of the file
 * when it has more than one fixable problem. Only the most severe problem's preferred fix is marked
 * preferred, so the editor highlights (and auto-applies) the error's fix, not a warning's.
 */
export function codeActions(
  params: CodeActionParams,
  published: Diagnostic[],
  target: EditTarget,
  docs: DocumentationCommand = { command: SHOW_DOCUMENTATION_COMMAND },
  document?: { file: string; text: string },
): CodeAction[] {
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wanted(only, CodeActionKind.QuickFix)) {
    const offered = new Set<string>();
    const once = (key: string) => !offered.has(key) && !!offered.add(key);
    const inRequest = ours(params.context.diagnostics).sort(bySeverity);
    const preferredSeverity = inRequest.find(({ data }) => data.fixes.some((f) => f.preferred))?.d.severity;
    for (const { d, data } of inRequest) {
      const { rule, fixes } = data;
      const line = d.range.start.line;
      const disableLine = document && disableForLine(document.file, document.text, line, rule);
      const disableFile = document && disableForFile(document.file, document.text, rule);
      for (const fix of fixes) {
        const isPreferred = fix.preferred && d.severity === preferredSeverity;
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred, edit: fix.edit });
      }
      if (disableLine && once(`line:${rule}:${line}`)) {
        actions.push({ title: `Disable ${rule} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: toWorkspaceEdit([disableLine], target) });
      }
      if (disableFile && once(`file:${rule}`)) {
        actions.push({ title: `Disable ${rule} for the entire file`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: toWorkspaceEdit([disableFile], target) });
      }
      if (once(`docs:${rule}`)) {
        actions.push({
          title: `Show documentation for ${rule}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: `Show documentation for ${rule}`, command: docs.command, arguments: documentationArguments(docs, rule) },
        });
      }
    }
    if (inRequest.some(({ data }) => data.fixes.some((f) => f.preferred))) {
      const all = fixAll(published, target, CodeActionKind.QuickFix);
      if (all && all.count > 1) actions.push(all.action);
    }
  }
  // Fix-all is asked for on save with no diagnostics in the context: use what was published.
  if (only && wanted(only, FIX_ALL_KIND)) {
    const fix = fixAll(published, target, FIX_ALL_KIND);
    if (fix) actions.push(fix.action);
  }
  return actions;
}

/** The server's own command opens the web page; a client's command gets the rule id first. */
function documentationArguments(docs: DocumentationCommand, rule: string): unknown[] {
  return docs.command === SHOW_DOCUMENTATION_COMMAND ? [docsUrl(rule)] : [rule, docsUrl(rule)];
}

/**
 * The preferred fixes of every problem of the file, most severe first, in one edit; `count` is
 * how many problems it fixes (several problems often share one fix, e.g. one guard for a run).
 */
function fixAll(published: Diagnostic[], target: EditTarget, kind: string): { action: CodeAction; count: number } | undefined {
  const fixable = ours(published)
    .sort(bySeverity)
    .map(({ d, data }) => ({ d, edits: data.fixes.find((f) => f.preferred)?.edits }))
    .filter((x): x is { d: Diagnostic; edits: NonNullable<typeof x.edits> } => !!x.edits);
  const edits = nonOverlapping(fixable.map((x) => x.edits));
  if (!edits.length) return undefined;
  const action: CodeAction = { title: FIX_ALL_TITLE, kind, edit: toWorkspaceEdit(edits, target) };
  if (kind === CodeActionKind.QuickFix) action.diagnostics = fixable.map((x) => x.d);
  return { action, count: fixable.length };
}
