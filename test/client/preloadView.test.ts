import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { preloadFacts } from '../../server/src/analysis/semantics/preloadReport';
import { preloadReport, type ReportExtension } from '../../server/src/lsp/preloadReport';
import { initPathSvg, layout, STATE_STYLE } from '../../client/src/preloadView/initPathSvg';
import { reportHtml } from '../../client/src/preloadView/reportHtml';
import { cExtension, sharedEngine } from '../support/lint';
import { tempTree } from '../support/tempDir';

const POSTMASTER_GUC = (name: string) =>
  `\tDefineCustomIntVariable("cachewarm.${name}",\n\t\t\t\t\t\t\t"Sets ${name}.",\n\t\t\t\t\t\t\tNULL,\n\t\t\t\t\t\t\t&cachewarm_size,\n\t\t\t\t\t\t\t16, 1, 1024,\n\t\t\t\t\t\t\tPGC_POSTMASTER,\n\t\t\t\t\t\t\t0,\n\t\t\t\t\t\t\tNULL, NULL, NULL);\n`;

/**
 * _PG_init calls define_gucs() (one GUC guarded only from PostgreSQL 15 on) and registers a
 * background worker under a guard: three states on one path.
 */
const HELPERS = `static void
define_gucs(void)
{
#if PG_VERSION_NUM >= 150000
\tif (!process_shared_preload_libraries_in_progress)
\t\treturn;
#endif
${POSTMASTER_GUC('size')}}

static void
start_worker(void)
{
\tBackgroundWorker worker;

\tmemset(&worker, 0, sizeof(worker));
\tRegisterBackgroundWorker(&worker);
}
`;

async function report(): Promise<{ ext: ReportExtension; dir: string }> {
  const dir = tempTree(cExtension('cachewarm', '\tdefine_gucs();\n\tif (process_shared_preload_libraries_in_progress)\n\t\tstart_worker();\n\tMarkGUCPrefixReserved("cachewarm");\n', HELPERS));
  const engine = await sharedEngine();
  const entries = engine.discover([dir]).map((ext) => ({ ext, facts: preloadFacts(engine.views(ext, {})) }));
  const [ext] = preloadReport(entries, (file) => pathToFileURL(file).href).extensions;
  return { ext, dir };
}

test('the init path has each function and construct with its guard state over the versions', async () => {
  const { ext } = await report();
  const byLabel = Object.fromEntries(ext.graph.nodes.map((n) => [n.label, n]));
  assert.deepEqual(
    ext.graph.nodes.map((n) => [n.kind, n.label, n.state]),
    [
      ['function', '_PG_init', 'unguarded'],
      ['function', 'define_gucs', 'unguarded'],
      ['function', 'start_worker', 'guarded'],
      ['construct', 'PGC_POSTMASTER GUC "cachewarm.size"', 'varies'],
      ['construct', 'RegisterBackgroundWorker()', 'guarded'],
    ],
  );
  assert.deepEqual(byLabel['PGC_POSTMASTER GUC "cachewarm.size"'].byVersion, {
    13: 'unguarded', 14: 'unguarded', 15: 'guarded', 16: 'guarded', 17: 'guarded', 18: 'guarded',
  });
  const reason = ext.reasons.find((r) => r.what.includes('cachewarm.size'))!;
  assert.match(reason.status, /^guarded on some PostgreSQL versions only; loaded any other way, the backend FATALs/);
  assert.equal(ext.reasons.find((r) => r.what === 'RegisterBackgroundWorker()')!.status.split(';')[0], 'guarded: only runs when preloaded');
});

