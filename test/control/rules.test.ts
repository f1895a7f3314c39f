import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/analysis/model/findings';
import { applyFix, brief, copyFixture, lintDir } from '../support/lint';

/** Control findings under a fixture, as `file:line rule`. */
async function control(rel: string): Promise<{ dir: string; findings: Finding[]; lines: string[] }> {
  const dir = copyFixture(rel);
  const findings = (await lintDir(dir)).filter((f) => f.rule.startsWith('control-'));
  return { dir, findings, lines: brief(dir, findings) };
}

/** Applies a finding's first fix, checks only the intended text changed and the finding is gone. */
async function roundTrip(dir: string, finding: Finding, expectedText: (before: string) => string): Promise<string[]> {
  const file = finding.fixes[0].edits[0].file;
  const before = readFileSync(file, 'utf8');
  applyFix(finding.fixes[0]);
  assert.equal(readFileSync(file, 'utf8'), expectedText(before));
  const after = (await lintDir(dir)).filter((f) => f.rule.startsWith('control-'));
  return brief(dir, after);
}

test('control-syntax: each line the server rejects is reported, and the lines around it still count', async () => {
  const { findings, lines } = await control('control-syntax/bad-lines');
  assert.deepEqual(lines, [
    'shorturl.control:2 control-syntax',
    'shorturl.control:4 control-syntax',
    'shorturl.control:6 control-syntax',
  ]);
  assert.match(findings[0].message, /^CREATE EXTENSION fails: .*Unterminated quoted string/);
  assert.deepEqual(findings[0].loc.range, { start: { line: 1, character: 10 }, end: { line: 1, character: 26 } });
  assert.match(findings[1].message, /quote it/);
});

test('control-unknown-parameter: misspellings get the nearest name, unknown names none, no_relocate only before 16', async () => {
  const { findings, lines } = await control('control-unknown-parameter/typos');
  assert.deepEqual(lines, [
    'geohash.control:4 control-unknown-parameter',
    'geohash.control:5 control-unknown-parameter',
    'geohash.control:6 control-unknown-parameter',
    'geohash.control:8 control-unknown-parameter',
    'geohash.control:9 control-unknown-parameter',
  ]);
  const [modulePath, relocateable, superuser, noRelocate, cacheSize] = findings;
  assert.match(modulePath.message, /Did you mean "module_pathname"\?$/);
  assert.match(superuser.message, /"Superuser".*Did you mean "superuser"\?$/);
  assert.equal(noRelocate.message,
    'CREATE EXTENSION fails: unrecognized parameter "no_relocate" in the control file; it exists since PostgreSQL 16. (PostgreSQL 13-15)');
  assert.deepEqual(noRelocate.versions, [13, 14, 15]);
  assert.deepEqual(noRelocate.fixes, []);
  assert.equal(cacheSize.message, 'CREATE EXTENSION fails: unrecognized parameter "cache_size" in the control file.');
  assert.deepEqual(cacheSize.fixes, []);
  assert.equal(relocateable.fixes[0].title, 'Change to "relocatable"');
});

test('control-unknown-parameter: the fix renames the parameter and nothing else', async () => {
  const { dir, findings } = await control('control-unknown-parameter/typos');
  const relocateable = findings.find((f) => f.message.includes('"relocateable"'))!;
  const left = await roundTrip(dir, relocateable, (t) => t.replace('relocateable = true', 'relocatable = true'));
  assert.ok(!left.includes('geohash.control:5 control-unknown-parameter'));
  assert.equal(left.length, 4);
});

test('control-unknown-parameter: trusted is unknown only on a PostgreSQL 12 target', async () => {
  const dir = copyFixture('control-trusted-without-superuser/trusted-and-not-superuser');
  const findings = (await lintDir(dir, { pgVersions: [12, 13] })).filter((f) => f.rule === 'control-unknown-parameter');
  assert.deepEqual(findings.map((f) => [f.loc.range.start.line + 1, f.versions]), [[8, [12]]]);
});

test('control-invalid-value: booleans, name lists and encodings as the server checks them, primary-only parameters', async () => {
  const { findings, lines } = await control('control-invalid-value/bad-values');
  assert.deepEqual(lines, [
    'isbnx--1.0.control:2 control-invalid-value',
    'isbnx--1.0.control:3 control-invalid-value',
    'isbnx.control:6 control-invalid-value',
    'isbnx.control:7 control-invalid-value',
    'isbnx.control:8 control-invalid-value',
    'isbnx.control:9 control-invalid-value',
  ]);
  const byLine = (file: string, line: number) =>
    findings.find((f) => path.basename(f.loc.file) === file && f.loc.range.start.line === line - 1)!;
  assert.match(byLine('isbnx.control', 6).message, /"superuser" requires a Boolean value .*"maybe" is not one/);
  assert.match(byLine('isbnx.control', 8).message, /list of extension names/);
  assert.match(byLine('isbnx.control', 9).message, /server encoding.*"SJIS"/);
  assert.match(byLine('isbnx--1.0.control', 2).message, /"default_version" cannot be set in a secondary control file/);
  // `relocatable = Tru` is a unique prefix of true: accepted, as parse_bool does
  assert.ok(!lines.includes('isbnx.control:5 control-invalid-value'));
});

