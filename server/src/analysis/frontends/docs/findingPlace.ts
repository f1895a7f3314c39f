import * as path from 'node:path';
import type { Location } from '../../model/model';
import type { ExtensionView } from '../../model/view';
import { primaryControlFiles } from '../control/controlFiles';

/**
 * Where an extension-wide documentation finding goes: line 1 of the primary control file (the
 * extension's identity), else `_PG_init`'s name.
 */
export function extensionFindingPlace(view: ExtensionView): Location | undefined {
  const control = primaryControlFiles(view).sort((a, b) => a.file.length - b.file.length)[0];
  if (control) {
    const first = (view.text(control.file) ?? '').split(/\r?\n/, 1)[0];
    return { file: control.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: first.length } } };
  }
  return view.entryPoints()[0]?.nameLoc;
}

/** `pulsewriter.c:131` relative to the extension's root. */
export function placeName(view: ExtensionView, loc: Location): string {
  return `${path.relative(view.ext.root, loc.file).split(path.sep).join('/')}:${loc.range.start.line + 1}`;
}
