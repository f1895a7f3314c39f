import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readVsix } from '../support/vsix';
import { tempDir } from '../support/tempDir';

const REPO = path.resolve(__dirname, '..', '..', '..');
const VSCE = path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');
const MANIFEST = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));

/** What the .vsix may hold: the bundles and grammars, what package.json points to, docs, licence. */
const SHIPPED =
  /^(dist\/[\w-]+\.(js|wasm)|syntaxes\/[\w-]+\.tmLanguage\.json|schemas\/[\w-]+\.schema\.json|language-configuration[\w-]*\.json|package\.json|client\/README\.md|LICENSE|CHANGELOG\.md|images\/icon\.png|docs\/rules\/[\w-]+\.md|walkthrough\/[\w-]+\.(md|svg))$/;

/** The vsce arguments of `npm run package`, so the test packages exactly as users do. */
function vsceArgs(out: string): string[] {
  const script: string = MANIFEST.scripts.package;
  const args = script.slice(script.indexOf('vsce package') + 'vsce '.length).split(/\s+/);
  const at = args.indexOf('--out');
  args.splice(at, 2, '--out', out);
  return args;
}

describe('the VS Code package', () => {
  it('would hold no sources, tests, fixtures or node_modules (vsce ls with .vscodeignore)', () => {
    const files = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies', '--readme-path', 'client/README.md'], { cwd: REPO, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    assert.ok(files.includes('package.json') && files.includes('syntaxes/pg-control.tmLanguage.json'));
    assert.deepEqual(files.filter((f) => !SHIPPED.test(f)), []);
  });

  it('has the Marketplace fields: icon, categories, keywords, repository, bugs, homepage, licence', () => {
    assert.equal(MANIFEST.icon, 'images/icon.png');
    assert.deepEqual(MANIFEST.categories, ['Linters', 'Programming Languages']);
    assert.ok(MANIFEST.keywords.includes('postgresql') && MANIFEST.keywords.includes('pgrx'));
    assert.match(MANIFEST.repository.url, /^https:\/\/github\.com\/pgext-lint\/pgext-lint\.git$/);
    assert.match(MANIFEST.bugs.url, /\/issues$/);
    assert.match(MANIFEST.homepage, /^https:\/\/github\.com\/pgext-lint\/pgext-lint/);
    assert.equal(MANIFEST.license, 'MIT');
    // nothing is hidden from vsce's checks any more
    assert.doesNotMatch(MANIFEST.scripts.package, /--skip-license|--allow-missing-repository/);
  });

  describe('npm run package', () => {
    let entries: Map<string, Buffer>;
    before(async () => {
      execFileSync(process.execPath, [path.join(REPO, 'scripts', 'bundle.mjs')], { cwd: REPO, stdio: 'pipe' });
      const out = path.join(tempDir('pgext-lint-vsix-'), 'pgext-lint.vsix');
      execFileSync(process.execPath, [VSCE, ...vsceArgs(out)], { cwd: REPO, stdio: 'pipe' });
      entries = await readVsix(out);
    });
    const text = (name: string) => entries.get(`extension/${name}`)?.toString('utf8');

    it('ships the MIT licence, the changelog and a PNG icon the manifest points to', () => {
      assert.match(text('LICENSE.txt') ?? text('LICENSE') ?? '', /^MIT License\n[\s\S]*Permission is hereby granted, free of charge/);
      assert.match(text('changelog.md') ?? '', /^# Changelog\n[\s\S]*## \[0\.1\.0\]/);
      const icon = entries.get('extension/images/icon.png');
      assert.ok(icon && icon.subarray(1, 4).toString() === 'PNG' && icon.readUInt32BE(16) >= 128, 'a PNG of at least 128 px');
      assert.match(text('extension.vsixmanifest') ?? entries.get('extension.vsixmanifest')!.toString(), /<Icon>extension\/images\/icon\.png<\/Icon>/);
    });

    it('ships the user-facing README, not the developer one that points at ../shared', () => {
      const readme = text('readme.md') ?? '';
      assert.match(readme, /^# pgext-lint for VS Code\n/);
      assert.doesNotMatch(readme, /\.\.\/shared|npm ci|npm test/);
    });

    it('ships every rule page, for "Show documentation" offline', () => {
      const pages = readdirSync(path.join(REPO, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
      assert.ok(pages.length >= 20);
      for (const page of pages) {
        assert.equal(text(`docs/rules/${page}`), readFileSync(path.join(REPO, 'docs', 'rules', page), 'utf8'), page);
      }
    });

    it('ships the walkthrough pages the manifest names', () => {
      const steps = MANIFEST.contributes.walkthroughs[0].steps as { media: { markdown?: string; image?: string } }[];
      for (const { media } of steps) {
        for (const file of [media.markdown, media.image].filter((f): f is string => !!f)) {
          assert.ok(entries.has(`extension/${file}`), `${file} is in the .vsix`);
        }
      }
    });
  });
});
