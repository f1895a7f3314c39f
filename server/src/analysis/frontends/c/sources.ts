import type { Parser } from 'web-tree-sitter';
import type { FileFacts } from '../../model/model';
import { lexC, type Lexed } from './lexical';
import { identifiersOf } from '../../syntax/identifiers';
import { blankRanges, closedGroupAround, condStructure, copyMacros, emptyMacros, MAX_CONDITIONAL_DEPTH, variantFor, type CondStructure, type Macros } from './variants';
import { lineStarts, offsetAt, positionAt } from '../../syntax/source';
import { blankDecorations } from './decorations';
import { extractCFile } from './frontend';
import { ParsedFiles, SiblingTrees, type Extraction, type TreeSource } from '../../syntax/trees';
import { ReusedFunctions } from './reuse';

interface CFileCache {
  text: string;
  lexed: Lexed;
  /** the identifiers of the code view, read when a version's macros are matched against the file */
  identifiers?: Set<string>;
  structure: CondStructure;
  /** where each line of the text starts, once its variants need it */
  starts?: number[];
  facts: Map<string, FileFacts>;
  /** a variant that could not be parsed (over the time budget): the whole text is skipped */
  gaveUp?: FileFacts;
  /** the facts last given per version, with the header macros they were computed with */
  byVersion: Map<number, { base: Macros; facts: FileFacts }>;
}

/**
 * Preprocessed files of the workspace (C, and C++ through frontends/cpp): lexed once per text,
 * parsed once per distinct `#if` variant (most files have one for all target versions), facts
 * cached by variant.
 */
export abstract class PreprocessedSources extends ParsedFiles<CFileCache> {
  /** `lex`: the lexical pass of a text, shared with the text searches that read a file's code view */
  constructor(
    parser: Parser,
    private readonly lex: (file: string, text: string) => Lexed = (_file, text) => lexC(text),
  ) {
    super(parser);
  }

  private entry(file: string, text: string): CFileCache {
    let e = this.files.get(file);
    if (!e || e.text !== text) {
      this.newText(file);
      const lexed = this.lex(file, text);
      e = { text, lexed, structure: condStructure(lexed.directives, lexed.codeView), facts: new Map(), byVersion: new Map() };
      this.files.set(file, e);
    }
    return e;
  }

  /** A file's text changed (front ends that keep per-file results across texts hear of it here). */
  protected newText(_file: string): void {}

  private readonly macrosByVersion = new Map<number, { texts: string[]; macros: Macros }>();

  /** The macros of the project's headers for a version: the same object while the headers' texts stay the same. */
  headerMacros(headers: { file: string; text: string }[], version: number): Macros {
    const last = this.macrosByVersion.get(version);
    if (last && last.texts.length === headers.length && headers.every((h, i) => h.text === last.texts[i])) return last.macros;
    const macros = emptyMacros();
    for (const h of headers) {
      const { structure } = this.entry(h.file, h.text);
      if (structure.depth <= MAX_CONDITIONAL_DEPTH) variantFor(structure, h.text, version, macros);
    }
    this.macrosByVersion.set(version, { texts: headers.map((h) => h.text), macros });
    return macros;
  }

  /**
   * The facts of the file's variant for `version`: `extract` runs once per variant text, macros the
   * file uses and `extraKey` (what else the extraction depends on, from the identifiers of its code view).
   * Outside the editor the variants of every version in `versions` are made at once, from one parse:
   * the analysis asks each version for the file's facts, and a variant differs from the first only in
   * the branches it blanks, so it is parsed incrementally from the first one's tree.
   */
  protected variantFacts(
    file: string,
    text: string,
    version: number,
    headerMacros: (version: number) => Macros,
    editing: boolean,
    versions: readonly number[],
    extraKey: (identifiers: Set<string>) => string,
    extract: (visible: string, macros: Macros, trees: TreeSource | undefined, context: string) => FileFacts,
  ): FileFacts {
    const e = this.entry(file, text);
    if (e.structure.depth > MAX_CONDITIONAL_DEPTH) {
      return { file, language: 'c', functions: [], variables: [], problems: [], skipped: `#if nesting deeper than ${MAX_CONDITIONAL_DEPTH} levels` };
    }
    if (e.gaveUp) return e.gaveUp;
    const known = (v: number) => {
      const last = e.byVersion.get(v);
      return last?.base === headerMacros(v) ? last.facts : undefined;
    };
    const found = known(version);
    if (found) return found;
    e.identifiers ??= identifiersOf(e.lexed.codeView);
    const siblings = editing ? undefined : new SiblingTrees(this.parser);
    try {
      for (const v of [version, ...(siblings ? versions.filter((v) => v !== version && !known(v)) : [])]) {
        const base = headerMacros(v);
        const macros = copyMacros(base);
        const variant = variantFor(e.structure, text, v, macros);
        const key = `${variant.key}|${macroKey(macros, e.identifiers)}|${extraKey(e.identifiers)}`;
        let facts = e.facts.get(key);
        if (!facts) {
          const visible = blankDecorations(blankRanges(text, variant.blanks), e.lexed.codeView);
          facts = extract(visible, macros, siblings ?? this.trees(file, variant.key, editing), key);
          if (e.structure.top.length) anchorSplitHeaders(facts, e);
          e.facts.set(key, facts);
          if (facts.skipped) {
            e.gaveUp = facts;
            return facts;
          }
        }
        e.byVersion.set(v, { base, facts });
      }
    } finally {
      siblings?.dispose();
    }
    return e.byVersion.get(version)!.facts;
  }
}

