import type { RuleDef } from './types';
import { controlFiles } from '../frontends/control/controlFiles';

export const controlSyntax: RuleDef = {
  id: 'control-syntax',
  defaultSeverity: 'error',
  category: 'control',
  summary: 'A control-file line the server cannot parse.',
  check(view, report) {
    for (const control of controlFiles(view)) {
      for (const error of control.errors) {
        report({ loc: error.loc, message: `CREATE EXTENSION fails: syntax error in the control file. ${error.message}` });
      }
    }
  },
};
