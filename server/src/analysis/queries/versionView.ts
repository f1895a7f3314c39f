import type { ExtensionInfo, FunctionDef, VariableDecl } from '../model/model';
import type { ExtensionView } from '../model/view';
import type { CodeBase } from './codeBase';
import { sameAnswer, sameResult, type LoadedFile, type Memo, type Read } from './reads';

/** A computation under way: the questions it asks, recorded for its memo. */
interface Frame {
  trace: Read[];
  /** the last answer recorded per question: a question asked again with the same answer is recorded once */
  asked: Map<string, unknown>;
  /** it read a result still being computed further out (a cycle), so its own result is not final */
  provisional: boolean;
}

/** The answer a question no longer has in this view (a result not kept here nor in the pool). */
const UNKNOWN = Symbol('unknown');

/** per scan key, per function: its summary (scans summarise each function object once) */
const summaries = new Map<string, WeakMap<FunctionDef, readonly unknown[]>>();

export class VersionView implements ExtensionView {
  private readonly loaded = new Set<string>();
  /** each loaded file's facts in load order, and each version question with its answer (decidesAlike) */
  private readonly reads: LoadedFile[] = [];
  private readonly answers = new Map<number, boolean>();
  /** the analysis read the version itself */
  private exact = false;
  private all: FunctionDef[] | undefined;
  private readonly funcs = new Map<string, FunctionDef[]>();
  private readonly vars = new Map<string, VariableDecl[]>();
  private readonly memos = new Map<string, Memo>();
  /** the memos being computed, innermost last, and where each key sits among them */
  private readonly frames: Frame[] = [];
  private readonly computing = new Map<string, number>();
  /** while a kept result's questions are asked again, nothing is recorded */
  private replaying = 0;

  constructor(
    private readonly code: CodeBase,
    private readonly version: number,
    readonly targetVersions: number[],
  ) {
    for (const f of code.initialFiles()) this.load(f);
  }

  get ext(): ExtensionInfo {
    return this.code.ext;
  }

  get workspaceRoot(): string | undefined {
    return this.code.workspaceRoot;
  }

  /** Records a question and its answer for the memo being computed. */
  private note(id: string, answer: unknown, read: () => Read): void {
    if (this.replaying || this.frames.length === 0) return;
    const frame = this.frames[this.frames.length - 1];
    if (frame.asked.has(id) && sameAnswer(frame.asked.get(id), answer)) return;
    const r = read();
    frame.asked.set(id, r.answer);
    frame.trace.push(r);
  }

  get wordingVersion(): number {
    // not a question: findings merged across versions keep the first version's wording
    return this.version;
  }

  get pgVersion(): number {
    this.exact = true;
    this.note('version', this.version, () => ({ k: 'version', answer: this.version }));
    return this.version;
  }

  since(major: number): boolean {
    const answer = this.version >= major;
    this.answers.set(major, answer);
    this.note(`since ${major}`, answer, () => ({ k: 'since', major, answer }));
    return answer;
  }

  private load(file: string): void {
    if (this.loaded.has(file)) return;
    this.loaded.add(file);
    const facts = this.code.facts(file, this.version);
    this.reads.push({ file, facts });
    this.all = undefined;
    if (!facts) return;
    for (const fn of facts.functions) {
      const list = this.funcs.get(fn.name);
      if (list) list.push(fn);
      else this.funcs.set(fn.name, [fn]);
    }
    for (const v of facts.variables) {
      const list = this.vars.get(v.name);
      if (list) list.push(v);
      else this.vars.set(v.name, [v]);
    }
  }

  resolve(name: string, fromFile: string, qualifier?: readonly string[]): FunctionDef | undefined {
    const found = this.resolveNow(name, fromFile, qualifier);
    this.note(`resolve ${fromFile} ${name} ${qualifier?.join('::') ?? ''}`, found, () => ({ k: 'resolve', name, from: fromFile, qualifier, answer: found }));
    return found;
  }

  private resolveNow(name: string, fromFile: string, qualifier?: readonly string[]): FunctionDef | undefined {
    const pick = () => {
      const list = this.funcs.get(name)?.filter((f) => inModule(f, qualifier));
      if (!list) return undefined;
      // a lone static definition elsewhere is reached through `#include "other.c"`
      return list.find((f) => f.file === fromFile) ?? list.find((f) => !f.isStatic) ?? (list.length === 1 ? list[0] : undefined);
    };
    let found = pick();
    if (!found) {
      for (const f of this.code.candidatesFor(name, this.loaded, 'function')) this.load(f);
      found = pick();
    }
    return found;
  }

