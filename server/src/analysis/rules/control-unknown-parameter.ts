import type { RuleDef } from './types';
import { controlFiles } from '../frontends/control/controlFiles';
import { nearestName } from '../frontends/control/nearestName';
import { CONTROL_PARAMS, controlParam } from '../knowledge/controlParams';

/** Directives the configuration-file reader handles itself; they never reach the parameter list. */
const READER_DIRECTIVES = new Set(['include', 'include_if_exists', 'include_dir']);

export const controlUnknownParameter: RuleDef = {
  id: 'control-unknown-parameter',
  defaultSeverity: 'error',
  category: 'control',
  summary: 'A control-file parameter the server does not recognize (misspelt, or too new for a target version).',
  check(view, report) {
    for (const control of controlFiles(view)) {
      for (const s of control.settings) {
        if (READER_DIRECTIVES.has(s.name.toLowerCase()) || s.name.includes('@')) continue;
        const param = controlParam(s.name);
        if (param?.since !== undefined && !view.since(param.since)) {
          report({
            loc: s.nameLoc,
            message:
              `CREATE EXTENSION fails: unrecognized parameter "${s.name}" in the control file; ` +
              `it exists since PostgreSQL ${param.since}.`,
          });
          continue;
        }
        if (param) continue;
        const known = CONTROL_PARAMS.filter((p) => view.since(p.since ?? 0)).map((p) => p.name);
        const suggestion = nearestName(s.name, known);
        report({
          loc: s.nameLoc,
          message:
            `CREATE EXTENSION fails: unrecognized parameter "${s.name}" in the control file.` +
            (suggestion ? ` Did you mean "${suggestion}"?` : ''),
          fixes: suggestion
            ? [{ title: `Change to "${suggestion}"`, preferred: true, edits: [{ file: s.nameLoc.file, range: s.nameLoc.range, newText: suggestion }] }]
            : [],
        });
      }
    }
  },
};
