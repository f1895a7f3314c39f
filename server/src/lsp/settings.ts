import { ConfigResolver, describeConfigError, lintSettings } from '../analysis/config';
import type { LintSettings } from '../analysis/engine';
import { RULE_IDS } from '../analysis/rules';
import type { SeveritySetting } from '../analysis/rules/types';
import { pathToUri } from './paths';

/** The `pgextLint.*` settings an editor sends, after validation. */
export interface EditorSettings {
  enable: boolean;
  lint: LintSettings;
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { enable: true, lint: {} };

const SEVERITIES: ReadonlySet<string> = new Set<SeveritySetting>(['off', 'hint', 'info', 'warning', 'error']);

/**
 * Validates the raw `pgextLint` section. Invalid entries are dropped with a message rather than
 * rejecting the whole section, so one typo does not switch every other setting back to its default.
 */
export function parseEditorSettings(raw: unknown, warn: (message: string) => void): EditorSettings {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const lint: LintSettings = {};
  const versions = section.pgVersions;
  if (Array.isArray(versions) && versions.length > 0) {
    const valid = versions.filter((v): v is number => Number.isInteger(v) && v >= 13 && v <= 99);
    if (valid.length !== versions.length) warn(`pgextLint.pgVersions: ignoring ${JSON.stringify(versions.filter((v) => !valid.includes(v)))}; expected major versions such as 17`);
    if (valid.length) lint.pgVersions = valid;
  }
  const rules = section.rules;
  if (rules && typeof rules === 'object') {
    lint.rules = {};
    for (const [id, severity] of Object.entries(rules)) {
      if (!RULE_IDS.includes(id)) warn(`pgextLint.rules: unknown rule '${id}'`);
      else if (typeof severity !== 'string' || !SEVERITIES.has(severity)) warn(`pgextLint.rules.${id}: expected one of ${[...SEVERITIES].join(', ')}`);
      else lint.rules[id] = severity as SeveritySetting;
    }
  }
  return { enable: section.enable !== false, lint };
}

/**
 * The settings governing each extension: the editor's `pgextLint` section for the extension's
 * folder, with the project config file (.pgext-lint.json) on top wherever it says something.
 */
export class SettingsStore {
  private projects = new ConfigResolver();
  private readonly editor = new Map<string, Promise<EditorSettings>>();
  private reported = 0;

  constructor(
    /** the raw `pgextLint` section for a folder; undefined when the client cannot be asked */
    private readonly fetchSection: (scopeUri: string) => Promise<unknown>,
    private readonly warn: (message: string) => void,
  ) {}

  async forExtension(root: string): Promise<EditorSettings> {
    let editor = this.editor.get(root);
    if (!editor) {
      editor = this.fetchSection(pathToUri(root)).then(
        (raw) => parseEditorSettings(raw, this.warn),
        () => DEFAULT_EDITOR_SETTINGS,
      );
      this.editor.set(root, editor);
    }
    const { enable, lint } = await editor;
    const project = this.projects.configFor(root);
    this.reportConfigErrors();
    return { enable, lint: lintSettings(lint, project) };
  }

  /** Excluded by the `ignore` globs of the project config above it. */
  readonly isIgnored = (p: string): boolean => this.projects.isIgnored(p);

  /** Editor settings or a config file changed: read everything again on next use. */
  reset(): void {
    this.editor.clear();
    this.projects = new ConfigResolver();
    this.reported = 0;
  }

  private reportConfigErrors(): void {
    for (const e of this.projects.errors.slice(this.reported)) this.warn(`${describeConfigError(e)} (the file is ignored)`);
    this.reported = this.projects.errors.length;
  }
}
