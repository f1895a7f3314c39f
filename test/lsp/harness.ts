import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** The compiled server; PGEXT_LINT_TEST_SERVER runs the same tests against another build (dist/server.js). */
const SERVER = process.env.PGEXT_LINT_TEST_SERVER ?? path.resolve(__dirname, '..', '..', 'server', 'src', 'lsp', 'main.js');

export const uriOf = (file: string) => pathToFileURL(file).href;

/**
 * An editor as the server sees it: spawns the real server with --stdio, speaks JSON-RPC through
 * vscode-languageserver's own client-side connection, keeps open documents and published diagnostics.
 */
export class TestEditor {
  readonly connection: ProtocolConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly shownDocuments: string[] = [];
  readonly logs: string[] = [];
  readonly progress: unknown[] = [];
  /** the server's `pgext-lint/status` notifications, in order */
  readonly statuses: { state: string; message?: string }[] = [];
  /** sent with initialize (VS Code names its documentation command there) */
  initializationOptions: unknown;
  private readonly docs = new Map<string, TextDocument>();
  private readonly waiters: (() => void)[] = [];
  private readonly process: ChildProcess;
  settings: unknown = {};
  /** false: an editor without workspace/configuration, which pushes settings instead */
  pullsConfiguration = true;

  constructor() {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.process.stdout!),
      new StreamMessageWriter(this.process.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => void this.logs.push(p.message));
    this.connection.onNotification('$/progress', (p: unknown) => void this.progress.push(p));
    this.connection.onNotification('pgext-lint/status', (p: { state: string }) => {
      this.statuses.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/showDocument', (p: { uri: string }) => {
      this.shownDocuments.push(p.uri);
      return { success: true };
    });
    this.connection.listen();
  }

  async hover(file: string, needle: string, offset = 2): Promise<string | undefined> {
    const doc = this.doc(file);
    const at = doc.getText().indexOf(needle);
    if (at < 0) throw new Error(`${needle} not in ${file}`);
    const hover = (await this.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: doc.uri },
      position: doc.positionAt(at + offset),
    })) as { contents: { value: string } } | null;
    return hover?.contents.value;
  }

  async initialize(folder: string, ...more: string[]): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf(folder),
      workspaceFolders: [folder, ...more].map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      initializationOptions: this.initializationOptions,
      capabilities: {
        workspace: {
          configuration: this.pullsConfiguration,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        },
        window: { workDoneProgress: true, showDocument: { support: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async open(file: string, languageId = 'c', text = readFileSync(file, 'utf8')): Promise<void> {
    const doc = TextDocument.create(uriOf(file), languageId, 1, text);
    this.docs.set(doc.uri, doc);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: doc.uri, languageId, version: doc.version, text: doc.getText() },
    });
  }

  text(file: string): string {
    return this.doc(file).getText();
  }

  /** Applies edits to an open document and sends them as an incremental change. */
  async edit(file: string, edits: TextEdit[]): Promise<number> {
    const doc = this.doc(file);
    // sent in reverse document order so each range still refers to the text it was computed for
    const ordered = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
    const version = doc.version + 1;
    const updated = TextDocument.update(doc, ordered.map((e) => ({ range: e.range, text: e.newText })), version);
    this.docs.set(doc.uri, updated);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: doc.uri, version },
      contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })),
    });
    return version;
  }

  /** Replaces the first occurrence of `from` in an open document. */
  async replace(file: string, from: string, to: string): Promise<number> {
    const doc = this.doc(file);
    const at = doc.getText().indexOf(from);
    if (at < 0) throw new Error(`${from} not in ${file}`);
    return this.edit(file, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + from.length) }, newText: to }]);
  }

  /** Applies a WorkspaceEdit as an editor does, refusing versioned edits of another version. */
  async apply(edit: WorkspaceEdit): Promise<void> {
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change)) continue;
      const doc = this.docs.get(change.textDocument.uri);
      if (!doc) throw new Error(`edit of a document that is not open: ${change.textDocument.uri}`);
      if (change.textDocument.version !== null && change.textDocument.version !== doc.version) {
        throw new Error(`edit for version ${change.textDocument.version}, document is at ${doc.version}`);
      }
      await this.edit(fileURLToPath(doc.uri), change.edits as TextEdit[]);
    }
  }

  async close(file: string): Promise<void> {
    this.docs.delete(uriOf(file));
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file))?.diagnostics ?? [];
  }

  /** Waits until the diagnostics published for a file satisfy `test`. */
  async waitFor(file: string, test: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean, ms = 15000): Promise<Diagnostic[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const p = this.diagnostics.get(uriOf(file));
      if (p && test(p.diagnostics, p)) return p.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out waiting for diagnostics of ${file}; last (version ${p?.version}): ${JSON.stringify(p?.diagnostics.map((d) => `${d.code}@${d.range.start.line}`))}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends didChangeConfiguration the way VS Code does for pulled settings. */
  async configure(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.on('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.process.kill();
  }

  /** the server's process id */
  get pid(): number | undefined {
    return this.process.pid;
  }

  private doc(file: string): TextDocument {
    const doc = this.docs.get(uriOf(file));
    if (!doc) throw new Error(`${file} is not open`);
    return doc;
  }
}

/** Polls `condition` until it holds (notifications arrive asynchronously). */
export async function waitUntil(condition: () => boolean, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
