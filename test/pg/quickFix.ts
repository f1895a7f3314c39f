import { Engine } from '../../server/src/analysis/engine';
import type { Finding } from '../../server/src/analysis/model/findings';
import { nonOverlapping } from '../../server/src/lsp/workspaceEdits';
import { applyFix } from '../support/lint';
import { PG_MAJOR } from './cluster';

// The linter's side of each scenario: what it reports on the fixture for the server's version, and the
// code after its preferred quick fixes, applied the way the editor's "fix all" applies them.

let engine: Promise<Engine> | undefined;

/** Findings on the extension in `dir`, for the PostgreSQL version the scenarios run on (or for `versions`). */
export async function lint(dir: string, versions = [PG_MAJOR]): Promise<Finding[]> {
  engine ??= Engine.create();
  const e = await engine;
  return e.discover([dir]).flatMap((ext) => e.analyzeExtension(ext, { pgVersions: versions }));
}

/**
 * Applies the preferred fixes of `rules`' findings, non-overlapping ones together, and lints again
 * until those rules are silent (a fix may reveal the next step: saving the previous hook is followed
 * by calling it) or no finding left has a preferred fix. Returns the titles of the fixes applied and
 * the findings left. `versions`: the target versions the fixes are computed for.
 */
export async function applyPreferredFixes(dir: string, rules: string[], versions = [PG_MAJOR]): Promise<{ fixes: string[]; left: Finding[] }> {
  const titles: string[] = [];
  for (;;) {
    const findings = (await lint(dir, versions)).filter((f) => rules.includes(f.rule));
    const fixes = findings.flatMap((f) => f.fixes.filter((x) => x.preferred).slice(0, 1));
    if (fixes.length === 0 || titles.length > 20) return { fixes: titles, left: findings };
    const edits = nonOverlapping(fixes.map((f) => f.edits));
    applyFix({ title: 'fix all', edits });
    titles.push(...fixes.filter((f) => f.edits.every((e) => edits.includes(e))).map((f) => f.title));
    // the engine reads a file once until told it changed, as the language server tells it
    const e = await engine!;
    for (const file of new Set(edits.map((x) => x.file))) e.invalidate(file);
  }
}
