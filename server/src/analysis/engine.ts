import * as path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { ExtensionInfo, FileFacts, FunctionDef, VariableDecl } from './model/model';
import type { Finding } from './model/findings';
import { compareFindings } from './model/findings';
import type { ExtensionView } from './model/view';
import type { RuleDef, RuleFinding, Severity, SeveritySetting } from './rules/types';
import { RULES, ruleMeta } from './rules';
import { loadParsers, type Parsers } from './syntax/parsers';
import { checkEditorText, readSource, type SourceRead } from './syntax/source';
import { discoverExtensions, projectRoot, type DiscoverOptions } from './semantics/workspace';
import { HeaderIndex, includeLines, isHeader, outsideHeaders } from './frontends/c/includes';
import { loadSqlParser } from './frontends/sql/parser';
import { forgetScript, keptScripts } from './frontends/sql/sources';
import { commentStyleFor, parseSuppressions, type Suppression } from './semantics/suppressions';
import { CSources } from './frontends/c/sources';
import type { Macros } from './frontends/c/variants';
import { RustSources } from './frontends/rust/sources';
import { CppSources } from './frontends/cpp/sources';
import { isCppSource } from './frontends/cpp/files';
import { pgrxVersions } from './frontends/rust/cargo';
import { describeVersions, DEFAULT_PG_VERSIONS } from './semantics/versions';
import { TextSearches } from './syntax/textSearches';
import { KeptByTexts, sameTexts, type TextsRead } from './syntax/keptByTexts';
import { CandidateFiles } from './syntax/candidateFiles';

export interface LintSettings {
  /** target versions; undefined means the extension's own (pgrx features) or the default 13..18 */
  pgVersions?: number[];
  /** per-rule severity overrides */
  rules?: Record<string, SeveritySetting>;
  /**
   * the folder the user works in (the LSP workspace folder, the CLI's current directory):
   * documentation in the folders above an extension is read up to it
   */
  workspaceRoot?: string;
}

export interface AnalyzeIO {
  /** the text of a file as the editor has it, if it differs from disk */
  overlay?(file: string): string | undefined;
  /** a file that could not be analysed, and why */
  onSkip?(file: string, reason: string): void;
  /** a file analysed despite a problem worth telling (invalid UTF-8) */
  onWarning?(file: string, message: string): void;
  /** a rule that threw: logged, the other rules' results still arrive */
  onRuleError?(rule: string, error: unknown): void;
  isCancelled?(): boolean;
}

/**
 * Text that makes a file worth parsing up front: entry points and hook installs, which rules look
 * for in any function. Everything else is parsed only when a call from the init path needs it.
 */
const RELEVANT = /_PG_init|_PG_fini|\b\w+_hook\s*=[^=]|register_hook/;

export class Engine {
  private readonly texts = new Map<string, SourceRead>();
  /** the editor's texts last checked against the limits of files on disk */
  private readonly editorTexts = new Map<string, { text: string; read: SourceRead }>();
  /** searches of file texts (relevance, likely definitions), kept across analyses */
  readonly searches = new TextSearches();
  private readonly cSources: CSources;
  private readonly cppSources: CppSources;
  private readonly rustSources: RustSources;
  /** the headers of each repository by file name, for project headers outside an extension's folder */
  readonly headers = new HeaderIndex();
  /** answers computed from file texts and the disk (an extension's include graph), kept while both stay the same */
  readonly keptByTexts = new KeptByTexts();
  /** answers read from the disk (folder listings), kept until a file changes on disk */
  private readonly diskAnswers = new Map<string, unknown>();
  /** findings of rules that read no code, by extension root: kept while the files they read stay the same */
  private readonly textRuleResults = new Map<string, TextRuleResults>();

  private constructor(private readonly parsers: Parsers) {
    this.cSources = new CSources(parsers.c);
    this.cppSources = new CppSources(parsers.cpp);
    this.rustSources = new RustSources(parsers.rust);
  }

  static async create(): Promise<Engine> {
    // one after the other: the SQL parser's wasm is compiled under a V8 flag that must not reach tree-sitter's
    await loadSqlParser();
    return new Engine(await loadParsers());
  }

