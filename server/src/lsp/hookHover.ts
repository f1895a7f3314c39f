import { headerUrl, type HookInfo, type HookSignature } from '../analysis/knowledge/hooks';

const HOOKS_DOCS = 'https://www.postgresql.org/docs/current/xfunc-c.html';

const versionsOf = (s: HookSignature) =>
  s.to === undefined ? `PostgreSQL ${s.from}+` : s.from === s.to ? `PostgreSQL ${s.from}` : `PostgreSQL ${s.from}-${s.to}`;

const declaration = (name: string, s: HookSignature) =>
  `${s.returns}${s.returns.endsWith('*') ? '' : ' '}${name}(${s.params.map((p) => `${p.type}${p.type.endsWith('*') ? '' : ' '}${p.name}`).join(', ') || 'void'})`;

/**
 * The usual way to install the hook: save the previous value, call it when set, else the standard
 * function. Written for the newest signature; older versions differ where the list above says so.
 */
function chainingTemplate(h: HookInfo): string {
  const s = h.signatures[h.signatures.length - 1];
  const base = h.name.replace(/_hook$/, '');
  const prev = `prev_${base}`;
  const mine = `my_${base}`;
  const args = s.params.map((p) => p.name).join(', ');
  const returns = s.returns !== 'void';
  const call = (fn: string) => `${returns ? 'return ' : ''}${fn}(${args});`;
  const chain = h.standard
    ? [`    if (${prev})`, `        ${call(prev)}`, '    else', `        ${call(h.standard)}`]
    : returns
      ? [`    if (${prev})`, `        ${call(prev)}`, '    return /* the result without another hook */;']
      : [`    if (${prev})`, `        ${call(prev)}`];
  return [
    `static ${h.type} ${prev} = NULL;`,
    '',
    `static ${declaration(mine, s)}`,
    '{',
    "    /* this library's work, before or after the chained call */",
    ...chain,
    '}',
    '',
    'void',
    '_PG_init(void)',
    '{',
    `    ${prev} = ${h.name};`,
    `    ${h.name} = ${mine};`,
    '}',
  ].join('\n');
}

/**
 * Hover text of a hook: what it is for, its signature per version, fallback and chaining; `via` says how
 * the hovered name relates to the hook when it is not the hook variable itself (its type, a saved value).
 */
export function hookMarkdown(h: HookInfo, outsidePreload: string | undefined, via?: string): string {
  const since = h.since > 13 ? `since PostgreSQL ${h.since}` : 'PostgreSQL 13 and later';
  const signatures = h.signatures.map((s) => `/* ${versionsOf(s)} */\ntypedef ${declaration(`(*${h.type})`, s)};`).join('\n');
  return [
    via,
    `**${h.name}**: hook variable, ${since}, declared in [\`${h.header}\`](${headerUrl(h)})`,
    h.description,
    outsidePreload ? `Installed outside shared_preload_libraries, ${outsidePreload}.` : undefined,
    h.standard && `Standard fallback: \`${h.standard}\` (call it when there is no previous hook).`,
    '```c\n' + signatures + '\n```',
    'Chaining:',
    '```c\n' + chainingTemplate(h) + '\n```',
    `[C-language functions](${HOOKS_DOCS})`,
  ]
    .filter(Boolean)
    .join('\n\n');
}
