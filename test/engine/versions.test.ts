import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalCppCondition } from '../../server/src/analysis/frontends/c/cppExpr';
import { lexC } from '../../server/src/analysis/frontends/c/lexical';
import { blankRanges, condStructure, emptyMacros, variantFor } from '../../server/src/analysis/frontends/c/variants';
import { describeVersions } from '../../server/src/analysis/semantics/versions';
import { brief, cExtension, lintDir, writeTree } from '../support/lint';

test('evaluates PG_VERSION_NUM and PG_MAJORVERSION_NUM comparisons per version', () => {
  const none = new Map<string, string>();
  assert.equal(evalCppCondition('PG_VERSION_NUM >= 150000', 15, none), 1);
  assert.equal(evalCppCondition('PG_VERSION_NUM >= 150000', 14, none), 0);
  assert.equal(evalCppCondition('PG_MAJORVERSION_NUM < 18', 18, none), 0);
  assert.equal(evalCppCondition('(PG_VERSION_NUM >= 140000) && (PG_VERSION_NUM < 160000)', 15, none), 1);
  assert.equal(evalCppCondition('defined(PG_VERSION_NUM) && PG_VERSION_NUM >= 130000L', 13, none), 1);
});

test('conditions on unknown macros stay undecided unless the version decides them', () => {
  const none = new Map<string, string>();
  assert.equal(evalCppCondition('defined(WIN32)', 16, none), undefined);
  assert.equal(evalCppCondition('PG_VERSION_NUM >= 150000 && defined(USE_ASSERT_CHECKING)', 16, none), undefined);
  assert.equal(evalCppCondition('PG_VERSION_NUM >= 150000 && defined(USE_ASSERT_CHECKING)', 14, none), 0);
  assert.equal(evalCppCondition('PG_VERSION_NUM < 150000 || defined(WIN32)', 14, none), 1);
});

test("expands the project's own object-like macros in #if", () => {
  const macros = new Map([['PG15_GE', '(PG_VERSION_NUM >= 150000)'], ['HAS_REQUEST_HOOK', 'PG15_GE']]);
  assert.equal(evalCppCondition('HAS_REQUEST_HOOK', 15, macros), 1);
  assert.equal(evalCppCondition('!HAS_REQUEST_HOOK', 14, macros), 1);
});

test('blanks inactive branches and decided directives keeping every position', () => {
  const text = '#if PG_VERSION_NUM >= 150000\nint a;\n#else\nint b;\n#endif\n#ifdef WIN32\nint c;\n#endif\n';
  const lexed = lexC(text);
  const structure = condStructure(lexed.directives, lexed.codeView);
  const v15 = variantFor(structure, text, 15, emptyMacros());
  const v14 = variantFor(structure, text, 14, emptyMacros());
  const out15 = blankRanges(text, v15.blanks);
  assert.equal(out15.length, text.length);
  assert.deepEqual(out15.split('\n').map((l) => l.trim()), ['', 'int a;', '', '', '', '#ifdef WIN32', 'int c;', '#endif', '']);
  assert.match(blankRanges(text, v14.blanks), /int b;/);
  assert.notEqual(v14.key, v15.key);
  assert.equal(variantFor(structure, text, 16, emptyMacros()).key, v15.key);
});

test('macros defined in #if branches count only for their versions', () => {
  const text = '#if PG_VERSION_NUM >= 150000\n#define HAVE_HOOK 1\n#else\n#define HAVE_HOOK 0\n#endif\n#if HAVE_HOOK\nint hook;\n#endif\n';
  const lexed = lexC(text);
  const structure = condStructure(lexed.directives, lexed.codeView);
  assert.match(blankRanges(text, variantFor(structure, text, 16, emptyMacros()).blanks), /int hook;/);
  assert.doesNotMatch(blankRanges(text, variantFor(structure, text, 13, emptyMacros()).blanks), /int hook;/);
});

test('groups that only switch #include lines do not split a file into variants', () => {
  const text = '#if PG_VERSION_NUM >= 160000\n#include "utils/varlena.h"\n#else\n#include "utils/builtins.h"\n#endif\nint x;\n';
  const lexed = lexC(text);
  const structure = condStructure(lexed.directives, lexed.codeView);
  assert.equal(variantFor(structure, text, 15, emptyMacros()).key, variantFor(structure, text, 16, emptyMacros()).key);
});

test('directives inside comments and strings are not directives', () => {
  const { directives } = lexC('/*\n#if 0\n*/\nconst char *s = "#endif";\n#define X 1\n');
  assert.deepEqual(directives.map((d) => d.name), ['define']);
});

test('names the versions a finding occurs on', () => {
  assert.equal(describeVersions([15, 16, 17, 18]), 'PostgreSQL 15-18');
  assert.equal(describeVersions([13, 15, 16]), 'PostgreSQL 13, 15-16');
});

const unguardedRequests = `#if PG_VERSION_NUM < 150000\n\tRequestAddinShmemSpace(1024);\n#endif\n`;

test('a construct only compiled for some versions is reported for those versions only', async () => {
  const dir = writeTree(cExtension('vx', unguardedRequests));
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'preload-api-outside-preload');
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].versions, [13, 14]);
  assert.match(findings[0].message, /\(PostgreSQL 13-14\)$/);
});

test('configured target versions limit the analysis', async () => {
  const dir = writeTree(cExtension('vx', unguardedRequests));
  assert.deepEqual(brief(dir, await lintDir(dir, { pgVersions: [15, 16] })), []);
});

test('one finding per branch line when a construct appears in several #if branches', async () => {
  const body =
    '#if PG_VERSION_NUM >= 160000\n' +
    '\tDefineCustomIntVariable("vx.size", "Size.", NULL, &vx_size, 16, 1, 1024, PGC_POSTMASTER, 0, NULL, NULL, NULL);\n' +
    '#else\n' +
    '\tDefineCustomIntVariable("vx.size", "Size.", NULL, &vx_size, 8, 1, 512, PGC_POSTMASTER, 0, NULL, NULL, NULL);\n' +
    '#endif\n\tMarkGUCPrefixReserved("vx");\n';
  const dir = writeTree(cExtension('vx', body));
  const lines = brief(dir, await lintDir(dir)).filter((f) => f.includes('postmaster'));
  assert.deepEqual(lines, ['vx.c:15 postmaster-guc-outside-preload', 'vx.c:17 postmaster-guc-outside-preload']);
});
