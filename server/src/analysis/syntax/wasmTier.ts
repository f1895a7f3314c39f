import { setFlagsFromString } from 'node:v8';

/**
 * Imported for its effect, before any WebAssembly module is compiled: the parsers' wasm code stays on
 * V8's baseline compiler (Liftoff). By default V8 recompiles hot wasm functions with its optimising
 * compiler on background threads, and the parsers' hottest functions are huge (libpg_query's SQL and
 * PL/pgSQL grammars are about 100 kB of wasm each): one 10,000-line install script made V8 spend over
 * 2 s of CPU recompiling them, more than the whole analysis, for no measurable gain in parse time
 * (a JSON-producing parser is bound by the JavaScript that reads its output). The flag is read when a
 * module is compiled, so it must be set before libpg-query or web-tree-sitter load their .wasm.
 */
setFlagsFromString('--liftoff-only');
