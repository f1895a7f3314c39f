/** Reduced conditions (model `Cond`) with constants, for `cfg!` and version comparisons that decide a branch. */
import type { Cond } from '../../model/model';

/** A reduced condition, or a constant when `cfg!`/version comparisons decide it. */
export type CondOrConst = Cond | boolean;
export const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

export function not(a: CondOrConst): CondOrConst {
  return typeof a === 'boolean' ? !a : { k: 'not', a };
}

export function and(a: CondOrConst, b: CondOrConst): CondOrConst {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  return { k: 'and', a, b };
}

export function or(a: CondOrConst, b: CondOrConst): CondOrConst {
  if (a === true || b === true) return true;
  if (a === false) return b;
  if (b === false) return a;
  return { k: 'or', a, b };
}

export function mentionsFlag(c: Cond): boolean {
  switch (c.k) {
    case 'flag':
      return true;
    case 'not':
      return mentionsFlag(c.a);
    case 'and':
    case 'or':
      return mentionsFlag(c.a) || mentionsFlag(c.b);
    default:
      return false;
  }
}
