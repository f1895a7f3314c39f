/**
 * The neutral extension model. Front ends (C, Rust) turn syntax trees into this shape; everything
 * above them (guards, init path, hook analysis, rules, fixes) reads only this, so every rule works
 * for C and pgrx alike.
 *
 * Positions are 0-based lines and UTF-16 columns, like LSP; the CLI adds 1 when printing.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A range in a file; `file` is an absolute path. */
export interface Location {
  file: string;
  range: Range;
}

export type Language = 'c' | 'rust';

/**
 * A branch condition, reduced to what guard and hook analysis need. `flag` is
 * process_shared_preload_libraries_in_progress; `truthy` is a named variable tested for
 * truth, non-NULL or `Some`; `opaque` is anything else (with the names it mentions).
 */
export type Cond =
  | { k: 'flag' }
  | { k: 'truthy'; name: string }
  | { k: 'not'; a: Cond }
  | { k: 'and'; a: Cond; b: Cond }
  | { k: 'or'; a: Cond; b: Cond }
  | { k: 'opaque'; names: string[] };

/** The right-hand side of an assignment, as far as the analysis cares. */
export type Value =
  /** `fn`: the name is a function's (pgrx `Some(post_parse_analyze_hook)` naming a local `fn`, not the hook) */
  | { k: 'name'; name: string; fn?: boolean }
  /** NULL, 0, false, None */
  | { k: 'null' }
  /** true, 1 */
  | { k: 'true' }
  | { k: 'flag' }
  | { k: 'cond'; cond: Cond }
  | { k: 'opaque'; names: string[] };

/** One argument of a call: its text, and its value when it is a plain name or string literal. */
export interface Arg {
  text: string;
  /** last path segment of an identifier / path argument (`PGC_POSTMASTER`, `Postmaster`) */
  name?: string;
  /** content of a string literal argument */
  str?: string;
  loc: Location;
}

export interface CallStmt {
  k: 'call';
  /** callee name: a function, a function-pointer variable, or a pseudo-name like `pg_shmem_init!` */
  callee: string;
  args: Arg[];
  /** the callee's name */
  loc: Location;
  /** the whole call expression (or statement when it is one) */
  callLoc: Location;
  /** the call's statement, when the call is an expression statement of its own */
  stmtLoc?: Location;
  /** the callee was obtained by `.unwrap()` / `.expect()` on an Option (pgrx) */
  unwrapped?: boolean;
  /**
   * Rust: the path before the callee, relative to the crate (`crate::gucs::init` -> ['gucs'],
   * `Self::new` in `impl Foo` -> ['Foo']), so that same-named functions of different modules resolve
   */
  qualifier?: string[];
}

export interface AssignStmt {
  k: 'assign';
  target: string;
  value: Value;
  /** the whole statement */
  loc: Location;
  targetLoc: Location;
  /** a declaration of a local (`bool x = ...`, `let x = ...`) rather than an assignment */
  declaresLocal?: boolean;
}

export type Stmt =
  | { k: 'if'; cond: Cond; then: Stmt[]; else: Stmt[]; loc: Location; condLoc: Location }
  /** a body that may run any number of times, including zero (loops, switch arms) */
  | { k: 'maybe'; body: Stmt[] }
  /**
   * a body that runs exactly once (blocks, PG_TRY bodies). `jump`: what a forward `goto` runs, the
   * function's statements from the label on, then the function's end; they also appear where they are
   * written, so passes that list statements rather than follow paths skip it
   */
  | { k: 'block'; body: Stmt[]; jump?: true }
  | { k: 'return'; loc: Location }
  /** raises an error that does not come back: ereport(ERROR..), elog(FATAL..), panic!, error! */
  | { k: 'raise'; loc: Location }
  | CallStmt
  | AssignStmt;

export interface FunctionDef {
  name: string;
  file: string;
  language: Language;
  /** C `static`; Rust non-`pub` items are still crate-visible, so false there */
  isStatic: boolean;
  nameLoc: Location;
  loc: Location;
  /** the body's braces, for fixes that insert statements */
  bodyLoc: Location;
  params: string[];
  body: Stmt[];
  /** Rust: the module path in the crate (`src/gucs.rs` -> ['gucs']; methods of `impl Foo` add 'Foo') */
  module?: string[];
  /**
   * locals that hide a file-scope variable of the same name (a function-local `static prev_hook`): the
   * body's statements name them apart (`prev_hook (local, line 12)`)
   */
  shadows?: { name: string; loc: Location }[];
  /**
   * every identifier the body's statements can be made of: those of the function's text and of the
   * project macros it expands (more than it holds). Known for a body extracted when first read, so that
   * a whole-model scan looking for a name skips the functions that cannot hold it without extracting them
   */
  readonly names?: ReadonlySet<string>;
}

export interface VariableDecl {
  name: string;
  /** the declared type as written (`ExecutorStart_hook_type`, `Option<...>`) */
  type: string;
  file: string;
  isStatic: boolean;
  loc: Location;
}

/** What a front end extracts from one file for one set of target versions. */
export interface FileFacts {
  file: string;
  language: Language;
  functions: FunctionDef[];
  variables: VariableDecl[];
  /** syntax errors worth telling the user about (never a reason to stop) */
  problems: string[];
  /** why the file was not analysed at all, if it was not */
  skipped?: string;
}

/** One extension as discovered on disk. */
export interface ExtensionInfo {
  /** the extension's name (control file stem, crate name or folder name) */
  name: string;
  root: string;
  kind: 'c' | 'rust';
  controlFiles: string[];
  sourceFiles: string[];
  /** README, docs/, *.md etc. that the docs rules read */
  docFiles: string[];
  buildFiles: string[];
  sqlFiles: string[];
  /** `.sql` files named on the command line: linted even when not named like an extension script */
  givenSqlFiles?: string[];
  /** target versions read from the extension itself (pgrx features), if any */
  ownVersions?: number[];
}
