import type { Hover, Position } from 'vscode-languageserver/node';
import type { SearchPathValue } from '../analysis/model/sql';
import { isPinned, loneScriptAnalysis, type FunctionState } from '../analysis/semantics/searchPath';
import { sqlParserReady } from '../analysis/frontends/sql/parser';

const within = (pos: Position, r: { start: Position; end: Position }) =>
  (pos.line > r.start.line || (pos.line === r.start.line && pos.character >= r.start.character)) &&
  (pos.line < r.end.line || (pos.line === r.end.line && pos.character <= r.end.character));

const describeValue = (v: SearchPathValue) =>
  v.k === 'list' ? `\`${v.schemas.join(', ') || "''"}\`` : v.k === 'current' ? '`FROM CURRENT`' : v.k === 'default' ? '`DEFAULT`' : 'computed';

/** Markdown about a function's search_path: pinned or not, and which of its body's names others can shadow. */
function functionMarkdown(f: FunctionState): string {
  const { fn } = f;
  const head = `**${fn.kind} ${fn.creation.schema ? `${fn.creation.schema}.` : ''}${fn.creation.name}**` +
    ` · LANGUAGE ${fn.language}${fn.securityDefiner ? ' · SECURITY DEFINER (runs with its owner\'s privileges)' : ''}`;
  const lines = [head, ''];
  if (!fn.searchPath) {
    lines.push("search_path: **not set**: the body resolves names with the caller's search_path, so whoever can create objects in a schema on it can shadow them.");
  } else {
    const state = fn.searchPath.value.k === 'current' ? f.state : { k: 'set' as const, value: fn.searchPath.value };
    const pinned = isPinned(state, f.ctx);
    const v = f.verdict;
    lines.push(`search_path: ${describeValue(fn.searchPath.value)}: ${pinned ? '**pinned** to trusted schemas' : '**not pinned**'}.`);
    if (v?.untrusted.length) lines.push('', `Others may create objects in ${v.untrusted.map((s) => `\`${s}\``).join(', ')}: anything there can shadow the body's names.`);
    if (v?.tempImplicit) lines.push('', "`pg_temp` is not listed, so it is searched first: the caller's temporary tables and types come before everything else.");
    else if (v?.tempNotLast) lines.push('', "`pg_temp` is not last: the caller's temporary tables and types come before the schemas after it.");
  }
  if (fn.bodyRefs === undefined) {
    lines.push('', fn.language === 'c' || fn.language === 'internal' ? 'The body is compiled code: no names are resolved through the search_path in SQL.' : 'The body is not analysed.');
  } else if (f.unsafeRefs.length) {
    const names = [...new Set(f.unsafeRefs.map((r) => (r.kind === 'function' ? `${r.name}()` : r.kind === 'operator' ? r.name : `${r.kind} ${r.name}`)))];
    const shown = names.slice(0, 8).map((n) => `\`${n}\``).join(', ');
    lines.push('', `Names in the body that can be shadowed: ${shown}${names.length > 8 ? ` and ${names.length - 8} more` : ''}.`);
  } else {
    lines.push('', 'Every name in the body resolves to pg_catalog exactly or is qualified: nothing to shadow.');
  }
  return lines.join('\n');
}

/** Hover on the name of a function or procedure created by a SQL script. */
export function sqlHoverAt(file: string, text: string, pos: Position): Hover | undefined {
  if (!sqlParserReady()) return undefined;
  const f = loneScriptAnalysis(file, text).functions.find((s) => within(pos, s.fn.creation.loc.range));
  if (!f) return undefined;
  return { contents: { kind: 'markdown', value: functionMarkdown(f) }, range: f.fn.creation.loc.range };
}
