import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { readSource } from '../analysis/syntax/source';
import { AnalysisHost } from './analysisHost';
import { codeActions, FIX_ALL_KIND, SHOW_DOCUMENTATION_COMMAND, type DocumentationCommand } from './codeActions';
import { controlCompletions, controlSymbols, isControlFile } from './controlFiles';
import { OpenDocuments } from './documents';
import { ExtensionIndex } from './extensions';
import { hoverAt } from './hover';
import { sqlHoverAt } from './sqlHover';
import { loadSqlParser } from '../analysis/frontends/sql/parser';
import { indexWorkspace, LINT_WORKSPACE_REQUEST, lintWorkspaceAgain } from './indexing';
import { extensionLinter, type Log } from './linting';
import { uriToPath } from './paths';
import { PRELOAD_REPORT_REQUEST, preloadReport } from './preloadReport';
import { DiagnosticsPublisher } from './publisher';
import { AnalysisScheduler } from './scheduler';
import { SettingsStore } from './settings';
import { STATUS_NOTIFICATION, StatusReporter } from './status';
import type { EditTarget } from './workspaceEdits';

/** Files whose creation or deletion changes an extension's file lists or findings. */
const WATCHED = '**/{*.c,*.h,*.cpp,*.cc,*.cxx,*.hpp,*.hh,*.rs,*.control,*.control.in,*.control.template,*.sql,*.md,*.markdown,*.rst,*.txt,*.sgml,*.adoc,*.html,README*,Makefile,GNUmakefile,makefile,meson.build,Cargo.toml,CMakeLists.txt,.pgext-lint.json,pgext-lint.json}';

/** Indexing waits this long so the documents open at startup are analysed first. */
const INDEXING_DELAY_MS = 100;

