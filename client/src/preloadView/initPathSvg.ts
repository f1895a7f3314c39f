import type { PathState } from '../../../server/src/analysis/semantics/preloadReport';
import type { ReportExtension, ReportNode } from '../../../server/src/lsp/preloadReport';
import { escapeXml } from './markup';

/**
 * The init path of one extension as an SVG picture, drawn here (the report works offline): columns
 * by call depth from `_PG_init`, a function's callees and constructs in the rows next to it, each
 * node and call coloured by the guard state it runs under. A function reached several ways is drawn
 * once; every call to it is an edge. Nodes carry the place they stand for (`data-uri`, `data-line`)
 * so the view opens it on click.
 */

/**
 * A node's or call's colour: its guard state, except that an unguarded hook install is what a
 * session-loaded library does on purpose, not a problem, so it gets a neutral colour of its own.
 */
type Swatch = PathState | 'session-hook';

export const STATE_STYLE: Record<Swatch, { colour: string; words: string }> = {
  guarded: { colour: '#2e8540', words: 'guarded: only runs when preloaded' },
  unguarded: { colour: '#d1242f', words: 'unguarded: runs on every load' },
  varies: { colour: '#d18616', words: 'depends on the PostgreSQL version' },
  uncertain: { colour: '#8c959f', words: 'guard undecided (the condition is not known)' },
  'session-hook': { colour: '#0969da', words: 'hook: acts in sessions that loaded the library' },
};

const swatchOf = (node: ReportNode): Swatch => (node.kind === 'hook' && node.state === 'unguarded' ? 'session-hook' : node.state);

const COLUMN = 340;
const NODE_W = 300;
const NODE_H = 30;
const ROW = 42;
const MARGIN = 16;
const LEGEND_H = 34;
const MAX_LABEL = 40;
/** the legend's text width per character (12 px monospace) */
const CHAR_W = 7.4;

interface Placed {
  node: ReportNode;
  x: number;
  y: number;
}

/** Columns by depth along a depth-first walk from the entry points; rows in the order the walk meets nodes. */
export function layout(graph: ReportExtension['graph']): Map<string, Placed> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const children = new Map<string, string[]>();
  const incoming = new Set<string>();
  for (const e of graph.edges) {
    if (e.from === e.to) continue;
    children.set(e.from, [...(children.get(e.from) ?? []), e.to]);
    incoming.add(e.to);
  }
  const placed = new Map<string, Placed>();
  let nextRow = 0;
  /** places a node and, first, its subtree; a node shares the row of its first child, so a chain reads as a line */
  const visit = (id: string, depth: number): void => {
    const node = byId.get(id);
    if (!node || placed.has(id)) return;
    const p: Placed = { node, x: MARGIN + depth * COLUMN, y: 0 };
    placed.set(id, p);
    let row: number | undefined;
    for (const kid of new Set(children.get(id) ?? [])) {
      if (placed.has(kid)) continue;
      const before = nextRow;
      visit(kid, depth + 1);
      row ??= before;
    }
    p.y = MARGIN + LEGEND_H + (row ?? nextRow++) * ROW;
  };
  const roots = graph.nodes.filter((n) => !incoming.has(n.id));
  for (const root of roots) visit(root.id, 0);
  // nodes only reachable through a cycle
  for (const n of graph.nodes) visit(n.id, 0);
  return placed;
}

const short = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

function versionsText(byVersion: ReportNode['byVersion']): string {
  if (!byVersion) return '';
  const groups = new Map<string, number[]>();
  for (const [v, s] of Object.entries(byVersion)) groups.set(s, [...(groups.get(s) ?? []), Number(v)]);
  const words: Record<string, string> = { guarded: 'guarded', unguarded: 'unguarded', uncertain: 'guard undecided', absent: 'not run' };
  return [...groups].map(([s, vs]) => `PostgreSQL ${vs.join(', ')}: ${words[s] ?? s}`).join('; ');
}

