import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evalCppCondition } from '../../server/src/analysis/frontends/c/cppExpr';
import { lexC } from '../../server/src/analysis/frontends/c/lexical';
import { blankRanges, condStructure, emptyMacros, variantFor } from '../../server/src/analysis/frontends/c/variants';
import { describeVersions } from '../../server/src/analysis/semantics/versions';
import * as path from 'node:path';
import { brief, cExtension, copyFixture, lintDir } from '../support/lint';
import { tempTree } from '../support/tempDir';

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
  const dir = tempTree(cExtension('vx', unguardedRequests));
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'preload-api-outside-preload');
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].versions, [13, 14]);
  assert.match(findings[0].message, /\(PostgreSQL 13-14\)$/);
});

test('configured target versions limit the analysis', async () => {
  const dir = tempTree(cExtension('vx', unguardedRequests));
  assert.deepEqual(brief(dir, await lintDir(dir, { pgVersions: [15, 16] })), []);
});

test('one finding per branch line when a construct appears in several #if branches', async () => {
  const body =
    '#if PG_VERSION_NUM >= 160000\n' +
    '\tDefineCustomIntVariable("vx.size", "Size.", NULL, &vx_size, 16, 1, 1024, PGC_POSTMASTER, 0, NULL, NULL, NULL);\n' +
    '#else\n' +
    '\tDefineCustomIntVariable("vx.size", "Size.", NULL, &vx_size, 8, 1, 512, PGC_POSTMASTER, 0, NULL, NULL, NULL);\n' +
    '#endif\n\tMarkGUCPrefixReserved("vx");\n';
  const dir = tempTree(cExtension('vx', body));
  const lines = brief(dir, await lintDir(dir)).filter((f) => f.includes('postmaster'));
  assert.deepEqual(lines, ['vx.c:15 postmaster-guc-outside-preload', 'vx.c:17 postmaster-guc-outside-preload']);
});

test('defined(X) is known for macros a version-decided branch defines, or a file defines outside any #if but its include guard', () => {
  const text =
    '#ifndef COMPAT_H\n#define COMPAT_H\n#define HAVE_MEMOIZE\n#if PG_VERSION_NUM >= 150000\n#define HAVE_REQUEST_HOOK 1\n#endif\n' +
    '#ifdef WIN32\n#define HAVE_WINSOCK 1\n#endif\n#endif\n';
  const lexed = lexC(text);
  const definedOn = (version: number) => {
    const macros = emptyMacros();
    variantFor(condStructure(lexed.directives, lexed.codeView), text, version, macros);
    return (name: string) => evalCppCondition(`defined(${name})`, version, macros.object, macros.defined);
  };
  assert.equal(definedOn(15)('HAVE_REQUEST_HOOK'), 1);
  assert.equal(definedOn(14)('HAVE_REQUEST_HOOK'), 0);
  // an include guard is compiled as on the first inclusion; the guard itself stays unknown, so the
  // header's own parse still sees its body
  assert.equal(definedOn(14)('HAVE_MEMOIZE'), 1);
  assert.equal(definedOn(14)('COMPAT_H'), undefined);
  assert.equal(definedOn(16)('HAVE_WINSOCK'), undefined);
  assert.equal(definedOn(16)('NEVER_MENTIONED'), undefined);
});

// ---- version macros from project headers outside the extension's folder ----

const statkitRequests = async (workspaceRoot: string) => {
  const dir = copyFixture('shmem-request-outside-hook/statkit');
  const root = path.join(dir, workspaceRoot);
  const findings = await lintDir(dir, { workspaceRoot: root });
  return findings.filter((f) => f.rule === 'shmem-request-outside-hook').map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.range.start.line + 1} ${f.versions.join(',')}`);
};

test('#if PG_VERSION_NUM < PG_VERSION_15 is decided by a header found through -I, meson or CMake include directories, or by its include name', async () => {
  // qcount: Makefile -I../../include; qtime: meson include_directories, #ifdef a macro the header defines from 15 on;
  // qlock: -I$(variable), found by name;
  // qwait's own test is off by one version, so PostgreSQL 15 requests in _PG_init
  assert.deepEqual(await statkitRequests('.'), ['modules/qwait/qwait.c:74 15', 'modules/qwait/qwait.c:75 15']);
});

test('headers above the repository or workspace root are not searched', async () => {
  assert.deepEqual(await statkitRequests('modules/qcount'), [
    'modules/qcount/qcount.c:73 15,16,17,18',
    'modules/qcount/qcount.c:74 15,16,17,18',
    'modules/qlock/qlock.c:73 15,16,17,18',
    'modules/qlock/qlock.c:74 15,16,17,18',
    'modules/qtime/qtime.c:73 15,16,17,18',
    'modules/qtime/qtime.c:74 15,16,17,18',
    'modules/qwait/qwait.c:74 15,16,17,18',
    'modules/qwait/qwait.c:75 15,16,17,18',
  ]);
});

test('an include name two equally near headers answer stays undecided, and PostgreSQL\'s own headers are never searched for', async () => {
  const ext = cExtension('solo', '#if PG_VERSION_NUM < SOLO_PG15\n\tRequestAddinShmemSpace(1024);\n#endif\n');
  ext['solo.c'] = ext['solo.c'].replace('#include "postgres.h"\n', '#include "postgres.h"\n#include "versions.h"\n');
  const tree: Record<string, string> = { 'a/versions.h': '#define SOLO_PG15 150000\n', 'b/versions.h': '#define SOLO_PG15 140000\n', 'src/include/postgres.h': '#define SOLO_PG15 0\n' };
  for (const [name, text] of Object.entries(ext)) tree[`ext/solo/${name}`] = text;
  const dir = tempTree(tree);
  const findings = await lintDir(dir, { workspaceRoot: dir });
  assert.deepEqual(brief(dir, findings.filter((f) => f.rule === 'shmem-request-outside-hook')), ['ext/solo/solo.c:16 shmem-request-outside-hook']);
  assert.deepEqual(findings.find((f) => f.rule === 'shmem-request-outside-hook')?.versions, [15, 16, 17, 18]);
});
