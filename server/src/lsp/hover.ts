import type { Hover, Position } from 'vscode-languageserver/node';
import { controlParam } from '../analysis/knowledge/controlParams';
import { GUC_CONTEXTS_DOCS, gucContextOf } from '../analysis/knowledge/gucContexts';
import { hookNamed, hookOfType, hookTypedDeclarations, type HookInfo } from '../analysis/knowledge/hooks';
import { HOOKS_BEFORE_SESSION_PRELOAD, PRELOAD_APIS } from '../analysis/knowledge/preload';
import { preloadTopic } from '../analysis/knowledge/preloadVariables';
import { hookMarkdown } from './hookHover';

/** The word under the cursor, with its `::` path (`GucContext::Postmaster`, `pg_sys::ExecutorRun_hook`). */
interface Word {
  segments: string[];
  range: Hover['range'];
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*/g;

function wordAt(lineText: string, pos: Position): Word | undefined {
  for (const m of lineText.matchAll(WORD)) {
    const start = m.index!;
    if (start <= pos.character && pos.character <= start + m[0].length) {
      return {
        segments: m[0].split('::'),
        range: { start: { line: pos.line, character: start }, end: { line: pos.line, character: start + m[0].length } },
      };
    }
  }
  return undefined;
}

const links = (docs: { title: string; url: string }[]) => docs.map((d) => `[${d.title}](${d.url})`).join(' · ');

/** One source of hover text: given the word (and whether it heads a control-file line), Markdown or nothing. */
type Topic = (word: Word, context: { controlParameter: boolean; text: string }) => string | undefined;

const last = (w: Word) => w.segments[w.segments.length - 1];

const TOPICS: Topic[] = [
  (w) => {
    const t = preloadTopic(last(w));
    return t && `**${t.name}**: ${t.title}\n\n${t.body}\n\n${links(t.docs)}`;
  },
  (w) => {
    const pgrx = w.segments.length > 1 && w.segments[w.segments.length - 2] === 'GucContext';
    const c = gucContextOf(pgrx || last(w).startsWith('PGC_') ? last(w) : undefined);
    if (!c) return undefined;
    const name = pgrx ? `GucContext::${c.pgrx}` : c.c;
    const also = pgrx ? c.c : `GucContext::${c.pgrx} in pgrx`;
    return `**${name}** (${also}): GUC context \`${c.id}\`\n\n${c.summary}\n\n[GUC contexts (pg_settings.context)](${GUC_CONTEXTS_DOCS})`;
  },
  (w, { text }) => {
    const name = last(w);
    const h = hookNamed(name);
    if (h) return hookMarkdown(h, HOOKS_BEFORE_SESSION_PRELOAD.get(h.name));
    const typed = hookOfType(name);
    if (typed) return hookMarkdown(typed, HOOKS_BEFORE_SESSION_PRELOAD.get(typed.name), `\`${name}\`: the type of ${typed.name}`);
    const prev = previousHookIn(text, name);
    return prev && hookMarkdown(prev, HOOKS_BEFORE_SESSION_PRELOAD.get(prev.name), `\`${name}\` holds the previous ${prev.name}`);
  },
  (w) => {
    const name = last(w);
    const api = PRELOAD_APIS.find((a) => a.callee === name || a.callee === `${name}!`);
    if (!api) return undefined;
    const versions = api.maxVersion ? ` (PostgreSQL ${api.maxVersion} and older)` : '';
    return `**${api.callee}**: only works while shared_preload_libraries is processed${versions}\n\nCalled from \`_PG_init\` of a library loaded any other way, ${api.consequence}. Call it under a \`process_shared_preload_libraries_in_progress\` guard and document that the library must be listed in shared_preload_libraries.`;
  },
  (w, { controlParameter }) => {
    const p = controlParameter ? controlParam(last(w)) : undefined;
    if (!p) return undefined;
    const facts = [
      p.since ? `since PostgreSQL ${p.since}` : undefined,
      p.default ? `default \`${p.default}\`` : undefined,
      p.primaryOnly ? 'primary control file only' : undefined,
    ].filter(Boolean);
    return `**${p.name}**: control-file parameter${facts.length ? ` (${facts.join(', ')})` : ''}\n\n${p.description}\n\n[Extension files](${p.docs})`;
  },
];

/**
 * The hook whose previous value variable `name` holds in this file: declared with the hook's type
 * (`static emit_log_hook_type prev_log`, `static mut PREV: pg_sys::..._hook_type`) or assigned from it.
 */
function previousHookIn(text: string, name: string): HookInfo | undefined {
  if (!/^\w+$/.test(name) || !text.includes(name)) return undefined;
  for (const rust of [false, true]) {
    for (const [type, declared] of hookTypedDeclarations(text, rust)) if (declared === name) return hookOfType(type);
  }
  const save = new RegExp(`\\b${name}\\s*=\\s*(?:[\\w:]*::)?(\\w+)\\s*;`).exec(text);
  return save ? hookNamed(save[1]) : undefined;
}

/** Hover for the knowledge the linter has: preload settings and flags, GUC contexts, hooks, preload-only APIs, control parameters. */
export function hoverAt(text: string, pos: Position, isControlFile: boolean): Hover | undefined {
  const lineText = text.split('\n')[pos.line] ?? '';
  const word = wordAt(lineText, pos);
  if (!word) return undefined;
  const controlParameter = isControlFile && lineText.slice(0, word.range!.start.character).trim() === '';
  for (const topic of TOPICS) {
    const value = topic(word, { controlParameter, text });
    if (value) return { contents: { kind: 'markdown', value }, range: word.range };
  }
  return undefined;
}
