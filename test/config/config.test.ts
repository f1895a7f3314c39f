import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkConfigValues, ConfigResolver, lintSettings, loadConfigFile } from '../../server/src/analysis/config';
import { RULE_IDS } from '../../server/src/analysis/rules';
import { tempTree } from '../support/tempDir';

describe('checkConfigValues', () => {
  it('accepts every rule id of the RULES table with every severity', () => {
    for (const id of RULE_IDS) {
      for (const severity of ['off', 'hint', 'info', 'warning', 'error']) {
        assert.deepEqual(checkConfigValues({ rules: { [id]: severity } }).problems, []);
      }
    }
  });

  it('accepts the full shape, including $schema', () => {
    const values = { $schema: './schemas/pgext-lint.schema.json', pgVersions: [13, 18, 19], rules: {}, ignore: ['vendor/**'] };
    assert.deepEqual(checkConfigValues(values), { values, problems: [] });
  });

  it('reports every problem of the shape at once, each with its key', () => {
    const { values, problems } = checkConfigValues({ pgVersions: [], ignore: [''], extra: 1 });
    assert.equal(values, undefined);
    assert.deepEqual(
      problems.map((p) => p.key).sort(),
      ['', 'ignore[0]', 'pgVersions'],
    );
  });

  it('reports a rule id that is not kebab-case as not a rule id', () => {
    assert.deepEqual(checkConfigValues({ rules: { Hook_Not_Chained: 'off' } }).problems, [
      { key: 'rules', message: '"Hook_Not_Chained" is not a rule id' },
    ]);
  });

  it('reports duplicate versions', () => {
    assert.match(checkConfigValues({ pgVersions: [15, 15] }).problems[0].message, /duplicate/);
  });

  it('reports a top-level value that is not an object', () => {
    assert.deepEqual(checkConfigValues([]).problems, [{ key: '', message: 'must be object' }]);
  });
});

describe('loadConfigFile', () => {
  it('reads a file with a byte-order mark', () => {
    const dir = tempTree({ '.pgext-lint.json': '\uFEFF{"pgVersions": [17]}' });
    const { config, errors } = loadConfigFile(path.join(dir, '.pgext-lint.json'));
    assert.deepEqual(errors, []);
    assert.deepEqual(config, { pgVersions: [17], file: path.join(dir, '.pgext-lint.json') });
  });

  it('reports invalid JSON with the line and column', () => {
    const dir = tempTree({ '.pgext-lint.json': '{\n  "pgVersions": [15],\n}' });
    const { errors } = loadConfigFile(path.join(dir, '.pgext-lint.json'));
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /^invalid JSON: .* at line 3 column 1$/);
  });
});

describe('ConfigResolver', () => {
  it('finds the nearest configuration walking up, and none above the topmost', () => {
    const dir = tempTree({
      'repo/.pgext-lint.json': '{"pgVersions": [16]}',
      'repo/contrib/a/x.c': '',
      'repo/contrib/b/pgext-lint.json': '{"pgVersions": [17]}',
      'repo/contrib/b/src/y.c': '',
    });
    const configs = new ConfigResolver();
    assert.deepEqual(configs.configFor(path.join(dir, 'repo/contrib/a'))?.pgVersions, [16]);
    assert.deepEqual(configs.configFor(path.join(dir, 'repo/contrib/b/src'))?.pgVersions, [17]);
    assert.equal(configs.configFor(dir), undefined);
    assert.deepEqual(configs.errors, []);
  });

  it('prefers .pgext-lint.json over pgext-lint.json in the same folder', () => {
    const dir = tempTree({ '.pgext-lint.json': '{"pgVersions": [16]}', 'pgext-lint.json': '{"pgVersions": [17]}' });
    assert.deepEqual(new ConfigResolver().configFor(dir)?.pgVersions, [16]);
  });

  it('uses one fixed file for every path when given one', () => {
    const dir = tempTree({ 'fixed.json': '{"pgVersions": [13]}', 'a/.pgext-lint.json': '{"pgVersions": [18]}' });
    const configs = new ConfigResolver(path.join(dir, 'fixed.json'));
    assert.deepEqual(configs.configFor(path.join(dir, 'a'))?.pgVersions, [13]);
  });

  it('records a broken file as an error naming it, and treats it as absent', () => {
    const dir = tempTree({ 'a/.pgext-lint.json': '{"ignore": [1]}' });
    const configs = new ConfigResolver();
    assert.equal(configs.configFor(path.join(dir, 'a')), undefined);
    assert.deepEqual(configs.errors, [{ file: path.join(dir, 'a/.pgext-lint.json'), key: 'ignore[0]', message: 'must be string' }]);
  });

  it('matches ignore globs relative to the config folder, like .gitignore', () => {
    const dir = tempTree({
      '.pgext-lint.json': JSON.stringify({ ignore: ['vendor/', '*.generated.c', '/build', 'src/legacy/**'] }),
    });
    const ignored = (rel: string) => new ConfigResolver().isIgnored(path.join(dir, rel));
    assert.equal(ignored('vendor'), true);
    assert.equal(ignored('contrib/x/vendor'), true, 'a pattern without a slash matches at any depth');
    assert.equal(ignored('src/keywords.generated.c'), true);
    assert.equal(ignored('build'), true);
    assert.equal(ignored('contrib/build'), false, 'a leading slash anchors to the config folder');
    assert.equal(ignored('src/legacy/old.c'), true);
    assert.equal(ignored('src/main.c'), false);
    assert.equal(ignored('.'), false);
  });

  it('never ignores paths outside the config folder', () => {
    const dir = tempTree({ 'a/.pgext-lint.json': '{"ignore": ["**"]}', 'b/x.c': '' });
    const configs = new ConfigResolver(path.join(dir, 'a/.pgext-lint.json'));
    assert.equal(configs.isIgnored(path.join(dir, 'b/x.c')), false);
    assert.equal(configs.isIgnored(path.join(dir, 'a/x.c')), true);
  });
});

describe('lintSettings', () => {
  it('puts overrides on top of the file: versions replace, rules merge', () => {
    assert.deepEqual(
      lintSettings({ pgVersions: [13], rules: { 'unused-suppression': 'error', 'fini-never-called': 'off' } }, {
        pgVersions: [16, 17],
        rules: { 'unused-suppression': 'hint' },
      }),
      { pgVersions: [16, 17], rules: { 'unused-suppression': 'hint', 'fini-never-called': 'off' } },
    );
    assert.deepEqual(lintSettings(undefined), { pgVersions: undefined, rules: {} });
  });
});
