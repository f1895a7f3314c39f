import type { FunctionDef, Stmt } from '../../model/model';

interface Kept<T> {
  value: T;
  /** the IR names a local by its line (`prev (local, line 12)`), so it cannot move */
  namesLines: boolean;
}

/**
 * What was extracted from pieces of a file's text, by the piece's text, column and extraction context,
 * then by its row (a statement such as `CHECK_FOR_INTERRUPTS();` can stand in many places): what the
 * current text gave, and what the text before gave (kept one edit longer, so memory stays bounded by two
 * texts).
 */
class KeptByText<T> {
  private current = new Map<string, Map<number, Kept<T>>>();
  private older = new Map<string, Map<number, Kept<T>>>();

  newText(): void {
    // a text that gave nothing (an analysis aborted by the next edit) leaves the last extraction in place
    if (this.current.size) this.older = this.current;
    this.current = new Map();
  }

  /** What a piece extracted before gives at `row` now: the same objects at the same row, moved copies elsewhere. */
  take(key: string, row: number): T | undefined {
    const here = this.current.get(key)?.get(row);
    if (here) return here.value;
    const before = this.older.get(key);
    const same = before?.get(row);
    if (same) {
      this.keep(key, row, same.value, same.namesLines);
      return same.value;
    }
    for (const [at, kept] of before ?? []) {
      if (kept.namesLines) continue;
      const value = moved(kept.value, row - at);
      this.keep(key, row, value, false);
      return value;
    }
    return undefined;
  }

  keep(key: string, row: number, value: T, namesLines: boolean): void {
    let rows = this.current.get(key);
    if (!rows) this.current.set(key, (rows = new Map()));
    rows.set(row, { value, namesLines });
  }
}

/**
 * The functions of a file being edited, kept by their text: an edit then re-extracts the functions whose
 * text it changed, and the others are reused (the same objects when they did not move, so every result
 * kept per function stays valid; copies moved by the lines inserted or deleted above them otherwise).
 * The `#if` variants of one text share them too: a function outside every version test is extracted
 * once, not once per variant.
 * Within a function whose text changed, the top-level statements that did not are reused the same way
 * (see CExtractor.bodyStatement), so a keystroke in a function of thousands of lines costs the edited
 * statements.
 */
export class ReusedFunctions {
  private readonly functions = new KeptByText<FunctionDef[]>();
  private readonly statements = new KeptByText<Stmt[]>();
  /** what else a function's facts depend on (macros, file-scope names), numbered; numbers are never reused */
  private readonly contexts = new Map<string, number>();
  private nextContext = 0;
  private context = 0;

  /**
   * `keepsStatements`: only for a file being edited. In a scan a statement could only be shared by the
   * `#if` variants of a function that differ elsewhere: 152 of citus's 10,086, not worth keeping them.
   */
  constructor(readonly keepsStatements: boolean) {}

  /** The file's text changed: what was extracted from the old one is kept one edit longer. */
  newText(): void {
    this.functions.newText();
    this.statements.newText();
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
    return this.functions.take(this.keyOf(text, column), row);
  }

  keep(text: string, column: number, row: number, functions: FunctionDef[], namesLines: boolean): void {
    this.functions.keep(this.keyOf(text, column), row, functions, namesLines);
  }

  /** The IR of a function body's top-level statement whose text and column were extracted before, at `row` now. */
  takeStatement(text: string, column: number, row: number): Stmt[] | undefined {
    return this.statements.take(this.keyOf(text, column), row);
  }

  /** Keeps a statement's IR; only for IR that names no local by its line, so that it can move. */
  keepStatement(text: string, column: number, row: number, stmts: Stmt[]): void {
    this.statements.keep(this.keyOf(text, column), row, stmts, false);
  }

  private keyOf(text: string, column: number): string {
    return `${this.context}\0${column}\0${text}`;
  }
}

/**
 * A copy of `value` with every position `delta` lines further; shared objects stay shared in the copy
 * (a forward goto's copy holds the statements after its label). Positions are leaves that nothing
 * shares, so they are copied without the table: a moved function of thousands of lines has tens of
 * thousands.
 */
function moved<T>(value: T, delta: number, copies = new Map<object, unknown>()): T {
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  if (typeof v.line === 'number' && typeof v.character === 'number') return { ...v, line: v.line + delta } as T;
  const known = copies.get(value);
  if (known) return known as T;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    copies.set(value, out);
    for (let i = 0; i < value.length; i++) out[i] = moved(value[i], delta, copies);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  for (const k in v) out[k] = moved(v[k], delta, copies);
  return out as T;
}
