import type { ExtensionInfo, FunctionDef, VariableDecl } from './model';

/**
 * An extension's code as compiled for one target PostgreSQL version: what every rule reads.
 * Files are parsed lazily: `resolve` loads files that may define a name on first need, so a scan
 * parses only files that can matter.
 */
export interface ExtensionView {
  readonly ext: ExtensionInfo;
  /**
   * the major version this view is compiled for. Reading it makes the analysis specific to this version;
   * decisions that only compare with a threshold use `since`, so that versions share one analysis
   */
  readonly pgVersion: number;
  /**
   * the same version, read for the wording of a message or fix only: findings merged across versions
   * keep the first version's text, so reading it does not stop versions from sharing an analysis
   */
  readonly wordingVersion: number;
  /**
   * whether the view's version is `major` or later: every decision that depends on the version goes
   * through here, so that versions with the same facts and the same answers share one analysis
   */
  since(major: number): boolean;
  /** every target version of this run, ascending */
  readonly targetVersions: number[];
  /** the folder the user works in, when known: documentation above the extension is read up to it */
  readonly workspaceRoot?: string;
  /**
   * the function a call by `name` from `fromFile` reaches (C: same-file static first; Rust: the one in
   * the module the call's `qualifier` names, none when it names a module outside the crate)
   */
  resolve(name: string, fromFile: string, qualifier?: readonly string[]): FunctionDef | undefined;
  /**
   * the summaries of every function seen so far, in order: a whole-model scan. Seen are the functions of
   * the files read whole (those parsed up front, and `loadMentioning`'s), and those `resolve` handed out
   * from files read for one definition. `summarize` reads only the function (it runs once per function
   * object and key); an edit that leaves every summary alike changes nothing that read the scan
   */
  scan<T>(key: string, summarize: (fn: FunctionDef) => readonly T[]): readonly T[];
  /** the functions seen so far (as `scan` sees them) defined under `name` */
  functionsNamed(name: string): FunctionDef[];
  /** the `_PG_init` functions (normally one) */
  entryPoints(): FunctionDef[];
  /** file-scope variables declared under `name` in the loaded files */
  variables(name: string): VariableDecl[];
  /** the current text of a file of the extension (for fixes that need indentation) */
  text(file: string): string | undefined;
  /**
   * the functions that the files whose code (not their comments) names one of `mentions` look like they
   * define (answered from the texts, without parsing: for functions not loaded yet)
   */
  definedWhere(mentions: readonly string[]): ReadonlySet<string>;
  /**
   * loads every source file whose code (not its comments) mentions one of `mentions`, so that a scan
   * after it sees all the functions that can name them, whatever else was loaded; gives those files
   */
  loadMentioning(mentions: readonly string[]): readonly string[];
  /** an answer computed from a file's text, kept for as long as the text stays the same */
  fromText<T>(file: string, key: string, compute: (text: string) => T): T | undefined;
  /**
   * an answer read from the disk beyond the extension's file texts (folder listings, file encodings),
   * kept across analyses until a file changes on disk
   */
  fromDisk<T>(key: string, compute: () => T): T;
  /**
   * a result derived from the view, computed once per view and shared by the rules; the other versions
   * and later analyses take it while the questions its computation asked get the same answers.
   * `provisional` is what a computation reading the result while it is being computed (recursion) gets.
   * `compute` reads the view it is given, never another: a later view may run it to check a result of its own
   */
  memo<T>(key: string, compute: (view: ExtensionView) => T, provisional?: T): T;
}
