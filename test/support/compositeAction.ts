import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { tempDir } from './tempDir';

/**
 * Runs a composite GitHub Action's bash steps the way the runner does: inputs with their defaults,
 * `${{ }}` expressions in `if`, `env` and `run` (the subset composite actions use here: inputs.X,
 * steps.ID.outputs.X, string literals, ==, !=, &&, ||), GITHUB_ACTION_PATH and GITHUB_OUTPUT.
 * `uses:` steps are not run; whether their condition held is reported.
 */

interface Step {
  name: string;
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}

export interface ActionDefinition {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export interface ActionRun {
  /** the step that failed, if any */
  failedStep?: string;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** `uses:` steps whose condition held, with their evaluated `with:` */
  used: { uses: string; with: Record<string, string> }[];
}

export function readAction(file: string): ActionDefinition {
  return parse(readFileSync(file, 'utf8'));
}

type Context = { inputs: Record<string, string>; steps: Record<string, Record<string, string>> };

export function runAction(actionDir: string, given: Record<string, string>, cwd: string, skip: (step: Step) => boolean): ActionRun {
  const action = readAction(path.join(actionDir, 'action.yml'));
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  for (const k of Object.keys(given)) if (!(k in action.inputs)) throw new Error(`the action has no input ${k}`);
  const context: Context = { inputs, steps: {} };
  const result: ActionRun = { stdout: '', stderr: '', outputs: {}, used: [] };
  for (const step of action.runs.steps) {
    if (skip(step)) continue;
    if (step.if !== undefined && !truthy(evaluate(step.if.replace(/^\$\{\{|\}\}$/g, ''), context))) continue;
    if (step.uses) {
      result.used.push({ uses: step.uses, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, context)])) });
      continue;
    }
    const outputFile = path.join(tempDir('gh-output-'), 'output');
    writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_ACTION_PATH: actionDir, GITHUB_OUTPUT: outputFile };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(v, context);
    const r = spawnSync('bash', ['-e', '-c', interpolate(step.run!, context)], { cwd, env, encoding: 'utf8', timeout: 120_000 });
    result.stdout += r.stdout;
    result.stderr += r.stderr;
    if (step.id) {
      context.steps[step.id] = Object.fromEntries(
        readFileSync(outputFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
    }
    if (r.status !== 0) {
      result.failedStep = step.name;
      break;
    }
  }
  for (const [k, v] of Object.entries(action.outputs)) result.outputs[k] = interpolate(v.value, context);
  return result;
}

function interpolate(text: string, context: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(evaluate(expr, context)));
}

function truthy(v: string | boolean): boolean {
  return v !== '' && v !== false;
}

/** GitHub's expression subset: `a || b`, `a && b`, `a == b`, `a != b`, 'literal', inputs.x, steps.id.outputs.x. */
function evaluate(expr: string, context: Context): string | boolean {
  const or = expr.split('||');
  if (or.length > 1) {
    const values = or.map((e) => evaluate(e, context));
    return values.find(truthy) ?? values[values.length - 1];
  }
  const and = expr.split('&&');
  if (and.length > 1) {
    let last: string | boolean = true;
    for (const e of and) {
      last = evaluate(e, context);
      if (!truthy(last)) return last;
    }
    return last;
  }
  const cmp = /^(.*?)(==|!=)(.*)$/.exec(expr);
  if (cmp) {
    const same = String(evaluate(cmp[1], context)).toLowerCase() === String(evaluate(cmp[3], context)).toLowerCase();
    return cmp[2] === '==' ? same : !same;
  }
  const atom = expr.trim();
  const literal = /^'(.*)'$/.exec(atom);
  if (literal) return literal[1];
  const input = /^inputs\.([\w-]+)$/.exec(atom);
  if (input) return context.inputs[input[1]] ?? '';
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(atom);
  if (output) return context.steps[output[1]]?.[output[2]] ?? '';
  throw new Error(`expression not understood by this test runner: ${atom}`);
}