/** C files of the workspace. */
export class CSources extends PreprocessedSources {
  /** the functions of files being edited, for the next extraction */
  private readonly reused = new Map<string, ReusedFunctions>();
  /** the functions of other files, shared by their variants during one analysis */
  private readonly reusedNow = new Map<string, ReusedFunctions>();

  /** A file being edited keeps its trees for incremental re-parsing and its functions for the next text. */
  facts(file: string, text: string, version: number, headerMacros: (version: number) => Macros, how: Extraction = {}): FileFacts {
    const editing = !!how.editing;
    return this.variantFacts(file, text, version, headerMacros, editing, how.versions ?? [version], () => '', (visible, macros, trees, context) =>
      extractCFile(this.parser, file, visible, macros, trees, { functions: this.reusedFor(file, editing), context: context.slice(context.indexOf('|')) }, !editing),
    );
  }

  private reusedFor(file: string, editing: boolean): ReusedFunctions {
    const slots = editing ? this.reused : this.reusedNow;
    let r = slots.get(file);
    if (!r) slots.set(file, (r = new ReusedFunctions(editing)));
    return r;
  }

  /** An analysis is over: the functions kept for the variants of files not being edited are let go (they hold the variants' texts). */
  settle(): void {
    this.reusedNow.clear();
  }

  protected override newText(file: string): void {
    this.reused.get(file)?.newText();
  }

  override closed(file: string): void {
    super.closed(file);
    this.reused.delete(file);
  }
}

/**
 * The macros this file can expand or read a name through: only those it names change its facts. An
 * object-like macro (`#define CTX PGC_POSTMASTER`) counts with the object-like macros its body names,
 * which the extraction follows.
 */
function macroKey(m: Macros, identifiers: Set<string>): string {
  let k = '';
  for (const [name, def] of named(m.func, identifiers)) k += `${name}(${def.params.join(',')})${def.body}\n`;
  const objects = new Set<string>();
  const addObject = (name: string, body: string) => {
    if (objects.has(name)) return;
    objects.add(name);
    k += `${name}=${body}\n`;
    for (const [inner, innerBody] of named(m.object, new Set(body.match(/[A-Za-z_]\w*/g)))) addObject(inner, innerBody);
  };
  for (const [name, body] of named(m.object, identifiers)) addObject(name, body);
  return k;
}

/** The entries of `defs` that `identifiers` names. */
function named<T>(defs: Map<string, T>, identifiers: Set<string>): [string, T][] {
  const found: [string, T][] = [];
  // the smaller side is walked: a project's headers define thousands of macros, a file names hundreds of identifiers
  if (identifiers.size < defs.size) {
    for (const name of identifiers) {
      const def = defs.get(name);
      if (def !== undefined) found.push([name, def]);
    }
  } else {
    for (const [name, def] of defs) if (identifiers.has(name)) found.push([name, def]);
  }
  return found;
}

/**
 * A function whose header is written once per version in `#if` branches is named where its first
 * branch names it, on every version: one body gives one finding, not one per branch.
 */
function anchorSplitHeaders(facts: FileFacts, e: CFileCache): void {
  for (const fn of facts.functions) {
    const starts = (e.starts ??= lineStarts(e.text));
    const at = offsetAt(starts, fn.nameLoc.range.start);
    const branches = closedGroupAround(e.structure, at, offsetAt(starts, fn.bodyLoc.range.start));
    if (!branches) continue;
    const name = new RegExp(`\\b${fn.name}\\s*\\(`, 'g');
    for (const b of branches) {
      name.lastIndex = b.start;
      const m = name.exec(e.lexed.codeView);
      if (!m || m.index >= b.end) continue;
      if (m.index !== at) {
        const start = positionAt(starts, m.index);
        fn.nameLoc = { file: fn.file, range: { start, end: { line: start.line, character: start.character + fn.name.length } } };
      }
      break;
    }
  }
}
