import type { RuleDef } from './types';
import { controlFiles } from '../frontends/control/controlFiles';
import type { ControlSetting } from '../frontends/control/parser';

export const controlDuplicateParameter: RuleDef = {
  id: 'control-duplicate-parameter',
  defaultSeverity: 'warning',
  category: 'control',
  summary: 'A control-file parameter set twice: the last setting silently wins.',
  check(view, report) {
    for (const control of controlFiles(view)) {
      const earlier = new Map<string, ControlSetting>();
      for (const s of control.settings) {
        const previous = earlier.get(s.name);
        earlier.set(s.name, s);
        if (!previous) continue;
        report({
          loc: s.nameLoc,
          message:
            `"${s.name}" is set a second time: this value overrides the one on line ${previous.line + 1}, ` +
            'which the server silently ignores.',
          related: [{ loc: previous.nameLoc, message: `the overridden setting of "${s.name}"` }],
          fixes: [
            {
              title: `Remove the overridden setting on line ${previous.line + 1}`,
              preferred: true,
              edits: [{ file: previous.lineLoc.file, range: previous.lineLoc.range, newText: '' }],
            },
          ],
        });
      }
    }
  },
};
