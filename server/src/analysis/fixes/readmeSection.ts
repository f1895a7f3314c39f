import * as path from 'node:path';
import type { Location } from '../model/model';
import type { ExtensionView } from '../model/view';
import type { Fix, TextEdit } from '../rules/types';
import type { LoadNeeds, LoadReason } from '../semantics/loadMode';
import { documentation } from '../frontends/docs/documentation';
import { libraryName } from '../frontends/docs/libraryName';
import { placeName } from '../frontends/docs/findingPlace';

/**
 * The docs rules' quick fix: a "Preloading" section in the README, written from the analysis (what
 * to put in postgresql.conf, the restart, what fails without it; for session libraries the
 * per-role/per-database and LOAD options and the pooler caveat; for hooks, their order). An existing
 * Preloading section is extended, a missing README created; the README's own markup is kept.
 */

type Markup = 'markdown' | 'rst' | 'plain';

interface Block {
  kind: 'para' | 'code' | 'list';
  /** para: one string; code: its lines; list: one string per item */
  parts: string[];
}

/** Inline code inside block text is written `like this` and rendered per markup. */
function inline(text: string, markup: Markup): string {
  if (markup === 'markdown') return text;
  return text.replace(/`([^`]+)`/g, markup === 'rst' ? '``$1``' : '$1');
}

function renderBlocks(blocks: Block[], markup: Markup): string[] {
  const out: string[] = [];
  blocks.forEach((b, i) => {
    if (i > 0) out.push('');
    if (b.kind === 'para') {
      // reStructuredText introduces a literal block with `::`
      const next = blocks[i + 1];
      const text = inline(b.parts[0], markup);
      out.push(markup === 'rst' && next?.kind === 'code' ? text.replace(/:$/, '::') : text);
    } else if (b.kind === 'code') out.push(...b.parts.map((l) => `    ${l}`));
    else out.push(...b.parts.map((item) => `- ${inline(item, markup)}`));
  });
  return out;
}

function reasonItem(view: ExtensionView, r: LoadReason): string {
  const at = `${r.what} (${placeName(view, r.loc)})`;
  if (r.skipped) return `${at} is skipped, so ${r.skipped}`;
  return r.consequence ? `${at}: ${r.consequence}` : at;
}

/** What acts per session: hook variables, registration calls. */
function sessionFeatures(needs: LoadNeeds): string[] {
  return [...new Set(needs.reasons.filter((r) => r.needs === 'session').map((r) => r.what.replace(/^installing /, '')))];
}

function orderingNote(needs: LoadNeeds): Block[] {
  const hooks = sessionFeatures(needs).filter((h) => h.endsWith('_hook'));
  if (!hooks.length) return [];
  return [
    {
      kind: 'para',
      parts: [
        `Other libraries may install the same hooks (${hooks.map((h) => `\`${h}\``).join(', ')}). ` +
          'Hooks are chained: the library loaded last runs first and then calls the one loaded before it, ' +
          'so when the order matters, arrange the list of libraries accordingly.',
      ],
    },
  ];
}

export function preloadingBlocks(view: ExtensionView, needs: LoadNeeds): Block[] {
  const name = view.ext.name;
  const lib = libraryName(view);
  if (needs.mode === 'shared') {
    return [
      {
        kind: 'para',
        parts: [
          `${name} must be loaded when the server starts: add it to \`shared_preload_libraries\` in ` +
            '`postgresql.conf` (keeping the libraries already listed) and restart the server; a reload is not enough:',
        ],
      },
      { kind: 'code', parts: [`shared_preload_libraries = '${lib}'`] },
      {
        kind: 'para',
        parts: ['Loaded any other way (`LOAD`, `session_preload_libraries`, the first call of one of its functions):'],
      },
      { kind: 'list', parts: needs.reasons.filter((r) => r.needs === 'shared').map((r) => reasonItem(view, r)) },
      ...orderingNote(needs),
    ];
  }
  const features = sessionFeatures(needs);
  const kinds = features.every((f) => f.endsWith('_hook')) ? 'hooks' : 'hooks and registrations';
  return [
    {
      kind: 'para',
      parts: [
        `${name} works through ${kinds} (${features.map((h) => `\`${h}\``).join(', ')}) that act only in sessions ` +
          'that have loaded the library; `CREATE EXTENSION` does not load it. Load it in one of these ways:',
      ],
    },
    {
      kind: 'list',
      parts: [
        'for every session: add it to `session_preload_libraries` in `postgresql.conf` and reload (new sessions ' +
          'load it), or to `shared_preload_libraries` (takes a restart);',
        `for some roles or databases: \`ALTER ROLE name SET session_preload_libraries = '${lib}'\` or ` +
          `\`ALTER DATABASE name SET session_preload_libraries = '${lib}'\` (needs superuser, or the SET privilege on the parameter from PostgreSQL 15; applies to new connections);`,
        `in one session: \`LOAD '${lib}'\` (superuser only, unless the library is installed in \`$libdir/plugins\`).`,
      ],
    },
    {
      kind: 'para',
      parts: [
        'Behind a connection pooler that shares server sessions between clients (PgBouncer in transaction or ' +
          'statement mode), a `LOAD` affects whichever clients later use that server session and is missing from ' +
          'the others: prefer `session_preload_libraries` there.',
      ],
    },
    ...orderingNote(needs),
  ];
}

function markupOf(file: string, text: string): Markup {
  if (/\.(md|mdx|markdown)$/i.test(file)) return 'markdown';
  if (/\.rst$/i.test(file)) return 'rst';
  return /^#{1,6}\s/m.test(text) ? 'markdown' : 'plain';
}

