import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { tempDir } from '../support/tempDir';

// The npm package as a user gets it without the registry: `npm pack`, then `npm install -g` of the
// tarball into a throwaway prefix, then the installed commands on the bundled example.

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** Native builds the package must never pull in (only their .wasm is shipped), the VS Code client, type-only packages. */
const NOT_AT_RUN_TIME = ['tree-sitter-c', 'tree-sitter-cpp', 'tree-sitter-rust', 'tree-sitter', 'node-gyp-build', 'node-addon-api', 'vscode-languageclient', '@types/sarif'];

function npm(args: string[], cwd: string): string {
  const r = spawnSync(NPM, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `npm ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Every package name installed under a node_modules folder, at any depth. */
function installedPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules).flatMap((name) => {
    if (name.startsWith('.')) return [];
    const dirs = name.startsWith('@') ? readdirSync(path.join(nodeModules, name)).map((n) => `${name}/${n}`) : [name];
    return dirs.flatMap((d) => [d, ...installedPackages(path.join(nodeModules, d, 'node_modules'))]);
  });
}

describe('the npm package (npm pack, then npm install -g of the tarball)', () => {
  const work = tempDir('pgext-lint-pack-');
  const prefix = path.join(work, 'prefix');
  let files: string[] = [];
  let tarball = '';
  let installed = '';
  let bin = '';

  before(() => {
    // npm test has just built: packing again would only rebuild (the prepare script)
    const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], REPO_ROOT));
    files = packed.files.map((f: { path: string }) => f.path);
    tarball = path.join(work, packed.filename);
    // --prefer-offline: the dependencies come from npm's cache after `npm ci`, else from the registry
    npm(['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], work);
    installed = path.join(prefix, ...(process.platform === 'win32' ? [] : ['lib']), 'node_modules', 'pgext-lint');
    bin = path.join(prefix, ...(process.platform === 'win32' ? [] : ['bin']));
  });

  it('holds the compiled CLI and server, the grammars, the rule pages, the schema and the example; no sources or tests', () => {
    const grammars = readdirSync(path.join(REPO_ROOT, 'grammars')).filter((f) => f.endsWith('.wasm')).map((f) => `grammars/${f}`);
    assert.ok(grammars.includes('grammars/tree-sitter-c.wasm') && grammars.includes('grammars/web-tree-sitter.wasm'));
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/pgext-lint.js', 'bin/pgext-lint-server.js', 'out/server/src/cli/main.js', 'out/server/src/lsp/analysisWorker.js', ...grammars, 'docs/rules/hook-not-chained.md', 'schemas/pgext-lint.schema.json', 'examples/slowlog/slowlog.c', 'problem-matchers/pgext-lint-gcc.json']) {
      assert.ok(files.includes(f), `${f} is missing from the tarball`);
    }
    const unwanted = files.filter((f) => /(^|\/)(test|client|node_modules|bench)\//.test(f) || /\.(ts|map)$/.test(f) || f.startsWith('server/'));
    assert.deepEqual(unwanted, []);
  });

  it('declares no native grammar build and no editor client among its dependencies', () => {
    const manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(manifest.dependencies).filter((d) => NOT_AT_RUN_TIME.includes(d)), []);
    assert.deepEqual(installedPackages(path.join(installed, 'node_modules')).filter((d) => NOT_AT_RUN_TIME.includes(d)), []);
    assert.ok(installedPackages(path.join(installed, 'node_modules')).includes('web-tree-sitter'));
  });

  it('pgext-lint check lints the bundled example exactly as the repository build does', () => {
    const example = path.join(work, 'slowlog');
    cpSync(path.join(installed, 'examples', 'slowlog'), example, { recursive: true });
    const r = spawnSync(path.join(bin, 'pgext-lint'), ['check'], { cwd: example, encoding: 'utf8', shell: process.platform === 'win32' });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^slowlog\.c:115:2: error: GUC "slowlog\.entries" is defined with PGC_POSTMASTER/m);
    const fromRepo = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'pgext-lint.js'), 'check'], { cwd: example, encoding: 'utf8' });
    assert.equal(r.stdout, fromRepo.stdout);
  });

  it('pgext-lint check parses extension scripts with the SQL parser of the installed package', () => {
    const sqlFixture = path.join(REPO_ROOT, 'test', 'fixtures', 'sql-security-definer-search-path', 'geoaudit');
    const r = spawnSync(path.join(bin, 'pgext-lint'), ['check'], { cwd: sqlFixture, encoding: 'utf8', shell: process.platform === 'win32' });
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /\[sql-security-definer-search-path\]$/m);
    const fromRepo = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'pgext-lint.js'), 'check'], { cwd: sqlFixture, encoding: 'utf8' });
    assert.equal(r.stdout, fromRepo.stdout);
  });

  it('pgext-lint --version and explain work from the installed package (docs are shipped)', () => {
    const version = spawnSync(path.join(bin, 'pgext-lint'), ['--version'], { encoding: 'utf8' });
    assert.equal(version.stdout, `${JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version}\n`);
    const explain = spawnSync(path.join(bin, 'pgext-lint'), ['explain', 'hook-not-chained'], { encoding: 'utf8' });
    assert.equal(explain.status, 0);
    assert.equal(explain.stderr, '');
    assert.match(explain.stdout, /^# hook-not-chained\n/);
  });

  it('pgext-lint-server --stdio publishes the diagnostics of the example', async () => {
    const example = path.join(installed, 'examples', 'slowlog');
    const file = path.join(example, 'slowlog.c');
    const server = spawn(path.join(bin, 'pgext-lint-server'), ['--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    const published = new Promise<PublishDiagnosticsParams>((resolve) =>
      connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri === pathToFileURL(file).href && p.diagnostics.length) resolve(p);
      }),
    );
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(example).href, capabilities: {}, workspaceFolders: null });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: pathToFileURL(file).href, languageId: 'c', version: 1, text: readFileSync(file, 'utf8') },
      });
      const { diagnostics } = await published;
      assert.ok(diagnostics.some((d) => d.code === 'postmaster-guc-outside-preload' && d.range.start.line === 114));
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
    } finally {
      connection.dispose();
      server.kill();
    }
  });
});
