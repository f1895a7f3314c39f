/**
 * `npm run bench -- TREE [--file PATH] [--pairs N] [--keystrokes N]`: in one run,
 *  (a) CLI full scan vs a parse-only pass over the same extensions' sources: CPU time of each, in
 *      alternating child processes, median of N pairs, and the ratio;
 *  (b) keystroke → diagnostics through the real server over stdio, on the tree's largest file with
 *      findings (or --file): p50/p95 of the time from an edit to the publication for its version,
 *      next to one full parse of that file timed between the keystrokes, and the ratios;
 *  (c) peak RSS of the CLI and of the server (after it indexed the tree and took the keystrokes).
 * Ratios are measured in the same run, so a shared, noisy machine still gives comparable figures.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Engine } from '../server/src/analysis/engine';
import { loadParsers } from '../server/src/analysis/syntax/parsers';
import { benchSqlScript } from './sqlScript';
import { TestEditor, waitUntil } from '../test/lsp/harness';
import { tempDir } from '../test/support/tempDir';

interface Usage {
  cpuMs: number;
  maxRssMb: number;
}

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
}

const scratch = tempDir('pgext-lint-bench-');

/** One measured child process; `json` receives the CLI's output. */
function measure(mode: 'full' | 'parse', tree: string, json?: string): Usage {
  const out = path.join(scratch, `${mode}.usage.json`);
  const r = spawnSync(process.execPath, [path.join(__dirname, 'measure.js'), mode, tree], {
    env: { ...process.env, PGEXT_LINT_BENCH_OUT: out },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 1 << 30,
  });
  if (json !== undefined) writeFileSync(json, r.stdout);
  return JSON.parse(readFileSync(out, 'utf8')) as Usage;
}

/** The largest C or Rust file that has findings. */
function largestWithFindings(json: string): string | undefined {
  const { findings } = JSON.parse(readFileSync(json, 'utf8')) as { findings: { file: string }[] };
  const files = [...new Set(findings.map((f) => path.resolve(f.file)))].filter((f) => /\.(c|h|rs)$/.test(f));
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

async function keystrokes(tree: string, file: string, count: number): Promise<{ latencies: number[]; parses: number[]; serverRssMb?: number }> {
  const parsers = await loadParsers();
  const parser = parsers.get(file.endsWith('.rs') ? 'rust' : 'c');
  const editor = new TestEditor();
  const latencies: number[] = [];
  const parses: number[] = [];
  try {
    await editor.initialize(tree);
    await waitUntil(() => editor.logs.some((m) => m.startsWith('indexed ')), 30 * 60_000);
    await editor.open(file, file.endsWith('.rs') ? 'rust' : 'c');
    await editor.waitFor(file, (_, p) => p.version === 1, 10 * 60_000);
    const text = editor.text(file);
    // a harmless edit in the middle of the file: a space at the start of a line
    const line = text.slice(0, text.length >> 1).split('\n').length;
    // the first edits warm the server up (JIT, kept trees): not counted
    const warmUp = 3;
    for (let i = -warmUp; i < count; i++) {
      const started = performance.now();
      const version = await editor.edit(file, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: ' ' }]);
      await editor.waitFor(file, (_, p) => p.version === version, 10 * 60_000);
      if (i < 0) continue;
      latencies.push(performance.now() - started);
      const t = performance.now();
      parser.parse(editor.text(file))?.delete();
      parses.push(performance.now() - t);
    }
    return { latencies, parses, serverRssMb: peakRssMb(editor.pid) };
  } finally {
    await editor.shutdown().catch(() => editor.kill());
  }
}

/** VmHWM of a process (Linux), in MB. */
function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { file: { type: 'string' }, pairs: { type: 'string', default: '3' }, keystrokes: { type: 'string', default: '20' } },
  });
  const tree = path.resolve(positionals[0] ?? process.env.PGEXT_LINT_BENCH_TREE ?? path.join(__dirname, '..', '..', 'examples'));
  const pairs = Math.max(3, Number(values.pairs));
  const json = path.join(scratch, 'findings.json');
  const full: Usage[] = [];
  const parse: Usage[] = [];
  for (let i = 0; i < pairs; i++) {
    full.push(measure('full', tree, i === 0 ? json : undefined));
    parse.push(measure('parse', tree));
  }
  const f = (n: number) => n.toFixed(0);
  const fullCpu = median(full.map((u) => u.cpuMs));
  const parseCpu = median(parse.map((u) => u.cpuMs));
  const ratios = full.map((u, i) => u.cpuMs / parse[i].cpuMs);
  console.log(`tree: ${tree}`);
  console.log(`(a) CPU, median of ${pairs} alternating pairs: full scan ${f(fullCpu)} ms, parse only ${f(parseCpu)} ms, ratio ${median(ratios).toFixed(2)} (pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')})`);
  console.log(`(c) CLI peak RSS ${f(Math.max(...full.map((u) => u.maxRssMb)))} MB (parse only ${f(Math.max(...parse.map((u) => u.maxRssMb)))} MB)`);

  benchSqlScript(await Engine.create());

  const file = values.file ? path.resolve(tree, values.file) : largestWithFindings(json);
  if (!file) {
    console.log('(b) no C or Rust file with findings: name one with --file');
    return;
  }
  const { latencies, parses, serverRssMb } = await keystrokes(tree, file, Number(values.keystrokes));
  const parseMs = median(parses);
  const p50 = quantile(latencies, 0.5);
  const p95 = quantile(latencies, 0.95);
  console.log(`(b) keystroke → diagnostics on ${path.relative(tree, file)} (${(statSync(file).size / 1024).toFixed(0)} KB), ${latencies.length} edits: p50 ${f(p50)} ms, p95 ${f(p95)} ms; one full parse ${parseMs.toFixed(1)} ms; p50/parse ${(p50 / parseMs).toFixed(1)}×, p95/parse ${(p95 / parseMs).toFixed(1)}×`);
  console.log(`(c) server peak RSS ${serverRssMb === undefined ? 'unknown' : `${f(serverRssMb)} MB`}`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
