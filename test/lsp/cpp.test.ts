import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { TestEditor, uriOf } from './harness';

const ROOT = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'cpp-quackscan');
const HOOKS = path.join(ROOT, 'src', 'hooks.cpp');
const UNCHECKED = 'previous-hook-unchecked';

const has = (rule: string) => (ds: Diagnostic[]) => ds.some((d) => d.code === rule);
const lacks = (rule: string) => (ds: Diagnostic[]) => !has(rule)(ds);

describe('language server on a C++ extension', () => {
  const editor = new TestEditor();

  before(async () => {
    await editor.initialize(ROOT);
  });
  after(() => editor.kill());

  it('lints an open cpp document, follows its edits and offers fixes written in C++', async () => {
    await editor.open(HOOKS, 'cpp');
    const diagnostics = (await editor.waitFor(HOOKS, has(UNCHECKED))).filter((d) => d.code === UNCHECKED);
    assert.equal(diagnostics[0].range.start.line, 18);

    const actions = (await editor.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf(HOOKS) },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.title, 'Call prev_executor_start only when it is set, else standard_ExecutorStart');
    await editor.apply(fix.edit!);
    assert.match(editor.text(HOOKS), /\tif \(prev_executor_start\)\n\t\tprev_executor_start\(query_desc, eflags\);\n\telse\n\t\tstandard_ExecutorStart/);
    await editor.waitFor(HOOKS, lacks(UNCHECKED));

    // an edit that breaks the chain again is seen in the unsaved C++ text
    await editor.replace(HOOKS, '\tif (prev_executor_start)\n\t\tprev_executor_start(query_desc, eflags);\n\telse\n', '\tprev_executor_start(query_desc, eflags);\n');
    await editor.waitFor(HOOKS, has(UNCHECKED));
  });
});
