import { existsSync } from 'node:fs';
import type { ExtensionInfo, FileFacts } from '../model/model';
import type { AnalyzeIO, Engine } from '../engine';
import type { Macros } from '../frontends/c/variants';
import { includeLines, isHeader, outsideHeaders } from '../frontends/c/includes';
import { isCppSource } from '../frontends/cpp/files';
import { fileModule } from '../frontends/rust/frontend';
import { definedFunctions } from '../syntax/definitions';
import { blankRustComments } from '../frontends/rust/comments';
import { projectRoot } from '../semantics/workspace';
import type { CandidateFiles } from '../syntax/candidateFiles';
import type { MemoPool } from './memoPool';
import { VersionView } from './versionView';
import type { Extraction } from '../syntax/trees';
import { HOOK_NAMES } from '../knowledge/hooks';

/**
 * Whether a text is worth parsing up front: it has an entry point or assigns a hook (an install, or a
 * save into `prev_<hook>`), which rules look for in any function. Everything else is parsed only when a
 * call needs it. Other names ending in `_hook` are not hooks: timescaledb's `osm_chunk_insert_hook`
 * locals, GUC definitions' `/* check_hook= *\/` comments.
 */
function worthParsingFirst(text: string): boolean {
  if (ENTRY_POINTS.test(text)) return true;
  // `_hook` is searched, then the name read back from it: a leading \w+ would be tried at every word
  for (const m of text.matchAll(HOOK_ASSIGNMENT)) {
    const end = m.index + '_hook'.length + 1;
    const name = /\w+$/.exec(text.slice(Math.max(0, end - 100), end))![0];
    if (HOOK_NAMES.some((hook) => name.endsWith(hook))) return true;
  }
  return false;
}

const ENTRY_POINTS = /_PG_init|_PG_fini|register_hook/;
const HOOK_ASSIGNMENT = /\w_hook\s*=[^=]/g;

