import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import type { Finding } from '../../server/src/analysis/model/findings';
import { ALL_RULE_META, docsUrl } from '../../server/src/analysis/rules';
import { gcc } from '../../server/src/cli/formats/gcc';
import { json } from '../../server/src/cli/formats/json';
import type { Report } from '../../server/src/cli/formats/report';
import { sarif } from '../../server/src/cli/formats/sarif/index';
import { text } from '../../server/src/cli/formats/text';
import { sarifValidator } from '../support/sarifSchema';
import { REPO_ROOT } from './spawnCli';

// The formats on findings built by hand: fixes, related locations, every severity, awkward paths.
const cwd = path.resolve('/', 'home', 'dev', 'tallyq');
const mainC = path.join(cwd, 'src', 'tally q.c');
const outside = path.resolve('/', 'home', 'dev', 'shared', 'guc.c');
const range = (line: number, character: number, endLine: number, endCharacter: number) => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

const gucFinding: Finding = {
  rule: 'postmaster-guc-outside-preload',
  severity: 'error',
  loc: { file: mainC, range: range(29, 1, 29, 24) },
  message: 'GUC "tallyq.slots" is defined with PGC_POSTMASTER outside a preload guard.',
  fixes: [
    {
      title: 'Wrap in if (process_shared_preload_libraries_in_progress)',
      preferred: true,
      edits: [
        { file: mainC, range: range(29, 0, 29, 0), newText: '\tif (process_shared_preload_libraries_in_progress)\n\t{\n' },
        { file: mainC, range: range(41, 0, 41, 0), newText: '\t}\n' },
      ],
    },
    { title: 'Lower the context to PGC_SIGHUP', edits: [{ file: mainC, range: range(36, 7, 36, 21), newText: 'PGC_SIGHUP' }] },
  ],
  related: [{ loc: { file: outside, range: range(9, 0, 9, 8) }, message: '_PG_init calls the definition from here' }],
  versions: [13, 14, 15, 16, 17, 18],
  extension: 'tallyq',
};
const prefixFinding: Finding = {
  rule: 'guc-prefix-not-reserved',
  severity: 'info',
  loc: { file: mainC, range: range(29, 25, 29, 39) },
  message: 'GUC prefix "tallyq" is never reserved.',
  fixes: [],
  related: [],
  versions: [15, 16],
  extension: 'tallyq',
};
const finiFinding: Finding = {
  rule: 'fini-never-called',
  severity: 'hint',
  loc: { file: outside, range: range(0, 0, 0, 8) },
  message: '_PG_fini is never called.',
  fixes: [],
  related: [],
  unnecessary: true,
  versions: [13, 14, 15, 16, 17, 18],
  extension: 'shared',
};
const report: Report = { findings: [gucFinding, prefixFinding, finiFinding], extensions: 2, cwd, paths: [cwd] };

describe('json format', () => {
  it('prints the contract shape with 1-based positions and cwd-relative / paths', () => {
    const out = JSON.parse(json(report));
    assert.deepEqual(out.version, 1);
    assert.deepEqual(out.findings[0], {
      file: 'src/tally q.c',
      line: 30,
      column: 2,
      endLine: 30,
      endColumn: 25,
      rule: 'postmaster-guc-outside-preload',
      severity: 'error',
      message: 'GUC "tallyq.slots" is defined with PGC_POSTMASTER outside a preload guard.',
      fixes: [
        {
          title: 'Wrap in if (process_shared_preload_libraries_in_progress)',
          edits: [
            { file: 'src/tally q.c', line: 30, column: 1, endLine: 30, endColumn: 1, newText: '\tif (process_shared_preload_libraries_in_progress)\n\t{\n' },
            { file: 'src/tally q.c', line: 42, column: 1, endLine: 42, endColumn: 1, newText: '\t}\n' },
          ],
        },
        { title: 'Lower the context to PGC_SIGHUP', edits: [{ file: 'src/tally q.c', line: 37, column: 8, endLine: 37, endColumn: 22, newText: 'PGC_SIGHUP' }] },
      ],
    });
    assert.equal(out.findings[2].file, '../shared/guc.c');
    assert.deepEqual(out.findings[2].fixes, []);
    assert.deepEqual(Object.keys(out), ['version', 'findings']);
  });

  it('prints an empty findings list when nothing is found', () => {
    assert.deepEqual(JSON.parse(json({ findings: [], extensions: 1, cwd, paths: [cwd] })), { version: 1, findings: [] });
  });
});

