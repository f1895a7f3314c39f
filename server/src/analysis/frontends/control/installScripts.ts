import * as path from 'node:path';

/**
 * Whether CREATE EXTENSION can reach a version from the scripts present: an install script
 * `<name>--<version>.sql`, or a chain of update scripts `<name>--<from>--<to>.sql` starting at a
 * version that has one (the server searches such a path when there is no direct script).
 * Templates `<name>--<version>.sql.in` count: the build turns them into the script, and so do
 * install scripts the build generates (`generated`).
 */
export function versionInstallable(
  extension: string,
  version: string,
  sqlFiles: readonly string[],
  generated: (fileName: string) => boolean,
): boolean {
  const prefix = `${extension}--`;
  const installable = new Set<string>();
  const updates = new Map<string, string[]>();
  for (const file of sqlFiles) {
    const base = path.basename(file).replace(/\.in$/, '');
    if (!base.startsWith(prefix) || !base.endsWith('.sql')) continue;
    const parts = base.slice(prefix.length, -'.sql'.length).split('--');
    if (parts.length === 1) installable.add(parts[0]);
    else if (parts.length === 2) updates.set(parts[0], [...(updates.get(parts[0]) ?? []), parts[1]]);
  }
  for (const v of [version, ...updates.keys()]) {
    if (generated(`${extension}--${v}.sql`)) installable.add(v);
  }
  const seen = new Set<string>();
  const queue = [...installable];
  while (queue.length) {
    const v = queue.shift() as string;
    if (v === version) return true;
    if (seen.has(v)) continue;
    seen.add(v);
    queue.push(...(updates.get(v) ?? []));
  }
  return false;
}
