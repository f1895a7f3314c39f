import { lintSettings } from '../../analysis/config';
import { Engine } from '../../analysis/engine';
import type { LoadMode } from '../../analysis/semantics/loadMode';
import { preloadFacts, type InitGraph, type InitNode, type PathState } from '../../analysis/semantics/preloadReport';
import { EXIT, parseOptions, UsageError, type Command } from '../command';
import { displayPath } from '../formats/report';
import { failOnConfigErrors, failOnPathsWithoutExtension, givenFolderOf, givenPaths, loadConfigs } from '../targets';

/** `pgext-lint preload --format json`: what packagers and managed platforms read. */
export interface PreloadJson {
  extensions: {
    name: string;
    root: string;
    mode: LoadMode;
    reasons: { what: string; file: string; line: number }[];
    /** the functions `_PG_init` runs and the constructs in them; edges refer to nodes by index */
    initPath: {
      nodes: { kind: InitNode['kind']; label: string; state: PathState; byVersion?: InitNode['byVersion']; file: string; line: number }[];
      edges: { from: number; to: number; state: PathState }[];
    };
  }[];
}

const MODE_TEXT: Record<LoadMode, string> = {
  shared: 'shared: must be in shared_preload_libraries (server restart)',
  session: 'session: works from session_preload_libraries, local_preload_libraries or LOAD',
  none: 'none: loaded on first use of its SQL functions',
};

const FORMATS = ['text', 'json'] as const;

export const preload: Command = {
  name: 'preload',
  summary: 'print how each extension must be loaded (shared, session, none) and why',
  help: `usage: pgext-lint preload [options] [PATH...]

Prints, for every PostgreSQL extension found in or around each PATH (default: the current folder),
how its library must be loaded, with every reason and its location:
  shared   needs shared_preload_libraries (background workers, shared memory, PGC_POSTMASTER
           settings, a refusal to load otherwise)
  session  installs hooks but needs nothing shared: session_preload_libraries,
           local_preload_libraries or LOAD are enough
  none     SQL-callable functions only, loaded on first use

options:
  -f, --format FORMAT  text (default) or json: {"extensions":[{"name","root","mode","reasons":[{"what","file","line"}],
                       "initPath":{"nodes":[{"kind","label","state","file","line"}],"edges":[{"from","to","state"}]}}]}
  -h, --help           show this help
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { format: { type: 'string', short: 'f', default: 'text' } });
    if (!FORMATS.includes(values.format as (typeof FORMATS)[number])) {
      throw new UsageError(`unknown format "${values.format}" (formats: ${FORMATS.join(', ')})`);
    }
    const paths = givenPaths(positionals, io);
    const configs = loadConfigs(paths, undefined, io);

    const engine = await Engine.create();
    const report: PreloadJson = { extensions: [] };
    const extensions = engine.discover(paths, configs.isIgnored);
    failOnConfigErrors(configs, io);
    failOnPathsWithoutExtension(paths, extensions, io);
    for (const ext of extensions) {
      const settings = { ...lintSettings(configs.configFor(ext.root)), workspaceRoot: givenFolderOf(ext.root, paths) };
      const { needs, graph } = preloadFacts(engine.views(ext, settings));
      report.extensions.push({
        name: ext.name,
        root: displayPath(ext.root, io.cwd) || '.',
        mode: needs.mode,
        reasons: needs.reasons.map((r) => ({ what: r.what, file: displayPath(r.loc.file, io.cwd), line: r.loc.range.start.line + 1 })),
        initPath: initPathJson(graph, io.cwd),
      });
      // as `check` does: memory stays flat across the extensions of a tree
      engine.forget(ext);
    }
    io.out(values.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : asText(report));
    return EXIT.clean;
  },
};

function initPathJson(graph: InitGraph, cwd: string): PreloadJson['extensions'][number]['initPath'] {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  return {
    nodes: graph.nodes.map(({ kind, label, state, byVersion, loc }) => ({
      kind, label, state, ...(byVersion ? { byVersion } : {}), file: displayPath(loc.file, cwd), line: loc.range.start.line + 1,
    })),
    edges: graph.edges.map(({ from, to, state }) => ({ from: index.get(from)!, to: index.get(to)!, state })),
  };
}

function asText(report: PreloadJson): string {
  return report.extensions
    .map((e) => {
      const head = `${e.name} (${e.root}) ${MODE_TEXT[e.mode]}\n`;
      return head + e.reasons.map((r) => `  ${r.file}:${r.line}: ${r.what}\n`).join('');
    })
    .join('');
}
