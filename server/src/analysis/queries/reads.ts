import type { FileFacts } from '../model/model';

/** What a rule (or a memoised result) read of a view: any code or version answer, and which files' texts. */
export interface Reads {
  code: boolean;
  files: Set<string>;
  /** the version questions asked (`since(major)`) and their answers */
  answers: Map<number, boolean>;
  /** the exact version was read */
  exact: boolean;
}

/**
 * A memoised result of one version's analysis, offered to the other versions of the same analysis:
 * one that has loaded the same files with the same facts, and whose version gives the same answers to
 * the questions the result asked, would compute the same value.
 */
export interface PooledMemo {
  value: unknown;
  reads: Reads;
  version: number;
  /** the files loaded before the result was computed, and those its computation loaded */
  before: LoadedFile[];
  during: LoadedFile[];
  /** the memoised results its computation read or made, which a view taking it takes too */
  nested: [string, Memo][];
}

export interface Memo {
  value: unknown;
  reads: Reads;
  /** this view's own: never offered to another view */
  local?: true;
}

export interface LoadedFile {
  file: string;
  facts: FileFacts | undefined;
}
