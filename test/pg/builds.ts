import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/analysis/model/findings';
import { buildWithPgxs, fixtureCopy } from './pgxs';
import { applyPreferredFixes, lint } from './quickFix';

/** A fixture as written (what the rule reports) and after the linter's preferred quick fixes, both built. */
export interface Builds {
  /** the one finding of the rule on the fixture as written */
  finding: Finding;
  /** the shared library built from the fixture as written */
  bad: string;
  /** the shared library built after the quick fixes */
  fixed: string;
  /** titles of the quick fixes applied */
  fixes: string[];
  /** findings of the fixed rules left after the quick fixes (none when the fixes did their job) */
  left: string[];
}

const built = new Map<string, Promise<Builds>>();

/**
 * Lints test/pg/fixtures/<fixture>, asserts `rule` reports it exactly once, builds it, then applies the
 * preferred fixes of `fixRules` (default: the rule alone) through the engine and builds the result.
 * Built once per run.
 */
export function badAndFixed(fixture: string, rule: string, fixRules = [rule]): Promise<Builds> {
  const key = JSON.stringify([fixture, rule, fixRules]);
  if (!built.has(key)) built.set(key, build(fixture, rule, fixRules));
  return built.get(key)!;
}

async function build(fixture: string, rule: string, fixRules: string[]): Promise<Builds> {
  const badDir = fixtureCopy(fixture);
  const findings = (await lint(badDir)).filter((f) => f.rule === rule);
  assert.equal(findings.length, 1, `${rule} should report ${fixture} once: ${findings.map((f) => f.message).join('\n')}`);
  const bad = buildWithPgxs(badDir);
  const fixedDir = fixtureCopy(fixture);
  const { fixes, left } = await applyPreferredFixes(fixedDir, fixRules);
  assert.ok(fixes.length > 0, `${rule} offers no preferred quick fix on ${fixture}`);
  const fixed = buildWithPgxs(fixedDir);
  return { finding: findings[0], bad, fixed, fixes, left: left.map((f) => `${f.rule}: ${f.message}`) };
}

/** The texts a message quotes ("..."): where a message quotes the server, the server must print them. */
export function quotedIn(message: string): string[] {
  return [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}
