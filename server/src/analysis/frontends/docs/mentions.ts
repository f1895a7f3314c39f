/**
 * What documentation says about loading a library: which loading mechanisms it mentions, and which
 * of its lines claim that shared_preload_libraries is required.
 */

export type Mechanism = 'shared_preload_libraries' | 'session_preload_libraries' | 'local_preload_libraries' | 'LOAD';

/**
 * How each mechanism appears in text: the setting's name (case-insensitive like every GUC name,
 * with Markdown's `\_` escapes) or its SGML link id; LOAD only as the upper-case SQL command
 * with its argument, so the English word "load" does not count.
 */
const SHARED = guc('shared');
const MECHANISMS: readonly { mechanism: Mechanism; pattern: RegExp }[] = [
  { mechanism: 'shared_preload_libraries', pattern: SHARED },
  { mechanism: 'session_preload_libraries', pattern: guc('session') },
  { mechanism: 'local_preload_libraries', pattern: guc('local') },
  { mechanism: 'LOAD', pattern: /\bLOAD\s+['"$]|<command>LOAD<\/command>|linkend="sql-load"/g },
];

/** `shared_preload_libraries` but not inside `process_shared_preload_libraries_in_progress`. */
function guc(kind: string): RegExp {
  return new RegExp(`(?<![\\w\\\\])${kind}\\\\?_preload\\\\?_libraries(?![\\w\\\\])|guc-${kind}-preload-libraries`, 'gi');
}

export function mechanismsMentioned(text: string): Mechanism[] {
  return MECHANISMS.filter((m) => {
    m.pattern.lastIndex = 0;
    return m.pattern.test(text);
  }).map((m) => m.mechanism);
}

/** Words that make a line about shared_preload_libraries a requirement. */
const REQUIREMENT = /\b(must|required|requires|require|need|needs|have to|has to|only works)\b/i;
/**
 * Words that make it something else: one option among others, a condition, or a negation
 * ("does not need shared_preload_libraries"). Prefer silence to a wrong hint.
 */
const NOT_A_CLAIM = /\b(or|optionally|optional|for every session|if|unless|not|no longer|never|without)\b|n't\b/i;

export interface ClaimSpan {
  /** 0-based line */
  line: number;
  /** the mention of shared_preload_libraries on that line */
  start: number;
  end: number;
}

/** Lines that say shared_preload_libraries is required. */
export function requirementClaims(text: string): ClaimSpan[] {
  const claims: ClaimSpan[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    SHARED.lastIndex = 0;
    const m = SHARED.exec(line);
    if (m && REQUIREMENT.test(line) && !NOT_A_CLAIM.test(line)) claims.push({ line: i, start: m.index, end: m.index + m[0].length });
  });
  return claims;
}
