import { initPath } from '../initpath';
import { PREFIX_RESERVERS, SHARED_GUC_PREFIXES } from '../knowledge/preload';
import { gucDefinition } from '../preloadConstructs';
import { indentOf, layoutOf, ownsItsLines } from '../fixes/text';
import { statementLoc } from '../fixes/preloadGuard';
import type { CallStmt } from '../model';
import type { ExtensionView } from '../view';
import type { Fix, RuleDef } from './types';

interface PrefixUse {
  first: CallStmt;
  last: CallStmt;
}

export const gucPrefixNotReserved: RuleDef = {
  id: 'guc-prefix-not-reserved',
  defaultSeverity: 'warning',
  category: 'gucs',
  summary: 'Custom GUCs defined under a prefix that is never reserved with MarkGUCPrefixReserved / EmitWarningsOnPlaceholders.',
  check(view, report) {
    const prefixes = new Map<string, PrefixUse>();
    let reservesUnknown = false;
    const reserved = new Set<string>();
    for (const e of initPath(view).events) {
      const s = e.stmt;
      if (s.k !== 'call') continue;
      if (PREFIX_RESERVERS.has(s.callee)) {
        const p = s.args[0]?.str;
        if (p === undefined) reservesUnknown = true;
        else reserved.add(p);
        continue;
      }
      const name = gucDefinition(s)?.name;
      const dot = name?.indexOf('.') ?? -1;
      if (!name || dot <= 0) continue;
      const prefix = name.slice(0, dot);
      if (SHARED_GUC_PREFIXES.has(prefix)) continue;
      const seen = prefixes.get(prefix);
      if (seen) seen.last = s;
      else prefixes.set(prefix, { first: s, last: s });
    }
    // a reservation through a variable or macro may cover any prefix: stay silent
    if (reservesUnknown) return;
    for (const [prefix, use] of prefixes) {
      if (reserved.has(prefix)) continue;
      const fix = insertReservation(view, use.last, prefix);
      report({
        loc: use.first.loc,
        message:
          `The extension defines GUCs under "${prefix}." but never reserves the prefix: a typo such as ` +
          `SET ${prefix}.<misspelled> = on is silently accepted as a placeholder. Call ` +
          `MarkGUCPrefixReserved("${prefix}") (EmitWarningsOnPlaceholders before PostgreSQL 15) after the definitions.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

function insertReservation(view: ExtensionView, last: CallStmt, prefix: string): Fix | undefined {
  const loc = statementLoc(last);
  const text = loc && view.text(loc.file);
  if (!loc || text === undefined) return undefined;
  const language = loc.file.endsWith('.rs') ? 'rust' : 'c';
  const layout = layoutOf(text, language);
  if (!ownsItsLines(layout, loc)) return undefined;
  const indent = indentOf(layout.lines[loc.range.start.line]);
  const line = loc.range.end.line;
  const end = { line, character: layout.lines[line].length };
  // EmitWarningsOnPlaceholders is a macro for MarkGUCPrefixReserved since 15: it works on every version
  const fn = view.targetVersions[0] >= 15 ? 'MarkGUCPrefixReserved' : 'EmitWarningsOnPlaceholders';
  const call =
    language === 'c'
      ? `${fn}("${prefix}");`
      : `unsafe { pg_sys::MarkGUCPrefixReserved(c"${prefix}".as_ptr()) };`;
  return {
    title: `Reserve the "${prefix}" prefix`,
    edits: [{ file: loc.file, range: { start: end, end }, newText: `${layout.eol}${layout.eol}${indent}${call}` }],
    preferred: true,
  };
}
