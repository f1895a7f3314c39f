import type { Location } from '../model';
import type { ExtensionView } from '../view';
import { primaryControlFiles } from '../control/controlFiles';
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
    // a folder above may document several extensions: its claims count when they name this one
    const namesThis = new RegExp(`\\b${view.ext.name.replace(/[^\w-]/g, '')}\\b`, 'i');
    for (const doc of files) {
      const text = view.text(doc.file);
      if (text === undefined) continue;
      for (const m of mechanismsMentioned(text)) mentioned.add(m);
      const lines = text.split(/\r?\n/);
      for (const c of requirementClaims(text)) {
        if (!doc.own && !namesThis.test(lines[c.line])) continue;
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
