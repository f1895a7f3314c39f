import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding } from '../../analysis/model/findings';
import type { Range } from '../../analysis/model/model';
import { ALL_RULE_META, docsUrl } from '../../analysis/rules';
import type { Fix, Severity } from '../../analysis/rules/types';
import { PACKAGE_VERSION } from '../package';
import { displayPath, oneBased, type Formatter } from './report';

/** SARIF has no hint or info; both are notes. */
const LEVEL: Record<Severity, Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** Paths are given relative to the checkout root (the current folder), as GitHub code scanning expects. */
const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for code-scanning services: one run, the rules that have results (with docs links),
 * results with related locations and fixes. Files outside the current folder get absolute file URIs.
 */
export const sarif: Formatter = ({ findings, cwd }) => {
  const used = new Set(findings.map((f) => f.rule));
  const rules = ALL_RULE_META.filter((r) => used.has(r.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
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
            rules: rules.map(
              (r): Sarif.ReportingDescriptor => ({
                id: r.id,
                name: ruleName(r.id),
                shortDescription: { text: r.summary },
                fullDescription: { text: `${r.summary} See ${docsUrl(r.id)}` },
                helpUri: docsUrl(r.id),
                defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
                properties: { tags: [r.category] },
              }),
            ),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => result(f, ruleIndex.get(f.rule) ?? -1, cwd)),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};

/** SARIF's `name` is an identifier-like form of the id: `hook-not-chained` → `HookNotChained`. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _sep, c: string) => c.toUpperCase());
}

function result(f: Finding, ruleIndex: number, cwd: string): Sarif.Result {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [location(f.loc.file, f.loc.range, cwd)],
    ...(f.related.length && {
      relatedLocations: f.related.map((r, id) => ({ id, ...location(r.loc.file, r.loc.range, cwd), message: { text: r.message } })),
    }),
    ...(f.fixes.length && { fixes: f.fixes.map((fix) => sarifFix(fix, cwd)) }),
  };
}

function artifact(file: string, cwd: string): Sarif.ArtifactLocation {
  const rel = displayPath(file, cwd);
  if (rel.startsWith('../') || path.isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(range: Range): Sarif.Region {
  const { line, column, endLine, endColumn } = oneBased(range);
  return { startLine: line, startColumn: column, endLine, endColumn };
}

function location(file: string, range: Range, cwd: string): Sarif.Location {
  return { physicalLocation: { artifactLocation: artifact(file, cwd), region: region(range) } };
}

function sarifFix(fix: Fix, cwd: string): Sarif.Fix {
  const files = [...new Set(fix.edits.map((e) => e.file))];
  return {
    description: { text: fix.title },
    artifactChanges: files.map((file) => ({
      artifactLocation: artifact(file, cwd),
      replacements: fix.edits
        .filter((e) => e.file === file)
        .map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
    })),
  };
}
