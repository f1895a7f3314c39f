import type { Location } from '../model/model';
import type { ExtensionView } from '../model/view';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface TextEdit {
  file: string;
  range: Location['range'];
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** the fix an editor applies for "quick fix" / fix-all */
  preferred?: boolean;
}

export interface Related {
  loc: Location;
  message: string;
}

/** A finding as a rule reports it, before severity, suppressions and version merging. */
export interface RuleFinding {
  loc: Location;
  message: string;
  fixes?: Fix[];
  related?: Related[];
  /** code that does nothing (LSP DiagnosticTag.Unnecessary) */
  unnecessary?: boolean;
  /** overrides the rule's default severity (e.g. the rmgr case of preload-api-outside-preload) */
  severity?: Severity;
}

export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  category: 'preload' | 'hooks' | 'gucs' | 'docs' | 'control' | 'sql' | 'meta';
  /** one line: what the rule finds */
  summary: string;
}

export interface RuleDef extends RuleMeta {
  /** runs once per target version on the extension's view for that version */
  check(view: ExtensionView, report: (f: RuleFinding) => void): void;
}
