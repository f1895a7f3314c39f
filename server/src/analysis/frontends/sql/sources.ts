import type { SqlScriptFacts } from '../../model/sql';
import { analyseScript } from './script';

/**
 * Facts of each script, kept while its text is unchanged: every target version's view (and every
 * re-analysis after an edit elsewhere) reads the same facts. Bounded: the oldest entries go first.
 */
const MAX_KEPT = 2000;
const kept = new Map<string, { text: string; facts: SqlScriptFacts }>();

export function scriptFacts(file: string, text: string): SqlScriptFacts {
  const hit = kept.get(file);
  if (hit && hit.text === text) return hit.facts;
  let facts: SqlScriptFacts;
  try {
    facts = analyseScript(file, text);
  } catch (e) {
    // a front-end bug must not cost the other scripts' findings; the script reads as empty
    facts = { file, events: [] };
    process.emitWarning(`pgext-lint: SQL front end failed on ${file}: ${(e as Error)?.message ?? e}`);
  }
  kept.delete(file);
  kept.set(file, { text, facts });
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
  return facts;
}

/** The script's facts are no longer needed (its extension is done with, or the file changed). */
export function forgetScript(file: string): void {
  kept.delete(file);
}

/** The scripts whose facts are kept. */
export function keptScripts(): IterableIterator<string> {
  return kept.keys();
}
