import { performance } from 'node:perf_hooks';
import { Edit, type ParseState, type Parser, type Range, type Tree } from 'web-tree-sitter';

/**
 * Where a front end gets its syntax tree. A scan parses each text once and frees the tree; a file
 * being edited keeps its last tree per variant, so the next parse is incremental (tree-sitter reuses
 * every subtree outside the edited range).
 */
export interface TreeSource {
  parse(text: string): Tree | null;
  /** the front end is done with the tree */
  release(tree: Tree): void;
}

/**
 * How long one parse may take. Tree-sitter's error recovery can take minutes on some broken texts
 * (a megabyte paste with an unclosed comment); such a file is skipped, on disk and in the editor
 * alike, so the rest of the workspace keeps its diagnostics.
 */
export const PARSE_BUDGET_MS = 5000;

/**
 * Parses `text` (incrementally after `old`; only `includedRanges` of it when given), or gives up after
 * PARSE_BUDGET_MS and returns null.
 */
export function parseWithinBudget(parser: Parser, text: string, old?: Tree | null, includedRanges?: Range[]): Tree | null {
  const deadline = performance.now() + PARSE_BUDGET_MS;
  // returning true cancels the parse (the typings say void)
  const progressCallback = (() => performance.now() > deadline) as unknown as (state: ParseState) => void;
  return parser.parse(text, old, { progressCallback, ...(includedRanges ? { includedRanges } : {}) });
}

export function freshTrees(parser: Parser): TreeSource {
  return { parse: (text) => parseWithinBudget(parser, text), release: (tree) => tree.delete() };
}

/**
 * Trees of texts that differ only in place (the `#if` variants of one file blank characters, keeping
 * every position): the first is parsed fresh and kept, each later one incrementally from it, so
 * tree-sitter parses again only around the branches that differ; the same text again gets the same
 * tree. `dispose` frees the first.
 */
export class SiblingTrees implements TreeSource {
  private first: { text: string; tree: Tree } | undefined;

  constructor(private readonly parser: Parser) {}

  parse(text: string): Tree | null {
    if (!this.first || this.first.text.length !== text.length) {
      const tree = parseWithinBudget(this.parser, text);
      if (tree && !this.first) this.first = { text, tree };
      return tree;
    }
    return this.first.text === text ? this.first.tree : parsedFrom(this.parser, this.first, text);
  }

  release(tree: Tree): void {
    if (tree !== this.first?.tree) tree.delete();
  }

  dispose(): void {
    this.first?.tree.delete();
    this.first = undefined;
  }
}

/**
 * The edits that turn `before` into `after`, two texts of one length that differ in place: one per run
 * of differences (runs less than GAP characters apart are one edit).
 */
export function editsInPlace(before: string, after: string): Edit[] {
  const edits: Edit[] = [];
  const n = before.length;
  let at = 0;
  let point = { row: 0, column: 0 };
  const pointOf = (index: number) => {
    point = pointAt(before, at, point, index);
    at = index;
    return point;
  };
  let i = 0;
  while (i < n) {
    const chunk = Math.min(CHUNKS[0], n - i);
    if (before.slice(i, i + chunk) === after.slice(i, i + chunk)) {
      i += chunk;
      continue;
    }
    while (before.charCodeAt(i) === after.charCodeAt(i)) i++;
    const start = i;
    let end = i + 1;
    for (let j = end; j < n && j - end < GAP; j++) if (before.charCodeAt(j) !== after.charCodeAt(j)) end = j + 1;
    const startPosition = pointOf(start);
    const endPosition = pointOf(end);
    edits.push(new Edit({ startIndex: start, oldEndIndex: end, newEndIndex: end, startPosition, oldEndPosition: endPosition, newEndPosition: endPosition }));
    i = end;
  }
  return edits;
}

/** differences closer than this are one edit */
const GAP = 64;

/**
 * A tree of `text` made incrementally from `base`, whose text has the same length and differs in place
 * (another `#if` variant of the file); a copy when the texts are the same. The caller owns it.
 */
function parsedFrom(parser: Parser, base: { text: string; tree: Tree }, text: string): Tree | null {
  const tree = base.tree.copy();
  if (base.text === text) return tree;
  for (const edit of editsInPlace(base.text, text)) tree.edit(edit);
  const parsed = parseWithinBudget(parser, text, tree);
  tree.delete();
  return parsed;
}

