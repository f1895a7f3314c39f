/**
 * `npm run bench -- [TREE]`: a full scan of a large tree (a PostgreSQL source tree is the reference:
 * dozens of extensions among thousands of files) next to a parse-only pass over the same extension
 * sources, measured in the same run. Prints files/s and MB/s for both and the ratio.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine } from '../server/src/analysis/engine';
import { loadParsers } from '../server/src/analysis/syntax/parsers';
import { readSource } from '../server/src/analysis/syntax/source';
import { benchSqlScript } from './sqlScript';

async function main(): Promise<void> {
  const tree = path.resolve(process.argv[2] ?? process.env.PGEXT_LINT_BENCH_TREE ?? path.join(__dirname, '..', '..', 'test', 'fixtures'));
  const engine = await Engine.create();
  const parsers = await loadParsers();

  const t0 = performance.now();
  const exts = engine.discover([tree]);
  let findings = 0;
  for (const ext of exts) findings += engine.analyzeExtension(ext).length;
  const full = performance.now() - t0;

  const files = exts.flatMap((e) => e.sourceFiles);
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const t1 = performance.now();
  for (const f of files) {
    const r = readSource(f);
    if (!('text' in r)) continue;
    parsers.get(f.endsWith('.rs') ? 'rust' : 'c').parse(r.text)?.delete();
  }
  const parseOnly = performance.now() - t1;

  const rate = (ms: number) =>
    `${(files.length / (ms / 1000)).toFixed(0)} files/s, ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s (${ms.toFixed(0)} ms)`;
  console.log(`tree: ${tree}`);
  console.log(`${exts.length} extensions, ${files.length} source files, ${(bytes / 1e6).toFixed(1)} MB, ${findings} findings`);
  console.log(`full scan:  ${rate(full)}`);
  console.log(`parse only: ${rate(parseOnly)}`);
  console.log(`ratio full/parse-only: ${(full / parseOnly).toFixed(2)}`);
  console.log(`peak RSS: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  benchSqlScript(engine);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
