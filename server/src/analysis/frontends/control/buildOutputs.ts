import * as path from 'node:path';
import { crateLibraryName } from '../rust/cargo';
import type { ExtensionView } from '../../model/view';
import { readMakefile, treeWildcard, UNRESOLVED } from './makefile';
import { cmakeDirs, readCMakeLists } from './cmake';

/**
 * What an extension's build files produce, as far as the control rules need it: the shared
 * libraries (for module_pathname) and the files the build generates (install scripts that need not
 * exist in the tree). Every answer says whether it is complete: a rule reports only on what the
 * build files state for certain.
 */
export interface BuildOutputs {
  /** build files read */
  files: string[];
  /** library names (no `lib` prefix or suffix) the build files declare */
  libraries: Set<string>;
  /** whether `libraries` is all the build makes: some file names its libraries, none may build others */
  librariesComplete: boolean;
  /** whether the build generates a file of this name (a Makefile DATA_built entry or rule target) */
  generates(fileName: string): boolean;
}

const BUILD_FILE_NAMES = ['Makefile', 'GNUmakefile', 'makefile', 'meson.build', 'CMakeLists.txt', 'Cargo.toml'];

/**
 * What one build file says about libraries: `known` lists all it builds, `unknown` may build one
 * it cannot name (a computed name), `silent` builds none itself (a wrapper, a root CMakeLists).
 */
interface BuildFileOutputs {
  libraries: string[];
  libraryState: 'known' | 'unknown' | 'silent';
  /** patterns of generated file names */
  generated: RegExp[];
}

const READERS: readonly [RegExp, (text: string, file: string) => BuildFileOutputs][] = [
  [/^(GNUmakefile|[Mm]akefile)$/, makefileOutputs],
  [/^meson\.build$/, mesonOutputs],
  [/^CMakeLists\.txt$/, cmakeOutputs],
  [/^Cargo\.toml$/, cargoOutputs],
];

/** The build outputs of the view's extension, computed once per view. */
export function buildOutputs(view: ExtensionView): BuildOutputs {
  return view.memo('control/build', (view) => {
    const files: string[] = [];
    const libraries = new Set<string>();
    const generated: RegExp[] = [];
    const states = new Set<BuildFileOutputs['libraryState']>();
    for (const file of candidateBuildFiles(view)) {
      const reader = READERS.find(([re]) => re.test(path.basename(file)))?.[1];
      const text = reader && view.text(file);
      if (text === undefined || !reader) continue;
      files.push(file);
      const out = reader(text, file);
      out.libraries.forEach((l) => libraries.add(l));
      generated.push(...out.generated);
      states.add(out.libraryState);
    }
    return {
      files,
      libraries,
      librariesComplete: states.has('known') && !states.has('unknown'),
      generates: (name) => generated.some((re) => re.test(name)),
    };
  });
}

/**
 * The extension's own build files, and those in every folder holding its sources (and the folders
 * between them and the root): a library built from src/ is often declared in src/Makefile or
 * src/CMakeLists.txt.
 */
function candidateBuildFiles(view: ExtensionView): string[] {
  const { root, sourceFiles, buildFiles } = view.ext;
  const dirs = new Set<string>([root]);
  for (const f of sourceFiles) {
    for (let d = path.dirname(f); d.startsWith(root) && !dirs.has(d); d = path.dirname(d)) dirs.add(d);
  }
  const found = new Set(buildFiles);
  for (const d of dirs) for (const name of BUILD_FILE_NAMES) found.add(path.join(d, name));
  return [...found].sort();
}

