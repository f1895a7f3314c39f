import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseControl, unquote } from '../../server/src/analysis/frontends/control/parser';

const F = '/ext/demo.control';
const settings = (text: string, template?: boolean) =>
  parseControl(F, text, template).settings.map((s) => [s.name, s.value]);
const errors = (text: string, template?: boolean) =>
  parseControl(F, text, template).errors.map((e) => `${e.loc.range.start.line}:${e.loc.range.start.character}-${e.loc.range.end.character} ${e.message}`);

test('reads name = value and name value, quoted and unquoted, with comments and blank lines', () => {
  const text = [
    '# demo extension',
    "comment = 'a demo'   # trailing comment",
    '',
    "default_version '1.0'",
    'relocatable=true',
    'schema pg_catalog',
    '   superuser = off',
    'requires = timescaledb',
  ].join('\n');
  assert.deepEqual(settings(text), [
    ['comment', 'a demo'],
    ['default_version', '1.0'],
    ['relocatable', 'true'],
    ['schema', 'pg_catalog'],
    ['superuser', 'off'],
    ['requires', 'timescaledb'],
  ]);
  assert.deepEqual(errors(text), []);
});

test('numbers are values as written: integers with units, hex, reals with exponents', () => {
  assert.deepEqual(settings('a = 1\nb = -0x1F\nc = 64kB\nd = 1.0\ne = .5e-3\nf = +2.'), [
    ['a', '1'], ['b', '-0x1F'], ['c', '64kB'], ['d', '1.0'], ['e', '.5e-3'], ['f', '+2.'],
  ]);
});

test('unquoted words may contain - . _ : / after the first letter', () => {
  assert.deepEqual(settings('directory = extension/my-ext_v2:x\ndefault_version = v1.2.3'), [
    ['directory', 'extension/my-ext_v2:x'],
    ['default_version', 'v1.2.3'],
  ]);
});

test('quoted strings take doubled quotes and backslash escapes like DeescapeQuotedString', () => {
  assert.deepEqual(settings(String.raw`comment = 'it''s a \'demo\' \t tab \n line \101\\ done \q'`), [
    ['comment', "it's a 'demo' \t tab \n line A\\ done q"],
  ]);
  assert.equal(unquote("''"), '');
  assert.equal(unquote(String.raw`'\0121'`), '\n1');
  assert.equal(unquote("'#not a comment'"), '#not a comment');
});

test('keeps exact ranges of names, values and whole lines', () => {
  const { settings: [a, b] } = parseControl(F, "# c\n  comment = 'x y'  \nrelocatable true");
  assert.deepEqual(a.nameLoc.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } });
  assert.deepEqual(a.valueLoc.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 17 } });
  assert.equal(a.valueText, "'x y'");
  assert.equal(a.quoted, true);
  assert.deepEqual(a.lineLoc.range, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } });
  // the last line has no line break of its own: removing it takes the previous one
  assert.deepEqual(b.lineLoc.range, { start: { line: 1, character: 19 }, end: { line: 2, character: 16 } });
  assert.equal(b.quoted, false);
  assert.equal(a.nameLoc.file, F);
});

test('CRLF line ends are white space and stay out of the ranges', () => {
  const parsed = parseControl(F, "comment = 'crlf'\r\nrelocatable = false\r\n");
  assert.deepEqual(parsed.settings.map((s) => [s.name, s.value, s.valueLoc.range.end.character]), [
    ['comment', 'crlf', 16],
    ['relocatable', 'false', 19],
  ]);
  assert.deepEqual(parsed.errors, []);
});

test('an empty file and a file of comments have no settings and no errors', () => {
  for (const text of ['', '\n\n', '# only\n   # comments\n']) {
    assert.deepEqual(parseControl(F, text), { file: F, template: false, settings: [], errors: [] });
  }
});

test('an unterminated quote is reported from the quote to the end of the line, and parsing goes on', () => {
  const text = "comment = 'open\r\nrelocatable = true\ncomment = 'it''\n";
  assert.deepEqual(errors(text), [
    '0:10-15 Unterminated quoted string: the closing quote is missing.',
    '2:14-15 Unterminated quoted string: the closing quote is missing.',
  ]);
  assert.deepEqual(settings(text), [['relocatable', 'true']]);
});

