import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pgrxVersions } from '../../server/src/analysis/frontends/rust/cargo';

test('target versions are the pgNN features a pgrx crate declares', () => {
  const toml = `[package]\nname = "x"\n\n[features]\ndefault = ["pg17"]\npg13 = ["pgrx/pg13", "pgrx-tests/pg13"]\npg14 = ["pgrx/pg14"]\n"pg15" = ["pgrx/pg15"]\npg16 = [\n  "pgrx/pg16",\n  "pgrx-tests/pg16",\n]\npg17 = ["pgrx/pg17"]\npg_test = []\n\n[dependencies]\npg18 = "not a feature"\n`;
  assert.deepEqual(pgrxVersions(toml), [13, 14, 15, 16, 17]);
});

test('without pgNN features of its own, the versions its default feature enables', () => {
  assert.deepEqual(pgrxVersions(`[features]\ndefault = [\n  "pgrx/pg16",\n  "serde",\n]\nserde = []\n`), [16]);
});

test('a manifest that names no version gives none', () => {
  assert.equal(pgrxVersions(`[package]\nname = "x"\n[features]\ndefault = []\n`), undefined);
  assert.equal(pgrxVersions(`[workspace]\nmembers = ["a"]\n`), undefined);
});
