import type { FileFacts } from '../../model/model';
import { PreprocessedSources } from '../c/sources';
import type { Macros } from '../c/variants';
import { lexC } from '../c/lexical';
import { blankDecorations } from '../c/decorations';
import { extractCppFile } from './extractor';
import type { Extraction } from '../../syntax/trees';
import { findTrampolines, type Slot, type Trampolines } from './trampolines';

/** Only headers that can define a trampoline are parsed for them: templates, function-pointer or std::function parameters. */
const MAY_TAKE_FUNCTIONS = /\btemplate\s*<|\(\s*\*\s*\w+\s*\)\s*\(|\bstd::function\s*</;

/**
 * The C++ files of the workspace: each `#if` variant parsed once, with the trampolines the
 * project's headers define (found once per header text).
 */
export class CppSources extends PreprocessedSources {
  private readonly headerTrampolines = new Map<string, { text: string; found: Map<string, Slot[]> }>();

  /** `editing`: the file is open in an editor, so keep its trees for incremental re-parsing. */
  facts(file: string, text: string, version: number, headerMacros: (version: number) => Macros, headers: () => { file: string; text: string }[], how: Extraction = {}): FileFacts {
    const trampolines = this.trampolines(headers());
    return this.variantFacts(
      file,
      text,
      version,
      headerMacros,
      !!how.editing,
      how.versions ?? [version],
      (identifiers) => [...trampolines].filter(([name]) => identifiers.has(name)).map(([name, slots]) => `${name}${JSON.stringify(slots)}`).join(','),
      (visible, macros, trees) => extractCppFile(this.parser, file, visible, macros, trampolines, trees),
    );
  }

  private trampolines(headers: { file: string; text: string }[]): Trampolines {
    const all = new Map<string, Slot[]>();
    for (const h of headers) {
      let cached = this.headerTrampolines.get(h.file);
      if (!cached || cached.text !== h.text) {
        cached = { text: h.text, found: this.findIn(h.text) };
        this.headerTrampolines.set(h.file, cached);
      }
      for (const [name, slots] of cached.found) all.set(name, [...(all.get(name) ?? []), ...slots]);
    }
    return all;
  }

  private findIn(text: string): Map<string, Slot[]> {
    const { codeView } = lexC(text);
    if (!MAY_TAKE_FUNCTIONS.test(codeView)) return new Map();
    const tree = this.parser.parse(blankDecorations(text, codeView));
    try {
      return tree ? findTrampolines(tree.rootNode) : new Map();
    } finally {
      tree?.delete();
    }
  }

  invalidate(file: string): void {
    super.invalidate(file);
    this.headerTrampolines.delete(file);
  }
}
