import type { FunctionDef, VariableDecl } from '../model/model';
import type { ExtensionView } from '../model/view';

/**
 * One question a computation asked of a version view, with the answer it got. A memoised result is a
 * function of its answers alone (front ends hand out the same objects for the same code, per-function
 * summaries are pure), so another view, of another version or of a later analysis, that gives the same
 * answers, asked in the same order, would compute the same result: it takes it instead.
 */
export type Read =
  | { k: 'resolve'; name: string; from: string; qualifier?: readonly string[]; answer: FunctionDef | undefined }
  | { k: 'named'; name: string; answer: readonly FunctionDef[] }
  | { k: 'variables'; name: string; answer: readonly VariableDecl[] }
  | { k: 'scan'; key: string; summarize: (fn: FunctionDef) => readonly unknown[]; answer: readonly unknown[] }
  | { k: 'defined'; mentions: readonly string[]; answer: ReadonlySet<string> }
  | { k: 'mentioning'; mentions: readonly string[]; answer: readonly string[] }
  | { k: 'since'; major: number; answer: boolean }
  | { k: 'version'; answer: number }
  | { k: 'text'; file: string; answer: string | undefined }
  | { k: 'disk'; key: string; answer: unknown }
  | { k: 'memo'; key: string; compute: (view: ExtensionView) => unknown; answer: unknown };

/** Whether two answers to one question are the same: the same objects, element by element for lists. */
export function sameAnswer(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether two results are interchangeable: the same objects, or containers (lists, sets, maps, plain
 * records) holding the same objects, three levels deep. A result recomputed equal to a kept one is
 * replaced by it, so that whatever read the kept one still finds the same answer (early cutoff).
 */
export function sameResult(a: unknown, b: unknown, depth = 3): boolean {
  if (a === b) return true;
  if (depth === 0 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameResult(x, other[i], depth - 1));
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>;
    return a.size === other.size && [...a].every((x) => other.has(x));
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    return a.size === other.size && [...a].every(([k, v]) => other.has(k) && sameResult(v, other.get(k), depth - 1));
  }
  if (Object.getPrototypeOf(a) !== Object.prototype) return false;
  const keys = Object.keys(a);
  const record = a as Record<string, unknown>;
  const other = b as Record<string, unknown>;
  return keys.length === Object.keys(other).length && keys.every((k) => k in other && sameResult(record[k], other[k], depth - 1));
}

/** A memoised result and the questions its computation asked, in order. */
export interface Memo {
  value: unknown;
  trace: readonly Read[];
}
