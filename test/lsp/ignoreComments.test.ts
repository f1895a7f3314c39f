import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { disableForFile, disableForLine } from '../../server/src/lsp/ignoreComments';

const C_BLOCK = '/*\n * worker.c\n */\nvoid\n_PG_init(void)\n{\n\tRegisterBackgroundWorker(&worker);\n}\n';
const C_LINE = '// worker.c\n// registers a worker\nvoid\n_PG_init(void)\n{\n    RegisterBackgroundWorker(&worker);\n}\n';

describe('suppression comments written by code actions', () => {
  it('writes a block comment, indented like the line, in C that uses block comments', () => {
    assert.deepEqual(disableForLine('/x/worker.c', C_BLOCK, 6, 'preload-api-outside-preload'), {
      file: '/x/worker.c',
      range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } },
      newText: '\t/* pgext-lint-ignore preload-api-outside-preload: reason */\n',
    });
  });

  it('writes a line comment in C that uses line comments, and always in Rust', () => {
    assert.equal(disableForLine('/x/worker.c', C_LINE, 5, 'r')?.newText, '    // pgext-lint-ignore r: reason\n');
    assert.equal(disableForLine('/x/lib.rs', 'fn f() {\n    g();\n}\n', 1, 'r')?.newText, '    // pgext-lint-ignore r: reason\n');
  });

  it('keeps CRLF line ends', () => {
    assert.equal(disableForFile('/x/a.control', "comment = 'x'\r\n", 'r')?.newText, '# pgext-lint-ignore-file r\r\n');
  });

  it('offers no line suppression for a finding on a comment-only line, which a comment above would not cover', () => {
    assert.equal(disableForLine('/x/a.control', "# a comment\ncomment = 'x'\n", 0, 'shared-preload-undocumented'), undefined);
  });

  it('offers nothing for files without comment syntax the engine reads (Markdown)', () => {
    assert.equal(disableForLine('/x/README.md', 'Needs shared_preload_libraries.\n', 0, 'r'), undefined);
    assert.equal(disableForFile('/x/README.md', 'Needs shared_preload_libraries.\n', 'r'), undefined);
  });
});