  discover(paths: string[], isIgnored?: (p: string) => boolean, options?: DiscoverOptions): ExtensionInfo[] {
    const exts = discoverExtensions(paths, isIgnored, options);
    for (const ext of exts) {
      if (ext.kind === 'rust') {
        const cargo = path.join(ext.root, 'Cargo.toml');
        if (existsSync(cargo)) ext.ownVersions = pgrxVersions(readFileSync(cargo, 'utf8'));
      }
    }
    return exts;
  }

  /** Forget cached text and facts of a file (it changed on disk or in the editor). */
  /** The editor closed a file: its kept syntax trees are freed. */
  closed(file: string): void {
    this.editorTexts.delete(file);
    this.cSources.closed(file);
    this.cppSources.closed(file);
    this.rustSources.closed(file);
  }

  private readonly candidates = new Map<string, CandidateFiles>();

  /** The text searches of an extension's files, kept across its analyses. */
  candidateFiles(root: string): CandidateFiles {
    let c = this.candidates.get(root);
    if (!c) {
      c = new CandidateFiles(this.searches);
      this.candidates.set(root, c);
    }
    return c;
  }

  invalidate(file: string): void {
    // a rule may have listed a folder or read a build file from disk: a change on disk drops them all
    this.textRuleResults.clear();
    this.diskAnswers.clear();
    this.keptByTexts.clear();
    this.headers.invalidate(file);
    this.drop(file);
  }

  /** the files each extension's analyses read (its own and the project headers it includes), by root */
  private readonly readBy = new Map<string, Set<string>>();

  /** The set the analyses of the extension at `root` record the files they read in. */
  filesReadFor(root: string): Set<string> {
    let files = this.readBy.get(root);
    if (!files) this.readBy.set(root, (files = new Set()));
    return files;
  }

  /**
   * Drops what the engine keeps of an extension: its files' texts, searches and facts, and its kept
   * findings. The CLI calls it once an extension's findings are out, so that memory stays flat across
   * extensions; analysing the extension again reads everything afresh. Files the editor has open keep
   * their syntax trees until `closed`.
   */
  forget(ext: ExtensionInfo): void {
    const files = new Set([...(this.readBy.get(ext.root) ?? []), ...ext.sourceFiles, ...ext.controlFiles, ...ext.sqlFiles, ...ext.docFiles, ...ext.buildFiles]);
    for (const file of files) this.drop(file);
    this.readBy.delete(ext.root);
    this.candidates.delete(ext.root);
    this.textRuleResults.delete(ext.root);
    this.diskAnswers.clear();
    this.keptByTexts.clear();
  }

  /** Files the engine keeps a text, search or facts of (what `forget` and `invalidate` drop). */
  cachedFiles(): Set<string> {
    return new Set([...this.texts.keys(), ...this.searches.files(), ...this.cSources.cachedFiles(), ...this.cppSources.cachedFiles(), ...this.rustSources.cachedFiles(), ...keptScripts()]);
  }

  private drop(file: string): void {
    this.texts.delete(file);
    this.searches.forget(file);
    this.cSources.invalidate(file);
    this.cppSources.invalidate(file);
    this.rustSources.invalidate(file);
    forgetScript(file);
  }

  /** An answer read from the disk, computed once until a file changes on disk. */
  fromDisk<T>(key: string, compute: () => T): T {
    if (!this.diskAnswers.has(key)) this.diskAnswers.set(key, compute());
    return this.diskAnswers.get(key) as T;
  }

  /** The analysed text of a file, read once per engine until invalidated. */
  read(file: string, io: AnalyzeIO = {}): SourceRead {
    const overlay = io.overlay?.(file);
    if (overlay !== undefined) {
      let checked = this.editorTexts.get(file);
      if (checked?.text !== overlay) {
        checked = { text: overlay, read: checkEditorText(overlay) };
        this.editorTexts.set(file, checked);
      }
      return checked.read;
    }
    let r = this.texts.get(file);
    if (!r) {
      const read = readSource(file);
      this.texts.set(file, read);
      if ('text' in read && read.warning) io.onWarning?.(file, read.warning);
      r = read;
    }
    return r;
  }

  targetVersions(ext: ExtensionInfo, settings: LintSettings): number[] {
    return [...(settings.pgVersions ?? ext.ownVersions ?? DEFAULT_PG_VERSIONS)].sort((a, b) => a - b);
  }

