import type { FunctionDef } from '../../model/model';

interface Kept {
  row: number;
  functions: FunctionDef[];
  /** the IR names a local by its line (`prev (local, line 12)`), so it cannot move */
  namesLines: boolean;
}

/**
 * The functions of a file being edited, kept from its last extraction by their text: an edit then
 * re-extracts the functions whose text it changed, and the others are reused (the same objects when they
 * did not move, so every result kept per function stays valid; copies moved by the lines inserted or
 * deleted above them otherwise).
 */
export class ReusedFunctions {
  private previous = new Map<string, Kept[]>();
  private next = new Map<string, Kept[]>();
  private context = '';

  /** Starts an extraction; `context` is what else a function's facts depend on (macros, file-scope names). */
  begin(context: string): void {
    if (context !== this.context) this.previous.clear();
    this.context = context;
    this.next = new Map();
  }

  /** The facts of a definition whose text and column were seen before, moved to `row`. */
  take(key: string, row: number): FunctionDef[] | undefined {
    const list = this.previous.get(key);
    const i = list?.findIndex((k) => k.row === row || !k.namesLines) ?? -1;
    if (!list || i < 0) return undefined;
    const [kept] = list.splice(i, 1);
    const functions = kept.row === row ? kept.functions : moved(kept.functions, row - kept.row);
    this.keep(key, row, functions, kept.namesLines);
    return functions;
  }

  keep(key: string, row: number, functions: FunctionDef[], namesLines: boolean): void {
    const list = this.next.get(key) ?? [];
    list.push({ row, functions, namesLines });
    this.next.set(key, list);
  }

  end(): void {
    this.previous = this.next;
    this.next = new Map();
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
