// The extension is a client of the language server every editor uses (`kubectl lsst lsp`): the
// server, bundled beside the extension, runs on the Node that runs the extension and gives the
// diagnostics, fixes, fix-all, suppression, baseline and hovers. What the client adds: the kube
// context's namespace and the workspace's trust in the settings it answers with, and the commands
// only VS Code has (a snippet for the suppression reason, rendered docs, the walkthrough's step).
import type { CheckFilesSummary, DocumentState } from '@lsst-kube/language-server';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { commands } from './code-actions.ts';
import { documentSelector } from './documents.ts';
import type { Log } from './log.ts';

/** Commands the extension runs itself; the server's code actions call them instead of its own. */
const extensionCommands = [commands.suppress, commands.explain, commands.openDocs, commands.fixApplied];

export interface ClientContext {
  /** Namespace of the kube context in use, for rules that compare against it. */
  contextNamespace(): string | undefined;
}

export class LsstLanguageClient implements vscode.Disposable {
  readonly client: LanguageClient;
  /** Resolves once the server answered `initialize` (rejects when it could not start). */
  readonly ready: Promise<void>;

  constructor(extensionUri: vscode.Uri, context: ClientContext, log: Log) {
    // The server's bundle ships in the extension's own folder: the .vsix needs nothing else.
    const module = vscode.Uri.joinPath(extensionUri, 'dist', 'server.cjs').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector as LanguageClientOptions['documentSelector'],
      diagnosticCollectionName: 'lsst',
      outputChannel: log.channel,
      initializationOptions: {
        clientCommands: extensionCommands,
        // Pushed, so that a chart's findings reach its files that are not open, as the workspace check's do.
        diagnosticModel: 'push',
      },
      middleware: {
        // The server's hover, and a link that explains each rule in an editor tab (a VS Code command link).
        provideHover: async (document, position, token, next) => {
          const hover = await next(document, position, token);
          if (!hover) return hover;
          const rules = new Set<string>();
          for (const diagnostic of vscode.languages.getDiagnostics(document.uri)) {
            if (diagnostic.source !== 'lsst' || !diagnostic.range.contains(position)) continue;
            if (typeof diagnostic.code === 'object') rules.add(String(diagnostic.code.value));
          }
          if (rules.size === 0) return hover;
          const links = new vscode.MarkdownString(
            [...rules]
              .map(
                (rule) =>
                  `[Explain ${rule}](command:${commands.explain}?${encodeURIComponent(JSON.stringify([rule]))})`,
              )
              .join(' · '),
          );
          links.isTrusted = { enabledCommands: [commands.explain] };
          return new vscode.Hover([...hover.contents, links], hover.range);
        },
        workspace: {
          // The `lsst` settings as VS Code has them, and what only the extension knows.
          configuration: async (params, token, next) => {
            const answer = await next(params, token);
            if (!Array.isArray(answer)) return answer;
            return answer.map((value: unknown, index) =>
              params.items[index]?.section === 'lsst'
                ? {
                    ...(typeof value === 'object' && value !== null ? value : {}),
                    contextNamespace: context.contextNamespace() ?? '',
                    // Running helm is running a program: not in a workspace the user has not trusted.
                    renderCharts: vscode.workspace.isTrusted,
                  }
                : value,
            );
          },
        },
      },
    };
    this.client = new LanguageClient('lsst', 'LSST Guidelines', serverOptions, clientOptions);
    this.ready = this.client.start().catch((error: unknown) => {
      log.error('starting the language server', error);
      throw error;
    });
    this.ready.catch(() => undefined);
  }

  /** Tells the server to ask for the settings again and check the open documents again. */
  async settingsChanged(): Promise<void> {
    await this.ready;
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Checks files on disk (open or not) in the server, which publishes their diagnostics. */
  async checkFiles(uris: readonly vscode.Uri[]): Promise<CheckFilesSummary> {
    await this.ready;
    return this.client.sendRequest(ExecuteCommandRequest.type, {
      command: 'lsst.checkFiles',
      arguments: [uris.map((uri) => uri.toString())],
    });
  }

  /** What the server's last check of an open document found (checked at once when stale). */
  async documentState(document: vscode.TextDocument): Promise<DocumentState | undefined> {
    await this.ready;
    const state: DocumentState | null = await this.client.sendRequest(ExecuteCommandRequest.type, {
      command: 'lsst.documentState',
      arguments: [document.uri.toString()],
    });
    return state ?? undefined;
  }

  dispose(): void {
    void this.client.stop().catch(() => undefined);
  }
}