  functions(): FunctionDef[] {
    const all = this.functionsNow();
    this.note('functions', all, () => ({ k: 'functions', answer: all }));
    return all;
  }

  private functionsNow(): FunctionDef[] {
    if (!this.all) {
      // rebuilt after each load, and views load while rules run: a plain loop, not spread and flat()
      const all: FunctionDef[] = [];
      for (const list of this.funcs.values()) for (const fn of list) all.push(fn);
      this.all = all;
    }
    return this.all;
  }

  scan<T>(key: string, summarize: (fn: FunctionDef) => readonly T[]): readonly T[] {
    const found = this.scanNow(key, summarize);
    this.note(`scan ${key}`, found, () => ({ k: 'scan', key, summarize, answer: found }));
    return found;
  }

  /** the last answer of each scan, with the function list it was made from */
  private readonly scans = new Map<string, { of: FunctionDef[]; found: unknown[] }>();

  private scanNow<T>(key: string, summarize: (fn: FunctionDef) => readonly T[]): T[] {
    const all = this.functionsNow();
    // asked again before anything loads (checking kept results asks the same scans), it is the same
    const last = this.scans.get(key);
    if (last?.of === all) return last.found as T[];
    let byFn = summaries.get(key) as WeakMap<FunctionDef, readonly T[]> | undefined;
    if (!byFn) summaries.set(key, (byFn = new WeakMap()));
    const found: T[] = [];
    for (const fn of all) {
      let summary = byFn.get(fn);
      if (!summary) byFn.set(fn, (summary = summarize(fn)));
      for (const x of summary) found.push(x);
    }
    this.scans.set(key, { of: all, found });
    return found;
  }

  /**
   * Whether an analysis of `version` would read exactly what this one read: the same facts of every
   * file loaded (the front ends hand out the same object for the same variant) and the same answers
   * to the version questions. Analyses are deterministic, so it would then find the same.
   */
  decidesAlike(version: number): boolean {
    if (this.exact && version !== this.version) return false;
    for (const [major, answer] of this.answers) if (version >= major !== answer) return false;
    return this.reads.every(({ file, facts }) => this.code.facts(file, version) === facts);
  }

  entryPoints(): FunctionDef[] {
    return this.functionsNamed('_PG_init');
  }

  functionsNamed(name: string): FunctionDef[] {
    const list = this.funcs.get(name) ?? [];
    // the list grows as files load: the answer recorded is what it holds now
    this.note(`named ${name}`, list, () => ({ k: 'named', name, answer: list.slice() }));
    return list;
  }

  variables(name: string): VariableDecl[] {
    const list = this.variablesNow(name);
    this.note(`variables ${name}`, list, () => ({ k: 'variables', name, answer: list.slice() }));
    return list;
  }

  private variablesNow(name: string): VariableDecl[] {
    if (!this.vars.has(name)) {
      for (const f of this.code.candidatesFor(name, this.loaded, 'variable')) this.load(f);
    }
    return this.vars.get(name) ?? [];
  }

  text(file: string): string | undefined {
    const text = this.code.text(file);
    this.note(`text ${file}`, text, () => ({ k: 'text', file, answer: text }));
    return text;
  }

  mayDefine(name: string, mentions: readonly string[]): boolean {
    const answer = this.code.mayDefine(name, mentions);
    this.note(`mayDefine ${name} ${mentions.join(',')}`, answer, () => ({ k: 'mayDefine', name, mentions, answer }));
    return answer;
  }

  fromText<T>(file: string, key: string, compute: (text: string) => T): T | undefined {
    // the answer is a function of the text: the text is the question
    this.text(file);
    return this.code.fromText(file, key, compute);
  }

  fromDisk<T>(key: string, compute: () => T): T {
    const answer = this.code.fromDisk(key, compute);
    this.note(`disk ${key}`, answer, () => ({ k: 'disk', key, answer }));
    return answer;
  }

