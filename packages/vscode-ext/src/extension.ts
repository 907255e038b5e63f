// The LSST guidelines in the editor: diagnostics as you type, quick-fixes and hovers from the
// language server every editor uses, and what only VS Code has: the kube context in the status bar,
// field completion, the walkthrough and commands. Every failure becomes a diagnostic or a line in the output.

import { ruleDocsUrl, rules } from '@lsst-kube/core';
import type { DocumentState } from '@lsst-kube/language-server';
import * as vscode from 'vscode';
import { commands, fixAppliedContextKey, insertSuppression } from './code-actions.ts';
import { ConfigurationSource } from './configuration.ts';
import { documentSelector } from './documents.ts';
import { KubeStatus, kubeCommands } from './kube-status.ts';
import { LsstLanguageClient } from './language-client.ts';
import { createLog, guarded, type Log } from './log.ts';
import { type PortRequestAnswers, requestPortForServiceUnderCursor } from './port-request.ts';
import { ruleExplanation } from './rule-docs.ts';
import { SchemaFields } from './schema-fields.ts';
import { readSettings } from './settings.ts';
import { checkWorkspace, type WorkspaceCheckSummary } from './workspace-check.ts';

const ruleScheme = 'lsst-rule';

/** What the extension hands to other extensions (the in-editor tests use it). */
export interface LsstExtensionApi {
  languageClient: LsstLanguageClient;
  /** What the language server's last check of an open document found. */
  documentState(document: vscode.TextDocument): Promise<DocumentState | undefined>;
  kubeStatus: KubeStatus;
  configuration: ConfigurationSource;
  checkWorkspace(): Promise<WorkspaceCheckSummary>;
  /** When activation finished, in milliseconds since activate() was called. */
  activationMilliseconds: number;
}

export function activate(context: vscode.ExtensionContext): LsstExtensionApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log.channel);
  const configuration = new ConfigurationSource();
  const kubeStatus = new KubeStatus(configuration, log);
  const languageClient = new LsstLanguageClient(
    context.extensionUri,
    { contextNamespace: () => kubeStatus.state.current?.namespace },
    log,
  );
  context.subscriptions.push(languageClient, kubeStatus);
  const schemaFields = new SchemaFields(configuration, log);

  // The server watches .lsst.yaml and the `lsst` settings itself; the status bar reads the configuration too.
  let configurationTimer: ReturnType<typeof setTimeout> | undefined;
  const configurationChanged = () => {
    clearTimeout(configurationTimer);
    configurationTimer = setTimeout(() => {
      configuration.clear();
      void kubeStatus.refresh();
    }, 100);
  };
  // What the server's settings carry and VS Code's do not: the kube context's namespace, the workspace's trust.
  const serverSettingsChanged = () =>
    languageClient.settingsChanged().catch((error: unknown) => log.error('sending the settings', error));

  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.lsst.{yaml,yml}');
  context.subscriptions.push(
    configWatcher,
    configWatcher.onDidChange(guarded(log, 'configuration change', configurationChanged)),
    configWatcher.onDidCreate(guarded(log, 'configuration change', configurationChanged)),
    configWatcher.onDidDelete(guarded(log, 'configuration change', configurationChanged)),
    vscode.workspace.onDidChangeConfiguration(
      guarded(log, 'settings changed', (event: vscode.ConfigurationChangeEvent) => {
        if (event.affectsConfiguration('lsst')) configurationChanged();
      }),
    ),
    kubeStatus.onDidChange(guarded(log, 'kube context changed', serverSettingsChanged)),
    vscode.workspace.onDidGrantWorkspaceTrust(guarded(log, 'workspace trusted', serverSettingsChanged)),
    vscode.languages.registerCompletionItemProvider(documentSelector, schemaFields),
    vscode.workspace.registerTextDocumentContentProvider(ruleScheme, {
      provideTextDocumentContent: (uri) => ruleExplanation(context.extensionUri, uri.path.replace(/^\/|\.md$/g, '')),
    }),
  );

  const register = (id: string, run: (...args: never[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        try {
          return await run(...args);
        } catch (error) {
          log.error(`command ${id}`, error);
          void vscode.window.showErrorMessage(`LSST guidelines: ${id} failed; see the "LSST Guidelines" output.`);
          return undefined;
        }
      }),
    );
  register('lsst.checkWorkspace', () => checkWorkspace(languageClient, log));
  register(commands.explain, (rule?: string) => explainRule(log, rule));
  register(commands.openDocs, (rule: string) => vscode.env.openExternal(vscode.Uri.parse(ruleDocsUrl(rule))));
  register(commands.suppress, (uri: vscode.Uri | string, line: number, rule: string) =>
    insertSuppression(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri, line, rule),
  );
  register(commands.fixApplied, () => vscode.commands.executeCommand('setContext', fixAppliedContextKey, true));
  register('lsst.showOutput', () => log.channel.show());
  register('lsst.openExample', () => openExample(context));
  register('lsst.requestPort', async (answers?: PortRequestAnswers) => {
    const document = vscode.window.activeTextEditor?.document;
    const config = document
      ? await configuration.forDocument(document, readSettings(document.uri)).catch(() => undefined)
      : undefined;
    return requestPortForServiceUnderCursor(kubeStatus, config?.namespaces.default, answers);
  });
  register(kubeCommands.pick, () => kubeStatus.pick());
  register(kubeCommands.switchContext, (name?: string) => kubeStatus.switchContext(name));
  register(kubeCommands.switchNamespace, (namespace?: string) => kubeStatus.switchNamespace(namespace));

  void kubeStatus.refresh();
  const activationMilliseconds = performance.now() - started;
  log.info(`activated in ${activationMilliseconds.toFixed(1)} ms`);
  return {
    languageClient,
    documentState: (document) => languageClient.documentState(document),
    kubeStatus,
    configuration,
    checkWorkspace: () => checkWorkspace(languageClient, log),
    activationMilliseconds,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

async function explainRule(log: Log, rule?: string): Promise<void> {
  let name = typeof rule === 'string' ? rule : undefined;
  if (!name) {
    const choice = await vscode.window.showQuickPick(
      rules.map((meta) => ({ label: meta.name, description: `§${meta.guideline}`, detail: meta.description })),
      { title: 'Explain an LSST guideline rule', matchOnDetail: true },
    );
    name = choice?.label;
  }
  if (!name) return;
  const uri = vscode.Uri.from({ scheme: ruleScheme, path: `/${name}.md` });
  // One tab: the rendered page, read-only; the markdown text only when there is no preview.
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch (error) {
    log.info(`markdown preview unavailable (${String(error)}); showing the text`);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: true });
  }
}

async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const bytes = await vscode.workspace.fs.readFile(
    vscode.Uri.joinPath(context.extensionUri, 'walkthrough', 'example-deployment.yaml'),
  );
  const document = await vscode.workspace.openTextDocument({
    language: 'yaml',
    content: new TextDecoder().decode(bytes),
  });
  await vscode.window.showTextDocument(document);
}
