import type { ExtensionInfo, FunctionDef, VariableDecl } from '../model/model';
import type { ExtensionView } from '../model/view';
import type { CodeBase } from './codeBase';
import type { LoadedFile, Memo, Reads } from './reads';

export class VersionView implements ExtensionView {
  private readonly loaded = new Set<string>();
  /** what the analysis read: each loaded file's facts in load order, and each version question with its answer */
  private readonly reads: LoadedFile[] = [];
  private readonly answers = new Map<number, boolean>();
  /** the analysis read the version itself */
  private exact = false;
  private all: FunctionDef[] | undefined;
  private readonly funcs = new Map<string, FunctionDef[]>();
  private readonly vars = new Map<string, VariableDecl[]>();
  private readonly memos = new Map<string, Memo>();
  /** the reads being recorded, innermost last: a rule's, and a memo's computed on its behalf */
  private readonly recording: Reads[] = [];

  constructor(
    private readonly code: CodeBase,
    private readonly version: number,
    readonly targetVersions: number[],
  ) {
    for (const f of code.initialFiles()) this.load(f);
  }

  /** Runs `read` and tells what it read of this view. */
  private track(read: () => void): Reads {
    const reads: Reads = { code: false, files: new Set(), answers: new Map(), exact: false };
    this.recording.push(reads);
    try {
      read();
    } finally {
      this.recording.pop();
    }
    return reads;
  }

  private readCode(): void {
    for (const r of this.recording) r.code = true;
  }

  private readText(file: string): void {
    // once a rule has read code its results are not kept by text, so which texts it read no longer matters
    for (const r of this.recording) if (!r.code) r.files.add(file);
  }

  private readAll(reads: Reads): void {
    for (const [major, answer] of reads.answers) this.answered(major, answer);
    if (reads.exact) this.readExact();
    if (reads.code) return this.readCode();
    for (const f of reads.files) this.readText(f);
  }

  private answered(major: number, answer: boolean): void {
    this.answers.set(major, answer);
    for (const r of this.recording) r.answers.set(major, answer);
  }

  private readExact(): void {
    this.exact = true;
    for (const r of this.recording) r.exact = true;
  }

  get wordingVersion(): number {
    this.readCode();
    return this.version;
  }

  get ext(): ExtensionInfo {
    return this.code.ext;
  }

  get workspaceRoot(): string | undefined {
    return this.code.workspaceRoot;
  }

  private load(file: string): void {
    if (this.loaded.has(file)) return;
    this.loaded.add(file);
    const facts = this.code.facts(file, this.version);
    this.reads.push({ file, facts });
    this.all = undefined;
    if (!facts) return;
    for (const fn of facts.functions) {
      const list = this.funcs.get(fn.name) ?? [];
      list.push(fn);
      this.funcs.set(fn.name, list);
    }
    for (const v of facts.variables) {
      const list = this.vars.get(v.name) ?? [];
      list.push(v);
      this.vars.set(v.name, list);
    }
  }

  resolve(name: string, fromFile: string, qualifier?: readonly string[]): FunctionDef | undefined {
    this.readCode();
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
    this.readCode();
    if (!this.all) {
      // rebuilt after each load, and views load while rules run: a plain loop, not spread and flat()
      const all: FunctionDef[] = [];
      for (const list of this.funcs.values()) for (const fn of list) all.push(fn);
      this.all = all;
    }
    return this.all;
  }

  get pgVersion(): number {
    this.readCode();
    this.readExact();
    return this.version;
  }

  since(major: number): boolean {
    this.readCode();
    const answer = this.version >= major;
    this.answered(major, answer);
    return answer;
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
    this.readCode();
    return this.funcs.get(name) ?? [];
  }

  variables(name: string): VariableDecl[] {
    this.readCode();
    if (!this.vars.has(name)) {
      for (const f of this.code.candidatesFor(name, this.loaded, 'variable')) this.load(f);
    }
    return this.vars.get(name) ?? [];
  }