  /** The extension's code on each target version, for reports that read the analysis itself. */
  views(ext: ExtensionInfo, settings: LintSettings = {}, io: AnalyzeIO = {}): ExtensionView[] {
    const versions = this.targetVersions(ext, settings);
    const code = new CodeBase(this, ext, io, settings.workspaceRoot);
    return versions.map((v) => code.view(v, versions));
  }

  analyzeExtension(ext: ExtensionInfo, settings: LintSettings = {}, io: AnalyzeIO = {}): Finding[] {
    try {
      return this.analyze(ext, settings, io);
    } finally {
      this.cSources.settle();
    }
  }

  private analyze(ext: ExtensionInfo, settings: LintSettings, io: AnalyzeIO): Finding[] {
    const versions = this.targetVersions(ext, settings);
    const severityOf = (rule: string): SeveritySetting | undefined =>
      settings.rules?.[rule] ?? ruleMeta(rule)?.defaultSeverity;
    const rules = RULES.filter((r) => severityOf(r.id) !== 'off');
    const merged = new Map<string, { f: RuleFinding; rule: RuleDef; versions: number[] }>();
    const code = new CodeBase(this, ext, io, settings.workspaceRoot);
    const textRules = this.textRulesFor(ext, versions, settings.workspaceRoot, code);
    // versions whose analysis read the same facts and got the same version answers share its findings
    const done: { view: VersionView; emitted: { rule: RuleDef; f: RuleFinding }[] }[] = [];
    for (const v of versions) {
      if (io.isCancelled?.()) return [];
      let emitted = done.find((d) => d.view.decidesAlike(v))?.emitted;
      if (!emitted) {
        const view = code.view(v, versions);
        const found: { rule: RuleDef; f: RuleFinding }[] = [];
        for (const rule of rules) {
          if (io.isCancelled?.()) return [];
          const kept = textRules.results.get(rule.id);
          if (kept) {
            for (const f of kept.findings) found.push({ rule, f });
            continue;
          }
          // a rule's run is memoised like any result: another version may take it (VersionView.pooled)
          const { value, reads } = view.run(`rule:${rule.id}`, () => {
            const findings: RuleFinding[] = [];
            try {
              rule.check(view, (f) => findings.push(f));
              return { findings };
            } catch (error) {
              return { findings, error };
            }
          });
          if ('error' in value) io.onRuleError?.(rule.id, value.error);
          else if (!reads.code) textRules.results.set(rule.id, { texts: new Map([...reads.files].map((f) => [f, code.text(f)])), findings: value.findings });
          for (const f of value.findings) found.push({ rule, f });
        }
        done.push({ view, emitted: found });
        emitted = found;
      }
      for (const { rule, f } of emitted) {
        const { start } = f.loc.range;
        const key = `${rule.id}|${f.loc.file}|${start.line}|${start.character}`;
        const seen = merged.get(key);
        // a statement reached on several paths of one version (a goto's copy) is one finding
        if (seen) {
          if (seen.versions[seen.versions.length - 1] !== v) seen.versions.push(v);
        }
        else merged.set(key, { f, rule, versions: [v] });
      }
    }
    const findings: Finding[] = [];
    for (const { f, rule, versions: vs } of merged.values()) {
      const configured = severityOf(rule.id);
      const severity: Severity =
        settings.rules?.[rule.id] !== undefined ? (configured as Severity) : (f.severity ?? rule.defaultSeverity);
      findings.push({
        rule: rule.id,
        severity,
        loc: f.loc,
        message: vs.length < versions.length ? `${f.message} (${describeVersions(vs)})` : f.message,
        fixes: f.fixes ?? [],
        related: f.related ?? [],
        unnecessary: f.unnecessary,
        versions: vs,
        extension: ext.name,
      });
    }
    return this.applySuppressions(ext, findings, severityOf, io).sort(compareFindings);
  }

