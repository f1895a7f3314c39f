import type { RuleDef } from './types';
import { controlFiles, effectiveSetting } from '../frontends/control/controlFiles';
import { parseBool } from '../frontends/control/values';

export const controlSchemaWithRelocatable: RuleDef = {
  id: 'control-schema-with-relocatable',
  defaultSeverity: 'error',
  category: 'control',
  summary: '`schema` set in the control file of a relocatable extension.',
  check(view, report) {
    for (const control of controlFiles(view)) {
      const schema = effectiveSetting(view, control, 'schema');
      const relocatable = effectiveSetting(view, control, 'relocatable');
      if (!schema || !relocatable || relocatable.templated || parseBool(relocatable.value) !== true) continue;
      // a secondary file is reported only for what it sets itself; the primary reports its own pair
      const at = schema.nameLoc.file === control.file ? schema : relocatable.nameLoc.file === control.file ? relocatable : undefined;
      if (!at) continue;
      report({
        loc: at.nameLoc,
        message:
          'CREATE EXTENSION fails: parameter "schema" cannot be specified when "relocatable" is true. ' +
          'Remove "schema" to let users choose the schema, or set relocatable = false to pin it.',
        related: [{ loc: (at === schema ? relocatable : schema).nameLoc, message: at === schema ? 'relocatable = true here' : 'schema set here' }],
      });
    }
  },
};