interface Heading {
  line: number;
  level: number;
  title: string;
  /** the line after the heading's underline, for setext and reStructuredText headings */
  bodyLine: number;
}

const ADORNMENT = /^([=\-~^"'`#*+_:.])\1{2,}\s*$/;

/** Headings with their levels: `#` counts for Markdown, underline characters in order of appearance otherwise. */
function headings(lines: string[], markup: Markup): Heading[] {
  const found: Heading[] = [];
  const styles: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const atx = markup === 'markdown' ? /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(lines[i]) : null;
    if (atx) {
      found.push({ line: i, level: atx[1].length, title: atx[2], bodyLine: i + 1 });
      continue;
    }
    const under = lines[i + 1] !== undefined ? ADORNMENT.exec(lines[i + 1]) : null;
    if (under && lines[i].trim() !== '' && !ADORNMENT.test(lines[i])) {
      const over = i > 0 && ADORNMENT.test(lines[i - 1]) ? 'o' : '';
      const style = over + under[1];
      if (!styles.includes(style)) styles.push(style);
      const level = markup === 'markdown' ? (under[1] === '=' ? 1 : 2) : styles.indexOf(style) + 1;
      found.push({ line: over ? i - 1 : i, level, title: lines[i].trim(), bodyLine: i + 2 });
      i++;
    }
  }
  return found;
}

function headingLines(title: string, level: number, markup: Markup, existing: Heading[], lines: string[]): string[] {
  if (markup === 'markdown' && (existing.length === 0 || existing.some((h) => lines[h.line].startsWith('#')))) {
    return [`${'#'.repeat(level)} ${title}`];
  }
  // reuse the underline (and overline) the document uses for this level
  const same = existing.find((h) => h.level === level);
  const char = same ? ADORNMENT.exec(lines[same.bodyLine - 1])![1] : level === 1 ? '=' : '-';
  const overline = same !== undefined && same.line !== same.bodyLine - 2;
  const rule = char.repeat(Math.max(title.length, 3));
  return overline ? [rule, title, rule] : [title, rule];
}

const PRELOADING_TITLE = /^preload(ing)?\b/i;

/** The section level for a new section: that of the document's sections below its title. */
function sectionLevel(hs: Heading[]): number {
  if (!hs.length) return 2;
  const below = hs.slice(1).map((h) => h.level).filter((l) => l > hs[0].level);
  return below.length ? Math.min(...below) : Math.min(hs[0].level + 1, 6);
}

function endOf(text: string): Location['range']['start'] {
  const lines = text.split(/\r?\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

/** The README the section goes into: the extension's own, else the nearest above, else a new README.md. */
function targetReadme(view: ExtensionView): string {
  const readmes = documentation(view).filter((d) => /^readme/i.test(path.basename(d.file)) && path.dirname(d.file) !== path.join(view.ext.root, 'doc'));
  const rank = (f: string) => ['.md', '.rst', '.txt', ''].indexOf(path.extname(f).toLowerCase());
  const own = readmes.filter((d) => path.dirname(d.file) === view.ext.root).sort((a, b) => rank(a.file) - rank(b.file));
  return (own[0] ?? readmes.find((d) => !d.own))?.file ?? path.join(view.ext.root, 'README.md');
}

export function readmeSectionFix(view: ExtensionView, needs: LoadNeeds): Fix | undefined {
  if (needs.mode === 'none') return undefined;
  const file = targetReadme(view);
  const text = view.text(file);
  if (text === undefined) {
    const blocks = renderBlocks(preloadingBlocks(view, needs), 'markdown');
    const newText = [`# ${view.ext.name}`, '', '## Preloading', '', ...blocks, ''].join('\n');
    return { title: 'Create README.md with a "Preloading" section', edits: [{ file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText }] };
  }
  // the README's lines and headings, read once per text (the fix is built for every analysis)
  const { eol, lines, markup, hs } = view.fromText(file, 'readme.layout', (t) => {
    const split = t.split(/\r?\n/);
    const kind = markupOf(file, t);
    return { eol: t.includes('\r\n') ? '\r\n' : '\n', lines: split, markup: kind, hs: headings(split, kind) };
  })!;
  const body = renderBlocks(preloadingBlocks(view, needs), markup);
  const existing = hs.findIndex((h) => PRELOADING_TITLE.test(h.title));
  let edit: TextEdit;
  if (existing >= 0) {
    // extend the section: after its last non-blank line, before the next heading of its level or above
    const next = hs.slice(existing + 1).find((h) => h.level <= hs[existing].level);
    let last = (next ? next.line : lines.length) - 1;
    while (last >= hs[existing].bodyLine && lines[last].trim() === '') last--;
    const at = { line: last, character: lines[last].length };
    edit = { file, range: { start: at, end: at }, newText: [ '', '', ...body].join(eol) };
  } else {
    const heading = headingLines('Preloading', sectionLevel(hs), markup, hs, lines);
    const at = endOf(text);
    const lead = text.length === 0 ? [] : text.endsWith('\n') ? [''] : ['', ''];
    edit = { file, range: { start: at, end: at }, newText: [...lead, ...heading, '', ...body, ''].join(eol) };
  }
  return {
    title: existing >= 0 ? `Extend the "Preloading" section of ${path.basename(file)}` : `Add a "Preloading" section to ${path.basename(file)}`,
    edits: [edit],
  };
}
