import * as path from 'node:path';
import type { RuleDef } from './types';
import { controlFiles } from '../frontends/control/controlFiles';
import { VALUE_ACCEPTED } from '../frontends/control/values';
import { controlParam, type ControlValueKind } from '../knowledge/controlParams';

/** What the server requires of a value, worded for the message. */
const REQUIREMENT: Record<ControlValueKind, string> = {
  boolean: 'requires a Boolean value (true/false, on/off, yes/no, 1/0)',
  nameList: "must be a list of extension names separated by commas (e.g. 'foo, bar')",
  encoding: 'must name a server encoding (e.g. UTF8, LATIN1)',
  string: 'accepts any string',
};

export const controlInvalidValue: RuleDef = {
  id: 'control-invalid-value',
  defaultSeverity: 'error',
  category: 'control',
  summary: 'A control-file value the server rejects, or a parameter not allowed in a secondary control file.',
  check(view, report) {
    for (const control of controlFiles(view)) {
      for (const s of control.settings) {
        const param = controlParam(s.name);
        if (!param || !view.since(param.since ?? 0)) continue;
        if (param.primaryOnly && control.version !== undefined) {
          report({
            loc: s.nameLoc,
            message:
              `CREATE EXTENSION fails: parameter "${s.name}" cannot be set in a secondary control file ` +
              `(${path.basename(control.file)} applies to version ${control.version} only); set it in ${control.extension}.control.`,
            fixes: [{ title: `Remove "${s.name}"`, edits: [{ file: s.lineLoc.file, range: s.lineLoc.range, newText: '' }] }],
          });
          continue;
        }
        if (s.templated || VALUE_ACCEPTED[param.kind](s.value)) continue;
        report({
          loc: s.valueLoc,
          message: `CREATE EXTENSION fails: parameter "${s.name}" ${REQUIREMENT[param.kind]}; ${JSON.stringify(s.value)} is not one.`,
        });
      }
    }
  },
};
