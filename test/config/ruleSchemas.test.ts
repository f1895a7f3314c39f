import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkConfigValues } from '../../server/src/analysis/config';
import { ALL_RULE_META } from '../../server/src/analysis/rules/index';
import { rulesSettingSchema, SEVERITY_SETTINGS } from '../../server/src/analysis/rules/settingsSchema';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CONFIG_SCHEMA = path.join(REPO, 'schemas', 'pgext-lint.schema.json');
const MANIFEST = path.join(REPO, 'package.json');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The committed files embed the schema generated from the RULES table. Like rust-analyzer's
 * generated-code tests, a mismatch rewrites the file and fails: rerun the test, commit the result.
 */
function ensureGenerated(file: string, update: (json: Json) => void): void {
  const before = readFileSync(file, 'utf8');
  const json = JSON.parse(before) as Json;
  update(json);
  const after = `${JSON.stringify(json, null, 2)}\n`;
  if (after !== before) {
    writeFileSync(file, after);
    assert.fail(`${path.relative(REPO, file)} was out of date with the RULES table and has been regenerated: review and commit it`);
  }
}

describe('rule settings schemas generated from the RULES table', () => {
  it('.pgext-lint.json `rules` in schemas/pgext-lint.schema.json lists every rule id with its severities', () => {
    ensureGenerated(CONFIG_SCHEMA, (schema) => {
      schema.properties.rules = { description: schema.properties.rules.description, ...rulesSettingSchema() };
    });
  });

  it('the pgextLint.rules setting in package.json lists every rule id with its severities', () => {
    ensureGenerated(MANIFEST, (manifest) => {
      const setting = manifest.contributes.configuration.properties['pgextLint.rules'];
      const { type, default: dflt, scope, markdownDescription } = setting;
      manifest.contributes.configuration.properties['pgextLint.rules'] = { type, default: dflt, scope, markdownDescription, ...rulesSettingSchema() };
    });
  });

  it('names each rule with its summary and default severity, and offers every severity', () => {
    const { properties } = rulesSettingSchema() as { properties: Record<string, Json> };
    assert.deepEqual(Object.keys(properties).sort(), ALL_RULE_META.map((r) => r.id).sort());
    const fini = properties['fini-never-called'];
    assert.deepEqual(fini.enum, ['off', 'hint', 'info', 'warning', 'error']);
    assert.equal(fini.enumDescriptions.length, SEVERITY_SETTINGS.length);
    assert.match(fini.description, /PostgreSQL never unloads libraries.*Default: hint\.$/);
    assert.match(fini.markdownDescription, /\(https:\/\/github\.com\/pgext-lint\/pgext-lint\/blob\/main\/docs\/rules\/fini-never-called\.md\)$/);
  });

  it('the configuration check still accepts every rule and reports unknown ids with the nearest one', () => {
    assert.deepEqual(checkConfigValues({ rules: { 'fini-never-called': 'off', 'hook-not-chained': 'warning' } }).problems, []);
    assert.deepEqual(checkConfigValues({ rules: { 'fini-never-caled': 'off' } }).problems, [
      { key: 'rules', message: 'unknown rule "fini-never-caled" (did you mean "fini-never-called"?)' },
    ]);
    assert.deepEqual(checkConfigValues({ rules: { 'fini-never-called': 'loud' } }).problems.map((p) => p.key), ['rules.fini-never-called']);
  });
});
