import type { FunctionDef } from '../../model/model';

interface Kept {
  row: number;
  functions: FunctionDef[];
  /** the IR names a local by its line (`prev (local, line 12)`), so it cannot move */
  namesLines: boolean;
}

/**
 * The functions of a file being edited, kept by their text: an edit then re-extracts the functions whose
 * text it changed, and the others are reused (the same objects when they did not move, so every result
 * kept per function stays valid; copies moved by the lines inserted or deleted above them otherwise).
 * The `#if` variants of one text share them too: a function outside every version test is extracted
 * once, not once per variant.
 */
export class ReusedFunctions {
  /** functions extracted from the current text (any variant), and from the text before */
  private current = new Map<string, Kept[]>();
  private older = new Map<string, Kept[]>();
  /** what else a function's facts depend on (macros, file-scope names), numbered; numbers are never reused */
  private readonly contexts = new Map<string, number>();
  private nextContext = 0;
  private context = 0;

  /** The file's text changed: what was extracted from the old one is kept one edit longer. */
  newText(): void {
    // a text that was never extracted (an analysis aborted by the next edit) leaves the last extraction in place
    if (this.current.size) this.older = this.current;
    this.current = new Map();
    if (this.contexts.size > 64) this.contexts.clear();
  }

  /** Starts an extraction; `context` is what else a function's facts depend on. */
  begin(context: string): void {
    let id = this.contexts.get(context);
    if (id === undefined) this.contexts.set(context, (id = this.nextContext++));
    this.context = id;
  }

  /** The facts of a definition whose text and column were extracted before, at `row` now. */
  take(text: string, column: number, row: number): FunctionDef[] | undefined {
    const key = this.keyOf(text, column);
    const here = this.current.get(key)?.find((k) => k.row === row);
    if (here) return here.functions;
    const before = this.older.get(key);
    const kept = before?.find((k) => k.row === row) ?? before?.find((k) => !k.namesLines);
    if (!kept) return undefined;
    const functions = kept.row === row ? kept.functions : moved(kept.functions, row - kept.row);
    this.keep(text, column, row, functions, kept.namesLines);
    return functions;
  }

  keep(text: string, column: number, row: number, functions: FunctionDef[], namesLines: boolean): void {
    const key = this.keyOf(text, column);
    const list = this.current.get(key) ?? [];
    list.push({ row, functions, namesLines });
    this.current.set(key, list);
  }

  private keyOf(text: string, column: number): string {
    return `${this.context}\0${column}\0${text}`;
  }
}

/** A copy of `value` with every position `delta` lines further; shared objects stay shared in the copy. */
function moved<T>(value: T, delta: number, copies = new Map<object, unknown>()): T {
  if (typeof value !== 'object' || value === null) return value;
  const known = copies.get(value);
  if (known) return known as T;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const v of value) out.push(moved(v, delta, copies));
    return out as T;
  }
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  for (const [k, v] of Object.entries(value)) out[k] = moved(v, delta, copies);
  if (typeof out.line === 'number' && typeof out.character === 'number') out.line += delta;
  return out as T;
}
