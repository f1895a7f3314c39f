import type { ExtensionInfo, FunctionDef, VariableDecl } from './model';

/**
 * An extension's code as compiled for one target PostgreSQL version: what every rule reads.
 * Files are parsed lazily: `resolve` loads files that may define a name on first need, so a scan
 * parses only files that can matter.
 */
export interface ExtensionView {
  readonly ext: ExtensionInfo;
  /** the major version this view is compiled for */
  readonly pgVersion: number;
  /** every target version of this run, ascending */
  readonly targetVersions: number[];
  /** the folder the user works in, when known: documentation above the extension is read up to it */
  readonly workspaceRoot?: string;
  /**
   * the function a call by `name` from `fromFile` reaches (C: same-file static first; Rust: the one in
   * the module the call's `qualifier` names, none when it names a module outside the crate)
   */
  resolve(name: string, fromFile: string, qualifier?: readonly string[]): FunctionDef | undefined;
  /** every function defined in the files loaded so far */
  functions(): FunctionDef[];
  /** the `_PG_init` functions (normally one) */
  entryPoints(): FunctionDef[];
  /** file-scope variables declared under `name` in the loaded files */
  variables(name: string): VariableDecl[];
  /** the current text of a file of the extension (for fixes that need indentation) */
  text(file: string): string | undefined;
  /** results derived from the view, computed once per view and shared by the rules */
  memo<T>(key: string, compute: () => T): T;
}