  /**
   * The kept findings of rules that read no code for this extension, those whose files still have the
   * texts the rule read: an edit of a C file does not re-run the SQL and control-file rules.
   */
  private textRulesFor(ext: ExtensionInfo, versions: number[], workspaceRoot: string | undefined, code: CodeBase): TextRuleResults {
    const key = JSON.stringify([ext, versions, workspaceRoot]);
    let kept = this.textRuleResults.get(ext.root);
    if (kept?.key !== key) {
      kept = { key, results: new Map() };
      this.textRuleResults.set(ext.root, kept);
    }
    for (const [rule, r] of kept.results) if (!sameTexts(r.texts, (f) => code.text(f))) kept.results.delete(rule);
    return kept;
  }

  private applySuppressions(
    ext: ExtensionInfo,
    findings: Finding[],
    severityOf: (rule: string) => SeveritySetting | undefined,
    io: AnalyzeIO,
  ): Finding[] {
    const byFile = new Map<string, Suppression[]>();
    for (const file of [...ext.sourceFiles, ...ext.controlFiles, ...ext.sqlFiles]) {
      const style = commentStyleFor(file);
      const r = this.read(file, io);
      // read once per text: an edit parses the comments of the edited file only
      if (style && 'text' in r) byFile.set(file, this.searches.get(file, r.text, `suppressions:${style}`, (text) => parseSuppressions(file, text, style)));
    }
    const used = new Set<Suppression>();
    const kept = findings.filter((f) => {
      const line = f.loc.range.start.line;
      const s = byFile.get(f.loc.file)?.find((s) => s.rule === f.rule && s.fromLine <= line && line <= s.toLine);
      if (s) used.add(s);
      return !s;
    });
    const unusedSeverity = severityOf('unused-suppression');
    if (unusedSeverity === 'off' || unusedSeverity === undefined) return kept;
    for (const list of byFile.values()) {
      for (const s of list) {
        if (used.has(s)) continue;
        const known = ruleMeta(s.rule);
        if (known && severityOf(s.rule) === 'off') continue;
        kept.push({
          rule: 'unused-suppression',
          severity: unusedSeverity,
          loc: s.loc,
          message: known
            ? `This pgext-lint-ignore comment suppresses nothing: no ${s.rule} finding here. Remove it.`
            : `Unknown rule '${s.rule}' in a pgext-lint-ignore comment.`,
          fixes: [],
          related: [],
          unnecessary: true,
          versions: [],
          extension: ext.name,
        });
      }
    }
    return kept;
  }

  /** C facts of one file for one version (cached by the file's variant). */
  cFacts(file: string, text: string, version: number, headerMacros: () => Macros, editing = false): FileFacts {
    return this.cSources.facts(file, text, version, headerMacros, editing);
  }

  /** C++ facts of one file for one version; `headers` are the project's headers (their trampolines). */
  cppFacts(file: string, text: string, version: number, headerMacros: () => Macros, headers: () => { file: string; text: string }[], editing = false): FileFacts {
    return this.cppSources.facts(file, text, version, headerMacros, headers, editing);
  }

  headerMacros(headers: { file: string; text: string }[], version: number): Macros {
    return this.cSources.headerMacros(headers, version);
  }

  rustFacts(file: string, text: string, version: number, editing = false): FileFacts {
    return this.rustSources.facts(file, text, version, editing);
  }
}

interface TextRuleResults {
  /** the extension, target versions and workspace the results were found for */
  key: string;
  results: Map<string, { texts: TextsRead; findings: RuleFinding[] }>;
}

/** What a rule (or a memoised result) read of a view: any code or version answer, and which files' texts. */
interface Reads {
  code: boolean;
  files: Set<string>;
  /** the version questions asked (`since(major)`) and their answers */
  answers: Map<number, boolean>;
  /** the exact version was read */
  exact: boolean;
}

/**
 * A memoised result of one version's analysis, offered to the other versions of the same analysis:
 * one that has loaded the same files with the same facts, and whose version gives the same answers to
 * the questions the result asked, would compute the same value.
 */
interface PooledMemo {
  value: unknown;
  reads: Reads;
  version: number;
  /** the files loaded before the result was computed, and those its computation loaded */
  before: LoadedFile[];
  during: LoadedFile[];
  /** the memoised results its computation read or made, which a view taking it takes too */
  nested: [string, Memo][];
}

interface Memo {
  value: unknown;
  reads: Reads;
}

interface LoadedFile {
  file: string;
  facts: FileFacts | undefined;
}

