import type { FileFacts } from '../../model/model';
import { extractRustFile } from './frontend';
import { ParsedFiles, SiblingTrees, type Extraction } from '../../syntax/trees';
import { VERSION_CONSTANTS } from './pgrxSyntax';

const PG_FEATURE_MENTION = /feature\s*=\s*"pg(\d+)"/g;
const CONSTANT = `(?:${Object.keys(VERSION_CONSTANTS).join('|')})`;
/** a comparison with a version constant (its definition in generated bindings is no reason to split) */
const VERSION_COMPARISON = new RegExp(`\\b${CONSTANT}\\s*(?:[<>]=?|[=!]=)|(?:[<>]=?|[=!]=)\\s*(?:\\w+::)*${CONSTANT}\\b`);

interface RustFileCache {
  text: string;
  /** which target versions the file can tell apart: its facts are cached per class */
  versionClass(version: number): string;
  facts: Map<string, FileFacts>;
  /** a version class that could not be parsed (over the time budget): the whole text is skipped */
  gaveUp?: FileFacts;
}

/**
 * Rust files of the workspace, with facts cached per version class: a file whose cfgs name
 * `pg15` only has two (15, and every other version), most files just one. Generated bindings
 * of several MB are then parsed once, not once per target version.
 */
export class RustSources extends ParsedFiles<RustFileCache> {
  /** Outside the editor the facts of every version class among the target versions are made from one parse. */
  facts(file: string, text: string, version: number, how: Extraction = {}): FileFacts {
    const { editing = false, versions = [version] } = how;
    let e = this.files.get(file);
    if (!e || e.text !== text) {
      e = { text, versionClass: versionClassifier(text), facts: new Map() };
      this.files.set(file, e);
    }
    if (e.gaveUp) return e.gaveUp;
    const found = e.facts.get(e.versionClass(version));
    if (found) return found;
    const siblings = editing ? undefined : new SiblingTrees(this.parser);
    try {
      for (const v of [version, ...(siblings ? versions : [])]) {
        const key = e.versionClass(v);
        if (e.facts.has(key)) continue;
        const facts = extractRustFile(this.parser, file, text, v, siblings ?? this.trees(file, key, editing), !editing);
        e.facts.set(key, facts);
        if (facts.skipped) return (e.gaveUp = facts);
      }
    } finally {
      siblings?.dispose();
    }
    return e.facts.get(e.versionClass(version))!;
  }
}

function versionClassifier(text: string): (version: number) => string {
  if (VERSION_COMPARISON.test(text)) return (v) => `pg${v}`;
  const named = new Set([...text.matchAll(PG_FEATURE_MENTION)].map((m) => Number(m[1])));
  return (v) => (named.has(v) ? `pg${v}` : 'other');
}
