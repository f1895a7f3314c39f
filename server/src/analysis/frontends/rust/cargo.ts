/** A pgrx version feature, as a key (`pg15 = [..]`) or an enabled feature (`"pgrx/pg15"`). */
const PG_FEATURE = /^(?:pgrx\/)?pg(\d+)$/;

/** `[section]` headers; `[[bin]]` array tables count as leaving `[features]` too. */
const SECTION = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$/;
const KEY = /^\s*"?([A-Za-z0-9_.-]+)"?\s*=\s*(.*)$/;

/**
 * The target versions a pgrx crate declares through its `pg13`..`pg18` features. When it declares
 * none of its own, the `pgNN` features its default feature enables (`default = ["pgrx/pg16"]`).
 * Undefined when the manifest names no version at all.
 */
export function pgrxVersions(cargoToml: string): number[] | undefined {
  const declared = new Set<number>();
  let defaults = '';
  let section = '';
  let inDefault = false;
  for (const line of cargoToml.split(/\r?\n/)) {
    const header = SECTION.exec(line);
    if (header) {
      section = header[1];
      inDefault = false;
      continue;
    }
    if (section !== 'features') continue;
    const key = KEY.exec(line);
    if (key) {
      const m = PG_FEATURE.exec(key[1]);
      if (m) declared.add(Number(m[1]));
      inDefault = key[1] === 'default';
      if (inDefault) defaults += key[2];
    } else if (inDefault) {
      defaults += line;
    }
    if (inDefault && defaults.includes(']')) inDefault = false;
  }
  const versions = declared.size > 0 ? declared : enabledVersions(defaults);
  return versions.size > 0 ? [...versions].sort((a, b) => a - b) : undefined;
}

function enabledVersions(list: string): Set<number> {
  const versions = new Set<number>();
  for (const m of list.matchAll(/"([^"]*)"/g)) {
    const v = PG_FEATURE.exec(m[1]);
    if (v) versions.add(Number(v[1]));
  }
  return versions;
}

/** The library a crate builds: the `[lib] name`, else the package name, with `-` turned into `_` as rustc does. */
export function crateLibraryName(cargoToml: string): string | undefined {
  return (tomlString(cargoToml, 'lib', 'name') ?? tomlString(cargoToml, 'package', 'name'))?.replace(/-/g, '_');
}

/** A `key = "value"` line inside a `[section]` of a TOML file (up to the next section header). */
function tomlString(text: string, section: string, key: string): string | undefined {
  let inSection = false;
  for (const line of text.split('\n')) {
    const header = /^\s*\[+\s*([^\]]+?)\s*\]+\s*(#.*)?$/.exec(line);
    if (header) {
      inSection = header[1] === section && !line.trim().startsWith('[[');
      continue;
    }
    const m = inSection ? new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`).exec(line) : null;
    if (m) return m[1];
  }
  return undefined;
}