/** The files of one extension during one analysis: which are loaded, and their facts per version. */
class CodeBase {
  /** memoised results of the versions analysed so far, by memo key */
  readonly memoPool = new Map<string, PooledMemo[]>();
  private readonly relevant: string[] = [];
  /** the files not loaded up front, with their positions among the extension's files */
  private readonly rest = new Map<string, number>();
  private readonly candidates: CandidateFiles;
  /** the files this extension's analyses read, for Engine.forget */
  private readonly read: Set<string>;

  constructor(
    private readonly engine: Engine,
    readonly ext: ExtensionInfo,
    private readonly io: AnalyzeIO,
    readonly workspaceRoot: string | undefined,
  ) {
    const texts = new Map<string, string>();
    ext.sourceFiles.forEach((file, i) => {
      const r = engine.read(file, io);
      if ('skipped' in r) {
        io.onSkip?.(file, r.skipped);
        return;
      }
      texts.set(file, r.text);
      if (engine.searches.test(file, r.text, 'relevant', RELEVANT)) this.relevant.push(file);
      else this.rest.set(file, i);
    });
    this.candidates = engine.candidateFiles(ext.root);
    this.read = engine.filesReadFor(ext.root);
    this.candidates.update(texts);
  }

  view(version: number, targetVersions: number[]): VersionView {
    return new VersionView(this, version, targetVersions);
  }

  text(file: string): string | undefined {
    this.read.add(file);
    const r = this.engine.read(file, this.io);
    return 'text' in r ? r.text : undefined;
  }

  initialFiles(): string[] {
    return this.relevant;
  }

  private readonly searched = new Map<string, string[]>();

  /**
   * Files not loaded yet that may define function `name` (or declare variable `name` at file scope). Searched
   * once per name whatever the version; external functions (palloc, elog) then cost one scan.
   */
  candidatesFor(name: string, loaded: Set<string>, what: 'function' | 'variable'): string[] {
    const key = `${what}:${name}`;
    let files = this.searched.get(key);
    if (!files) {
      const id = name.replace(/[^\w]/g, '');
      const re =
        what === 'variable'
          ? this.ext.kind === 'rust'
            ? new RegExp(`\\bstatic\\s+(mut\\s+)?${id}\\b`)
            : new RegExp(`^[A-Za-z_][^\\n;{}()]*\\b${id}\\s*(?:=[^=]|;|\\[)`, 'm')
          : this.ext.kind === 'rust'
            ? new RegExp(`\\bfn\\s+${id}\\b`)
            : new RegExp(`\\b${id}\\s*\\([^;{}]*\\)\\s*(?:/\\*[^]*?\\*/\\s*)?\\{`);
      files = this.candidates.matching(this.rest, key, re, id);
      this.searched.set(key, files);
    }
    return files.filter((f) => !loaded.has(f));
  }

  fromText<T>(file: string, key: string, compute: (text: string) => T): T | undefined {
    const text = this.text(file);
    return text === undefined ? undefined : this.engine.searches.get(file, text, key, compute);
  }

  fromDisk<T>(key: string, compute: () => T): T {
    return this.engine.fromDisk(JSON.stringify([this.ext.root, this.workspaceRoot, key]), compute);
  }

  /**
   * Whether a file mentioning one of `mentions` has a line that looks like a definition of `name`
   * (pgindent puts a definition's name at the start of its line; Rust spells `fn name(`). The names
   * each file defines are read once per text.
   */
  mayDefine(name: string, mentions: readonly string[]): boolean {
    return this.candidates.mayDefine(name, mentions, (file, text) => this.engine.searches.get(file, text, 'definitions', () => definedNames(file, text)));
  }

  private readonly toldSkipped = new Set<string>();

