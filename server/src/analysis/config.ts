import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { Minimatch } from 'minimatch';
import { nearestName } from './frontends/control/nearestName';
import type { LintSettings } from './engine';
import { RULE_IDS } from './rules';
import type { SeveritySetting } from './rules/types';
import { lineStarts, positionAt } from './syntax/source';

/**
 * The project configuration file: found by walking up from a checked path, validated against the
 * shipped JSON Schema (the shape) and the RULES table (the rule ids). Shared by the CLI and the
 * language server, so it reports problems and never prints or exits.
 */

/** Names looked for in each folder, first match wins. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.pgext-lint.json', 'pgext-lint.json'];

export interface ConfigValues {
  pgVersions?: number[];
  rules?: Record<string, SeveritySetting>;
  /** globs relative to the config file's folder */
  ignore?: string[];
}

export interface ProjectConfig extends ConfigValues {
  /** absolute path of the file the values came from */
  file: string;
}

/** A problem with a value: `key` is its path in the object (`rules.foo`, `pgVersions[0]`), '' for the whole. */
export interface ConfigProblem {
  key: string;
  message: string;
}

export interface ConfigError extends ConfigProblem {
  file: string;
}

export function describeConfigError(e: ConfigError): string {
  return `${e.file}: ${e.key ? `${e.key}: ` : ''}${e.message}`;
}

// Resolved against the compiled module (out/server/src/analysis/), where a bundler also finds it.
const SCHEMA: { properties: Record<string, unknown> } = require('../../../../schemas/pgext-lint.schema.json');

/**
 * The schema's validator, compiled when a configuration is first checked: compiling costs a tenth of a
 * second, and most runs read no configuration. The schema carries VS Code's annotations for completion
 * (generated from the RULES table).
 */
let validator: ValidateFunction<ConfigValues> | undefined;
const validateShape = (): ValidateFunction<ConfigValues> =>
  (validator ??= new Ajv({ allErrors: true, keywords: ['markdownDescription', 'enumDescriptions'] }).compile<ConfigValues>(SCHEMA));

/** `/rules/a-b` → `rules.a-b`, `/pgVersions/0` → `pgVersions[0]`. */
function keyOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((key, seg) => (/^\d+$/.test(seg) ? `${key}[${seg}]` : key ? `${key}.${seg}` : seg), '');
}

function problemOf(e: ErrorObject): ConfigProblem {
  const key = keyOf(e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const known = Object.keys(SCHEMA.properties).join(', ');
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      return { key, message: `unknown key "${name}" (known keys: ${known})` };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v));
      return { key, message: `must be one of ${allowed.join(', ')}` };
    }
    case 'propertyNames':
      return { key, message: `"${(e.params as { propertyName: string }).propertyName}" is not a rule id` };
    default:
      return { key, message: e.message ?? e.keyword };
  }
}

/** Checks parsed configuration values: the schema's shape, then rule ids against the RULES table. */
export function checkConfigValues(data: unknown): { values?: ConfigValues; problems: ConfigProblem[] } {
  const validate = validateShape();
  if (!validate(data)) {
    // propertyNames failures come with a generic companion error on the same object: keep the specific one
    const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'pattern' || !e.propertyName);
    return { problems: errors.map(problemOf) };
  }
  const unknown = Object.keys(data.rules ?? {}).filter((id) => !RULE_IDS.includes(id));
  if (unknown.length) {
    return {
      problems: unknown.map((id) => {
        const meant = nearestName(id, RULE_IDS);
        return { key: 'rules', message: `unknown rule "${id}"${meant ? ` (did you mean "${meant}"?)` : ''}` };
      }),
    };
  }
  return { values: data, problems: [] };
}

/** Reads and checks one configuration file. */
export function loadConfigFile(file: string): { config?: ProjectConfig; errors: ConfigError[] } {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    return { errors: [{ file: abs, key: '', message: `cannot read: ${(e as Error).message}` }] };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { errors: [{ file: abs, key: '', message: `invalid JSON: ${jsonErrorWithPosition(e as Error, text)}` }] };
  }
  const { values, problems } = checkConfigValues(data);
  if (!values) return { errors: problems.map((p) => ({ file: abs, ...p })) };
  return { config: { ...values, file: abs }, errors: [] };
}

/** V8 reports JSON syntax errors by character offset; people look for a line and column. */
function jsonErrorWithPosition(e: Error, text: string): string {
  const m = / at position (\d+)/.exec(e.message);
  if (!m || /\(line \d+/.test(e.message)) return e.message;
  const { line, character } = positionAt(lineStarts(text), Number(m[1]));
  return `${e.message.slice(0, m.index)} at line ${line + 1} column ${character + 1}`;
}

/** Settings for the engine: the file's values with overrides (command line, editor settings) on top. */
export function lintSettings(config: ConfigValues | undefined, overrides: ConfigValues = {}): LintSettings {
  return {
    pgVersions: overrides.pgVersions ?? config?.pgVersions,
    rules: { ...config?.rules, ...overrides.rules },
  };
}

interface Loaded {
  config: ProjectConfig;
  ignored: (p: string) => boolean;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Which configuration governs a path: the nearest config file at or above its folder, or one
 * fixed file for everything (`--config`). Lookups are cached per folder, so asking for every file
 * of a large tree stays cheap. Broken files are recorded in `errors` and treated as absent.
 */
export class ConfigResolver {
  readonly errors: ConfigError[] = [];
  private readonly byDir = new Map<string, Loaded | undefined>();
  private readonly fixed?: { loaded: Loaded | undefined };

  constructor(fixedFile?: string) {
    if (fixedFile !== undefined) this.fixed = { loaded: this.load(path.resolve(fixedFile)) };
  }

  /** The configuration governing files in `dir`. */
  configFor(dir: string): ProjectConfig | undefined {
    return this.loadedFor(path.resolve(dir))?.config;
  }

  /** Whether a file or folder is excluded by the `ignore` globs of the configuration above it. */
  readonly isIgnored = (p: string): boolean => {
    const abs = path.resolve(p);
    return this.loadedFor(path.dirname(abs))?.ignored(abs) ?? false;
  };

  private loadedFor(dir: string): Loaded | undefined {
    if (this.fixed) return this.fixed.loaded;
    if (this.byDir.has(dir)) return this.byDir.get(dir);
    const file = CONFIG_FILE_NAMES.map((n) => path.join(dir, n)).find(isFile);
    const up = path.dirname(dir);
    const found = file ? this.load(file) : up === dir ? undefined : this.loadedFor(up);
    this.byDir.set(dir, found);
    return found;
  }

  private load(file: string): Loaded | undefined {
    const { config, errors } = loadConfigFile(file);
    this.errors.push(...errors);
    return config && { config, ignored: ignoreMatcher(config) };
  }
}

/**
 * The `ignore` globs of a config as a predicate on absolute paths. Like .gitignore: a leading `/`
 * anchors a pattern to the config's folder, a pattern without a slash matches a name at any depth,
 * a trailing `/` is accepted (folders are tested before their contents are walked).
 */
function ignoreMatcher(config: ProjectConfig): (p: string) => boolean {
  const patterns = (config.ignore ?? []).map((raw) => {
    const anchored = raw.startsWith('/');
    const glob = raw.replace(/^\/+/, '').replace(/\/+$/, '');
    return new Minimatch(glob, { dot: true, matchBase: !anchored });
  });
  const base = path.dirname(config.file);
  return (p) => {
    if (!patterns.length) return false;
    const rel = path.relative(base, p);
    if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return false;
    const posix = rel.split(path.sep).join('/');
    return patterns.some((m) => m.match(posix));
  };
}
