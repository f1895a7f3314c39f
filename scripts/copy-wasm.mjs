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
  'tree-sitter-cpp/tree-sitter-cpp.wasm',
  'web-tree-sitter/web-tree-sitter.wasm',
]) {
  copyFileSync(require.resolve(file), path.join(out, path.basename(file)));
}
