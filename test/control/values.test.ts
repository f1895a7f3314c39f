import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isServerEncoding, parseBool, splitNameList } from '../../server/src/analysis/frontends/control/values';

test('parse_bool accepts unique prefixes of true/false/yes/no in any case, on/off from two letters, 1/0', () => {
  for (const v of ['true', 'TRUE', 'Tr', 't', 'yes', 'Y', 'on', 'ON', '1']) assert.equal(parseBool(v), true, v);
  for (const v of ['false', 'f', 'FAL', 'no', 'N', 'off', 'of', 'OFF', '0']) assert.equal(parseBool(v), false, v);
  for (const v of ['', 'o', 'maybe', 'truee', 'yess', 'onn', '01', '2', ' true', 'nope']) assert.equal(parseBool(v), undefined, v);
});

test('name lists split at commas, down-case unquoted names and keep quoted ones', () => {
  assert.deepEqual(splitNameList(''), []);
  assert.deepEqual(splitNameList('  '), []);
  assert.deepEqual(splitNameList('cube'), ['cube']);
  assert.deepEqual(splitNameList('hstore,plperl'), ['hstore', 'plperl']);
  assert.deepEqual(splitNameList(' PostGIS ,  "Mixed""Case" '), ['postgis', 'Mixed"Case']);
});

test('name lists the server rejects', () => {
  for (const v of ['a b', 'a,,b', 'a,', ',a', '"open', 'a;b c']) assert.equal(splitNameList(v), undefined, v);
});

test('server encodings are matched like clean_encoding_name; client-only encodings are rejected', () => {
  for (const v of ['UTF8', 'utf-8', 'Unicode', 'LATIN1', 'iso-8859-1', 'WIN1252', 'SQL_ASCII', 'EUC_JP']) {
    assert.equal(isServerEncoding(v), true, v);
  }
  for (const v of ['SJIS', 'Shift_JIS', 'BIG5', 'GBK', 'UHC', 'GB18030', 'JOHAB', 'utf16', 'ascii']) {
    assert.equal(isServerEncoding(v), false, v);
  }
});