/** The files of one extension during one analysis: which are loaded, and their facts per version. */
export class CodeBase {
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
    /** the memoised results of this extension's analyses so far */
    readonly pool: MemoPool,
    /** the target versions: a file's facts for all of them are made together */
    private readonly versions: number[],
  ) {
    const texts = new Map<string, string>();
    ext.sourceFiles.forEach((file, i) => {
      const r = engine.read(file, io);
      if ('skipped' in r) {
        io.onSkip?.(file, r.skipped);
        return;
      }
      texts.set(file, r.text);
      if (engine.searches.get(file, r.text, 'relevant', worthParsingFirst)) this.relevant.push(file);
      else this.rest.set(file, i);
    });
    this.candidates = engine.candidateFiles(ext.root);
    this.read = engine.filesReadFor(ext.root);
    this.candidates.update(texts);
  }

  view(version: number): VersionView {
    return new VersionView(this, version, this.versions);
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
   * C++ defines methods indented in class bodies and as `Class::method`: there a function's name may
   * stand anywhere before its parameters, not only first on its line (definedFunctions).
   */
  private get cppDefinitions(): boolean {
    this.hasCpp ??= this.ext.sourceFiles.some(isCppSource);
    return this.hasCpp;
  }

  private hasCpp: boolean | undefined;

  /**
   * Files not loaded yet that may define function `name` (or declare variable `name` at file scope). Searched
   * once per name whatever the version; external functions (palloc, elog) then cost one scan. A Rust
   * call qualified by a path (`dst::init`, `GucFlags::default`) reaches only a function whose module
   * ends so: a file is a candidate when it is outside `src/` or each segment is a module of its path
   * or named in its text (`mod dst`, `impl GucFlags`).
   */
  candidatesFor(name: string, loaded: { has(file: string): boolean }, what: 'function' | 'variable', qualifier?: readonly string[]): string[] {
    const path = qualifier?.length && this.ext.kind === 'rust' ? qualifier : undefined;
    const key = path ? `${what}:${path.join('::')}::${name}` : `${what}:${name}`;
    let files = this.searched.get(key);
    if (!files && path) {
      files = this.candidatesFor(name, new Set(), what).filter((f) => {
        const module = fileModule(f);
        return !module || path.every((seg) => module.includes(seg) || new RegExp(`\\b${seg.replace(/\W/g, '')}\\b`).test(this.text(f) ?? ''));
      });
      this.searched.set(key, files);
    }
    if (!files) {
      const id = name.replace(/[^\w]/g, '');
      const re =
        what === 'variable'
          ? this.ext.kind === 'rust'
            ? new RegExp(`\\bstatic\\s+(mut\\s+)?${id}\\b`)
            : new RegExp(`^[A-Za-z_][^\\n;{}()]*\\b${id}\\s*(?:=[^=]|;|\\[)`, 'm')
          : this.ext.kind !== 'rust' && this.cppDefinitions
            ? new RegExp(`\\b${id}\\s*\\([^;{}]*\\)\\s*(?:/\\*[^]*?\\*/\\s*)?\\{`)
            : undefined;
      files = this.candidates.matching(this.rest, key, (file, text) => (re ? this.engine.searches.test(file, text, key, re, id) : this.definedIn(file, text).has(name)));
      this.searched.set(key, files);
    }
    return files.filter((f) => !loaded.has(f));
  }

  fromText<T>(file: string, key: string, compute: (text: string) => T): T | undefined {
    const text = this.text(file);
    return text === undefined ? undefined : this.engine.searches.get(file, text, key, compute);
  }

  fromDisk<T>(key: string, compute: () => T): T {
    return this.engine.fromDisk(this.diskKey(key), compute);
  }

  /** The answer `fromDisk` holds for `key`, if it still holds one. */
  diskAnswer(key: string): unknown {
    return this.engine.diskAnswer(this.diskKey(key));
  }

  private diskKey(key: string): string {
    return JSON.stringify([this.ext.root, this.workspaceRoot, key]);
  }

  /**
   * The functions that the files whose code (not their comments) mentions one of `mentions` define
   * (definedFunctions: where pgindent puts a definition; Rust spells `fn name(`). What each file defines
   * and mentions is read once per text.
   */
  definedWhere(mentions: readonly string[]): ReadonlySet<string> {
    return this.candidates.definedWhere(
      mentions,
      (file, text) => this.definedIn(file, text),
      (file, text) => this.mentionedIn(file, text, mentions),
    );
  }

  /** The functions a file's text may define (once per text). */
  private definedIn(file: string, text: string): ReadonlySet<string> {
    return this.engine.searches.get(file, text, 'definitions', () => definedFunctions(file, text));
  }

  /** Whether the code of a text (not its comments: planner files name standard_planner in theirs) mentions one of `mentions`. */
  private mentionedIn(file: string, text: string, mentions: readonly string[]): boolean {
    if (mentions.length === 0) return false;
    const searches = this.engine.searches;
    const key = mentions.join('\0');
    return searches.get(file, text, `mentions:${key}`, (t) => {
      let anyOf = this.mentionPatterns.get(key);
      // one alternation is three times faster than a search per name (34 hook names)
      if (!anyOf) this.mentionPatterns.set(key, (anyOf = new RegExp(mentions.map((m) => m.replace(/\W/g, '\\$&')).join('|'))));
      if (!anyOf.test(t)) return false;
      const code = file.endsWith('.rs') ? searches.get(file, text, 'rust-code', blankRustComments) : this.engine.lexed(file, text).codeView;
      return anyOf.test(code);
    });
  }

  private readonly mentionPatterns = new Map<string, RegExp>();

  private readonly mentioning = new WeakMap<readonly string[], string[]>();

  /** The extension's source files whose code mentions one of `mentions`, in order (once per analysis). */
  filesMentioning(mentions: readonly string[]): string[] {
    let files = this.mentioning.get(mentions);
    if (!files) {
      files = this.ext.sourceFiles.filter((f) => {
        const text = this.text(f);
        return text !== undefined && this.mentionedIn(f, text, mentions);
      });
      this.mentioning.set(mentions, files);
    }
    return files;
  }

  private readonly toldSkipped = new Set<string>();

  facts(file: string, version: number): FileFacts | undefined {
    const text = this.text(file);
    if (text === undefined) return undefined;
    // a file the editor has open is re-parsed incrementally after each edit
    const how: Extraction = {
      editing: this.io.overlay?.(file) !== undefined,
      versions: this.versions,
    };
    let facts: FileFacts;
    try {
      facts =
        this.ext.kind === 'rust'
          ? this.engine.rustFacts(file, text, version, how)
          : isCppSource(file)
            ? this.engine.cppFacts(file, text, version, (v) => this.headerMacros(v), () => this.headers(), how)
            : this.engine.cFacts(file, text, version, (v) => this.headerMacros(v), how);
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