test('control-invalid-value: removing a primary-only parameter from a secondary file deletes its line', async () => {
  const { dir, findings } = await control('control-invalid-value/bad-values');
  const directory = findings.find((f) => f.message.includes('"directory"'))!;
  const left = await roundTrip(dir, directory, (t) => t.replace("directory = 'extension/isbnx'\n", ''));
  assert.ok(!left.includes('isbnx--1.0.control:3 control-invalid-value'));
  assert.ok(left.includes('isbnx--1.0.control:2 control-invalid-value'));
});

test('control-duplicate-parameter: reported on each overriding occurrence, pointing at the overridden one', async () => {
  const { findings, lines } = await control('control-duplicate-parameter/set-twice');
  assert.deepEqual(lines, [
    'tsrange_ops.control:5 control-duplicate-parameter',
    'tsrange_ops.control:7 control-duplicate-parameter',
    'tsrange_ops.control:8 control-duplicate-parameter',
  ]);
  assert.equal(findings[0].related[0].loc.range.start.line, 1);
  assert.equal(findings[2].related[0].loc.range.start.line, 4);
  assert.equal(findings[2].fixes[0].title, 'Remove the overridden setting on line 5');
});

test('control-duplicate-parameter: the fix deletes the earlier line, the rest stays byte-identical', async () => {
  const { dir, findings } = await control('control-duplicate-parameter/set-twice');
  const left = await roundTrip(dir, findings[1], (t) => t.replace("default_version = '1.0'\n", ''));
  assert.deepEqual(left, [
    'tsrange_ops.control:4 control-duplicate-parameter',
    'tsrange_ops.control:7 control-duplicate-parameter',
  ]);
});

test('control-duplicate-parameter: all fixes together keep only the last setting of each name', async () => {
  const { dir, findings } = await control('control-duplicate-parameter/set-twice');
  const file = path.join(dir, 'tsrange_ops.control');
  applyFix({ title: 'all', edits: findings.flatMap((f) => f.fixes[0].edits) });
  assert.equal(readFileSync(file, 'utf8'), [
    '# tsrange_ops extension',
    "module_pathname = '$libdir/tsrange_ops'",
    'relocatable = true',
    "default_version = '1.1'",
    "comment = 'tsrange operators'",
    '',
  ].join('\n'));
  assert.deepEqual(brief(dir, (await lintDir(dir)).filter((f) => f.rule.startsWith('control-'))), []);
});

test('a pgext-lint-ignore comment on the line above suppresses a control finding', async () => {
  const dir = copyFixture('control-duplicate-parameter/suppressed');
  const findings = await lintDir(dir);
  assert.deepEqual(brief(dir, findings.filter((f) => f.rule.startsWith('control-') || f.rule === 'unused-suppression')), []);
});

test('control-schema-with-relocatable: on the schema line; a secondary file that turns relocatable off is fine', async () => {
  const { findings, lines } = await control('control-schema-with-relocatable/relocatable-with-schema');
  assert.deepEqual(lines, ['pg_jobqueue.control:6 control-schema-with-relocatable']);
  assert.deepEqual(findings[0].related.map((r) => r.loc.range.start.line), [4]);
});

test('control-trusted-without-superuser: a hint on the trusted line', async () => {
  const { findings, lines } = await control('control-trusted-without-superuser/trusted-and-not-superuser');
  assert.deepEqual(lines, ['plsimple.control:8 control-trusted-without-superuser']);
  assert.equal(findings[0].severity, 'hint');
});

test('control-missing-install-script: no script and no update path from an installable version', async () => {
  const { findings, lines } = await control('control-missing-install-script/no-path-to-default');
  assert.deepEqual(lines, ['bitcount.control:3 control-missing-install-script']);
  assert.match(findings[0].message, /^CREATE EXTENSION bitcount fails: there is no install script bitcount--1\.3\.sql/);
});

test('control-missing-install-script: each control file of a folder is checked against its own scripts', async () => {
  const { lines } = await control('control-missing-install-script/several-in-one-folder');
  assert.deepEqual(lines, ['refcheck.control:3 control-missing-install-script']);
});

for (const [fixture, why] of [
  ['generated-data-built', 'DATA_built generates the 1.0 script that update scripts start from'],
  ['generated-by-rule', 'a make rule with a shell-computed version generates it'],
  ['generated-by-recipe', 'a recipe of another target writes it with a redirection'],
  ['update-path-in-sql-dir', 'scripts under sql/ reach the default version through updates'],
  ['pgrx-generated', 'cargo pgrx writes the script of a pgrx extension'],
]) {
  test(`control-missing-install-script: not reported when ${why}`, async () => {
    assert.deepEqual((await control(`control-missing-install-script/${fixture}`)).lines, []);
  });
}

