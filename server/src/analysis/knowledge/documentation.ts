/**
 * What documentation is (rules.md, "docs"): prose written for users. Test and build material is not,
 * wherever it lives: a TAP test or a regression schedule that sets shared_preload_libraries tells a
 * user nothing. Discovery of an extension's files and the docs rules both read this one definition.
 */

/** Prose at a folder's top level. */
const TOP_LEVEL_PROSE = /^readme(\..*)?$|\.(md|mdx|markdown|rst|txt|adoc|sgml|html?)$/i;
/** Text under doc/ and docs/ (images, fonts and scripts there are not read). */
const DOC_DIR_PROSE = /^readme|\.(md|mdx|markdown|rst|txt|adoc|sgml|xml|html?|tex)$/i;

/** Folders whose files are documentation. */
export const DOC_DIRS: readonly string[] = ['doc', 'docs'];

/** Folders of tests, their inputs and their expected output. */
export const TEST_DIRS: ReadonlySet<string> = new Set(['t', 'test', 'tests', 'sql', 'expected', 'specs', 'regress']);

/** Test scripts, isolation specs, server configurations for tests, SQL scripts. */
const TEST_FILE = /\.(pl|pm|spec|conf|sql|out)$/i;

/** Build files whose names look like prose (`*.txt`). */
const BUILD_FILES: ReadonlySet<string> = new Set(['cmakelists.txt', 'meson_options.txt', 'requirements.txt']);

/**
 * Whether a file is documentation of the folder it is read for, given its path relative to that
 * folder (segments split on `/` or `\`): prose at the top level or under doc/ or docs/, outside
 * test folders, and neither a test nor a build file.
 */
export function isDocumentation(relativePath: string): boolean {
  const segments = relativePath.split(/[\\/]/).filter(Boolean);
  const name = segments.pop();
  if (name === undefined || segments.some((s) => TEST_DIRS.has(s))) return false;
  if (TEST_FILE.test(name) || BUILD_FILES.has(name.toLowerCase())) return false;
  if (segments.length === 0) return TOP_LEVEL_PROSE.test(name);
  return DOC_DIRS.includes(segments[0]) && DOC_DIR_PROSE.test(name);
}
