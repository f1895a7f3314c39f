import * as path from 'node:path';
import type { ExtensionView } from '../../model/view';
import { parseControl, type ControlSetting, type ParsedControl } from './parser';

/** A parsed control file and what its name says: the extension, and the version of a secondary file. */
export interface ControlFile extends ParsedControl {
  /** the extension the file configures (`vector` for vector.control and vector--0.5.control) */
  extension: string;
  /** set for a secondary control file `name--version.control`, which applies to that version only */
  version?: string;
  /** the setting that wins for each name (the last one, as in the server) */
  last(name: string): ControlSetting | undefined;
}

const NAME = /^(.*?)(?:--(.+?))?\.control(?:\.in|\.template)?$/;

/** Every control file of the view's extension, parsed once per view and shared by the rules. */
export function controlFiles(view: ExtensionView): ControlFile[] {
  return view.memo('control', (view) =>
    view.ext.controlFiles.flatMap((file) => {
      const text = view.text(file);
      if (text === undefined) return [];
      const [, extension, version] = NAME.exec(path.basename(file)) ?? [];
      // pgrx control files carry @CARGO_VERSION@-style placeholders that cargo-pgrx substitutes
      const parsed = parseControl(file, text, /\.control\.(in|template)$/.test(file) || view.ext.kind === 'rust');
      return [
        {
          ...parsed,
          extension,
          version,
          last: (name: string) => parsed.settings.filter((s) => s.name === name).pop(),
        },
      ];
    }),
  );
}

/** The primary control files (`name.control`, `name.control.in`, `name.control.template`). */
export function primaryControlFiles(view: ExtensionView): ControlFile[] {
  return controlFiles(view).filter((c) => c.version === undefined);
}

/**
 * The setting of `name` in force for a control file: a secondary file's own, else the primary
 * file's (the server reads the primary first and lets the secondary override it).
 */
export function effectiveSetting(view: ExtensionView, control: ControlFile, name: string): ControlSetting | undefined {
  const own = control.last(name);
  if (own || control.version === undefined) return own;
  return primaryControlFiles(view).find((p) => p.extension === control.extension)?.last(name);
}
