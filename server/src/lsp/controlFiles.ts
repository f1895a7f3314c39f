import {
  CompletionItemKind,
  MarkupKind,
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type Position,
} from 'vscode-languageserver/node';
import { parseControl } from '../analysis/frontends/control/parser';
import { CONTROL_PARAMS, controlParam } from '../analysis/knowledge/controlParams';

/** Editing help for extension control files (`*.control`, `*.control.in`, `*.control.template`). */

export const isControlFile = (file: string) => /\.control(\.in|\.template)?$/.test(file);

const BOOLEAN_VALUES = ['true', 'false'];

/**
 * At the start of a line: the parameters not set yet. After `name =`: the values of a boolean
 * parameter. Elsewhere (inside a value, in a comment): nothing.
 */
export function controlCompletions(file: string, text: string, pos: Position): CompletionItem[] {
  const before = (text.split('\n')[pos.line] ?? '').slice(0, pos.character);
  if (before.includes('#')) return [];
  if (/^\s*[A-Za-z_]*$/.test(before)) {
    const set = new Set(parseControl(file, text).settings.filter((s) => s.line !== pos.line).map((s) => s.name));
    return CONTROL_PARAMS.filter((p) => !set.has(p.name)).map((p) => ({
      label: p.name,
      kind: CompletionItemKind.Property,
      detail: p.since ? `control parameter (PostgreSQL ${p.since}+)` : 'control parameter',
      documentation: { kind: MarkupKind.Markdown, value: `${p.description}\n\n[Extension files](${p.docs})` },
      insertText: `${p.name} = `,
    }));
  }
  const assigned = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=?\s*[A-Za-z]*$/.exec(before);
  if (assigned && controlParam(assigned[1])?.kind === 'boolean') {
    return BOOLEAN_VALUES.map((v) => ({ label: v, kind: CompletionItemKind.Value }));
  }
  return [];
}

/** One symbol per setting, for the outline and go-to-symbol. */
export function controlSymbols(file: string, text: string): DocumentSymbol[] {
  return parseControl(file, text).settings.map((s) => ({
    name: s.name,
    detail: s.valueText,
    kind: SymbolKind.Property,
    range: { start: s.nameLoc.range.start, end: s.valueLoc.range.end },
    selectionRange: s.nameLoc.range,
  }));
}