  facts(file: string, version: number): FileFacts | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    // a file the editor has open is re-parsed incrementally after each edit
    const editing = this.io.overlay?.(file) !== undefined;
    let facts: FileFacts;
    try {
      facts =
        this.ext.kind === 'rust'
          ? this.engine.rustFacts(file, text, version, editing)
          : isCppSource(file)
            ? this.engine.cppFacts(file, text, version, () => this.headerMacros(version), () => this.headers(), editing)
            : this.engine.cFacts(file, text, version, () => this.headerMacros(version), editing);
    } catch (e) {
      // a front-end bug in one file must not cost the findings of every other file
      facts = { file, language: this.ext.kind, functions: [], variables: [], problems: [], skipped: `front end failed: ${(e as Error)?.message ?? e}` };
    }
    if (facts.skipped && !this.toldSkipped.has(file)) {
      this.toldSkipped.add(file);
      this.io.onSkip?.(file, facts.skipped);
    }
    return facts;
  }

  private readonly macrosByVersion = new Map<number, Macros>();

  private outside: string[] | undefined;

  /** The project's headers outside the extension's folder that its sources include. */
  private outsideHeaders(): string[] {
    if (!this.outside) {
      const repo = projectRoot(this.ext.root, this.workspaceRoot);
      // the include graph is read again only when a text it read changed (an edit that adds an #include)
      this.outside =
        repo !== this.ext.root
          ? this.engine.keptByTexts.get(`outside-headers\0${this.ext.root}\0${repo}\0${this.ext.sourceFiles.join('\0')}`, (f) => this.includeGraphText(f), (read) =>
              outsideHeaders(this.ext, repo, this.engine.headers, existsSync, read),
            )
          : [];
    }
    return this.outside;
  }

  /** What the include graph reads of a file: a build file's text, a source's include lines. */
  private includeGraphText(file: string): string | undefined {
    return this.ext.buildFiles.includes(file) ? this.text(file) : this.fromText(file, 'include-lines', includeLines);
  }

  /** Macros the project's headers define for a version, seen by every file of the extension. */
  headerMacros(version: number): Macros {
    let m = this.macrosByVersion.get(version);
    if (!m) {
      // the project's headers beyond the extension folder (-I../include) first: its own headers build on their macros
      const outside = this.outsideHeaders().map((f) => ({ file: f, text: this.text(f) ?? '' }));
      m = this.engine.headerMacros([...outside, ...this.headers()], version);
      this.macrosByVersion.set(version, m);
    }
    return m;
  }

  private headerTexts: { file: string; text: string }[] | undefined;

  /** The project's C and C++ headers, whose macros (and C++ trampolines) every file sees. */
  headers(): { file: string; text: string }[] {
    this.headerTexts ??= this.ext.sourceFiles.filter(isHeader).map((f) => ({ file: f, text: this.text(f) ?? '' }));
    return this.headerTexts;
  }
}

class VersionView implements ExtensionView {
  private readonly loaded = new Set<string>();
  /** what the analysis read: each loaded file's facts, and each version question with its answer */
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
  track(read: () => void): Reads {
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
    const memo = { value, reads };
    const pool = this.code.memoPool.get(key) ?? [];
    pool.push({ ...memo, version: this.version, before: this.reads.slice(0, start), during: this.reads.slice(start), nested });
    this.code.memoPool.set(key, pool);
    return memo;
  }

  /** A memo was read: the memos being computed depend on it. */
  private used(key: string, memo: Memo): void {
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
        (!m.reads.exact || m.version === this.version) &&
        [...m.reads.answers].every(([major, answer]) => this.version >= major === answer) &&
        m.before.length === this.reads.length &&
        m.before.every((r, i) => this.reads[i].file === r.file && this.reads[i].facts === r.facts) &&
        m.during.every((r) => this.code.facts(r.file, this.version) === r.facts) &&
        m.nested.every(([k, memo]) => (this.memos.get(k) ?? memo) === memo),
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

function definedNames(file: string, text: string): Set<string> {
  const definition = file.endsWith('.rs') ? /\bfn\s+(\w+)\s*[<(]/g : /^(?:[A-Za-z_][\w \t*]*[ \t*])?([A-Za-z_]\w*)\s*\(/gm;
  return new Set(Array.from(text.matchAll(definition), (m) => m[1]));
}

/** Whether a Rust call qualified by a module path (`gucs::init`) can reach `fn` (a suffix of its module). */
function inModule(fn: FunctionDef, qualifier: readonly string[] | undefined): boolean {
  if (!qualifier || qualifier.length === 0 || !fn.module) return true;
  const offset = fn.module.length - qualifier.length;
  return offset >= 0 && qualifier.every((seg, i) => fn.module![offset + i] === seg);
}
