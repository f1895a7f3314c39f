import { initPath } from '../semantics/initpath';
import { PREFIX_RESERVERS, SHARED_GUC_PREFIXES } from '../knowledge/preload';
import { gucDefinition } from '../semantics/preloadConstructs';
import { docOf, insertAt } from '../fixes/fileEdits';
import { indentOf, ownsItsLines } from '../fixes/text';
import { statementLoc } from '../fixes/preloadGuard';
import type { CallStmt, FunctionDef } from '../model/model';
import type { ExtensionView } from '../model/view';
import type { Fix, RuleDef } from './types';

interface PrefixUse {
  first: CallStmt;
  /** the last definition and the function holding it, where the reservation goes */
  last: { call: CallStmt; fn: FunctionDef };
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
      if (seen) seen.last = { call: s, fn: e.fn };
      else prefixes.set(prefix, { first: s, last: { call: s, fn: e.fn } });
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

function insertReservation(view: ExtensionView, last: { call: CallStmt; fn: FunctionDef }, prefix: string): Fix | undefined {
  const loc = statementLoc(last.call);
  const doc = docOf(view, last.fn);
  if (!loc || !doc || !ownsItsLines(doc.layout, loc)) return undefined;
  const indent = indentOf(doc.layout.lines[loc.range.start.line]);
  // EmitWarningsOnPlaceholders is a macro for MarkGUCPrefixReserved since 15: it works on every version
  const reserve = view.targetVersions[0] >= 15 ? 'MarkGUCPrefixReserved' : 'EmitWarningsOnPlaceholders';
  const call =
    doc.language === 'c'
      ? `${reserve}("${prefix}");`
      : `unsafe { pg_sys::MarkGUCPrefixReserved(c"${prefix}".as_ptr()) };`;
  return {
    title: `Reserve the "${prefix}" prefix`,
    edits: [insertAt(doc, loc.range.end.line + 1, ['', `${indent}${call}`])],
    preferred: true,
  };
}
