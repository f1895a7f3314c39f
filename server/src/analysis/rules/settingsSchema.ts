import { ALL_RULE_META, docsUrl } from './index';
import type { SeveritySetting } from './types';

/** The values a rule's setting takes, strictest last: `.pgext-lint.json`, `pgextLint.rules`, `--rule`. */
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

const SEVERITY_DESCRIPTIONS: Record<SeveritySetting, string> = {
  off: 'Do not report this rule.',
  hint: 'Report as a hint (faint dots in the editor, not in the Problems count).',
  info: 'Report as information.',
  warning: 'Report as a warning.',
  error: 'Report as an error (the CLI exits 1).',
};

/**
 * The JSON Schema of a `rules` object: one property per rule of the RULES table, each with its
 * summary and default, so editors complete rule ids and severities. Unknown ids stay allowed by the
 * shape: the config check reports them with the nearest known id. The shipped schema
 * (schemas/pgext-lint.schema.json) and the VS Code manifest embed this object; a test keeps both
 * in step with the table.
 */
export function rulesSettingSchema(): Record<string, unknown> {
  const severity = {
    type: 'string',
    enum: SEVERITY_SETTINGS,
    enumDescriptions: SEVERITY_SETTINGS.map((s) => SEVERITY_DESCRIPTIONS[s]),
  };
  const properties = Object.fromEntries(
    [...ALL_RULE_META]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => [
        r.id,
        {
          ...severity,
          description: `${r.summary} Default: ${r.defaultSeverity}.`,
          markdownDescription: `${r.summary} Default: \`${r.defaultSeverity}\`. [Documentation](${docsUrl(r.id)})`,
        },
      ]),
  );
  return {
    type: 'object',
    propertyNames: { pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
    properties,
    additionalProperties: severity,
  };
}
