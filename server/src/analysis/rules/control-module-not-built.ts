import * as path from 'node:path';
import type { RuleDef } from './types';
import { buildOutputs } from '../frontends/control/buildOutputs';
import { controlFiles } from '../frontends/control/controlFiles';

/** `$libdir/name`, `$libdir/name.so` or a bare `name`: the library the server loads. */
const LIBRARY = /^(?:\$libdir\/)?([^/$]+?)(?:\.so|\.dylib|\.dll)?$/;

export const controlModuleNotBuilt: RuleDef = {
  id: 'control-module-not-built',
  defaultSeverity: 'warning',
  category: 'control',
  summary: 'module_pathname names a library that the build files do not produce.',
  check(view, report) {
    for (const control of controlFiles(view)) {
      const mp = control.last('module_pathname');
      const library = mp && !mp.templated ? LIBRARY.exec(mp.value)?.[1] : undefined;
      if (!mp || !library) continue;
      const build = buildOutputs(view);
      if (!build.librariesComplete || build.libraries.has(library)) continue;
      const built = [...build.libraries].sort();
      const buildFiles = build.files.map((f) => path.relative(view.ext.root, f)).join(', ');
      report({
        loc: mp.valueLoc,
        message:
          `Every function declared AS 'MODULE_PATHNAME' fails to load: "${mp.value}" names library "${library}", ` +
          `but the build (${buildFiles}) produces ${built.length ? built.map((l) => `"${l}"`).join(', ') : 'no library'}.`,
        fixes:
          built.length === 1
            ? [{ title: `Change to '$libdir/${built[0]}'`, edits: [{ file: mp.valueLoc.file, range: mp.valueLoc.range, newText: `'$libdir/${built[0]}'` }] }]
            : [],
      });
    }
  },
};
