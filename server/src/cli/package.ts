import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The installed package: its root holds package.json and the shipped docs/ and schemas/. Found by
 * walking up from this module, so the same code works from out/ in the repository and from
 * node_modules/pgext-lint.
 */
export const PACKAGE_ROOT: string = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name === 'pgext-lint') return dir;
    } catch {
      // no package.json here: keep walking up
    }
    if (path.dirname(dir) === dir) throw new Error(`pgext-lint's package.json not found above ${__dirname}`);
  }
})();

export const PACKAGE_VERSION: string = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

/** The documentation page of a rule as shipped with the package. */
export function rulePagePath(id: string): string {
  return path.join(PACKAGE_ROOT, 'docs', 'rules', `${id}.md`);
}
