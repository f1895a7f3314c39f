import * as path from 'node:path';
import type { ExtensionView } from '../model/view';
import type { SqlScriptFacts } from '../model/sql';
import { scriptFacts } from '../frontends/sql/sources';
import { primaryControlFiles } from '../frontends/control/controlFiles';

/**
 * An extension's scripts as one history. CREATE EXTENSION runs the install script of a version
 * (`name--1.2.sql`), ALTER EXTENSION UPDATE the update scripts on a path (`name--1.2--1.3.sql`); an
 * update script runs after any script that brings the extension to its start version. What an earlier
 * script of some path created is the extension's own when a later one runs.
 */
export interface SqlScript {
  file: string;
  facts: SqlScriptFacts;
  /** `name` of `name--1.0.sql`; undefined for a script linted on its own */
  extension?: string;
  /** keys (SqlCreation.key) of objects created by scripts that can run before this one */
  ownBefore: Set<string>;
  /** an update script whose start version no script of the tree reaches */
  historyUnknown: boolean;
  /** the control file's fixed `schema` (not `public`), where CREATE EXTENSION puts the objects */
  controlSchema?: string;
}

const SCRIPT_NAME = /^(.+?)--(.+?)(?:--(.+?))?\.sql$/;

/** Whether a file name is an extension script (`name--version.sql`, `name--from--to.sql`). */
export function isExtensionScript(file: string): boolean {
  return SCRIPT_NAME.test(path.basename(file));
}

export function sqlScripts(view: ExtensionView): SqlScript[] {
  return view.memo('sql-scripts', () => {
    const controls = primaryControlFiles(view);
    const names = new Set([...controls.map((c) => c.extension), view.ext.name]);
    const given = new Set(view.ext.givenSqlFiles ?? []);
    const files = view.ext.sqlFiles.filter((f) => {
      const m = SCRIPT_NAME.exec(path.basename(f));
      return given.has(f) || (m !== null && names.has(m[1]));
    });
    const parts = new Map<string, { ext: string; from: string; to?: string }>();
    for (const f of files) {
      const m = SCRIPT_NAME.exec(path.basename(f));
      if (m && names.has(m[1])) parts.set(f, { ext: m[1], from: m[2], to: m[3] });
    }
    const facts = new Map<string, SqlScriptFacts>();
    for (const f of files) {
      const text = view.text(f);
      if (text !== undefined) facts.set(f, scriptFacts(f, text));
    }
    const created = (f: string) => {
      const out: string[] = [];
      for (const e of facts.get(f)?.events ?? []) {
        if (e.k === 'create') out.push(e.creation.key);
        else if (e.k === 'function') out.push(e.fn.creation.key);
      }
      return out;
    };
    /** scripts that can run right before `f`: what brings the extension to f's start version */
    const predecessors = (f: string): string[] => {
      const p = parts.get(f);
      if (!p?.to) return [];
      return files.filter((g) => {
        const q = parts.get(g);
        return q !== undefined && q.ext === p.ext && (q.to === undefined ? q.from === p.from : q.to === p.from);
      });
    };
    const after = new Map<string, Set<string>>();
    const ownAfter = (f: string, visiting: Set<string>): Set<string> => {
      const known = after.get(f);
      if (known) return known;
      if (visiting.has(f)) return new Set();
      visiting.add(f);
      const set = new Set(ownBeforeOf(f, visiting));
      for (const k of created(f)) set.add(k);
      visiting.delete(f);
      after.set(f, set);
      return set;
    };
    const ownBeforeOf = (f: string, visiting: Set<string>): Set<string> => {
      const set = new Set<string>();
      for (const p of predecessors(f)) for (const k of ownAfter(p, visiting)) set.add(k);
      return set;
    };
    return files
      .filter((f) => facts.has(f))
      .map((f) => {
        const ext = parts.get(f)?.ext;
        const control = controls.find((c) => c.extension === ext);
        const schema = control?.last('schema')?.value;
        return {
          file: f,
          facts: facts.get(f)!,
          extension: ext,
          ownBefore: ownBeforeOf(f, new Set()),
          historyUnknown: parts.get(f)?.to !== undefined && predecessors(f).length === 0,
          controlSchema: schema && schema !== 'public' ? schema : undefined,
        };
      });
  });
}
