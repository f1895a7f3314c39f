const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * The identifiers a text names (C, C++ and Rust spell them alike), to ask "does this file use X" at the
 * cost of a lookup instead of a search of the whole text.
 */
export function identifiersOf(text: string): Set<string> {
  const ids = new Set<string>();
  IDENTIFIER.lastIndex = 0;
  for (let m = IDENTIFIER.exec(text); m; m = IDENTIFIER.exec(text)) ids.add(m[0]);
  return ids;
}