  memo<T>(key: string, compute: (view: ExtensionView) => T, provisional?: T): T {
    let kept = this.memos.get(key);
    if (!kept) {
      const depth = this.computing.get(key);
      if (depth !== undefined) {
        // a cycle: the result is read before it is known; what read it holds a provisional answer
        if (provisional === undefined) throw new Error(`memo ${key} depends on itself`);
        for (let i = depth + 1; i < this.frames.length; i++) this.frames[i].provisional = true;
        return provisional;
      }
      kept = this.taken(key);
      if (!kept) {
        const { memo, final } = this.computed(key, compute);
        // a result computed on a provisional answer is not kept: what read it took its questions (adopt)
        if (!final) return memo.value as T;
        kept = memo;
      }
    }
    const value = kept.value;
    this.note(`memo ${key}`, value, () => ({ k: 'memo', key, compute, answer: value }));
    return value as T;
  }

  /** A result kept by an earlier view whose questions get the same answers here. */
  private taken(key: string): Memo | undefined {
    for (const m of this.code.pool.candidates(key)) {
      if (this.answersAlike(m.trace)) {
        this.code.pool.took(key, m);
        this.memos.set(key, m);
        return m;
      }
    }
    return undefined;
  }

  private answersAlike(trace: readonly Read[]): boolean {
    this.replaying++;
    try {
      for (const r of trace) {
        const now = this.answerNow(r);
        // a scan's summaries are made afresh for a function edited: alike is enough (CallShape)
        if (!(r.k === 'scan' ? sameResult(now, r.answer, 3) : sameAnswer(now, r.answer))) return false;
      }
      return true;
    } finally {
      this.replaying--;
    }
  }

  /** The answer this view gives to a question now (asking it may load files, as asking it first did). */
  private answerNow(r: Read): unknown {
    switch (r.k) {
      case 'resolve': return this.resolveNow(r.name, r.from, r.qualifier);
      case 'named': return this.functionsNamed(r.name);
      case 'variables': return this.variablesNow(r.name);
      case 'functions': return this.functionsNow();
      case 'scan': return this.scanNow(r.key, r.summarize);
      case 'mayDefine': return this.code.mayDefine(r.name, r.mentions);
      case 'since': return this.since(r.major);
      case 'version': return this.pgVersion;
      case 'text': return this.code.text(r.file);
      case 'disk': return this.code.diskAnswer(r.key) ?? UNKNOWN;
      // a result no longer kept is computed here: when it comes out the same (early cutoff), what read it holds
      case 'memo': return this.computing.has(r.key) ? UNKNOWN : this.memo(r.key, r.compute);
    }
  }

  private computed(key: string, compute: (view: ExtensionView) => unknown): { memo: Memo; final: boolean } {
    const frame: Frame = { trace: [], asked: new Map(), provisional: false };
    this.computing.set(key, this.frames.length);
    this.frames.push(frame);
    // computed while a kept result is checked: its own questions are recorded all the same
    const replaying = this.replaying;
    this.replaying = 0;
    let value: unknown;
    try {
      value = compute(this);
    } finally {
      this.replaying = replaying;
      this.frames.pop();
      this.computing.delete(key);
    }
    if (frame.provisional) {
      // it read a result of a cycle still being computed: asked again, it is computed again
      this.adopt(frame.trace);
      return { memo: { value, trace: frame.trace }, final: false };
    }
    // a result equal to a kept one is that one, so that what read the kept one still gets the same answer
    const same = this.code.pool.candidates(key).find((m) => sameResult(m.value, value));
    const memo = this.code.pool.add(key, { value: same ? same.value : value, trace: frame.trace });
    this.memos.set(key, memo);
    return { memo, final: true };
  }

  /** The questions of a result that is not kept count as asked by the memo that read it. */
  private adopt(trace: readonly Read[]): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame && !this.replaying) for (const r of trace) frame.trace.push(r);
  }
}

/** Whether a Rust call qualified by a module path (`gucs::init`) can reach `fn` (a suffix of its module). */
function inModule(fn: FunctionDef, qualifier: readonly string[] | undefined): boolean {
  if (!qualifier || qualifier.length === 0 || !fn.module) return true;
  const offset = fn.module.length - qualifier.length;
  return offset >= 0 && qualifier.every((seg, i) => fn.module![offset + i] === seg);
}
