import { test } from 'node:test';
import assert from 'node:assert/strict';
import { brief, cExtension, lintDir } from '../support/lint';
import { tempTree } from '../support/tempDir';

// set_user-style: the hook's signature changes with the version, so a header macro spells it
const HEADER = `#ifndef SU_COMPAT_H
#define SU_COMPAT_H
#if PG_VERSION_NUM >= 140000
#define _SU_HOOK \\
\tstatic void su_hook(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree, \\
\t\t\t\t\t\tProcessUtilityContext context, ParamListInfo params, \\
\t\t\t\t\t\tQueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
#define _prev_hook \\
\tprev_hook(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc)
#define _standard_ProcessUtility \\
\tstandard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc)
#else
#define _SU_HOOK \\
\tstatic void su_hook(PlannedStmt *pstmt, const char *queryString, \\
\t\t\t\t\t\tProcessUtilityContext context, ParamListInfo params, \\
\t\t\t\t\t\tQueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
#define _prev_hook \\
\tprev_hook(pstmt, queryString, context, params, queryEnv, dest, qc)
#define _standard_ProcessUtility \\
\tstandard_ProcessUtility(pstmt, queryString, context, params, queryEnv, dest, qc)
#endif
#endif
`;

function extension(hookBody: string) {
  const files = cExtension(
    'su',
    '\tprev_hook = ProcessUtility_hook;\n\tProcessUtility_hook = su_hook;\n',
    `#include "compat.h"\n\nstatic ProcessUtility_hook_type prev_hook = NULL;\n\n_SU_HOOK;\n\n_SU_HOOK\n{\n${hookBody}}\n`,
    'Load it with LOAD or session_preload_libraries.\n',
  );
  files['compat.h'] = HEADER;
  return tempTree(files);
}

test('a hook function whose header is a project macro is analysed: chained through macros, no finding', async () => {
  const dir = extension('\telog(DEBUG1, "utility");\n\tif (prev_hook)\n\t\t_prev_hook;\n\telse\n\t\t_standard_ProcessUtility;\n');
  assert.deepEqual(brief(dir, await lintDir(dir)).filter((f) => /hook/.test(f)), []);
});

test('a hook function whose header is a project macro is reported when it never chains', async () => {
  const dir = extension('\telog(DEBUG1, "utility");\n\t_standard_ProcessUtility;\n');
  const lines = brief(dir, await lintDir(dir)).filter((f) => f.endsWith('hook-not-chained'));
  assert.deepEqual(lines, ['su.c:16 hook-not-chained']);
});
