import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Position } from 'vscode-languageserver/node';
import { fixturesRoot } from '../support/lint';
import { TestEditor, uriOf } from './harness';
import { tempDir } from '../support/tempDir';

/**
 * A seeded, bounded fuzz run through the real server over stdio: random edits to a C file, a Rust
 * file and a control file (insertions, deletions, NUL and lone surrogates, unbalanced braces and
 * #if/#endif, 1 MB pastes, delete-all), sent as fast as an editor would, with hover, code-action and
 * completion requests in between. The server must not crash, must answer every request within
 * 5 s, and at each quiet point publish for the current version of every document exactly what a
 * fresh server publishes for the same texts.
 */
const SEED = Number(process.env.PGEXT_LINT_FUZZ_SEED ?? 20261207);
const EDITS = Number(process.env.PGEXT_LINT_FUZZ_EDITS ?? 510);
const QUIET_EVERY = 170;
const ANSWER_MS = 5000;

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function workspace(): { root: string; files: { file: string; languageId: string }[] } {
  const root = tempDir('pgext-lint-fuzz-');
  cpSync(path.join(fixturesRoot(), 'lsp-tenant_limits'), path.join(root, 'tenant_limits'), { recursive: true });
  cpSync(path.join(fixturesRoot(), 'hook-fixes-pgrx', 'rxhooks'), path.join(root, 'rxhooks'), { recursive: true });
  return {
    root,
    files: [
      { file: path.join(root, 'tenant_limits', 'src', 'tenant_limits.c'), languageId: 'c' },
      { file: path.join(root, 'rxhooks', 'src', 'lib.rs'), languageId: 'rust' },
      { file: path.join(root, 'tenant_limits', 'tenant_limits.control'), languageId: 'pg-control' },
    ],
  };
}

const FRAGMENTS = ['{', '}', '#if PG_VERSION_NUM >= 150000\n', '#endif\n', '#else\n', '\0', '\ud800', '\udc00', '/*', '*/', '"', '(', ');', '\n', 'x', '=', '\r\n', '#[cfg(feature = "pg15")]\n'];

/** a 1 MB paste (generated declarations) */
const PASTE = Array.from({ length: 40_000 }, (_, i) => `static int pasted_${i} = ${i};\n`).join('').slice(0, 1 << 20);

/** One random edit of `text`: a range and its replacement. */
function randomEdit(next: () => number, text: string): { start: number; end: number; newText: string } {
  const at = Math.floor(next() * (text.length + 1));
  const roll = next();
  if (roll < 0.01) return { start: 0, end: text.length, newText: '' };
  if (roll < 0.02) return { start: at, end: at, newText: PASTE };
  if (roll < 0.35) {
    const end = Math.min(text.length, at + Math.floor(next() * 40));
    return { start: at, end, newText: '' };
  }
  if (roll < 0.7) return { start: at, end: at, newText: FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] };
  const from = Math.floor(next() * Math.max(1, text.length - 80));
  return { start: at, end: at, newText: text.slice(from, from + Math.floor(next() * 80)) };
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Rejects when the server does not answer within ANSWER_MS. */
async function answered<T>(what: string, request: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} unanswered for ${ANSWER_MS} ms`)), ANSWER_MS);
  });
  try {
    return await Promise.race([request, late]);
  } finally {
    clearTimeout(timer);
  }
}

const comparable = (ds: Diagnostic[]) =>
  ds
    .map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`)
    .sort();

describe('fuzzing the server with random edits', () => {
  const { root, files } = workspace();
  const editor = new TestEditor();

  let initial: string[] = [];

  before(async () => {
    await editor.initialize(root);
    for (const { file, languageId } of files) await editor.open(file, languageId);
    await settled(editor);
    initial = comparable(editor.diagnosticsOf(files[0].file));
  });
  after(() => {
    if (process.env.PGEXT_LINT_FUZZ_LOG) console.log(editor.logs.join('\n'));
    editor.kill();
  });

  /** Waits until every open document's last publication is for its current version. */
  const settled = (e: TestEditor, ms = 60_000) =>
    Promise.all(files.map(({ file }) => e.waitFor(file, (_, p) => p.version === versions.get(file), ms)));
  const versions = new Map<string, number>(files.map(({ file }) => [file, 1]));

  async function requestsOn(file: string, next: () => number): Promise<void> {
    const text = editor.text(file);
    const position = positionAt(text, Math.floor(next() * (text.length + 1)));
    const uri = uriOf(file);
    await answered('hover', editor.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
    await answered(
      'code actions',
      editor.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: position, end: position },
        context: { diagnostics: editor.diagnosticsOf(file) },
      }),
    );
    await answered('completion', editor.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }));
  }

  async function matchesFreshServer(): Promise<void> {
    await settled(editor);
    const fresh = new TestEditor();
    try {
      await fresh.initialize(root);
      for (const { file, languageId } of files) await fresh.open(file, languageId, editor.text(file));
      await Promise.all(files.map(({ file }) => fresh.waitFor(file, (_, p) => p.version === 1, 60_000)));
      for (const { file } of files) {
        assert.deepEqual(comparable(editor.diagnosticsOf(file)), comparable(fresh.diagnosticsOf(file)), `${path.basename(file)} after edits`);
      }
    } finally {
      fresh.kill();
    }
  }

  it(`survives ${EDITS} random edits (seed ${SEED}) and then publishes what a fresh server does`, async () => {
    const next = random(SEED);
    for (let i = 1; i <= EDITS; i++) {
      const { file } = files[Math.floor(next() * files.length)];
      const text = editor.text(file);
      const e = randomEdit(next, text);
      const version = await editor.edit(file, [{ range: { start: positionAt(text, e.start), end: positionAt(text, e.end) }, newText: e.newText }]);
      versions.set(file, version);
      if (i % 7 === 0) await requestsOn(file, next);
      if (i % QUIET_EVERY === 0) await matchesFreshServer();
    }
    await matchesFreshServer();
    assert.ok(files.every(({ file }) => editor.text(file).length < 8 << 20), 'texts stay bounded');
  });

  it('still answers and analyses after the run', async () => {
    const [c] = files;
    assert.ok(initial.length > 0, 'the C file starts with findings');
    await editor.edit(c.file, [{ range: { start: { line: 0, character: 0 }, end: positionAt(editor.text(c.file), editor.text(c.file).length) }, newText: readFileSync(c.file, 'utf8') }]);
    const version = versions.get(c.file)! + 1;
    versions.set(c.file, version);
    const ds = await editor.waitFor(c.file, (_, p) => p.version === version, 60_000);
    assert.deepEqual(comparable(ds), initial, 'the text as on disk gets its first findings again');
  });
});
