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
  /**
   * function keys that a script which can run later (on the way to a newer version) re-creates or
   * drops: a definition here that one of them replaces does not outlive the update
   */
  replacedLater: Set<string>;
  /** an update script that no chain of scripts in the tree leads to from an install script */
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
  return view.memo('sql-scripts', (view) => {
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
    const successors = (f: string): string[] => {
      const p = parts.get(f);
      if (!p) return [];
      const reached = p.to ?? p.from;
      return files.filter((g) => {
        const q = parts.get(g);
        return q !== undefined && q.ext === p.ext && q.to !== undefined && q.from === reached;
      });
    };
    const touched = (f: string): string[] => {
      const out: string[] = [];
      for (const e of facts.get(f)?.events ?? []) {
        if (e.k === 'function') out.push(e.fn.creation.key);
        else if (e.k === 'drop') out.push(...e.keys);
      }
      return out;
    };
    const replacedAfter = (f: string): Set<string> => {
      const set = new Set<string>();
      const seen = new Set<string>([f]);
      const queue = successors(f);
      while (queue.length) {
        const g = queue.shift() as string;
        if (seen.has(g)) continue;
        seen.add(g);
        for (const k of touched(g)) set.add(k);
        queue.push(...successors(g));
      }
      return set;
    };
    /** some path of scripts in the tree leads from an install script to `f` */
    const rooted = (f: string, visiting: Set<string>): boolean => {
      if (parts.get(f)?.to === undefined) return true;
      if (visiting.has(f)) return false;
      visiting.add(f);
      return predecessors(f).some((p) => rooted(p, visiting));
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
          replacedLater: replacedAfter(f),
          historyUnknown: !rooted(f, new Set()),
          controlSchema: schema && schema !== 'public' ? schema : undefined,
        };
      });
  });
}