/**
 * The last tree of each slot (a file's variant) with the text it was parsed from. After an edit the
 * first variant asked for is parsed incrementally from its own last tree; the others from the tree
 * just made for another variant of the file, which differs from them only in the branches each blanks
 * (as SiblingTrees does outside the editor: a variant's own last tree would re-parse the edit again).
 */
export class EditedTrees {
  private readonly slots = new Map<string, { text: string; tree: Tree }>();
  /** per file: the slot parsed last */
  private readonly latest = new Map<string, string>();

  constructor(private readonly parser: Parser) {}

  source(file: string, variant: string): TreeSource {
    const slot = `${file}\0${variant}`;
    return {
      parse: (text) => {
        const old = this.slots.get(slot);
        const sibling = this.slots.get(this.latest.get(file) ?? '');
        let tree: Tree | null;
        if (sibling && sibling !== old && sibling.text.length === text.length) tree = parsedFrom(this.parser, sibling, text);
        else {
          if (old) old.tree.edit(editBetween(old.text, text));
          tree = parseWithinBudget(this.parser, text, old?.tree);
        }
        old?.tree.delete();
        this.slots.delete(slot);
        if (tree) {
          this.slots.set(slot, { text, tree });
          this.latest.set(file, slot);
        }
        return tree;
      },
      release: () => undefined,
    };
  }

  /** Frees the trees of a file's slots (it was closed). */
  drop(file: string): void {
    for (const [slot, { tree }] of this.slots) {
      if (slot.startsWith(`${file}\0`)) {
        tree.delete();
        this.slots.delete(slot);
      }
    }
    this.latest.delete(file);
  }
}

/** The single edit that turns `before` into `after` (common prefix and suffix kept). */
export function editBetween(before: string, after: string): Edit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  // whole chunks first (comparing two slices is one native comparison), then character by character
  for (const chunk of CHUNKS) while (start + chunk <= max && before.slice(start, start + chunk) === after.slice(start, start + chunk)) start += chunk;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  for (const chunk of CHUNKS) {
    while (tail + chunk <= max - start && before.slice(before.length - tail - chunk, before.length - tail) === after.slice(after.length - tail - chunk, after.length - tail)) {
      tail += chunk;
    }
  }
  while (
    tail < max - start &&
    before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)
  ) {
    tail++;
  }
  const oldEnd = before.length - tail;
  const newEnd = after.length - tail;
  const startPosition = pointAt(before, 0, { row: 0, column: 0 }, start);
  return new Edit({
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointAt(before, start, startPosition, oldEnd),
    newEndPosition: pointAt(after, start, startPosition, newEnd),
  });
}

/** chunk sizes tried, largest first, before characters */
const CHUNKS = [4096, 128];

/** The point of `index`, counting lines on from `from` (at point `at`): no table of the whole text's lines. */
function pointAt(text: string, from: number, at: { row: number; column: number }, index: number) {
  let { row } = at;
  let lineStart = from - at.column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** How a front end extracts a file's facts. */
export interface Extraction {
  /**
   * the file is open in an editor: its trees are kept for incremental re-parsing, its functions for the
   * next text; other files' bodies are extracted when first read (frontends/bodies.ts)
   */
  editing?: boolean;
  /** the target versions, whose facts are made together outside the editor (one parse per file) */
  versions?: readonly number[];
}

/**
 * The parsed files of one language: cache entries by file (each front end keeps what it needs per
 * text), and the kept trees of files being edited.
 */
export abstract class ParsedFiles<Entry> {
  protected readonly files = new Map<string, Entry>();
  private readonly edited: EditedTrees;

  constructor(protected readonly parser: Parser) {
    this.edited = new EditedTrees(parser);
  }

  invalidate(file: string): void {
    this.files.delete(file);
  }

  cachedFiles(): IterableIterator<string> {
    return this.files.keys();
  }

  /** The file is no longer edited: free the trees kept for incremental parsing. */
  closed(file: string): void {
    this.edited.drop(file);
  }

  /** Kept trees for a file the editor has open (per variant), fresh ones otherwise. */
  protected trees(file: string, variant: string, editing: boolean): TreeSource | undefined {
    return editing ? this.edited.source(file, variant) : undefined;
  }
}
