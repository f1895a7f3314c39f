import * as path from 'node:path';
import type { ExtensionView } from '../../model/view';
import { primaryControlFiles } from '../control/controlFiles';

/**
 * The library's file name as preload settings list it: module_pathname without `$libdir/`, else the
 * extension's name (templated module_pathnames such as `$libdir/timescaledb-@VERSION@` are loaded
 * through a loader library named after the extension).
 */
export function libraryName(view: ExtensionView): string {
  const pathname = primaryControlFiles(view)
    .map((c) => c.last('module_pathname')?.value)
    .find((v) => v !== undefined && !v.includes('@'));
  return pathname ? path.basename(pathname.replace(/^\$libdir\//, '')) : view.ext.name;
}
