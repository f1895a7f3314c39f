import type { Location } from '../model';
import type { ExtensionView } from '../view';
import { primaryControlFiles } from '../control/controlFiles';
import { libraryName } from './libraryName';
import { documentationFiles, type DocFile } from './discovery';
import { mechanismsMentioned, requirementClaims, type Mechanism } from './mentions';

/** What an extension's documentation says about loading it, read once per analysis. */
export interface ExtensionDocs {
  files: DocFile[];
  mentioned: Set<Mechanism>;
  /** lines claiming shared_preload_libraries is required, the mention's span on each */
  claims: Location[];
}

export function extensionDocs(view: ExtensionView): ExtensionDocs {
  return view.memo('docs', () => {
    const files = documentationFiles(view.ext, view.workspaceRoot);
    const mentioned = new Set<Mechanism>();
    const claims: Location[] = [];
    const about = claimTarget(view);
    for (const doc of files) {
      const text = view.text(doc.file);
      if (text === undefined) continue;
      for (const m of mechanismsMentioned(text)) mentioned.add(m);
      const lines = text.split(/\r?\n/);
      for (const c of requirementClaims(text)) {
        if (!about(lines[c.line], doc.own)) continue;
        claims.push({ file: doc.file, range: { start: { line: c.line, character: c.start }, end: { line: c.line, character: c.end } } });
      }
    }
    for (const control of primaryControlFiles(view)) {
      const comment = control.last('comment');
      if (!comment) continue;
      for (const m of mechanismsMentioned(comment.value)) mentioned.add(m);
      if (requirementClaims(comment.value).length) claims.push(comment.valueLoc);
    }
    return { files, mentioned, claims };
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