function nodeSvg({ node, x, y }: Placed): string {
  const { colour } = STATE_STYLE[swatchOf(node)];
  const { words } = STATE_STYLE[node.state];
  const fn = node.kind === 'function';
  const title = [node.label, words, versionsText(node.byVersion), `${node.at.path}:${node.at.line + 1}`].filter(Boolean).join('\n');
  // functions are outlined, the constructs themselves solid: the eye goes to what needs preloading
  const box = fn
    ? `<rect width="${NODE_W}" height="${NODE_H}" rx="15" fill="${colour}" fill-opacity="0.14" stroke="${colour}" stroke-width="2"/>`
    : `<rect width="${NODE_W}" height="${NODE_H}" rx="4" fill="${colour}"${node.kind === 'hook' ? ' stroke="currentColor" stroke-dasharray="4 3"' : ''}/>`;
  const text = `<text x="${NODE_W / 2}" y="${NODE_H / 2 + 4.5}" text-anchor="middle" class="${fn ? 'fn-label' : 'construct-label'}">${escapeXml(short(node.label))}</text>`;
  return (
    `<g class="node ${node.kind} ${node.state}" transform="translate(${x},${y})" tabindex="0" role="link" ` +
    `data-uri="${escapeXml(node.at.uri)}" data-line="${node.at.line}" data-character="${node.at.character}">` +
    `<title>${escapeXml(title)}</title>${box}${text}</g>`
  );
}

function edgeSvg(from: Placed, to: Placed, state: Swatch): string {
  const x1 = from.x + NODE_W;
  const y1 = from.y + NODE_H / 2;
  const x2 = to.x;
  const y2 = to.y + NODE_H / 2;
  const { colour } = STATE_STYLE[state];
  // a call back to a node on the left (or in the same column) loops below the boxes
  const d =
    x2 > x1
      ? `M${x1},${y1} C${x1 + 30},${y1} ${x2 - 30},${y2} ${x2 - 6},${y2}`
      : `M${x1},${y1} C${x1 + 40},${y1 + 60} ${x2 - 40},${y2 + 60} ${x2 - 6},${y2}`;
  return `<path class="edge ${state}" d="${d}" fill="none" stroke="${colour}" stroke-width="2"${state === 'varies' ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#arrow-${state})"/>`;
}

function legendSvg(states: Swatch[]): string {
  let x = MARGIN;
  return states
    .map((s) => {
      const { colour, words } = STATE_STYLE[s];
      const item = `<g class="legend ${s}" transform="translate(${x},${MARGIN})"><rect width="14" height="14" rx="3" fill="${colour}"/><text x="20" y="11.5">${escapeXml(words)}</text></g>`;
      x += 34 + words.length * CHAR_W;
      return item;
    })
    .join('');
}

/**
 * `card`: draw on a white card with its own fonts, for use as an image outside the report (the
 * walkthrough), where the page's colours and fonts do not reach.
 */
export function initPathSvg(graph: ReportExtension['graph'], options: { card?: boolean } = {}): string {
  const placed = layout(graph);
  if (!placed.size) return '';
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  // a call into a session hook install takes the hook's colour
  const edgeSwatch = (e: ReportExtension['graph']['edges'][number]): Swatch =>
    byId.get(e.to) && swatchOf(byId.get(e.to)!) === 'session-hook' ? 'session-hook' : e.state;
  const used = new Set<Swatch>([...graph.nodes.map(swatchOf), ...graph.edges.map(edgeSwatch)]);
  const states = (Object.keys(STATE_STYLE) as Swatch[]).filter((s) => used.has(s));
  const width = Math.max(...[...placed.values()].map((p) => p.x + NODE_W)) + MARGIN;
  const legendWidth = MARGIN + states.reduce((w, s) => w + 34 + STATE_STYLE[s].words.length * CHAR_W, 0);
  const height = Math.max(...[...placed.values()].map((p) => p.y + NODE_H)) + MARGIN + 40;
  const markers = states
    .map((s) => `<marker id="arrow-${s}" viewBox="0 0 10 10" refX="4" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${STATE_STYLE[s].colour}"/></marker>`)
    .join('');
  const edges = graph.edges
    .filter((e) => placed.has(e.from) && placed.has(e.to))
    .map((e) => edgeSvg(placed.get(e.from)!, placed.get(e.to)!, edgeSwatch(e)));
  const w = Math.max(width, legendWidth);
  return (
    `<svg class="init-path" xmlns="http://www.w3.org/2000/svg" width="${w}" height="${height}" viewBox="0 0 ${w} ${height}" role="img" aria-label="init path from _PG_init">` +
    `<defs>${markers}</defs>` +
    (options.card
      ? `<style>text { font: 12px monospace; fill: #24292f; } .construct-label { fill: #fff; }</style><rect width="100%" height="100%" rx="8" fill="#fff"/>`
      : '') +
    `${legendSvg(states)}${edges.join('')}${[...placed.values()].map(nodeSvg).join('')}</svg>`
  );
}
