// Copies the .wasm files the analysis loads at run time from node_modules into grammars/ (never
// committed). The grammar packages are dev dependencies: their native builds are never needed, and
// the npm package ships only these copies. A new grammar or parser is one more line in WASM (and its
// loading in server/src/analysis/parsers.ts).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `from`: the file inside its npm package; `to`: its name in grammars/ (default: the same name). */
const WASM = [
  { from: 'tree-sitter-c/tree-sitter-c.wasm' },
  { from: 'tree-sitter-rust/tree-sitter-rust.wasm' },
  { from: 'tree-sitter-cpp/tree-sitter-cpp.wasm' },
  { from: 'web-tree-sitter/web-tree-sitter.wasm' },
  // the SQL parser's module loads it from beside its own script (in the bundle: dist/)
  { from: 'libpg-query/wasm/libpg-query.wasm' },
];

const require = createRequire(import.meta.url);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'grammars');
mkdirSync(out, { recursive: true });
for (const { from, to = path.basename(from) } of WASM) {
  let source;
  try {
    source = require.resolve(from);
  } catch {
    throw new Error(`${from} not found: run npm ci (the grammar packages are dev dependencies)`);
  }
  copyFileSync(source, path.join(out, to));
}
