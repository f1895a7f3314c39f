import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Engine, type LintSettings } from '../../server/src/analysis/engine';
import type { Finding } from '../../server/src/analysis/model/findings';
import type { Fix } from '../../server/src/analysis/rules/types';
import { lineStarts, offsetAt } from '../../server/src/analysis/syntax/source';
import { loadParsers } from '../../server/src/analysis/syntax/parsers';
import { blankDecorations } from '../../server/src/analysis/frontends/c/decorations';
import { lexC } from '../../server/src/analysis/frontends/c/lexical';
import { tempDir } from './tempDir';

let engine: Promise<Engine> | undefined;

export function sharedEngine(): Promise<Engine> {
  engine ??= Engine.create();
  return engine;
}

/** Lints every extension under `dir` with a fresh engine (no cache from other tests). */
export async function lintDir(dir: string, settings: LintSettings = {}): Promise<Finding[]> {
  const e = await Engine.create();
  return e.discover([dir]).flatMap((ext) => e.analyzeExtension(ext, settings));
}

/** `file:line rule` with 1-based lines, relative to `dir`: what tests compare. */
export function brief(dir: string, findings: Finding[]): string[] {
  return findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.range.start.line + 1} ${f.rule}`).sort();
}

/** Applies a fix's edits to the files on disk (last edit first, so offsets stay valid). */
export function applyFix(fix: Fix): void {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    let text = readFileSync(file, 'utf8');
    const starts = lineStarts(text);
    const sorted = edits
      .map((e) => ({ e, s: offsetAt(starts, e.range.start), t: offsetAt(starts, e.range.end) }))
      .sort((a, b) => b.s - a.s);
    for (const { e, s, t } of sorted) text = text.slice(0, s) + e.newText + text.slice(t);
    writeFileSync(file, text);
  }
}

export const MINIMAL_CONTROL = (name: string) =>
  `# ${name} extension\ncomment = 'test extension'\ndefault_version = '1.0'\nmodule_pathname = '$libdir/${name}'\nrelocatable = true\n`;

/** A small C extension around `initBody` (the body of _PG_init) and extra top-level code. */
export function cExtension(name: string, initBody: string, extra = '', readme = 'Add it to shared_preload_libraries.\n'): Record<string, string> {
  return {
    [`${name}.control`]: MINIMAL_CONTROL(name),
    [`${name}--1.0.sql`]: `CREATE FUNCTION ${name}_version() RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C;\n`,
    Makefile: `MODULE_big = ${name}\nOBJS = ${name}.o\nEXTENSION = ${name}\nDATA = ${name}--1.0.sql\nPG_CONFIG = pg_config\nPGXS := $(shell $(PG_CONFIG) --pgxs)\ninclude $(PGXS)\n`,
    'README.md': `# ${name}\n\n${readme}`,
    [`${name}.c`]:
      `#include "postgres.h"\n#include "fmgr.h"\n#include "miscadmin.h"\n#include "utils/guc.h"\n\nPG_MODULE_MAGIC;\n\n` +
      `static int\t${name}_size = 16;\n\n${extra}\nvoid\n_PG_init(void)\n{\n${initBody}}\n`,
  };
}

/**
 * An extension's integer GUCs registered the way citus and timescaledb do, one DefineCustomIntVariable
 * call of several lines each (every third one PGC_POSTMASTER): the file-scope variables and the calls.
 */
export function intGucs(name: string, settings: string[]): { variables: string; definitions: string } {
  const arg = '\n\t\t\t\t\t\t\t';
  return {
    variables: settings.map((s) => `static int ${name}_${s} = 1;\n`).join(''),
    definitions: settings
      .map((s, i) => `\tDefineCustomIntVariable("${name}.${s}",${arg}"Sets ${s}.",${arg}NULL,${arg}&${name}_${s},${arg}1, 0, INT_MAX,${arg}${i % 3 ? 'PGC_SUSET' : 'PGC_POSTMASTER'},${arg}0, NULL, NULL, NULL);\n\n`)
      .join(''),
  };
}

/** Copies a fixture tree under test/fixtures into a new temporary folder (fixes edit the copy). */
export function copyFixture(rel: string): string {
  const dir = tempDir('pgext-lint-fixture-');
  cpSync(path.join(fixturesRoot(), rel), dir, { recursive: true });
  return dir;
}

export function fixturesRoot(): string {
  // compiled tests run from out/test/support; fixtures stay in the source tree
  return path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
}

/** Whether a C or Rust file parses without syntax errors (after the engine's decoration blanking). */
export async function parsesCleanly(file: string): Promise<boolean> {
  const parsers = await loadParsers();
  const text = readFileSync(file, 'utf8');
  const rust = file.endsWith('.rs');
  const tree = parsers.get(rust ? 'rust' : 'c').parse(rust ? text : blankDecorations(text, lexC(text).codeView));
  try {
    return !!tree && !tree.rootNode.hasError;
  } finally {
    tree?.delete();
  }
}
