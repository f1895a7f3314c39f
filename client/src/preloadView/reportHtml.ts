import type { LoadMode } from '../../../server/src/analysis/semantics/loadMode';
import type { PreloadReportResult, ReportExtension, ReportPlace } from '../../../server/src/lsp/preloadReport';
import { initPathSvg } from './initPathSvg';
import { escapeXml, inlineCode } from './markup';

/**
 * The preload report view's page: per extension, how it must be loaded, the picture of its init
 * path and every reason with a link to its place. No remote resource (the view works offline); the
 * one inline script, allowed by its nonce, turns clicks on places into messages to the extension.
 */

const MODE_BADGE: Record<LoadMode, string> = {
  shared: 'shared_preload_libraries',
  session: 'session or LOAD',
  none: 'no preloading',
};

/** What a click on a place posts to the extension. */
export interface OpenPlaceMessage {
  kind: 'open';
  uri: string;
  line: number;
  character: number;
}

const placeAttributes = (at: ReportPlace) =>
  `data-uri="${escapeXml(at.uri)}" data-line="${at.line}" data-character="${at.character}"`;

function extensionSection(ext: ReportExtension): string {
  const reasons = ext.reasons.map(
    (r) =>
      `<tr class="${r.guarded ? 'guarded' : r.needs === 'shared' ? 'unguarded' : 'session'}">` +
      `<td><a href="#" ${placeAttributes(r.at)}>${escapeXml(`${r.at.path}:${r.at.line + 1}`)}</a></td>` +
      `<td>${escapeXml(r.what)}</td><td>${escapeXml(r.status)}</td></tr>`,
  );
  const svg = initPathSvg(ext.graph);
  return [
    `<section class="extension">`,
    `<h2>${escapeXml(ext.name)} <span class="mode ${ext.mode}">${MODE_BADGE[ext.mode]}</span></h2>`,
    `<p>${escapeXml(ext.name)} ${inlineCode(ext.modeText)}.</p>`,
    `<p class="root">${escapeXml(ext.root)} · PostgreSQL ${ext.versions.join(', ')}</p>`,
    svg ? `<h3>Init path</h3><div class="picture">${svg}</div>` : '<p>No <code>_PG_init</code> was found.</p>',
    reasons.length
      ? `<h3>Reasons</h3><table><thead><tr><th>where</th><th>what</th><th>meaning</th></tr></thead><tbody>${reasons.join('')}</tbody></table>`
      : '',
    `</section>`,
  ].join('\n');
}

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 20px 20px; }
h2 { border-bottom: 1px solid var(--vscode-panel-border, #8884); padding-bottom: 4px; }
.mode { font-size: 0.7em; font-weight: normal; padding: 2px 8px; border-radius: 10px; vertical-align: middle; }
.mode.shared { background: #d1242f; color: #fff; }
.mode.session { background: #d18616; color: #fff; }
.mode.none { background: #2e8540; color: #fff; }
.root { opacity: 0.7; font-size: 0.9em; }
.picture { overflow-x: auto; }
svg.init-path text { font-family: var(--vscode-editor-font-family, monospace); font-size: 12px; fill: currentColor; }
svg.init-path .construct-label { fill: #fff; }
svg.init-path .node { cursor: pointer; }
svg.init-path .node:hover rect, svg.init-path .node:focus rect { stroke: var(--vscode-focusBorder); stroke-width: 3; }
table { border-collapse: collapse; }
td, th { text-align: left; padding: 3px 10px 3px 0; vertical-align: top; }
tr.unguarded td:last-child { color: var(--vscode-errorForeground, #d1242f); }
a { color: var(--vscode-textLink-foreground); }
button { margin-top: 12px; }
`;

export function reportHtml(result: PreloadReportResult, nonce: string, cspSource: string): string {
  const body = result.extensions.length
    ? result.extensions.map(extensionSection).join('\n')
    : '<p>No PostgreSQL extension was found in this workspace.</p>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Preload Report</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Preload report</h1>
${body}
<button id="refresh">Refresh</button>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
const open = (el) => vscode.postMessage({ kind: 'open', uri: el.dataset.uri, line: Number(el.dataset.line), character: Number(el.dataset.character) });
document.addEventListener('click', (e) => {
  const el = e.target.closest('[data-uri]');
  if (el) { e.preventDefault(); open(el); }
});
document.addEventListener('keydown', (e) => {
  const el = e.target.closest && e.target.closest('[data-uri]');
  if (el && e.key === 'Enter') open(el);
});
document.getElementById('refresh').addEventListener('click', () => vscode.postMessage({ kind: 'refresh' }));
</script>
</body>
</html>`;
}
