import type { ExtensionInfo, FileFacts, FunctionDef, VariableDecl } from '../model/model';
import type { ExtensionView } from '../model/view';
import type { CodeBase } from './codeBase';
import { sameAnswer, sameResult, type Memo, type Read } from './reads';
import { perFunction } from '../semantics/statements';

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
/** per file's facts, per scan key: its functions' summaries in order */
const fileSummaries = new WeakMap<FileFacts, Map<string, readonly unknown[]>>();

function summaryOf<T>(fn: FunctionDef, key: string, summarize: (fn: FunctionDef) => readonly T[]): readonly T[] {
  let byFn = summaries.get(key) as WeakMap<FunctionDef, readonly T[]> | undefined;
  if (!byFn) summaries.set(key, (byFn = new WeakMap()));
  return perFunction(byFn, fn, summarize);
}

function fileSummary<T>(facts: FileFacts, key: string, summarize: (fn: FunctionDef) => readonly T[]): readonly T[] {
  let byKey = fileSummaries.get(facts);
  if (!byKey) fileSummaries.set(facts, (byKey = new Map()));
  let found = byKey.get(key) as readonly T[] | undefined;
  if (!found) {
    const list: T[] = [];
    for (const fn of facts.functions) for (const x of summaryOf(fn, key, summarize)) list.push(x);
    byKey.set(key, (found = list));
  }
  return found;
}

export class VersionView implements ExtensionView {
  /** each loaded file's facts in load order, and each version question with its answer (decidesAlike) */
  private readonly loaded = new Map<string, FileFacts | undefined>();
  private readonly answers = new Map<number, boolean>();
  /** the analysis read the version itself */
  private exact = false;
  /** every loaded function by name, for resolve */
  private readonly funcs = new Map<string, FunctionDef[]>();
  private readonly vars = new Map<string, VariableDecl[]>();
  /**
   * What scans and `functionsNamed` see, in order: the facts of files read whole, and the functions a
   * resolve handed out from files read for one definition (whose other bodies are never extracted).
   */
  private readonly seen: (FileFacts | FunctionDef)[] = [];
  private readonly seenFunctions = new Set<FunctionDef>();
  private readonly seenByName = new Map<string, FunctionDef[]>();
  private readonly wholeFiles = new Set<string>();
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

  /**
   * Loads a file for resolve and variables; `whole`: its functions count for scans too. A file loaded only
   * to find a definition adds just the functions a resolve hands out (see `handOut`).
   */
  private load(file: string, whole = true): void {
    let facts = this.loaded.get(file);
    if (!this.loaded.has(file)) {
      facts = this.code.facts(file, this.version);
      this.loaded.set(file, facts);
      if (facts) {
        const { functions, variables } = byName(facts);
        add(this.funcs, functions);
        add(this.vars, variables);
      }
    }
    if (!whole || !facts || this.wholeFiles.has(file)) return;
    this.wholeFiles.add(file);
    if (!facts.functions.some((fn) => this.seenFunctions.has(fn))) {
      this.seen.push(facts);
      for (const fn of facts.functions) this.seenFunctions.add(fn);
      add(this.seenByName, byName(facts).functions);
    } else for (const fn of facts.functions) this.handOut(fn);
  }

  /** A function a resolve gives out joins what scans see (once). */
  private handOut(fn: FunctionDef): void {
    if (this.seenFunctions.has(fn)) return;
    this.seenFunctions.add(fn);
    this.seen.push(fn);
    this.seenByName.set(fn.name, [...(this.seenByName.get(fn.name) ?? []), fn]);
  }

  resolve(name: string, fromFile: string, qualifier?: readonly string[]): FunctionDef | undefined {
    const found = this.resolveNow(name, fromFile, qualifier);
    this.note(`resolve ${fromFile} ${name} ${qualifier?.join('::') ?? ''}`, found, () => ({ k: 'resolve', name, from: fromFile, qualifier, answer: found }));
    return found;
  }

  private resolveNow(name: string, fromFile: string, qualifier?: readonly string[]): FunctionDef | undefined {
    const pick = () => {
      const named = this.funcs.get(name);
      // C calls name no module: no copy of the list (kept results ask thousands of these per keystroke)
      const list = qualifier?.length ? named?.filter((f) => inModule(f, qualifier)) : named;
      if (!list) return undefined;
      // a lone static definition elsewhere is reached through `#include "other.c"`
      return list.find((f) => f.file === fromFile) ?? list.find((f) => !f.isStatic) ?? (list.length === 1 ? list[0] : undefined);
    };
    let found = pick();
    if (!found) {
      for (const f of this.code.candidatesFor(name, this.loaded, 'function', qualifier)) this.load(f, false);
      found = pick();
    }
    if (found) this.handOut(found);
    return found;
  }

  scan<T>(key: string, summarize: (fn: FunctionDef) => readonly T[]): readonly T[] {
    const found = this.scanNow(key, summarize);
    this.note(`scan ${key}`, found, () => ({ k: 'scan', key, summarize, answer: found }));
    return found;
  }

