import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Cond, FileFacts, FunctionDef, Stmt, Value } from '../../server/src/analysis/model/model';
import { loadParsers } from '../../server/src/analysis/syntax/parsers';
import { extractRustFile } from '../../server/src/analysis/frontends/rust/frontend';

export const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures');

/** The pgrx front end's facts for a fixture file, compiled for one target version. */
export async function rustFacts(rel: string, pgVersion = 17): Promise<FileFacts> {
  const file = path.join(FIXTURES, rel);
  return extractRust(file, readFileSync(file, 'utf8'), pgVersion);
}

export async function extractRust(file: string, text: string, pgVersion = 17): Promise<FileFacts> {
  const { rust } = await loadParsers();
  return extractRustFile(rust, file, text, pgVersion);
}

export function fn(facts: FileFacts, name: string): FunctionDef {
  const found = facts.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name} in ${facts.functions.map((f) => f.name).join(', ')}`);
  return found;
}

function cond(c: Cond): string {
  switch (c.k) {
    case 'flag':
      return 'FLAG';
    case 'truthy':
      return c.name;
    case 'not':
      return `!${cond(c.a)}`;
    case 'and':
      return `(${cond(c.a)} && ${cond(c.b)})`;
    case 'or':
      return `(${cond(c.a)} || ${cond(c.b)})`;
    default:
      return `?(${c.names.join(',')})`;
  }
}

function value(v: Value): string {
  switch (v.k) {
    case 'name':
      return v.name;
    case 'null':
      return 'NULL';
    case 'flag':
      return 'FLAG';
    case 'cond':
      return `cond ${cond(v.cond)}`;
    default:
      return '?';
  }
}

/**
 * A statement list as indented lines with 1-based source lines: `call define_int_guc @26`,
 * `if FLAG`, `let x = FLAG`, `PREV = X_hook`. Calls listed in `skip` (plumbing such as
 * `GucFlags::default()`) are left out so outlines show what a test is about.
 */
export function outline(stmts: Stmt[], skip: string[] = [], indent = ''): string[] {
  const lines: string[] = [];
  for (const s of stmts) {
    switch (s.k) {
      case 'call':
        if (!skip.includes(s.callee)) {
          lines.push(`${indent}call ${s.callee}${s.unwrapped ? ' unwrapped' : ''} @${s.loc.range.start.line + 1}`);
        }
        break;
      case 'assign':
        lines.push(`${indent}${s.declaresLocal ? 'let ' : ''}${s.target} = ${value(s.value)} @${s.loc.range.start.line + 1}`);
        break;
      case 'if':
        lines.push(`${indent}if ${cond(s.cond)}`, ...outline(s.then, skip, `${indent}  `));
        if (s.else.length > 0) lines.push(`${indent}else`, ...outline(s.else, skip, `${indent}  `));
        break;
      case 'maybe':
      case 'block':
        lines.push(`${indent}${s.k}`, ...outline(s.body, skip, `${indent}  `));
        break;
      default:
        lines.push(`${indent}${s.k} @${s.loc.range.start.line + 1}`);
    }
  }
  return lines;
}
