import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Language as SourceLanguage } from '../model/model';

/**
 * Grammar loading. The .wasm files are copied next to the compiled code at build time
 * (scripts/copy-wasm.mjs) so that the bundled extension and the CLI find them the same way.
 */
export interface Parsers {
  c: Parser;
  cpp: Parser;
  rust: Parser;
  get(lang: SourceLanguage): Parser;
}

let loading: Promise<Parsers> | undefined;

export function wasmDir(): string {
  return process.env.PGEXT_LINT_WASM_DIR ?? path.resolve(__dirname, '..', '..', '..', '..', '..', 'grammars');
}

export function loadParsers(): Promise<Parsers> {
  loading ??= (async () => {
    const dir = wasmDir();
    await Parser.init({ locateFile: (name: string) => path.join(dir, name) });
    const [cLang, cppLang, rustLang] = await Promise.all([
      Language.load(path.join(dir, 'tree-sitter-c.wasm')),
      Language.load(path.join(dir, 'tree-sitter-cpp.wasm')),
      Language.load(path.join(dir, 'tree-sitter-rust.wasm')),
    ]);
    const c = new Parser();
    c.setLanguage(cLang);
    const cpp = new Parser();
    cpp.setLanguage(cppLang);
    const rust = new Parser();
    rust.setLanguage(rustLang);
    return { c, cpp, rust, get: (lang) => (lang === 'c' ? c : rust) };
  })();
  return loading;
}