/** A file-name pattern from a build-file word: unresolved parts and make's `%` match anything. */
function namePattern(word: string): RegExp {
  const last = word.slice(word.lastIndexOf('/') + 1);
  const source = last
    .split(new RegExp(`[%${UNRESOLVED}]+`))
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

const PGXS_INCLUDE = /\$\(PGXS\)|pgxs\.mk|contrib-global\.mk/;
/** PostgreSQL's own makefiles, which define build rules but no modules of the extension */
const SERVER_INCLUDE = /Makefile\.(global|shlib|port)$/;
/** compiler-generated dependency files (`-include $(DEPFILES)`, `*.d`), which declare no modules */
const DEPENDENCY_INCLUDE = /DEP|\.d$|\.Po$/i;

/**
 * PGXS: MODULE_big and MODULES name libraries (make functions evaluated over the files beside the
 * Makefile); PostgreSQL's own tree also builds `NAME` through Makefile.shlib. DATA_built, and .sql files that rules name as targets or recipes write, are generated.
 */
function makefileOutputs(text: string, file: string): BuildFileOutputs {
  const mk = readMakefile(text, treeWildcard(path.dirname(file)));
  const words = (value: string) => mk.expand(value).split(/\s+/).filter(Boolean);
  const shlib = mk.includes.some((i) => i.endsWith('Makefile.shlib'));
  const libraryWords = mk.assignments
    .filter((a) => a.name === 'MODULE_big' || a.name === 'MODULES' || (shlib && a.name === 'NAME'))
    .flatMap((a) => words(a.value))
    // PGXS installs `src/foo.so` as `$libdir/foo.so`
    .map((w) => path.basename(w));
  const soTargets = mk.targets
    .filter((t) => /(\.so|\$\(DLSUFFIX\))$/.test(t))
    .map((t) => path.basename(mk.expand(t.replace(/(\.so|\$\(DLSUFFIX\))$/, ''))));
  const libraries = [...libraryWords, ...soTargets];
  const resolved = libraries.every((l) => !l.includes(UNRESOLVED));
  // a PGXS Makefile builds exactly what it declares; any other Makefile may build by its own rules,
  // and a project's own included file may declare more modules
  const pgxs = mk.includes.some((i) => PGXS_INCLUDE.test(i));
  const ownIncludes = mk.includes.some((i) => !PGXS_INCLUDE.test(i) && !SERVER_INCLUDE.test(i) && !DEPENDENCY_INCLUDE.test(i));

  const generatedWords = [
    ...mk.assignments.filter((a) => a.name === 'DATA_built').flatMap((a) => words(a.value)),
    ...[...mk.targets, ...mk.recipeOutputs].filter((t) => isSqlTarget(t, mk.expand(t))).map((t) => mk.expand(t)),
  ];
  return {
    libraries: libraries.filter((l) => !l.includes(UNRESOLVED)),
    libraryState: resolved && !ownIncludes && (libraries.length > 0 || pgxs) ? 'known' : 'unknown',
    generated: generatedWords.map(namePattern),
  };
}

/** A rule target or recipe output that is an SQL file: ends in .sql, or is one unresolved variable named for SQL. */
function isSqlTarget(raw: string, expanded: string): boolean {
  return expanded.endsWith('.sql') || (expanded === UNRESOLVED && /sql/i.test(raw));
}

/**
 * meson: shared_module('name', ...) / shared_library(...), the name a literal or a variable holding
 * one (`module_name = meson.project_name()` included); generated files via custom_target.
 */
function mesonOutputs(text: string): BuildFileOutputs {
  const vars = new Map<string, string>();
  const project = /\bproject\s*\(\s*'([^']*)'/.exec(text)?.[1];
  for (const m of text.matchAll(/^\s*(\w+)\s*=\s*(?:'([^']*)'|(meson\.project_name\(\)))\s*$/gm)) {
    const value = m[2] ?? project;
    if (value !== undefined) vars.set(m[1], value);
  }
  const names = [...text.matchAll(/\b(?:shared_module|shared_library)\s*\(\s*(?:'([^']*)'|(\w+))?/g)].map(
    (m) => m[1] ?? (m[2] !== undefined ? vars.get(m[2]) : undefined),
  );
  const generatesSql = /\b(custom_target|configure_file)\s*\([^)]*\.sql/s.test(text);
  return {
    libraries: names.filter((n): n is string => n !== undefined),
    libraryState: stateOf(names.length, names.every((n) => n !== undefined)),
    generated: generatesSql ? [/\.sql$/] : [],
  };
}

/**
 * CMake: add_library(name SHARED|MODULE ...) and OUTPUT_NAME renames (cmake.ts); targets get a `lib`
 * prefix unless PREFIX is cleared, so both names count.
 */
function cmakeOutputs(text: string, file: string): BuildFileOutputs {
  const { libraries: names, generatesSql } = readCMakeLists(text, cmakeDirs(file));
  return {
    libraries: names.filter((n) => !n.includes(UNRESOLVED)).flatMap((n) => [n, n.replace(/^lib/, '')]),
    libraryState: stateOf(names.length, names.every((n) => !n.includes(UNRESOLVED))),
    generated: generatesSql ? [/\.sql$/] : [],
  };
}

function cargoOutputs(text: string): BuildFileOutputs {
  const name = crateLibraryName(text);
  return { libraries: name ? [name] : [], libraryState: name ? 'known' : 'silent', generated: [] };
}

function stateOf(declarations: number, allNamed: boolean): BuildFileOutputs['libraryState'] {
  if (!declarations) return 'silent';
  return allNamed ? 'known' : 'unknown';
}