/** Wires the LSP connection to the engine. Every handler logs its own failures and answers empty. */
export function startServer(connection: Connection): void {
  const log: Log = {
    info: (m) => connection.console.info(m),
    error: (m) => connection.console.error(m),
  };
  const guarded =
    <A extends unknown[], R>(name: string, fallback: R, handler: (...args: A) => R | Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await handler(...args);
      } catch (e) {
        log.error(`${name} failed: ${(e as Error)?.stack ?? e}`);
        return fallback;
      }
    };

  const docs = new OpenDocuments();
  const host = new AnalysisHost(log);
  let folders: string[] = [];
  let canPullConfiguration = false;
  /** settings a client without workspace/configuration pushed with didChangeConfiguration */
  let pushedSettings: unknown;
  let canRegisterWatchers = false;
  let canRegisterConfiguration = false;
  let canFollowFolders = false;
  const editTarget: EditTarget = {
    uriFor: (file) => docs.uriFor(file),
    versionOf: (file) => docs.get(file)?.version ?? null,
    documentChanges: false,
    createFiles: false,
  };
  const publisher = new DiagnosticsPublisher((p) => void connection.sendDiagnostics(p));
  const settings = new SettingsStore(
    async (scopeUri) =>
      canPullConfiguration ? connection.workspace.getConfiguration({ scopeUri, section: 'pgextLint' }) : pushedSettings,
    (m) => connection.console.warn(m),
  );
  const workspaceFolderOf = (file: string) =>
    folders.filter((f) => file === f || file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  /** The settings the engine runs with for an extension, documentation read up to its workspace folder. */
  const settingsOf = async (root: string) => {
    const { enable, lint } = await settings.forExtension(root);
    return { enable, lint: { ...lint, workspaceRoot: workspaceFolderOf(root) } };
  };
  const extensions = new ExtensionIndex((paths) => host.discover(paths));
  const status = new StatusReporter((s) => void connection.sendNotification(STATUS_NOTIFICATION, s));
  const lint = extensionLinter({ host, docs, extensions, settingsOf, publisher, editTarget, log });
  const scheduler = new AnalysisScheduler(
    async (root, signal) => {
      const publish = await lint(root, signal);
      status.succeeded(root);
      return publish;
    },
    (root, e) => {
      log.error(`analysis of ${root} failed: ${(e as Error)?.stack ?? e}`);
      status.failed(root, e);
    },
    undefined,
    (busy) => status.setBusy(busy),
  );
  let documentation: DocumentationCommand | undefined;

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = !!caps.workspace?.configuration;
    canRegisterWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    canRegisterConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    canFollowFolders = !!caps.workspace?.workspaceFolders;
    editTarget.documentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    editTarget.createFiles = !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create');
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.map(uriToPath).filter((p): p is string => p !== undefined);
    const options = params.initializationOptions as { documentationCommand?: unknown } | undefined;
    if (typeof options?.documentationCommand === 'string') documentation = { command: options.documentationCommand };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: [SHOW_DOCUMENTATION_COMMAND] },
        completionProvider: { triggerCharacters: ['='] },
        documentSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'pgext-lint' },
    };
  });

  connection.onInitialized(() => {
    if (canRegisterWatchers) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED }] });
    }
    if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    if (canFollowFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guarded('workspace folders change', undefined, async ({ added, removed }) => {
          const gone = removed.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
          const fresh = added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
          folders = [...folders.filter((f) => !gone.includes(f)), ...fresh];
          for (const root of gone.flatMap((f) => extensions.removeUnder(f))) publisher.clear(root);
          await index(fresh);
        }),
      );
    }
    setTimeout(() => void index(folders), INDEXING_DELAY_MS);
  });

  const index = guarded('indexing', undefined, async (paths: string[]) => {
    const count = await indexWorkspace(paths, extensions, scheduler, await connection.window.createWorkDoneProgress());
    log.info(`indexed ${count} extension(s) in ${paths.join(', ') || 'no workspace folder'}`);
  });

  /** A document of an extension changed (or opened, or closed): analyse that extension. */
  const touched = guarded('analysis scheduling', undefined, async (uri: string) => {
    const file = uriToPath(uri);
    if (!file) return;
    const ext = await extensions.forFile(file);
    if (ext) scheduler.changed(ext.root);
  });
  docs.store.onDidChangeContent(({ document }) => void touched(document.uri));
  docs.store.onDidClose(({ document }) => {
    // the file on disk is what counts now: forget the text the engine read before it was opened
    const file = uriToPath(document.uri);
    if (file) {
      host.invalidate(file);
      host.closed(file);
    }
    void touched(document.uri);
  });

  connection.onDidChangeWatchedFiles(
    guarded('file change', undefined, async ({ changes }) => {
      const roots = new Set<string>();
      for (const change of changes) {
        const file = uriToPath(change.uri);
        if (!file) continue;
        host.invalidate(file);
        if (/(^|[\\/])\.?pgext-lint\.json$/.test(file)) {
          settings.reset();
          host.resetConfig();
          scheduler.changedAll();
          continue;
        }
        if (change.type !== FileChangeType.Changed) {
          for (const root of await extensions.refreshAround(file)) roots.add(root);
        } else {
          const ext = await extensions.forFile(file);
          if (ext) roots.add(ext.root);
        }
      }
      for (const root of roots) scheduler.changed(root);
    }),
  );

  connection.onDidChangeConfiguration(
    guarded('configuration change', undefined, async ({ settings: pushed }) => {
      pushedSettings = (pushed as { pgextLint?: unknown } | null)?.pgextLint;
      settings.reset();
      scheduler.changedAll();
    }),
  );

  connection.onHover(
    guarded('hover', null, async ({ textDocument, position }) => {
      const doc = docs.store.get(textDocument.uri);
      if (!doc) return null;
      const file = uriToPath(textDocument.uri) ?? '';
      if (file.endsWith('.sql')) {
        // SQL hovers parse the script under the cursor on this thread: the parser is loaded on the first one
        await loadSqlParser();
        return sqlHoverAt(file, doc.getText(), position) ?? null;
      }
      return hoverAt(doc.getText(), position, isControlFile(file)) ?? null;
    }),
  );

  connection.onCodeAction(
    guarded('code actions', [], (params) => {
      const doc = docs.store.get(params.textDocument.uri);
      const file = uriToPath(params.textDocument.uri);
      const read = doc ? { text: doc.getText() } : file ? readSource(file) : undefined;
      const document = file && read && 'text' in read ? { file, text: read.text } : undefined;
      return codeActions(params, publisher.current(params.textDocument.uri, doc?.version), editTarget, documentation, document);
    }),
  );

  connection.onExecuteCommand(
    guarded('command', undefined, async ({ command, arguments: args }) => {
      if (command === SHOW_DOCUMENTATION_COMMAND && typeof args?.[0] === 'string') {
        await connection.window.showDocument({ uri: args[0], external: true });
      }
    }),
  );

  connection.onCompletion(
    guarded('completion', [], ({ textDocument, position }) => {
      const file = uriToPath(textDocument.uri);
      const doc = docs.store.get(textDocument.uri);
      return file && doc && isControlFile(file) ? controlCompletions(file, doc.getText(), position) : [];
    }),
  );

  connection.onDocumentSymbol(
    guarded('document symbols', [], ({ textDocument }) => {
      const file = uriToPath(textDocument.uri);
      const doc = docs.store.get(textDocument.uri);
      return file && doc && isControlFile(file) ? controlSymbols(file, doc.getText()) : [];
    }),
  );

  connection.onRequest(
    PRELOAD_REPORT_REQUEST,
    guarded('preload report', { markdown: 'The preload report failed; see the pgext-lint output for details.', extensions: [] }, async () => {
      const entries = [];
      if (!extensions.all().length) for (const folder of folders) await extensions.addFolder(folder);
      for (const ext of extensions.all()) {
        const { lint } = await settingsOf(ext.root);
        entries.push({ ext, facts: await host.preloadFacts(ext, lint, docs.overlaysUnder(ext.root)) });
      }
      return preloadReport(entries, (file) => docs.uriFor(file));
    }),
  );

  connection.onRequest(
    LINT_WORKSPACE_REQUEST,
    guarded('lint workspace', { extensions: 0 }, async () => {
      settings.reset();
      host.resetConfig();
      return { extensions: await lintWorkspaceAgain(folders, { host, extensions, scheduler, publisher }) };
    }),
  );

  docs.store.listen(connection);
  connection.listen();
}
