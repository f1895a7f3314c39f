import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkConfigValues, lintSettings, type ConfigValues } from '../../analysis/config';
import { Engine, type AnalyzeIO } from '../../analysis/engine';
import { compareFindings, type Finding } from '../../analysis/model/findings';
import type { Severity } from '../../analysis/rules/types';
import { EXIT, parseOptions, UsageError, type CliIO, type Command } from '../command';
import { FORMATS } from '../formats/index';
import { displayPath, SEVERITIES } from '../formats/report';
import { Progress } from '../progress';
import { failOnConfigErrors, failOnPathsWithoutExtension, givenFolderOf, givenPaths, loadConfigs } from '../targets';
import { isWithin } from '../../analysis/semantics/workspace';

const OPTIONS = {
  format: { type: 'string', short: 'f', default: 'text' },
  config: { type: 'string', short: 'c' },
  'pg-version': { type: 'string', multiple: true },
  rule: { type: 'string', multiple: true },
  'fail-level': { type: 'string', default: 'error' },
  'max-warnings': { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

const SEVERITY_CHOICES = 'off|hint|info|warning|error';

export const check: Command = {
  name: 'check',
  summary: 'analyse the extensions in or around PATHs (default: .) and report findings',
  help: `usage: pgext-lint check [options] [PATH...]

Analyses every PostgreSQL extension (C or pgrx) found in or around each PATH (default: the current
folder). A folder reports all extensions inside it; a file analyses its extension and reports the
findings in that file only.

options:
  -f, --format FORMAT     text (default), json, sarif or gcc
  -c, --config FILE       use this configuration file instead of finding .pgext-lint.json
      --pg-version N[,N]  target PostgreSQL major versions (repeatable), e.g. --pg-version 15,16
      --rule ID=SEVERITY  set a rule's severity: ${SEVERITY_CHOICES} (repeatable)
      --fail-level LEVEL  the lowest severity that makes the exit status 1: ${SEVERITIES.join('|')}
                          (default: error)
      --max-warnings N    exit status 1 also when there are more than N warnings
  -o, --output FILE       write the report to FILE instead of standard output
  -h, --help              show this help
  -V, --version           print the version

exit status: 0 no finding at the fail level or above (and at most N warnings), 1 otherwise,
             2 usage or configuration error (a PATH without any extension included)
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, OPTIONS);
    const format = FORMATS[values.format];
    if (!format) throw new UsageError(`unknown format "${values.format}" (formats: ${Object.keys(FORMATS).join(', ')})`);
    const failLevel = severityOption('--fail-level', values['fail-level']);
    const maxWarnings = values['max-warnings'] === undefined ? undefined : countOption('--max-warnings', values['max-warnings']);
    const overrides = commandLineOverrides(values['pg-version'] ?? [], values.rule ?? []);
    const paths = givenPaths(positionals, io);
    const configs = loadConfigs(paths, values.config, io);
    const engine = await Engine.create();
    const extensions = engine.discover(paths, configs.isIgnored, { loneSqlFiles: true });
    failOnConfigErrors(configs, io);
    failOnPathsWithoutExtension(paths, extensions, io);

    const progress = new Progress(extensions.length, io.err, io.errIsTTY);
    const findings: Finding[] = [];
    const analyzeIO = scanMessages(io, progress);
    extensions.forEach((ext, i) => {
      progress.step(i + 1, displayPath(ext.root, io.cwd) || '.');
      const settings = { ...lintSettings(configs.configFor(ext.root), overrides), workspaceRoot: givenFolderOf(ext.root, paths) };
      for (const f of engine.analyzeExtension(ext, settings, analyzeIO)) {
        if (paths.some((p) => isWithin(f.loc.file, p))) findings.push(f);
      }
      // its findings are out: memory stays flat however many extensions follow
      engine.forget(ext);
    });
    progress.done();

    findings.sort(compareFindings);
    const report = format({ findings, extensions: extensions.length, cwd: io.cwd, paths });
    if (values.output === undefined) io.out(report);
    else writeReport(path.resolve(io.cwd, values.output), report, values.output);
    return exitStatus(findings, failLevel, maxWarnings, io);
  },
};

function severityOption(flag: string, value: string): Severity {
  const severity = SEVERITIES.find((s) => s === value);
  if (!severity) throw new UsageError(`${flag} ${value}: must be one of ${SEVERITIES.join(', ')}`);
  return severity;
}

function countOption(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} ${value}: must be a whole number (0 or more)`);
  return Number(value);
}

/** Like ESLint's `--output-file`: parent folders are created; a file that cannot be written is a usage error. */
function writeReport(file: string, report: string, asGiven: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, report);
  } catch (e) {
    throw new UsageError(`--output ${asGiven}: ${(e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
}

function exitStatus(findings: Finding[], failLevel: Severity, maxWarnings: number | undefined, io: CliIO): number {
  const failing = SEVERITIES.slice(0, SEVERITIES.indexOf(failLevel) + 1);
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.err(`pgext-lint: ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}, more than --max-warnings ${maxWarnings} allows\n`);
    return EXIT.findingsAtFailLevel;
  }
  return findings.some((f) => failing.includes(f.severity)) ? EXIT.findingsAtFailLevel : EXIT.clean;
}

/** `--pg-version` and `--rule` as configuration values, checked like a configuration file's. */
function commandLineOverrides(pgVersions: string[], rules: string[]): ConfigValues {
  const overrides: ConfigValues = {};
  const problem = (flag: string, values: ConfigValues) => {
    const { problems } = checkConfigValues(values);
    if (problems.length) throw new UsageError(problems.map((p) => `${flag}: ${p.message}`).join('\n'));
  };
  if (pgVersions.length) {
    const versions = pgVersions.flatMap((raw) =>
      raw.split(',').map((v) => {
        if (!/^\s*\d+\s*$/.test(v)) throw new UsageError(`--pg-version ${raw}: "${v}" is not a PostgreSQL major version`);
        return Number(v);
      }),
    );
    overrides.pgVersions = [...new Set(versions)];
    problem(`--pg-version ${pgVersions.join(',')}`, { pgVersions: overrides.pgVersions });
  }
  for (const raw of rules) {
    const m = /^([^=]+)=(.*)$/.exec(raw);
    if (!m) throw new UsageError(`--rule ${raw}: expected RULE=${SEVERITY_CHOICES}`);
    const one = { [m[1].trim()]: m[2].trim() } as ConfigValues['rules'];
    problem(`--rule ${raw}`, { rules: one });
    overrides.rules = { ...overrides.rules, ...one };
  }
  return overrides;
}

/** Skipped files and failing rules, said once each on stderr. */
function scanMessages(io: CliIO, progress: Progress): AnalyzeIO {
  const said = new Set<string>();
  const say = (text: string) => {
    if (said.has(text)) return;
    said.add(text);
    progress.interrupt(() => io.err(text));
  };
  return {
    onSkip: (file, reason) => say(`pgext-lint: skipped ${displayPath(file, io.cwd)}: ${reason}\n`),
    onWarning: (file, message) => say(`pgext-lint: ${displayPath(file, io.cwd)}: ${message}\n`),
    onRuleError: (rule, error) =>
      say(`pgext-lint: rule ${rule} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  };
}
