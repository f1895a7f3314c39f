import type { RuleDef } from './types';
import type { PathVerdict } from '../semantics/searchPath';
import { schemaText, sqlAnalysis } from '../semantics/searchPath';

/** Why a search_path value is unsafe, or undefined. */
export function describeVerdict(v: PathVerdict, requireTemp: boolean): string | undefined {
  if (v.untrusted.length) return `lists ${v.untrusted.map(schemaText).join(', ')}, where others may create objects that capture later references`;
  if (v.tempNotLast) return 'does not put pg_temp last: temporary objects take precedence over the schemas after it';
  if (requireTemp && v.tempImplicit) return 'leaves pg_temp off, so pg_temp is searched first: temporary tables and types capture references';
  return undefined;
}

export const sqlUnsafeSearchPath: RuleDef = {
  id: 'sql-unsafe-search-path',
  defaultSeverity: 'warning',
  category: 'sql',
  summary: 'SET search_path / set_config to untrusted schemas, or without pg_temp last.',
  check(view, report) {
    const analysis = sqlAnalysis(view);
    for (const { loc, verdict } of analysis.pathSettings) {
      const why = describeVerdict(verdict, true);
      if (why) report({ loc: loc.loc, message: `This search_path ${why}. Use pg_catalog, the extension's schemas (@extschema@) and pg_temp last.` });
    }
    for (const { fn, verdict } of analysis.unsafeClauses) {
      const why = describeVerdict(verdict, false);
      if (why && fn.searchPath) {
        report({ loc: { file: fn.creation.loc.file, range: fn.searchPath.range }, message: `The search_path of ${fn.kind} ${fn.creation.name} ${why}.` });
      }
    }
  },
};
