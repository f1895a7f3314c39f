import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, cExtension, lintDir } from '../support/lint';
import { tempTree } from '../support/tempDir';

const DEF = `\tDefineCustomIntVariable("gx.size", "Size.", NULL, &gx_size, 16, 1, 1024, PGC_POSTMASTER, 0, NULL, NULL, NULL);\n\tMarkGUCPrefixReserved("gx");\n`;
const FLAG = 'process_shared_preload_libraries_in_progress';

async function postmasterFindings(initBody: string, extra = ''): Promise<string[]> {
  const dir = tempTree(cExtension('gx', initBody, extra));
  return brief(dir, await lintDir(dir)).filter((f) => f.endsWith('postmaster-guc-outside-preload'));
}

const guarded: [string, string, string?][] = [
  ['inside if (flag) { }', `\tif (${FLAG})\n\t{\n${DEF}\t}\n`],
  ['after if (!flag) return;', `\tif (!${FLAG})\n\t\treturn;\n${DEF}`],
  ['after if (!flag) ereport(ERROR, ...)', `\tif (!${FLAG})\n\t\tereport(ERROR, (errmsg("gx must be preloaded")));\n${DEF}`],
  ['after if (!flag) elog(FATAL, ...)', `\tif (!${FLAG})\n\t\telog(FATAL, "gx must be preloaded");\n${DEF}`],
  ['after a block that warns and returns', `\tif (!${FLAG})\n\t{\n\t\telog(WARNING, "gx not preloaded");\n\t\treturn;\n\t}\n${DEF}`],
  ['inside a && conjunction', `\tif (${FLAG} && !IsBinaryUpgrade)\n\t{\n${DEF}\t}\n`],
  ['after an || early exit', `\tif (!${FLAG} || IsBinaryUpgrade)\n\t\treturn;\n${DEF}`],
  ['after comparing the flag with false', `\tif (${FLAG} == false)\n\t\treturn;\n${DEF}`],
  ['in the then-branch when else returns', `\tif (${FLAG})\n\t{\n\t\telog(DEBUG1, "preloading");\n\t}\n\telse\n\t\treturn;\n${DEF}`],
  ['through a static bool copied from the flag', `\tgx_preloading = ${FLAG};\n\tif (!gx_preloading)\n\t\treturn;\n${DEF}`, 'static bool gx_preloading = false;\n'],
  ['through a local bool copied from the flag', `\tbool\t\tpreload = ${FLAG};\n\n\tif (preload)\n\t{\n${DEF}\t}\n`],
  ['through a guard in the caller', `\tif (${FLAG})\n\t\tgx_define_gucs();\n`, `static void\ngx_define_gucs(void)\n{\n${DEF}}\n`],
  ['after calling a function that always raises', `\tif (!${FLAG})\n\t\tgx_refuse();\n${DEF}`, `static void\ngx_refuse(void)\n{\n\tereport(ERROR, (errmsg("gx must be loaded via shared_preload_libraries")));\n}\n`],
  ['after calling a helper that refuses to load unless preloading', `\tgx_require_preload();\n${DEF}`, `static void\ngx_require_preload(void)\n{\n\tif (!${FLAG})\n\t\tereport(ERROR, (errmsg("gx must be loaded via shared_preload_libraries")));\n}\n`],
  ['through a "backend only" bool set when not preloading (pg_qualstats style)', `\tif (!${FLAG})\n\t{\n\t\telog(WARNING, "only this backend");\n\t\tgx_backend_only = true;\n\t}\n\telse\n\t\tgx_backend_only = false;\n\n\tif (!gx_backend_only)\n\t\tDefineCustomIntVariable("gx.size", "Size.", NULL, &gx_size, 16, 1, 1024, PGC_POSTMASTER, 0, NULL, NULL, NULL);\n\tMarkGUCPrefixReserved("gx");\n`, 'static bool gx_backend_only = false;\n'],
  ['after refusing to load under a postmaster (IsUnderPostmaster)', `\tif (IsUnderPostmaster)\n\t\tereport(ERROR, (errmsg("gx must be loaded via shared_preload_libraries")));\n${DEF}`],
  ['after a refusal inside a plain block', `\t{\n\t\tif (!${FLAG})\n\t\t\tereport(ERROR, (errmsg("gx must be preloaded")));\n\t}\n${DEF}`],
  ['after calling a helper whose refusal sits in a block', `\tgx_require_preload();\n${DEF}`, `static void\ngx_require_preload(void)\n{\n\t{\n\t\tif (!${FLAG})\n\t\t\tereport(ERROR, (errmsg("preload gx")));\n\t}\n}\n`],
  ['after a test of the flag it cannot decide (silence)', `\tif (!(${FLAG} || gx_force_load))\n\t\treturn;\n${DEF}`],
];