  /** the last answer of each scan, and how much of `seen` it covered */
  private readonly scans = new Map<string, { loaded: number; found: readonly unknown[] }>();

  /** The summaries of the functions scans see, in order; those seen since the last answer are added to it. */
  private scanNow<T>(key: string, summarize: (fn: FunctionDef) => readonly T[]): readonly T[] {
    const last = this.scans.get(key);
    if (last?.loaded === this.seen.length) return last.found as readonly T[];
    // answers are kept as they were given (a result's questions hold them): a longer one is a copy
    const found: T[] = last ? (last.found.slice() as T[]) : [];
    for (let i = last?.loaded ?? 0; i < this.seen.length; i++) {
      const e = this.seen[i];
      for (const x of 'functions' in e ? fileSummary(e, key, summarize) : summaryOf(e, key, summarize)) found.push(x);
    }
    this.scans.set(key, { loaded: this.seen.length, found });
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
    for (const [file, facts] of this.loaded) if (this.code.facts(file, version) !== facts) return false;
    return true;
  }

  entryPoints(): FunctionDef[] {
    return this.functionsNamed('_PG_init');
  }

  functionsNamed(name: string): FunctionDef[] {
    const list = this.seenByName.get(name) ?? [];
    // lists are replaced, never changed, as files load: the answer is the list of now
    this.note(`named ${name}`, list, () => ({ k: 'named', name, answer: list }));
    return list;
  }

  variables(name: string): VariableDecl[] {
    const list = this.variablesNow(name);
    this.note(`variables ${name}`, list, () => ({ k: 'variables', name, answer: list }));
    return list;
  }

  private variablesNow(name: string): VariableDecl[] {
    if (!this.vars.has(name)) {
      for (const f of this.code.candidatesFor(name, this.loaded, 'variable')) this.load(f, false);
    }
    return this.vars.get(name) ?? [];
  }

  text(file: string): string | undefined {
    const text = this.code.text(file);
    this.note(`text ${file}`, text, () => ({ k: 'text', file, answer: text }));
    return text;
  }

  definedWhere(mentions: readonly string[]): ReadonlySet<string> {
    const answer = this.code.definedWhere(mentions);
    this.note(`defined ${mentions.join(',')}`, answer, () => ({ k: 'defined', mentions, answer }));
    return answer;
  }

  loadMentioning(mentions: readonly string[]): readonly string[] {
    const files = this.loadMentioningNow(mentions);
    this.note(`mentioning ${mentions.join(',')}`, files, () => ({ k: 'mentioning', mentions, answer: files }));
    return files;
  }

  private loadMentioningNow(mentions: readonly string[]): readonly string[] {
    const files = this.code.filesMentioning(mentions);
    for (const f of files) this.load(f);
    return files;
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

  /**
   * A result kept by an earlier view whose questions get the same answers here. Asking them loads files
   * and computes results as asking them first did. When an answer differs, what was done up to there
   * stays, and rightly: computations are deterministic, so the one that follows asks the same questions
   * up to that one (the first whose answer differs), with the same effects.
   */
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
        // a scan's summaries are made afresh for a function edited: alike is enough (CallShape); the
        // names defined are a new set when one comes or goes, which another may have undone
        if (!(r.k === 'scan' ? sameResult(now, r.answer, 3) : r.k === 'defined' ? sameResult(now, r.answer, 1) : sameAnswer(now, r.answer))) return false;
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
      case 'scan': return this.scanNow(r.key, r.summarize);
      case 'defined': return this.code.definedWhere(r.mentions);
      case 'mentioning': return this.loadMentioningNow(r.mentions);
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

/** per file's facts: its functions and variables by name, shared by every view that loads it */
const named = new WeakMap<FileFacts, { functions: Map<string, FunctionDef[]>; variables: Map<string, VariableDecl[]> }>();

function byName(facts: FileFacts): { functions: Map<string, FunctionDef[]>; variables: Map<string, VariableDecl[]> } {
  let found = named.get(facts);
  if (!found) {
    found = { functions: group(facts.functions), variables: group(facts.variables) };
    named.set(facts, found);
  }
  return found;
}

function group<T extends { name: string }>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const list = out.get(x.name);
    if (list) list.push(x);
    else out.set(x.name, [x]);
  }
  return out;
}

/** Adds a file's lists to a view's index. Lists are never changed in place: they are shared. */
function add<T>(index: Map<string, T[]>, lists: Map<string, T[]>): void {
  for (const [name, list] of lists) {
    const before = index.get(name);
    index.set(name, before ? [...before, ...list] : list);
  }
}

/** Whether a Rust call qualified by a module path (`gucs::init`) can reach `fn` (a suffix of its module). */
function inModule(fn: FunctionDef, qualifier: readonly string[] | undefined): boolean {
  if (!qualifier || qualifier.length === 0 || !fn.module) return true;
  const offset = fn.module.length - qualifier.length;
  return offset >= 0 && qualifier.every((seg, i) => fn.module![offset + i] === seg);
}
