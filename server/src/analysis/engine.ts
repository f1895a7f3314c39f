import * as path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { ExtensionInfo, FileFacts } from './model/model';
import type { Finding } from './model/findings';
import { compareFindings } from './model/findings';
import type { ExtensionView } from './model/view';
import type { RuleDef, RuleFinding, Severity, SeveritySetting } from './rules/types';
import { RULES, ruleMeta } from './rules';
import { loadParsers, type Parsers } from './syntax/parsers';
import { checkEditorText, readSource, type SourceRead } from './syntax/source';
import { discoverExtensions, type DiscoverOptions } from './semantics/workspace';
import { HeaderIndex } from './frontends/c/includes';
import { loadSqlParser } from './frontends/sql/parser';
import { forgetScript, keptScripts } from './frontends/sql/sources';
import { commentStyleFor, parseSuppressions, type Suppression } from './semantics/suppressions';
import { LEXED, lexC, type Lexed } from './frontends/c/lexical';
import type { Extraction } from './syntax/trees';
import { CSources } from './frontends/c/sources';
import type { Macros } from './frontends/c/variants';
import { RustSources } from './frontends/rust/sources';
import { CppSources } from './frontends/cpp/sources';
import { pgrxVersions } from './frontends/rust/cargo';
import { describeVersions, DEFAULT_PG_VERSIONS } from './semantics/versions';
import { TextSearches } from './syntax/textSearches';
import { KeptByTexts } from './syntax/keptByTexts';
import { MemoPool } from './queries/memoPool';
import { CandidateFiles } from './syntax/candidateFiles';
import { CodeBase } from './queries/codeBase';
import type { VersionView } from './queries/versionView';

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
  /** the memoised results of each extension's analyses, by extension root */
  private readonly pools = new Map<string, MemoPool>();

  private constructor(parsers: Parsers) {
    const lex = (file: string, text: string) => this.lexed(file, text);
    this.cSources = new CSources(parsers.c, lex);
    this.cppSources = new CppSources(parsers.cpp, lex);
    this.rustSources = new RustSources(parsers.rust);
  }

  /** The lexical pass of a C text (directives, code view), once per text: the C sources, text searches and fixes share it. */
  lexed(file: string, text: string): Lexed {
    return this.searches.get(file, text, LEXED, lexC);
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
    // a result may have listed a folder or read a build file from disk: a change on disk drops them all
    this.pools.clear();
    this.dropDiskAnswers();
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
    this.pools.delete(ext.root);
    this.dropDiskAnswers();
  }

  /** Answers that read the disk (folder listings, the include graph) cannot tell which files they depend on. */
  private dropDiskAnswers(): void {
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

  diskAnswer(key: string): unknown {
    return this.diskAnswers.get(key);
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
    // a report between two edits takes what the last analysis kept, and lets go of nothing
    const code = new CodeBase(this, ext, io, settings.workspaceRoot, this.poolFor(ext, versions, settings.workspaceRoot, false), versions);
    return versions.map((v) => code.view(v));
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
    const code = new CodeBase(this, ext, io, settings.workspaceRoot, this.poolFor(ext, versions, settings.workspaceRoot, true), versions);
    // versions whose analysis read the same facts and got the same version answers share its findings
    const done: { view: VersionView; emitted: { rule: RuleDef; f: RuleFinding }[] }[] = [];
    for (const v of versions) {
      if (io.isCancelled?.()) return [];
      let emitted = done.find((d) => d.view.decidesAlike(v))?.emitted;
      if (!emitted) {
        const view = code.view(v);
        const found: { rule: RuleDef; f: RuleFinding }[] = [];
        for (const rule of rules) {
          if (io.isCancelled?.()) return [];
          // a rule's run is memoised like any result: another version, or the next analysis, may take it
          const value = view.memo(`rule:${rule.id}`, (view): { findings: RuleFinding[]; error?: unknown } => {
            const findings: RuleFinding[] = [];
            try {
              rule.check(view, (f) => findings.push(f));
              return { findings };
            } catch (error) {
              return { findings, error };
            }
          });
          if ('error' in value) io.onRuleError?.(rule.id, value.error);
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
   * The memo pool of an extension; a new one when its files, target versions or workspace changed.
   * `analysis`: a new analysis starts (results the last one did not use are let go).
   */
  private poolFor(ext: ExtensionInfo, versions: number[], workspaceRoot: string | undefined, analysis: boolean): MemoPool {
    const key = JSON.stringify([ext, versions, workspaceRoot]);
    let pool = this.pools.get(ext.root);
    if (pool?.key !== key) {
      pool = new MemoPool(key);
      this.pools.set(ext.root, pool);
    }
    if (analysis) pool.nextAnalysis();
    return pool;
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
  cFacts(file: string, text: string, version: number, headerMacros: (version: number) => Macros, how?: Extraction): FileFacts {
    return this.cSources.facts(file, text, version, headerMacros, how);
  }

  /** C++ facts of one file for one version; `headers` are the project's headers (their trampolines). */
  cppFacts(file: string, text: string, version: number, headerMacros: (version: number) => Macros, headers: () => { file: string; text: string }[], how?: Extraction): FileFacts {
    return this.cppSources.facts(file, text, version, headerMacros, headers, how);
  }

  headerMacros(headers: { file: string; text: string }[], version: number): Macros {
    return this.cSources.headerMacros(headers, version);
  }

  rustFacts(file: string, text: string, version: number, how?: Extraction): FileFacts {
    return this.rustSources.facts(file, text, version, how);
  }
}

