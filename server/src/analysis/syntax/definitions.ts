/**
 * The functions a text may define, found without parsing it. pgindent puts a C definition's name first
 * on its line, after the return type when that shares the line, and a parameter list and a body follow
 * (a prototype or a call has no body); Rust spells `fn name(` or `fn name<`.
 */
const C_DEFINITION_START = /^(?:[A-Za-z_][\w \t*]*[ \t*])?([A-Za-z_]\w*)\s*\(/gm;
const PARAMETERS_AND_BODY = /\([^;{}]*\)\s*(?:\/\*[^]*?\*\/\s*)?\{/y;
const RUST_DEFINITION = /\bfn\s+(\w+)\s*[<(]/g;

export function definedFunctions(file: string, text: string): ReadonlySet<string> {
  const names = new Set<string>();
  if (file.endsWith('.rs')) {
    for (const m of text.matchAll(RUST_DEFINITION)) names.add(m[1]);
    return names;
  }
  for (const m of text.matchAll(C_DEFINITION_START)) {
    if (names.has(m[1])) continue;
    PARAMETERS_AND_BODY.lastIndex = m.index + m[0].length - 1;
    if (PARAMETERS_AND_BODY.test(text)) names.add(m[1]);
  }
  return names;
}