test('control-module-not-built: MODULE_big = $(EXTENSION) is resolved past dependency includes; the fix names the built library', async () => {
  const { dir, findings, lines } = await control('control-module-not-built/wrong-library-name');
  assert.deepEqual(lines, ['geoip_lookup.control:4 control-module-not-built']);
  assert.match(findings[0].message, /"\$libdir\/geoip" names library "geoip", but the build \(Makefile\) produces "geoip_lookup"/);
  const left = await roundTrip(dir, findings[0], (t) => t.replace("'$libdir/geoip'", "'$libdir/geoip_lookup'"));
  assert.deepEqual(left, []);
});

test('control-module-not-built: meson shared_module and CMake add_library in a subfolder are read', async () => {
  assert.deepEqual((await control('control-module-not-built/meson-other-name')).lines, ['pg_fastcsv.control:4 control-module-not-built']);
  const cmake = await control('control-module-not-built/cmake-library');
  assert.deepEqual(cmake.lines, ['pg_tiles.control:4 control-module-not-built']);
  assert.match(cmake.findings[0].message, /produces "pg_tiles"/);
});

test('control-module-not-built: MODULES computed by $(patsubst) over $(wildcard) is evaluated on the files in the tree', async () => {
  const { findings, lines } = await control('control-module-not-built/computed-modules');
  assert.deepEqual(lines, ['qualstats_lite.control:4 control-module-not-built']);
  assert.match(findings[0].message, /names library "qualstats", but the build \(Makefile\) produces "qualstats_lite"/);
});

/** The make-functions fixture with its MODULE_big line replaced. */
async function moduleBig(value: string, module = 'bitset'): Promise<string[]> {
  const dir = copyFixture('control-module-not-built/make-functions');
  const makefile = path.join(dir, 'Makefile');
  writeFileSync(makefile, readFileSync(makefile, 'utf8').replace(/^MODULE_big = .*$/m, `MODULE_big = ${value}`));
  if (module !== 'bitset') writeFileSync(path.join(dir, 'bitset.control'), readFileSync(path.join(dir, 'bitset.control'), 'utf8').replace('$libdir/bitset', `$libdir/${module}`));
  return brief(dir, (await lintDir(dir)).filter((f) => f.rule === 'control-module-not-built'));
}

test('control-module-not-built: wildcard, patsubst, notdir, basename, subst and addprefix are evaluated', async () => {
  assert.deepEqual(await moduleBig('$(patsubst src/%.c,%,$(wildcard src/*.c))'), []);
  assert.deepEqual(await moduleBig('$(patsubst src/%.c,%,$(wildcard src/*.c))', 'bitsets'), ['bitset.control:4 control-module-not-built']);
  assert.deepEqual(await moduleBig('$(notdir $(basename $(wildcard src/*.c)))', 'bitsets'), ['bitset.control:4 control-module-not-built']);
  assert.deepEqual(await moduleBig('$(subst _lib,,$(EXTENSION)_lib)', 'bitsets'), ['bitset.control:4 control-module-not-built']);
  // PGXS installs src/bitset.so as $libdir/bitset
  assert.deepEqual(await moduleBig('$(addprefix src/,$(EXTENSION))'), []);
  assert.deepEqual(await moduleBig('$(addprefix src/,$(EXTENSION))', 'bitsets'), ['bitset.control:4 control-module-not-built']);
});

test('control-module-not-built: what make functions cannot decide stays silent', async () => {
  // no file matches: the sources may be generated by the build
  assert.deepEqual(await moduleBig('$(patsubst gen/%.c,%,$(wildcard gen/*.c))', 'bitsets'), []);
  assert.deepEqual(await moduleBig('$(patsubst %.c,%,$(shell ls src))', 'bitsets'), []);
  assert.deepEqual(await moduleBig('$(foreach f,$(wildcard src/*.c),$(basename $(f)))', 'bitsets'), []);
  assert.deepEqual(await moduleBig('$(basename $(notdir $(SOURCES_FROM_CONFIGURE)))', 'bitsets'), []);
});

for (const [fixture, why] of [
  ['make-functions', 'MODULE_big = $(patsubst src/%.c,%,$(wildcard src/*.c)) names the library'],
  ['module-in-subfolder', 'MODULES = src/name installs $libdir/name'],
  ['pgrx-lib-name', 'the Cargo [lib] name is the library'],
  ['meson-project-name', 'meson builds shared_module(module_name) with module_name = meson.project_name()'],
  ['no-build-file', 'there is no build file at all'],
]) {
  test(`control-module-not-built: not reported when ${why}`, async () => {
    assert.deepEqual((await control(`control-module-not-built/${fixture}`)).lines, []);
  });
}

for (const fixture of ['cmake-configured', 'sed-substituted']) {
  test(`control templates (${fixture}): placeholders are no findings of any control rule`, async () => {
    assert.deepEqual((await control(`control-templates/${fixture}`)).lines, []);
  });
}
