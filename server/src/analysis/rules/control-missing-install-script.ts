import type { RuleDef } from './types';
import { buildOutputs } from '../frontends/control/buildOutputs';
import { primaryControlFiles } from '../frontends/control/controlFiles';
import { versionInstallable } from '../frontends/control/installScripts';

export const controlMissingInstallScript: RuleDef = {
  id: 'control-missing-install-script',
  defaultSeverity: 'warning',
  category: 'control',
  summary: 'No install script (or update path) for the default_version, and the build does not generate one.',
  check(view, report) {
    // cargo-pgrx writes the install script when it packages the extension
    if (view.ext.kind === 'rust') return;
    for (const control of primaryControlFiles(view)) {
      const dv = control.last('default_version');
      if (!dv || dv.templated || !dv.value) continue;
      const script = `${control.extension}--${dv.value}.sql`;
      if (versionInstallable(control.extension, dv.value, view.ext.sqlFiles, buildOutputs(view).generates)) continue;
      report({
        loc: dv.nameLoc,
        message:
          `CREATE EXTENSION ${control.extension} fails: there is no install script ${script}, no update path ` +
          `to version ${dv.value} from a version that has one, and the build does not generate it.`,
      });
    }
  },
};
