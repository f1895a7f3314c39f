import type { Location } from './model';
import type { Fix, Related, Severity } from '../rules/types';

/** A finding as the engine returns it: merged over target versions, severity applied, not suppressed. */
export interface Finding {
  rule: string;
  severity: Severity;
  loc: Location;
  message: string;
  fixes: Fix[];
  related: Related[];
  unnecessary?: boolean;
  /** target versions on which the finding occurs */
  versions: number[];
  /** the extension's name */
  extension: string;
}

/** Sorts by file, then position, then rule: the order every output uses. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.loc.file.localeCompare(b.loc.file) ||
    a.loc.range.start.line - b.loc.range.start.line ||
    a.loc.range.start.character - b.loc.range.start.character ||
    a.rule.localeCompare(b.rule)
  );
}
