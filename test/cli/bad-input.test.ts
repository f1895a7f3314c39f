import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SOURCE_BYTES } from '../../server/src/analysis/syntax/source';
import { pgextLint } from './spawnCli';
import { tempTree } from '../support/tempDir';

// Files that real trees contain and that must never crash a scan: each is analysed or skipped,
// and whatever is skipped is said on stderr.

const CRLF_INIT = [
  '#include "postgres.h"',
  '#include "utils/guc.h"',
  '',
  'PG_MODULE_MAGIC;',
  '',
  'static int\tslots = 8;',
  '',
  'void',
  '_PG_init(void)',
  '{',
  '\tDefineCustomIntVariable("oddfiles.slots", "Slots.", NULL, &slots, 8, 1, 64,',
  '\t\t\t\t\t\t\tPGC_POSTMASTER, 0, NULL, NULL, NULL);',
  '\tMarkGUCPrefixReserved("oddfiles");',
  '}',
  '',
].join('\r\n');

/** `#if` nested 300 deep, each level a different version test. */
const IF_SOUP = [
  ...Array.from({ length: 300 }, (_, i) => `#if PG_VERSION_NUM >= ${130000 + i}`),
  'static int soup_depth = 300;',
  ...Array.from({ length: 300 }, () => '#endif'),
  '',
].join('\n');

/** A generated file past the size limit: a keyword table, as parser generators write them. */
const ENTRY = '\t"keyword_entry_padding_padding",\n';
const HUGE = `const char *const oddfiles_words[] = {\n${ENTRY.repeat(Math.ceil(MAX_SOURCE_BYTES / ENTRY.length) + 1)}};\n`;
const MB = MAX_SOURCE_BYTES / (1024 * 1024);

describe('bad input never crashes a check', () => {
  const dir = tempTree({
    'oddfiles.control': "comment = 'odd files'\ndefault_version = '1.0'\nrelocatable = true\n",
    'oddfiles--1.0.sql': '',
    Makefile: 'MODULE_big = oddfiles\nPGXS := $(shell pg_config --pgxs)\ninclude $(PGXS)\n',
    'README.md': 'Add oddfiles to shared_preload_libraries.\n',
    'src/init.c': CRLF_INIT,
    'src/blob.c': new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]),
    'src/latin1.c': Buffer.concat([
      Buffer.from('/* Copyright (c) Fran'),
      Buffer.from([0xe7]),
      Buffer.from('ois */\n\n/* pgext-lint-ignore fini-never-called */\nint oddfiles_latin1 = 1;\n'),
    ]),
    'src/empty.c': '',
    'src/soup.c': IF_SOUP,
    'src/keywords.c': HUGE,
  });
  const r = pgextLint(['check', '--format', 'json'], dir);
  const findings: { file: string; line: number; column: number; rule: string }[] = JSON.parse(r.stdout).findings;

  it('finishes with a report, not a crash', () => {
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /internal error|failed:/);
  });

  it('reports the finding of a CRLF file on the right line and column', () => {
    assert.ok(
      findings.some((f) => f.file === 'src/init.c' && f.line === 11 && f.column === 2 && f.rule === 'postmaster-guc-outside-preload'),
      JSON.stringify(findings),
    );
  });

  it('skips a binary file and says so', () => {
    assert.match(r.stderr, /^pgext-lint: skipped src\/blob\.c: binary file$/m);
  });

  it('skips an oversized generated file and says so', () => {
    assert.match(r.stderr, new RegExp(`^pgext-lint: skipped src/keywords\\.c: larger than ${MB} MB$`, 'm'));
  });

  it('analyses a file with invalid UTF-8 after saying its bytes were replaced', () => {
    assert.match(r.stderr, /^pgext-lint: src\/latin1\.c: invalid UTF-8; undecodable bytes were replaced$/m);
    assert.ok(findings.some((f) => f.file === 'src/latin1.c' && f.line === 3 && f.rule === 'unused-suppression'));
  });

  it('says nothing about an empty file or deeply nested #if', () => {
    assert.doesNotMatch(r.stderr, /empty\.c|soup\.c/);
  });
});
