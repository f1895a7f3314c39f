/**
 * One measured run for the benchmark, in a process of its own so that CPU time and peak RSS are its
 * own: `full TREE` runs the CLI (`check TREE --format json`), `parse TREE` parses every source file of the tree's extensions once. Writes
 * `{ cpuMs, maxRssMb }` to the file PGEXT_LINT_BENCH_OUT names when the process exits.
 */
import { writeFileSync } from 'node:fs';
import { Engine } from '../server/src/analysis/engine';
import { loadParsers } from '../server/src/analysis/syntax/parsers';
import { readSource } from '../server/src/analysis/syntax/source';
import { main } from '../server/src/cli/main';

const [mode, tree] = process.argv.slice(2);
const out = process.env.PGEXT_LINT_BENCH_OUT;

process.on('exit', () => {
  const cpu = process.cpuUsage();
  const usage = { cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  if (out) writeFileSync(out, JSON.stringify(usage));
});

async function parseOnly(): Promise<void> {
  const engine = await Engine.create();
  const parsers = await loadParsers();
  for (const ext of engine.discover([tree])) {
    for (const file of ext.sourceFiles) {
      const r = readSource(file);
      if ('text' in r) parsers.get(file.endsWith('.rs') ? 'rust' : 'c').parse(r.text)?.delete();
    }
  }
}

if (mode === 'parse') {
  parseOnly().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
} else {
  process.argv = [process.argv[0], 'pgext-lint', 'check', tree, '--format', 'json'];
  main();
}
