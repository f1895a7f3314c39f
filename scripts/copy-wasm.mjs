// Copies the grammar and runtime .wasm files from node_modules into grammars/ (never committed).
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'grammars');
mkdirSync(out, { recursive: true });
for (const file of [
  'tree-sitter-c/tree-sitter-c.wasm',
  'tree-sitter-rust/tree-sitter-rust.wasm',
  'web-tree-sitter/web-tree-sitter.wasm',
  // the SQL parser's module loads it from beside its own script: in the bundle, dist/
  'libpg-query/wasm/libpg-query.wasm',
]) {
  copyFileSync(require.resolve(file), path.join(out, path.basename(file)));
}