test('the picture puts callees in the next column, a chain on one row, and colours each node by its state', async () => {
  const { ext } = await report();
  const placed = layout(ext.graph);
  const at = (label: string) => [...placed.values()].find((p) => p.node.label === label)!;
  const init = at('_PG_init');
  const helper = at('define_gucs');
  const guc = at('PGC_POSTMASTER GUC "cachewarm.size"');
  assert.equal(helper.y, init.y, 'the first callee shares its caller\'s row');
  assert.equal(guc.y, helper.y);
  assert.ok(init.x < helper.x && helper.x < guc.x);
  assert.ok(at('start_worker').y > init.y, 'the second callee goes below');

  const svg = initPathSvg(ext.graph);
  assert.match(svg, /^<svg class="init-path" xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  for (const state of ['unguarded', 'guarded', 'varies'] as const) {
    assert.ok(svg.includes(`fill="${STATE_STYLE[state].colour}"`), `a ${state} node is drawn in its colour`);
    assert.ok(svg.includes(STATE_STYLE[state].words), `the legend names ${state}`);
  }
  assert.ok(!svg.includes(STATE_STYLE.uncertain.words), 'the legend lists only the states present');
  // the version-dependent GUC says on which versions it is guarded, and is a dashed call
  assert.match(svg, /<title>PGC_POSTMASTER GUC &quot;cachewarm\.size&quot;\ndepends on the PostgreSQL version\nPostgreSQL 13, 14: unguarded; PostgreSQL 15, 16, 17, 18: guarded\ncachewarm\.c:\d+<\/title>/);
  assert.match(svg, /<path class="edge varies"[^>]*stroke-dasharray/);
  assert.equal(svg.match(/<g class="node /g)?.length, 5);
});

test('every node and reason links to its place; the page loads nothing from outside and runs only its own script', async () => {
  const { ext, dir } = await report();
  const html = reportHtml({ markdown: '', extensions: [ext] }, 'NONCE123', 'vscode-resource:');
  const uri = pathToFileURL(path.join(dir, 'cachewarm.c')).href;
  const links = [...html.matchAll(/data-uri="([^"]+)" data-line="(\d+)"/g)].map((m) => m[1]);
  assert.equal(links.length, ext.graph.nodes.length + ext.reasons.length);
  assert.ok(links.every((l) => l === uri));
  assert.match(html, /Content-Security-Policy" content="default-src 'none';[^"]*script-src 'nonce-NONCE123';/);
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.ok(html.includes('<script nonce="NONCE123">'));
  assert.doesNotMatch(html, /(src|href)="https?:/);
  assert.match(html, /cachewarm must be listed in <code>shared_preload_libraries<\/code>/);
  assert.match(html, /guarded: only runs when preloaded/);
});

test('labels and paths are escaped in the page and the picture', () => {
  const node = (label: string) => ({
    id: label, kind: 'construct' as const, label, state: 'unguarded' as const,
    at: { uri: 'file:///x/a"b.c', path: 'a"b.c', line: 0, character: 0 },
  });
  const svg = initPathSvg({ nodes: [node('<script>alert(1)</script>')], edges: [] });
  assert.ok(!svg.includes('<script>'));
  assert.ok(svg.includes('&lt;script&gt;'));
  assert.ok(svg.includes('data-uri="file:///x/a&quot;b.c"'));
});

test('an unguarded hook install is drawn as a session hook, not as a problem; a guarded one keeps the guard colour', () => {
  const at = { uri: 'file:///x/planlog.c', path: 'planlog.c', line: 0, character: 0 };
  const svg = initPathSvg({
    nodes: [
      { id: 'init', kind: 'function', label: '_PG_init', state: 'unguarded', at },
      { id: 'h1', kind: 'hook', label: 'installing ExecutorStart_hook', state: 'unguarded', at },
      { id: 'h2', kind: 'hook', label: 'installing shmem_startup_hook', state: 'guarded', at },
    ],
    edges: [
      { from: 'init', to: 'h1', state: 'unguarded' },
      { from: 'init', to: 'h2', state: 'guarded' },
    ],
  });
  assert.match(svg, new RegExp(`<g class="node hook unguarded"[^]*?<rect [^>]*fill="${STATE_STYLE['session-hook'].colour}"`));
  assert.match(svg, new RegExp(`<path class="edge session-hook"[^>]*stroke="${STATE_STYLE['session-hook'].colour}"`));
  assert.match(svg, new RegExp(`<g class="node hook guarded"[^]*?<rect [^>]*fill="${STATE_STYLE.guarded.colour}"`));
  assert.ok(svg.includes(STATE_STYLE['session-hook'].words));
});