describe('text format', () => {
  it('prints compiler-style lines, related locations as notes, and a summary counting every severity present', () => {
    assert.equal(
      text(report),
      [
        'src/tally q.c:30:2: error: GUC "tallyq.slots" is defined with PGC_POSTMASTER outside a preload guard. [postmaster-guc-outside-preload]',
        '../shared/guc.c:10:1: note: _PG_init calls the definition from here',
        'src/tally q.c:30:26: info: GUC prefix "tallyq" is never reserved. [guc-prefix-not-reserved]',
        '../shared/guc.c:1:1: hint: _PG_fini is never called. [fini-never-called]',
        '1 error, 0 warnings, 1 info, 1 hint in 2 extensions',
        '',
      ].join('\n'),
    );
  });

  it('summarises a clean run with errors and warnings only, singular for one extension', () => {
    assert.equal(text({ findings: [], extensions: 1, cwd, paths: [cwd] }), '0 errors, 0 warnings in 1 extension\n');
  });
});

describe('gcc format', () => {
  it('prints gcc diagnostics: info and hint become notes, the rule as a -W flag, related locations as notes', () => {
    assert.equal(
      gcc(report),
      [
        'src/tally q.c:30:2: error: GUC "tallyq.slots" is defined with PGC_POSTMASTER outside a preload guard. [-Wpgext-lint-postmaster-guc-outside-preload]',
        '../shared/guc.c:10:1: note: _PG_init calls the definition from here',
        'src/tally q.c:30:26: note: GUC prefix "tallyq" is never reserved. [-Wpgext-lint-guc-prefix-not-reserved]',
        '../shared/guc.c:1:1: note: _PG_fini is never called. [-Wpgext-lint-fini-never-called]',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when nothing is found', () => {
    assert.equal(gcc({ findings: [], extensions: 3, cwd, paths: [cwd] }), '');
  });
});

describe('sarif format', () => {
  const log: Sarif.Log = JSON.parse(sarif(report));
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 JSON schema', () => {
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it('the schema check catches a broken log (so the check above means something)', () => {
    const broken = structuredClone(log);
    broken.runs[0].results![0].locations![0].physicalLocation!.region!.startLine = 0;
    assert.equal(sarifValidator()(broken), false);
  });

  it('describes each rule that has results, with docs link and default level', () => {
    const used = new Set(['postmaster-guc-outside-preload', 'guc-prefix-not-reserved', 'fini-never-called']);
    assert.deepEqual(
      run.tool.driver.rules!.map((r) => r.id),
      ALL_RULE_META.map((r) => r.id).filter((id) => used.has(id)),
    );
    const guc = run.tool.driver.rules!.find((r) => r.id === 'postmaster-guc-outside-preload')!;
    assert.equal(guc.name, 'PostmasterGucOutsidePreload');
    assert.equal(guc.helpUri, docsUrl('postmaster-guc-outside-preload'));
    assert.ok(guc.shortDescription?.text);
    assert.ok(guc.fullDescription?.text);
    assert.deepEqual(guc.defaultConfiguration, { level: 'error' });
    assert.equal(run.tool.driver.name, 'pgext-lint');
  });

  it('links each result to its rule by id and index, with levels error/warning/note', () => {
    for (const r of run.results!) assert.equal(run.tool.driver.rules![r.ruleIndex!].id, r.ruleId);
    assert.deepEqual(run.results!.map((r) => r.level), ['error', 'note', 'note']);
  });

  it('locates results relative to %SRCROOT% with encoded URIs and 1-based regions', () => {
    const [first] = run.results!;
    assert.deepEqual(first.locations![0].physicalLocation, {
      artifactLocation: { uri: 'src/tally%20q.c', uriBaseId: '%SRCROOT%' },
      region: { startLine: 30, startColumn: 2, endLine: 30, endColumn: 25 },
    });
    assert.equal(run.columnKind, 'utf16CodeUnits');
  });

  it('gives files outside the current folder relative to their filesystem root, never as absolute URIs', () => {
    const third = run.results![2];
    const artifact = third.locations![0].physicalLocation!.artifactLocation!;
    assert.equal(artifact.uriBaseId, path.sep === '/' ? 'FSROOT' : 'FSROOT_' + path.parse(outside).root[0].toUpperCase());
    assert.equal(new URL(artifact.uri!, run.originalUriBaseIds![artifact.uriBaseId!].uri).href, pathToFileURL(outside).href);
    assert.equal(new URL('src/tally%20q.c', run.originalUriBaseIds!['%SRCROOT%'].uri).href, pathToFileURL(mainC).href);
    const uris = JSON.stringify(log).match(/"uri": ?"[^"]*"/g)!.filter((u) => !/"uri": ?"file:/.test(u));
    assert.ok(uris.length > 0);
    for (const u of uris) assert.doesNotMatch(u, /"uri": ?"(\/|[a-z]+:)/, u);
  });

  it('lists only the bases in use, each a folder URI ending in a slash', () => {
    assert.deepEqual(Object.keys(run.originalUriBaseIds!).sort(), ['%SRCROOT%', path.sep === '/' ? 'FSROOT' : Object.keys(run.originalUriBaseIds!).find((k) => k.startsWith('FSROOT_'))].sort());
    for (const base of Object.values(run.originalUriBaseIds!)) assert.match(base.uri!, /^file:\/\/.*\/$/);
    const clean: Sarif.Log = JSON.parse(sarif({ ...report, findings: [prefixFinding] }));
    assert.deepEqual(Object.keys(clean.runs[0].originalUriBaseIds!), ['%SRCROOT%']);
  });

  it('names the analysis for code scanning: one category per set of checked folders', () => {
    assert.deepEqual(run.automationDetails, { id: 'pgext-lint/' });
    const two: Sarif.Log = JSON.parse(sarif({ ...report, paths: [path.join(cwd, 'contrib', 'a'), path.join(cwd, 'contrib', 'b')] }));
    assert.deepEqual(two.runs[0].automationDetails, { id: 'pgext-lint/contrib/a,contrib/b/' });
  });

  it('describes each rule for code scanning: help from its page, tags, precision, problem.severity', () => {
    const rules = run.tool.driver.rules!;
    const guc = rules.find((r) => r.id === 'postmaster-guc-outside-preload')!;
    const page = readFileSync(path.join(REPO_ROOT, 'docs', 'rules', 'postmaster-guc-outside-preload.md'), 'utf8');
    assert.equal(guc.help!.markdown, page.trimEnd() + '\n');
    assert.ok(guc.help!.text.startsWith('postmaster-guc-outside-preload\n\nDefault severity: error'), guc.help!.text.slice(0, 80));
    assert.doesNotMatch(guc.help!.text, /```|\*\*|^#/m);
    assert.deepEqual(guc.properties, { tags: ['postgresql', 'preload', 'correctness', 'reliability'], precision: 'high', 'problem.severity': 'error' });
    const fini = rules.find((r) => r.id === 'fini-never-called')!;
    assert.equal(fini.properties!['problem.severity'], 'recommendation');
    for (const r of rules) assert.ok(['very-high', 'high', 'medium', 'low'].includes(r.properties!.precision), r.id);
  });

  it('makes links between rule pages absolute in the help (it is shown away from the repository)', () => {
    const log2: Sarif.Log = JSON.parse(sarif({ ...report, findings: [{ ...finiFinding, rule: 'hook-saved-after-install' }] }));
    const help = log2.runs[0].tool.driver.rules![0].help!;
    assert.ok(help.markdown!.includes(`[hook-overwrites-previous](${docsUrl('hook-overwrites-previous')})`), help.markdown);
    assert.doesNotMatch(help.markdown!, /\]\([a-z-]+\.md\)/);
  });

  it('carries related locations and fixes as replacements', () => {
    const [first, second] = run.results!;
    assert.deepEqual(first.relatedLocations![0].message, { text: '_PG_init calls the definition from here' });
    assert.equal(first.fixes!.length, 2);
    assert.deepEqual(first.fixes![0], {
      description: { text: 'Wrap in if (process_shared_preload_libraries_in_progress)' },
      artifactChanges: [
        {
          artifactLocation: { uri: 'src/tally%20q.c', uriBaseId: '%SRCROOT%' },
          replacements: [
            { deletedRegion: { startLine: 30, startColumn: 1, endLine: 30, endColumn: 1 }, insertedContent: { text: '\tif (process_shared_preload_libraries_in_progress)\n\t{\n' } },
            { deletedRegion: { startLine: 42, startColumn: 1, endLine: 42, endColumn: 1 }, insertedContent: { text: '\t}\n' } },
          ],
        },
      ],
    });
    assert.equal(second.fixes, undefined);
    assert.equal(second.relatedLocations, undefined);
  });
});
