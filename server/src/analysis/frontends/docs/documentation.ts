import type { Location } from '../../model/model';
import type { ExtensionView } from '../../model/view';
import { primaryControlFiles } from '../control/controlFiles';
import { readSource } from '../../syntax/source';
import { libraryName } from './libraryName';
import { documentationFiles, type DocFile } from './discovery';
import { mechanismsMentioned, requirementClaims, type Mechanism } from './mentions';

/**
 * What an extension's documentation says about loading it, read once per analysis and only as far
 * as a rule asks: the mentions for libraries that need loading, the claims for those that do not.
 */

export function documentation(view: ExtensionView): DocFile[] {
  return view.fromDisk('docs.files', () => documentationFiles(view.ext, view.workspaceRoot));
}

/**
 * A document's text as the editor has it. Documents that are not valid UTF-8 (a README.euc_jp) are
 * not read at all: a warning about a README's encoding is not this linter's business.
 */
function docText(view: ExtensionView, file: string): string | undefined {
  const valid = view.fromDisk(`utf8:${file}`, () => {
    const r = readSource(file);
    return 'text' in r && !r.warning;
  });
  return valid ? view.text(file) : undefined;
}

/** The loading mechanisms the documentation mentions. */
export function mentionedMechanisms(view: ExtensionView): Set<Mechanism> {
  return view.memo('docs.mentions', (view) => {
    const mentioned = new Set<Mechanism>(primaryControlFiles(view).flatMap((c) => mechanismsMentioned(c.last('comment')?.value ?? '')));
    for (const doc of documentation(view)) {
      if (mentioned.size === 4) break;
      if (docText(view, doc.file) === undefined) continue;
      for (const m of view.fromText(doc.file, 'docs.mechanisms', mechanismsMentioned) ?? []) mentioned.add(m);
    }
    return mentioned;
  });
}

/** Lines claiming shared_preload_libraries is required, the mention's span on each. */
export function preloadClaims(view: ExtensionView): Location[] {
  return view.memo('docs.claims', (view) => {
    const claims: Location[] = [];
    const about = claimTarget(view);
    for (const doc of documentation(view)) {
      const text = docText(view, doc.file);
      if (text === undefined) continue;
      const lines = text.split(/\r?\n/);
      for (const c of requirementClaims(text)) {
        if (!about(lines[c.line], doc.own)) continue;
        claims.push({ file: doc.file, range: { start: { line: c.line, character: c.start }, end: { line: c.line, character: c.end } } });
      }
    }
    for (const control of primaryControlFiles(view)) {
      const comment = control.last('comment');
      if (comment && requirementClaims(comment.value).length) claims.push(comment.valueLoc);
    }
    return claims;
  });
}

/** Library names a line quotes or puts in code: `citus`, 'pg_search'. */
const QUOTED_NAME = /[`'"]([A-Za-z_][\w.-]*)[`'"]/g;

/**
 * Whether a claim line is about this extension: it names it; or, in the extension's own documents,
 * it names no other library. A folder above, or a line naming other libraries ("Both `citus` and
 * `pg_search` must be added"), may speak of other extensions.
 */
function claimTarget(view: ExtensionView): (line: string, own: boolean) => boolean {
  const names = new Set([view.ext.name, libraryName(view)].map((n) => n.toLowerCase()));
  const word = new RegExp(`\\b(${[...names].map((n) => n.replace(/[^\w-]/g, '')).join('|')})\\b`, 'i');
  return (line, own) => {
    if (word.test(line)) return true;
    if (!own) return false;
    const quoted = [...line.matchAll(QUOTED_NAME)].map((m) => m[1].toLowerCase());
    return !quoted.some((q) => !/_preload_libraries$/.test(q) && q !== 'postgresql.conf');
  };
}