test('a missing value, a stray token after the value and a bad name are syntax errors', () => {
  assert.deepEqual(errors('relocatable =\nrelocatable\ncomment = two words\n= true\n9lives = 1\nmy-param = 1'), [
    '0:0-13 Missing value for parameter "relocatable".',
    '1:0-11 Missing value for parameter "relocatable".',
    '2:14-19 Syntax error near "words": expected the end of the line. Quote the value if it contains spaces.',
    '3:0-1 Syntax error near "=": expected a parameter name.',
    '4:0-6 Syntax error near "9lives": expected a parameter name.',
    '5:0-8 Syntax error near "my-param": expected a parameter name.',
  ]);
});

test('values the scanner does not take as one token are errors, as on the server', () => {
  assert.deepEqual(errors("module_pathname = $libdir/demo\nschema = my.schema\ndefault_version = 1.0.2\na = = b"), [
    '0:18-19 Syntax error near "$": an unquoted value cannot contain "$"; quote it.',
    '1:9-18 Syntax error near "my.schema": expected a value for "schema".',
    '2:21-23 Syntax error near ".2": expected the end of the line. Quote the value if it contains spaces.',
    '3:4-5 Syntax error near "=": expected a value for "a".',
  ]);
});

test('a qualified name is read as a name (the server then rejects it as unrecognized)', () => {
  assert.deepEqual(settings('demo.setting = 1'), [['demo.setting', '1']]);
});

test('binary-ish garbage gives one error per line and never throws', () => {
  const garbage = '\u0000\u0001\u00ff\ufffd=\u0007\n\u001b[31m\n\t\f\v\ncomment = \'ok\'';
  const parsed = parseControl(F, garbage);
  assert.equal(parsed.errors.length, 3);
  assert.deepEqual(parsed.settings.map((s) => s.name), ['comment']);
});

test('non-ASCII letters are letters, as the server reads bytes >= 0x80', () => {
  assert.deepEqual(settings('comment = Zürich'), [['comment', 'Zürich']]);
});

test('stops after 100 syntax errors like the server', () => {
  assert.equal(parseControl(F, '$\n'.repeat(150)).errors.length, 100);
});

test('templates tolerate @VAR@ placeholders and placeholder lines, and mark templated values', () => {
  const text = [
    "default_version = '@PROJECT_VERSION_MOD@'",
    "module_pathname = '$libdir/timescaledb-@PROJECT_VERSION_MOD@'",
    'relocatable = @RELOCATABLE@',
    '__REQUIRES__',
    "schema = 'SCHEMA'",
    "comment = 'plain'",
  ].join('\n');
  const parsed = parseControl('/ext/ts.control.in', text);
  assert.equal(parsed.template, true);
  assert.deepEqual(parsed.errors, []);
  assert.deepEqual(parsed.settings.map((s) => [s.name, s.value, s.templated]), [
    ['default_version', '@PROJECT_VERSION_MOD@', true],
    ['module_pathname', '$libdir/timescaledb-@PROJECT_VERSION_MOD@', true],
    ['relocatable', '@RELOCATABLE@', true],
    ['schema', 'SCHEMA', true],
    ['comment', 'plain', false],
  ]);
});

test('outside templates, placeholders are what the server sees', () => {
  assert.deepEqual(errors('relocatable = @RELOCATABLE@\n__REQUIRES__'), [
    '0:14-15 Syntax error near "@": expected a value for "relocatable".',
    '1:0-12 Missing value for parameter "__REQUIRES__".',
  ]);
});

test('never loses a line: every line with content is a setting or a syntax error, in order', () => {
  const text = [
    '# pg_fancy extension',
    "comment = 'fancy things' # ok",
    'default_version = 1.0.1',
    "module_pathname '$libdir/pg_fancy'",
    "relocatable = true 'extra'",
    '',
    '  # indented comment',
    'schema=fancy',
    "requires = 'a,",
    'trusted',
    "superuser = 'yes'",
  ].join('\r\n');
  const parsed = parseControl(F, text);
  const byLine = [
    ...parsed.settings.map((s) => `${s.line} setting ${s.name}`),
    ...parsed.errors.map((e) => `${e.loc.range.start.line} error`),
  ].sort((a, b) => parseInt(a) - parseInt(b));
  assert.deepEqual(byLine, [
    '1 setting comment',
    '2 error',
    '3 setting module_pathname',
    '4 error',
    '7 setting schema',
    '8 error',
    '9 error',
    '10 setting superuser',
  ]);
});
