import * as path from 'node:path';
import type { LoadMode, LoadReason } from '../analysis/semantics/loadMode';
import type { Location } from '../analysis/model/model';
import type { ExtensionInfo } from '../analysis/model/model';
import type { InitNode, PathState, PreloadFacts } from '../analysis/semantics/preloadReport';

/**
 * `pgext-lint/preloadReport`: how each extension of the workspace must be loaded, why, and its init
 * path. Structured for a client's view (VS Code's preload report draws the init path), and as
 * Markdown for clients that only show text (the CLI's `pgext-lint preload` in words).
 */
export const PRELOAD_REPORT_REQUEST = 'pgext-lint/preloadReport';

export interface PreloadReportResult {
  markdown: string;
  extensions: ReportExtension[];
}

/** A place in the workspace: the URI to open and the path relative to the extension's root. */
export interface ReportPlace {
  uri: string;
  path: string;
  /** 0-based, as in LSP */
  line: number;
  character: number;
}

export interface ReportReason {
  what: string;
  needs: LoadReason['needs'];
  guarded: boolean;
  /** in plain words: what it means for loading (`guarded: only runs when preloaded; ...`) */
  status: string;
  at: ReportPlace;
}

export interface ReportNode {
  id: string;
  kind: InitNode['kind'];
  label: string;
  state: PathState;
  byVersion?: InitNode['byVersion'];
  at: ReportPlace;
}

export interface ReportExtension {
  name: string;
  root: string;
  mode: LoadMode;
  /** what the mode asks of the user, as a sentence after the extension's name */
  modeText: string;
  versions: number[];
  reasons: ReportReason[];
  graph: { nodes: ReportNode[]; edges: { from: string; to: string; state: PathState }[] };
}

const MODE_TEXT: Record<LoadMode, string> = {
  shared: 'must be listed in `shared_preload_libraries` (a change needs a server restart)',
  session: 'installs hooks but needs nothing shared: `session_preload_libraries`, `local_preload_libraries` or `LOAD` are enough',
  none: 'needs no preloading: the first call of one of its SQL functions loads it',
};

/**
 * What a reason means for loading, in plain words; `onPath` is how the init path runs it, when it
 * is on the init path (a request in shmem_request_hook is a reason without being on it).
 */
export function reasonStatus(r: LoadReason, onPath: PathState | undefined): string {
  const otherwise = (effect: string | undefined) => (effect ? `; loaded any other way, ${effect}` : '');
  if (r.needs === 'session') return 'acts only in sessions that loaded the library before their first query';
  if (onPath === 'varies') return `guarded on some PostgreSQL versions only${otherwise(r.consequence)}`;
  if (r.guarded) return `guarded: only runs when preloaded${otherwise(r.skipped)}`;
  if (onPath === 'unguarded') return `unguarded: runs on every load${otherwise(r.consequence)}`;
  return `needs shared_preload_libraries${otherwise(r.consequence)}`;
}

export function preloadReport(
  entries: { ext: ExtensionInfo; facts: PreloadFacts }[],
  uriFor: (file: string) => string,
): PreloadReportResult {
  const extensions = entries.map(({ ext, facts }) => reportExtension(ext, facts, uriFor));
  return { markdown: asMarkdown(extensions), extensions };
}

function reportExtension(ext: ExtensionInfo, facts: PreloadFacts, uriFor: (file: string) => string): ReportExtension {
  const place = (loc: Location): ReportPlace => ({
    uri: uriFor(loc.file),
    path: path.relative(ext.root, loc.file),
    line: loc.range.start.line,
    character: loc.range.start.character,
  });
  const stateAt = new Map(facts.graph.nodes.filter((n) => n.kind !== 'function').map((n) => [locKey(n.loc), n.state]));
  return {
    name: ext.name,
    root: ext.root,
    mode: facts.needs.mode,
    modeText: MODE_TEXT[facts.needs.mode],
    versions: facts.versions,
    reasons: facts.needs.reasons.map((r) => ({
      what: r.what,
      needs: r.needs,
      guarded: !!r.guarded,
      status: reasonStatus(r, stateAt.get(locKey(r.loc))),
      at: place(r.loc),
    })),
    graph: {
      nodes: facts.graph.nodes.map((n) => ({ id: n.id, kind: n.kind, label: n.label, state: n.state, byVersion: n.byVersion, at: place(n.loc) })),
      edges: facts.graph.edges.map(({ from, to, state }) => ({ from, to, state })),
    },
  };
}

const locKey = (loc: Location) => `${loc.file}:${loc.range.start.line}:${loc.range.start.character}`;

function asMarkdown(extensions: ReportExtension[]): string {
  if (!extensions.length) return '# Preload report\n\nNo PostgreSQL extension was found in this workspace.\n';
  const sections = extensions.map((e) => {
    const reasons = e.reasons.map((r) => {
      const line = r.at.line + 1;
      return `- [${r.at.path}:${line}](${r.at.uri}#L${line}): ${r.what} (${r.status})`;
    });
    return [`## ${e.name}: ${e.mode}`, '', `\`${e.root}\``, '', `${e.name} ${e.modeText}.`, '', ...reasons].join('\n');
  });
  return `# Preload report\n\n${sections.join('\n\n')}\n`;
}
