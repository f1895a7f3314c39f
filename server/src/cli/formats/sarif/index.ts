import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding } from '../../../analysis/model/findings';
import type { Range } from '../../../analysis/model/model';
import { ALL_RULE_META, docsUrl } from '../../../analysis/rules/index';
import type { Fix, RuleMeta, Severity } from '../../../analysis/rules/types';
import { PACKAGE_VERSION } from '../../package';
import { displayPath, oneBased, type Formatter } from '../report';
import { FINGERPRINT_KEY, fingerprints } from './fingerprints';
import { ruleHelp } from './ruleHelp';

/** SARIF has no hint or info; both are notes. */
const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** GitHub code scanning's `problem.severity`: how an alert of the rule is ranked. */
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'recommendation', hint: 'recommendation' };

/**
 * What code scanning shows and filters on, per rule category. Precision says how sure a finding is:
 * control files and suppressions are read exactly; code rules rest on following `_PG_init` through
 * the project (a call the analysis cannot see can hide a guard); documentation rules search prose.
 */
const CATEGORY: Record<RuleMeta['category'], { precision: string; tags: string[] }> = {
  preload: { precision: 'high', tags: ['correctness', 'reliability'] },
  hooks: { precision: 'high', tags: ['correctness', 'reliability'] },
  gucs: { precision: 'high', tags: ['correctness'] },
  docs: { precision: 'medium', tags: ['documentation'] },
  control: { precision: 'very-high', tags: ['correctness'] },
  // extension scripts, read with the real parser: search_path capture is a privilege escalation
  sql: { precision: 'high', tags: ['security', 'external/cwe/cwe-426'] },
  meta: { precision: 'very-high', tags: ['maintainability'] },
};

/** The checkout root: every path under it is given relative to it, as GitHub code scanning expects. */
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for code-scanning services (GitHub's ingestion rules in mind): one run, the rules that
 * have results with their documentation, results with fingerprints, related locations and fixes.
 * Every artifact URI is relative to a base in `originalUriBaseIds`.
 */
export const sarif: Formatter = ({ findings, cwd, paths }) => {
  const used = new Set(findings.map((f) => f.rule));
  const rules = ALL_RULE_META.filter((r) => used.has(r.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const bases = new UriBases(cwd);
  const prints = fingerprints(findings, cwd);
  const results = findings.map((f, i) => result(f, ruleIndex.get(f.rule) ?? -1, prints[i], bases));
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pgext-lint',
            version: PACKAGE_VERSION,
            semanticVersion: PACKAGE_VERSION,
            informationUri: 'https://github.com/pgext-lint/pgext-lint',
            rules: rules.map(descriptor),
          },
        },
        automationDetails: { id: automationId(paths, cwd) },
        originalUriBaseIds: bases.used(),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

function descriptor(r: RuleMeta): Sarif.ReportingDescriptor {
  return {
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: r.summary },
    fullDescription: { text: `${r.summary} See ${docsUrl(r.id)}` },
    help: ruleHelp(r),
    helpUri: docsUrl(r.id),
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: {
      tags: ['postgresql', r.category, ...CATEGORY[r.category].tags],
      precision: CATEGORY[r.category].precision,
      'problem.severity': PROBLEM_SEVERITY[r.defaultSeverity],
    },
  };
}

/** SARIF's `name` is an identifier-like form of the id: `hook-not-chained` → `HookNotChained`. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _sep, c: string) => c.toUpperCase());
}

/**
 * `category/`: code scanning keeps one set of alerts per category, so runs on different folders of one
 * repository (`pgext-lint check contrib/a`, `... contrib/b`) must not replace each other's alerts.
 */
function automationId(paths: string[], cwd: string): string {
  const checked = paths.map((p) => displayPath(p, cwd) || '.');
  return checked.length === 1 && checked[0] === '.' ? 'pgext-lint/' : `pgext-lint/${checked.join(',')}/`;
}

function result(f: Finding, ruleIndex: number, fingerprint: string, bases: UriBases): Sarif.Result {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.loc.file, f.loc.range, bases)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    ...(f.related.length && {
      relatedLocations: f.related.map((r, id) => ({ id, ...location(r.loc.file, r.loc.range, bases), message: { text: r.message } })),
    }),
    ...(f.fixes.length && { fixes: f.fixes.map((fix) => sarifFix(fix, bases)) }),
  };
}

/**
 * The bases artifact URIs are relative to: %SRCROOT% (the current folder) for the checkout, and one
 * per filesystem root (`FSROOT`, `FSROOT_C` for C:\ on Windows) for files outside it, which a path
 * argument such as `../shared` can bring in; those are listed only when used.
 */
class UriBases {
  private readonly bases = new Map<string, Sarif.ArtifactLocation>();

  constructor(private readonly cwd: string) {
    this.bases.set(SRCROOT, { uri: directoryUri(cwd) });
  }

  artifact(file: string): Sarif.ArtifactLocation {
    const rel = displayPath(file, this.cwd);
    const [base, root, relative] =
      rel === '..' || rel.startsWith('../') || path.isAbsolute(rel) ? this.fsRoot(file) : [SRCROOT, this.cwd, rel];
    if (!this.bases.has(base)) this.bases.set(base, { uri: directoryUri(root) });
    return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: base };
  }

  used(): Record<string, Sarif.ArtifactLocation> {
    return Object.fromEntries(this.bases);
  }

  private fsRoot(file: string): [string, string, string] {
    const { root } = path.parse(file);
    const drive = /^([A-Za-z]):/.exec(root)?.[1];
    return [drive ? `FSROOT_${drive.toUpperCase()}` : 'FSROOT', root, path.relative(root, file).split(path.sep).join('/')];
  }
}

/** A base URI must end with a slash for relative references to resolve inside it. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function region(range: Range): Sarif.Region {
  const { line, column, endLine, endColumn } = oneBased(range);
  return { startLine: line, startColumn: column, endLine, endColumn };
}

function location(file: string, range: Range, bases: UriBases): Sarif.Location {
  return { physicalLocation: { artifactLocation: bases.artifact(file), region: region(range) } };
}

function sarifFix(fix: Fix, bases: UriBases): Sarif.Fix {
  const files = [...new Set(fix.edits.map((e) => e.file))];
  return {
    description: { text: fix.title },
    artifactChanges: files.map((file) => ({
      artifactLocation: bases.artifact(file),
      replacements: fix.edits
        .filter((e) => e.file === file)
        .map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
    })),
  };
}
