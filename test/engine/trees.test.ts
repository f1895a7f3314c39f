import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Engine } from '../../server/src/analysis/engine';
import { loadParsers } from '../../server/src/analysis/syntax/parsers';
import { EditedTrees, editBetween, editsInPlace, SiblingTrees } from '../../server/src/analysis/syntax/trees';
import { blankRanges, condStructure, emptyMacros, variantFor } from '../../server/src/analysis/frontends/c/variants';
import { lexC } from '../../server/src/analysis/frontends/c/lexical';
import { cExtension } from '../support/lint';
import { tempTree } from '../support/tempDir';

test('the edit between two texts spans only what changed, with rows and columns', () => {
  const e = editBetween('int a;\nint b;\n', 'int a;\nint bc;\n');
  assert.deepEqual(
    [e.startIndex, e.oldEndIndex, e.newEndIndex, e.startPosition, e.oldEndPosition, e.newEndPosition],
    [12, 12, 13, { row: 1, column: 5 }, { row: 1, column: 5 }, { row: 1, column: 6 }],
  );
  // lines inserted: the new end is rows further down
  const lines = editBetween('int a;\nint b;\n', 'int a;\nint x;\nint y;\nint b;\n');
  assert.deepEqual(
    [lines.startIndex, lines.oldEndIndex, lines.newEndIndex, lines.startPosition, lines.oldEndPosition, lines.newEndPosition],
    [11, 11, 25, { row: 1, column: 4 }, { row: 1, column: 4 }, { row: 3, column: 4 }],
  );
  // lines deleted
  const gone = editBetween('a\nb\nc\nd\n', 'a\nd\n');
  assert.deepEqual([gone.startPosition, gone.oldEndPosition, gone.newEndPosition], [{ row: 1, column: 0 }, { row: 3, column: 0 }, { row: 1, column: 0 }]);
});

test('an edited file re-parsed incrementally gives the tree a fresh parse gives, for each of its variants', async () => {
  const { c } = await loadParsers();
  const trees = new EditedTrees(c);
  // two `#if` variants of each text: the second blanks the branch the first keeps, in place
  const variants = (text: string) => [text, text.replace(/#if X\n[^#]*#endif/, (m) => m.replace(/[^\n]/g, ' '))];
  const texts = [
    'void f(void)\n{\n#if X\n\tk();\n#endif\n\tg();\n}\n',
    'void f(void)\n{\n#if X\n\tk();\n#endif\n\tif (x)\n\t\tg();\n}\n',
    // the same length as the last text: a variant's sibling of the last edit has that length too
    'void f(void)\n{\n#if X\n\tk();\n#endif\n\tif (y)\n\t\tg();\n}\n',
    'static int y;\nvoid f(void)\n{\n#if X\n\tk(y);\n#endif\n\tif (x)\n\t\tg();\n\th(1, 2);\n}\n',
  ];
  const slots = [trees.source('x.c', 'a'), trees.source('x.c', 'b')];
  for (const text of texts) {
    // the editor asks for the variants in either order
    for (const i of text.includes('(y)') ? [1, 0] : [0, 1]) {
      const variant = variants(text)[i];
      const tree = slots[i].parse(variant)!;
      const fresh = c.parse(variant)!;
      assert.equal(tree.rootNode.toString(), fresh.rootNode.toString());
      assert.ok(variant.includes('k(') === (i === 0));
      fresh.delete();
    }
  }
  trees.drop('x.c');
});

test('the edits between two texts of one length: one per run of differences, with rows and columns', () => {
  const before = 'int a;\n#if X\nint b;\n#endif\n' + 'x'.repeat(200) + '\nint c;\n';
  const after = 'int a;\n#if X\n      \n#endif\n' + 'x'.repeat(200) + '\n      \n';
  const edits = editsInPlace(before, after);
  assert.deepEqual(
    edits.map((e) => [e.startIndex, e.oldEndIndex, e.newEndIndex, e.startPosition, e.oldEndPosition]),
    [
      [13, 19, 19, { row: 2, column: 0 }, { row: 2, column: 6 }],
      [228, 234, 234, { row: 5, column: 0 }, { row: 5, column: 6 }],
    ],
  );
  assert.deepEqual(editsInPlace(before, before), []);
});

test("a file's #if variants parsed from the first one's tree give the trees fresh parses give", async () => {
  const { c } = await loadParsers();
  const text =
    '#include "postgres.h"\n\nvoid\nsetup(void)\n{\n#if PG_VERSION_NUM >= 150000\n\tprev_shmem_request_hook = shmem_request_hook;\n' +
    '\tshmem_request_hook = request;\n#else\n\tRequestAddinShmemSpace(64);\n\tif (x) {\n#endif\n\tg();\n#if PG_VERSION_NUM < 150000\n\t}\n#endif\n}\n';
  const lexed = lexC(text);
  const structure = condStructure(lexed.directives, lexed.codeView);
  const siblings = new SiblingTrees(c);
  for (const version of [14, 15, 16]) {
    const variant = variantFor(structure, text, version, emptyMacros());
    const visible = blankRanges(text, variant.blanks);
    const tree = siblings.parse(visible)!;
    const fresh = c.parse(visible)!;
    assert.equal(tree.rootNode.toString(), fresh.rootNode.toString(), `PostgreSQL ${version}`);
    siblings.release(tree);
    fresh.delete();
  }
  siblings.dispose();
});

test('findings follow each edit of an open file', async () => {
  const def = '\tDefineCustomIntVariable("ex.size", "Size.", NULL, &ex_size, 16, 1, 1024, PGC_POSTMASTER, 0, NULL, NULL, NULL);\n\tMarkGUCPrefixReserved("ex");\n';
  const files = cExtension('ex', def);
  const dir = tempTree(files);
  const file = path.join(dir, 'ex.c');
  const engine = await Engine.create();
  const [ext] = engine.discover([dir]);
  const lines = (text: string) => {
    engine.invalidate(file);
    const io = { overlay: (f: string) => (f === file ? text : undefined) };
    return engine.analyzeExtension(ext, {}, io).filter((f) => f.rule === 'postmaster-guc-outside-preload').map((f) => f.loc.range.start.line + 1);
  };
  const original = files['ex.c'];
  assert.deepEqual(lines(original), [14]);
  const guarded = original.replace('{\n\tDefine', '{\n\tif (!process_shared_preload_libraries_in_progress)\n\t\treturn;\n\tDefine');
  assert.deepEqual(lines(guarded), []);
  assert.deepEqual(lines(`/* a comment */\n\n${original}`), [16]);
  engine.closed(file);
});