for (const [what, body, extra] of guarded) {
  test(`a PGC_POSTMASTER GUC ${what} is guarded`, async () => {
    assert.deepEqual(await postmasterFindings(body, extra), []);
  });
}

const unguarded: [string, string, string?][] = [
  ['defined directly in _PG_init', DEF],
  ['defined after an if (flag) block that does not cover it', `\tif (${FLAG})\n\t{\n\t\telog(LOG, "preloading");\n\t}\n${DEF}`],
  ['defined after if (flag) return; (the inverted test)', `\tif (${FLAG})\n\t\treturn;\n${DEF}`],
  ['defined after if (!flag) elog(WARNING, ...), which returns', `\tif (!${FLAG})\n\t\telog(WARNING, "gx not preloaded");\n${DEF}`],
  ['defined in a helper called outside the guard', `\tgx_define_gucs();\n`, `static void\ngx_define_gucs(void)\n{\n${DEF}}\n`],
];

for (const [what, body, extra] of unguarded) {
  test(`reports a PGC_POSTMASTER GUC ${what}`, async () => {
    const found = await postmasterFindings(body, extra);
    assert.equal(found.length, 1, found.join('\n'));
  });
}

test('a helper called both guarded and unguarded is reported', async () => {
  const extra = `static void\ngx_define_gucs(void)\n{\n${DEF}}\n`;
  const body = `\tif (${FLAG})\n\t\tgx_define_gucs();\n\tgx_define_gucs();\n`;
  assert.equal((await postmasterFindings(body, extra)).length, 1);
});

test('a PGC_SUSET GUC next to unguarded code is not reported', async () => {
  const body = DEF.replace('PGC_POSTMASTER', 'PGC_SUSET');
  assert.deepEqual(await postmasterFindings(body), []);
});

test('a GUC definition inside a comment or string is not code', async () => {
  const body = `\t/* DefineCustomIntVariable("gx.size", "", NULL, &gx_size, 1, 1, 2, PGC_POSTMASTER, 0, NULL, NULL, NULL); */\n\telog(LOG, "DefineCustomIntVariable(PGC_POSTMASTER)");\n`;
  assert.deepEqual(await postmasterFindings(body), []);
});

test('the finding relates the init path that reaches a helper in another file', async () => {
  const files = cExtension('gx', '\tgx_define_gucs();\n');
  files['gx.c'] = files['gx.c'].replace('PG_MODULE_MAGIC;', 'PG_MODULE_MAGIC;\n\nextern void gx_define_gucs(void);');
  files['guc.c'] = `#include "postgres.h"\n#include "utils/guc.h"\n\nint gx_size;\n\nvoid\ngx_define_gucs(void)\n{\n${DEF}}\n`;
  const dir = tempTree(files);
  const findings = (await lintDir(dir)).filter((f) => f.rule === 'postmaster-guc-outside-preload');
  assert.equal(findings.length, 1);
  assert.match(findings[0].loc.file, /guc\.c$/);
  assert.deepEqual(findings[0].related.map((r) => r.message), ['called on the init path: _PG_init → gx_define_gucs']);
});

test("reads a GUC context given through the project's own macro", async () => {
  const body = DEF.replace('PGC_POSTMASTER', 'GX_CONTEXT');
  assert.equal((await postmasterFindings(body, '#define GX_CONTEXT\tPGC_POSTMASTER\n')).length, 1);
});