  text(file: string): string | undefined {
    this.readText(file);
    return this.code.text(file);
  }

  mayDefine(name: string, mentions: readonly string[]): boolean {
    this.readCode();
    return this.code.mayDefine(name, mentions);
  }

  fromText<T>(file: string, key: string, compute: (text: string) => T): T | undefined {
    this.readText(file);
    return this.code.fromText(file, key, compute);
  }

  fromDisk<T>(key: string, compute: () => T): T {
    return this.code.fromDisk(key, compute);
  }

  memo<T>(key: string, compute: () => T): T {
    return this.run(key, compute).value;
  }

  /** A memoised result with what its computation read. */
  run<T>(key: string, compute: () => T): { value: T; reads: Reads } {
    let kept = this.memos.get(key);
    if (!kept) {
      kept = this.pooled(key) ?? this.computed(key, compute);
      this.memos.set(key, kept);
    }
    this.used(key, kept);
    this.readAll(kept.reads);
    return kept as { value: T; reads: Reads };
  }

  /** per memo being computed, the memos it reads */
  private readonly nesting: [string, Memo][][] = [];

  private computed(key: string, compute: () => unknown): Memo {
    const start = this.reads.length;
    let value: unknown;
    const nested: [string, Memo][] = [];
    this.nesting.push(nested);
    let reads: Reads;
    try {
      reads = this.track(() => (value = compute()));
    } finally {
      this.nesting.pop();
    }
    // a result made of nothing is a container the view's readers fill as they go (guards.raises): it
    // holds this view's answers, so it is neither offered to nor taken by another view
    if (!reads.code && reads.files.size === 0 && nested.length === 0) return { value, reads, local: true };
    const memo = { value, reads };
    const pool = this.code.memoPool.get(key) ?? [];
    pool.push({ ...memo, version: this.version, before: this.reads.slice(0, start), during: this.reads.slice(start), nested });
    this.code.memoPool.set(key, pool);
    return memo;
  }

  /** A memo was read: the memos being computed depend on it (a view's own containers aside). */
  private used(key: string, memo: Memo): void {
    if (memo.local) return;
    for (const frame of this.nesting) frame.push([key, memo]);
  }

  /**
   * Another version's result this view would compute alike: same facts loaded, same answers to its
   * version questions, and the memos it read, where this view has them, the same. Its loads are repeated
   * here and the memos it read or made are taken too (as that view had them from then on).
   */
  private pooled(key: string): Memo | undefined {
    const found = this.code.memoPool.get(key)?.find(
      (m) =>
        // a result that read no code (a control file, the documentation) is the same in every view
        !m.reads.code ||
        ((!m.reads.exact || m.version === this.version) &&
        [...m.reads.answers].every(([major, answer]) => this.version >= major === answer) &&
        m.before.length === this.reads.length &&
        m.before.every((r, i) => this.reads[i].file === r.file && this.reads[i].facts === r.facts) &&
        m.during.every((r) => this.code.facts(r.file, this.version) === r.facts) &&
        m.nested.every(([k, memo]) => (this.memos.get(k) ?? memo) === memo)),
    );
    if (!found) return undefined;
    for (const r of found.during) this.load(r.file);
    for (const [k, m] of found.nested) {
      if (this.memos.has(k)) continue;
      this.memos.set(k, m);
      this.used(k, m);
    }
    return { value: found.value, reads: found.reads };
  }
}

/** Whether a Rust call qualified by a module path (`gucs::init`) can reach `fn` (a suffix of its module). */
function inModule(fn: FunctionDef, qualifier: readonly string[] | undefined): boolean {
  if (!qualifier || qualifier.length === 0 || !fn.module) return true;
  const offset = fn.module.length - qualifier.length;
  return offset >= 0 && qualifier.every((seg, i) => fn.module![offset + i] === seg);
}
