// The LSST guidelines in the editor: diagnostics as you type, quick-fixes, hovers, the kube context
// in the status bar, and commands. Every failure becomes a diagnostic or a line in the output.
import { ruleDocsUrl, rules } from '@lsst-kube/core';
import * as vscode from 'vscode';
import { ChartDiagnostics } from './charts.ts';
import { addToBaseline, commands, fixAppliedContextKey, insertSuppression, LsstCodeActions } from './code-actions.ts';
import { ConfigurationSource } from './configuration.ts';
import { documentKindOf, documentSelector, isConfigurationDocument } from './documents.ts';
import { LsstHover } from './hover.ts';
import { KubeStatus, kubeCommands } from './kube-status.ts';
import { Linter } from './linter.ts';
import { createLog, guarded, type Log } from './log.ts';
import { type PortRequestAnswers, requestPortForServiceUnderCursor } from './port-request.ts';
import { ruleExplanation } from './rule-docs.ts';
import { SchemaFields } from './schema-fields.ts';
import { readSettings } from './settings.ts';
import { checkWorkspace, type WorkspaceCheckSummary } from './workspace-check.ts';

const ruleScheme = 'lsst-rule';

/** What the extension hands to other extensions (the in-editor tests use it). */
export interface LsstExtensionApi {
  linter: Linter;
  charts: ChartDiagnostics;
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
  const linter = new Linter(configuration, { contextNamespace: () => kubeStatus.state.current?.namespace }, log);
  const charts = new ChartDiagnostics(configuration, linter, log);
  context.subscriptions.push(linter, charts, kubeStatus);
  const schemaFields = new SchemaFields(linter, log);

  const recheckOpenDocuments = () => {
    for (const document of vscode.workspace.textDocuments) {
      if (documentKindOf(document) !== undefined) linter.schedule(document, 0);
    }
    charts.renderAgain();
  };
  let configurationTimer: ReturnType<typeof setTimeout> | undefined;
  const configurationChanged = () => {
    clearTimeout(configurationTimer);
    configurationTimer = setTimeout(() => {
      configuration.clear();
      recheckOpenDocuments();
      void kubeStatus.refresh();
    }, 100);
  };

  const configWatcher = vscode.workspace.createFileSystemWatcher('**/.lsst.{yaml,yml}');
  context.subscriptions.push(
    configWatcher,
    configWatcher.onDidChange(guarded(log, 'configuration change', configurationChanged)),
    configWatcher.onDidCreate(guarded(log, 'configuration change', configurationChanged)),
    configWatcher.onDidDelete(guarded(log, 'configuration change', configurationChanged)),
    vscode.workspace.onDidOpenTextDocument(
      guarded(log, 'document opened', (document: vscode.TextDocument) => {
        linter.schedule(document, 0);
        charts.open(document);
      }),
    ),
    vscode.workspace.onDidChangeTextDocument(
      guarded(log, 'document changed', (event: vscode.TextDocumentChangeEvent) => {
        if (event.contentChanges.length === 0) return;
        // A configuration being edited counts in its unsaved state, as any other buffer.
        if (isConfigurationDocument(event.document)) return configurationChanged();
        if (readSettings(event.document.uri).run === 'onType') linter.schedule(event.document);
      }),
    ),
    vscode.workspace.onDidSaveTextDocument(
      guarded(log, 'document saved', (document: vscode.TextDocument) => {
        if (isConfigurationDocument(document)) return configurationChanged();
        charts.saved(document);
        if (readSettings(document.uri).run === 'onSave') linter.schedule(document, 0);
      }),
    ),
    vscode.workspace.onDidCloseTextDocument(
      guarded(log, 'document closed', (document: vscode.TextDocument) => linter.clear(document.uri)),
    ),
    vscode.workspace.onDidChangeConfiguration(
      guarded(log, 'settings changed', (event: vscode.ConfigurationChangeEvent) => {
        if (event.affectsConfiguration('lsst')) configurationChanged();
      }),
    ),
    kubeStatus.onDidChange(guarded(log, 'kube context changed', recheckOpenDocuments)),
    vscode.workspace.onDidGrantWorkspaceTrust(
      guarded(log, 'workspace trusted', () => {
        for (const document of vscode.workspace.textDocuments) charts.open(document);
      }),
    ),
    vscode.languages.registerCodeActionsProvider(
      documentSelector,
      new LsstCodeActions(linter, log, charts),
      LsstCodeActions.metadata,
    ),
    vscode.languages.registerHoverProvider(documentSelector, new LsstHover(linter, context.extensionUri, log)),
    vscode.languages.registerCompletionItemProvider(documentSelector, schemaFields),
    vscode.languages.registerHoverProvider(documentSelector, schemaFields),
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
  register('lsst.checkWorkspace', () => checkWorkspace(linter, configuration, log, charts));
  register(commands.explain, (rule?: string) => explainRule(log, rule));
  register(commands.openDocs, (rule: string) => vscode.env.openExternal(vscode.Uri.parse(ruleDocsUrl(rule))));
  register(commands.suppress, (uri: vscode.Uri, line: number, rule: string) => insertSuppression(uri, line, rule));
  register(commands.addToBaseline, (uri: vscode.Uri, rule: string, start: number, end: number) =>
    addToBaseline(linter, uri, rule, start, end),
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
  for (const document of vscode.workspace.textDocuments) {
    linter.schedule(document, 0);
    charts.open(document);
  }
  const activationMilliseconds = performance.now() - started;
  log.info(`activated in ${activationMilliseconds.toFixed(1)} ms`);
  return {
    linter,
    charts,
    kubeStatus,
    configuration,
    checkWorkspace: () => checkWorkspace(linter, configuration, log, charts),
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
