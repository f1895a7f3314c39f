/**
 * Evaluation of `#if` expressions for one target version, three-valued: a number when the value is
 * known, `undefined` when it depends on something we cannot know (a platform macro, a configure
 * symbol). Only PG_VERSION_NUM, PG_MAJORVERSION_NUM and the project's own object-like macros that
 * reduce to them are known.
 */

export type MacroTable = ReadonlyMap<string, string>;

type Val = number | undefined;

const TOKEN = /\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%<>!~&|^?:(),]))/y;

interface Tok {
  num?: number;
  id?: string;
  op?: string;
}

function tokenize(src: string): Tok[] | undefined {
  const toks: Tok[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) return undefined;
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) toks.push({ num: Number(m[1]) });
    else if (m[2] !== undefined) toks.push({ id: m[2] });
    else toks.push({ op: m[3] });
  }
  return toks;
}

/** `defined`: what `defined(X)` is, for the macros where the version decides it. */
export function evalCppCondition(expr: string, pgMajor: number, macros: MacroTable, defined: ReadonlyMap<string, boolean> = new Map()): Val {
  const toks = tokenize(expr);
  if (!toks) return undefined;
  return new Evaluator(toks, pgMajor, macros, 0, defined).run();
}

class Evaluator {
  private i = 0;
  constructor(
    private toks: Tok[],
    private major: number,
    private macros: MacroTable,
    private depth: number,
    private defined: ReadonlyMap<string, boolean>,
  ) {}

  run(): Val {
    const v = this.ternary();
    return this.i === this.toks.length ? v : undefined;
  }

  private peek(op: string): boolean {
    return this.toks[this.i]?.op === op;
  }

  private eat(op: string): boolean {
    if (!this.peek(op)) return false;
    this.i++;
    return true;
  }

  private ternary(): Val {
    const c = this.binary(0);
    if (!this.eat('?')) return c;
    const a = this.ternary();
    if (!this.eat(':')) return undefined;
    const b = this.ternary();
    if (c === undefined) return a !== undefined && a === b ? a : undefined;
    return c ? a : b;
  }

  /** binary operators from lowest to highest precedence */
  private static readonly PREC: string[][] = [
    ['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'], ['+', '-'], ['*', '/', '%'],
  ];

  private binary(level: number): Val {
    if (level >= Evaluator.PREC.length) return this.unary();
    const ops = Evaluator.PREC[level];
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.toks[this.i]?.op;
      if (!op || !ops.includes(op)) return left;
      this.i++;
      const right = this.binary(level + 1);
      left = apply(op, left, right);
    }
  }

  private unary(): Val {
    if (this.eat('!')) {
      const v = this.unary();
      return v === undefined ? undefined : +(v === 0);
    }
    if (this.eat('-')) {
      const v = this.unary();
      return v === undefined ? undefined : -v;
    }
    if (this.eat('+')) return this.unary();
    if (this.eat('~')) {
      const v = this.unary();
      return v === undefined ? undefined : ~v;
    }
    return this.primary();
  }

  private primary(): Val {
    const t = this.toks[this.i++];
    if (!t) return undefined;
    if (t.num !== undefined) return t.num;
    if (t.op === '(') {
      const v = this.ternary();
      return this.eat(')') ? v : undefined;
    }
    if (t.id === 'defined') {
      const paren = this.eat('(');
      const name = this.toks[this.i++]?.id;
      if (paren && !this.eat(')')) return undefined;
      return name === undefined ? undefined : this.definedValue(name);
    }
    if (t.id !== undefined) return this.identifier(t.id);
    return undefined;
  }

  private definedValue(name: string): Val {
    if (name === 'PG_VERSION_NUM' || name === 'PG_MAJORVERSION_NUM') return 1;
    const known = this.defined.get(name);
    return known === undefined ? undefined : +known;
  }

  private identifier(name: string): Val {
    if (name === 'PG_VERSION_NUM') return this.major * 10000;
    if (name === 'PG_MAJORVERSION_NUM') return this.major;
    const body = this.macros.get(name);
    if (body === undefined || this.depth > 16) return undefined;
    const toks = tokenize(body);
    if (!toks || toks.length === 0) return undefined;
    return new Evaluator(toks, this.major, this.macros, this.depth + 1, this.defined).run();
  }
}

function apply(op: string, a: Val, b: Val): Val {
  // short-circuit operators stay decidable when one side decides them
  if (op === '||') {
    if (a !== undefined && a !== 0) return 1;
    if (b !== undefined && b !== 0) return 1;
    return a === undefined || b === undefined ? undefined : 0;
  }
  if (op === '&&') {
    if (a === 0 || b === 0) return 0;
    return a === undefined || b === undefined ? undefined : 1;
  }
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '|': return a | b;
    case '^': return a ^ b;
    case '&': return a & b;
    case '==': return +(a === b);
    case '!=': return +(a !== b);
    case '<': return +(a < b);
    case '>': return +(a > b);
    case '<=': return +(a <= b);
    case '>=': return +(a >= b);
    case '<<': return a << b;
    case '>>': return a >> b;
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : Math.trunc(a / b);
    case '%': return b === 0 ? undefined : a % b;
  }
  return undefined;
}
