import type { RuleDef } from './types';
import { controlFiles, effectiveSetting } from '../frontends/control/controlFiles';
import { parseBool } from '../frontends/control/values';
import { controlParam } from '../knowledge/controlParams';

export const controlTrustedWithoutSuperuser: RuleDef = {
  id: 'control-trusted-without-superuser',
  defaultSeverity: 'hint',
  category: 'control',
  summary: '`trusted = true` together with `superuser = false`, where trusted has no effect.',
  check(view, report) {
    if (!view.since(controlParam('trusted')?.since ?? 0)) return;
    for (const control of controlFiles(view)) {
      const trusted = control.last('trusted');
      const superuser = effectiveSetting(view, control, 'superuser');
      if (!trusted || !superuser || trusted.templated || superuser.templated) continue;
      if (parseBool(trusted.value) !== true || parseBool(superuser.value) !== false) continue;
      report({
        loc: trusted.nameLoc,
        message:
          'trusted = true has no effect because superuser = false: non-superusers can already install the ' +
          'extension with their own privileges. Remove "trusted", or set superuser = true if the scripts ' +
          'need superuser rights (they then run as the bootstrap superuser for trusted installs).',
        related: [{ loc: superuser.nameLoc, message: 'superuser = false here' }],
      });
    }
  },
};
