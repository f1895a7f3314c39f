// Bundles the VS Code extension for packaging: the client, the language server and its analysis
// worker, each one file in dist/, with the grammar .wasm files beside them. Bundles the tsc output (run `npm run build` first),
// so that paths the compiled code resolves at run time (the config schema) resolve the same here.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, sourcemap: false, logLevel: 'warning' };

await esbuild.build({
  ...common,
  entryPoints: { extension: path.join(root, 'out/client/src/extension.js') },
  outdir: dist,
  external: ['vscode'],
});

await esbuild.build({
  ...common,
  // the server starts its analysis worker from the file beside it
  entryPoints: {
    server: path.join(root, 'out/server/src/lsp/main.js'),
    analysisWorker: path.join(root, 'out/server/src/lsp/analysisWorker.js'),
  },
  outdir: dist,
  // parsers.ts looks for the grammars relative to the unbundled layout; in the bundle they are beside it
  banner: { js: 'process.env.PGEXT_LINT_WASM_DIR ??= __dirname;' },
});

for (const wasm of readdirSync(path.join(root, 'grammars')).filter((f) => f.endsWith('.wasm'))) {
  copyFileSync(path.join(root, 'grammars', wasm), path.join(dist, wasm));
}
