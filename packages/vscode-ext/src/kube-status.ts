// The status bar item: current kube context, namespace and the cluster's role, switched through
// the same core code as `kubectl lsst context`. It follows kubeconfig changes made elsewhere.
import { basename, dirname } from 'node:path';
import { defaultResolvedConfig, type ResolvedConfig } from '@lsst-kube/core';
import {
  type ContextSummary,
  describeCurrentContext,
  isKubeconfigError,
  type Kubeconfig,
  type KubeconfigLocations,
  kubeconfigLocations,
  listContexts,
  loadKubeconfigFrom,
  needsConfirmation,
  useContext,
  useNamespace,
} from '@lsst-kube/core/kube';
import * as vscode from 'vscode';
import type { ConfigurationSource } from './configuration.ts';
import { describeError, type Log } from './log.ts';
import { readSettings } from './settings.ts';

export const kubeCommands = {
  pick: 'lsst.kubeContext.pick',
  switchContext: 'lsst.switchContext',
  switchNamespace: 'lsst.switchNamespace',
} as const;

export interface KubeState {
  locations: KubeconfigLocations;
  kubeconfig: Kubeconfig | undefined;
  current: ContextSummary | undefined;
  /** Why there is no current context, in words for the tooltip. */
  problem: string | undefined;
}

export class KubeStatus implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  #state: KubeState;
  readonly #disposables: vscode.Disposable[] = [];
  readonly #changed = new vscode.EventEmitter<KubeState>();
  /** Fires when the context or namespace changed (diagnostics that depend on the namespace re-check). */
  readonly onDidChange = this.#changed.event;
  #watchedKey = '';
  #refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly configuration: ConfigurationSource,
    private readonly log: Log,
  ) {
    this.item = vscode.window.createStatusBarItem('lsst.kubeContext', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Kube context (LSST)';
    this.item.command = kubeCommands.pick;
    this.#state = { locations: kubeconfigLocations(), kubeconfig: undefined, current: undefined, problem: undefined };
    this.#disposables.push(
      this.item,
      this.#changed,
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) void this.refresh();
      }),
    );
  }

  get state(): KubeState {
    return this.#state;
  }

  /** Reads the kubeconfig again and redraws the item; never throws. */
  refresh(): Promise<void> {
    this.#refreshing = this.#refreshing.then(() => this.#refresh());
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    const previous = this.#state.current;
    try {
      const locations = kubeconfigLocations();
      this.#watch(locations);
      const config = await this.#config();
      let kubeconfig: Kubeconfig | undefined;
      let current: ContextSummary | undefined;
      let problem: string | undefined;
      try {
        kubeconfig = loadKubeconfigFrom(locations);
        current = describeCurrentContext(kubeconfig, config);
      } catch (error) {
        problem = isKubeconfigError(error) ? error.message : describeError(error);
      }
      this.#state = { locations, kubeconfig, current, problem };
    } catch (error) {
      this.log.error('reading the kubeconfig', error);
      this.#state = { ...this.#state, current: undefined, problem: describeError(error) };
    }
    this.#render();
    const now = this.#state.current;
    if (previous?.name !== now?.name || previous?.namespace !== now?.namespace || previous?.role !== now?.role) {
      this.#changed.fire(this.#state);
    }
  }

  async #config(): Promise<ResolvedConfig> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    try {
      return await this.configuration.forDirectory(
        folder?.uri.fsPath ?? process.cwd(),
        folder,
        readSettings(folder?.uri),
      );
    } catch (error) {
      // An invalid configuration is reported on the documents; roles fall back to the defaults here.
      this.log.error('reading the configuration for cluster roles', error);
      return defaultResolvedConfig();
    }
  }

  #render(): void {
    const { current, problem, locations } = this.#state;
    if (!current) {
      this.item.text = '$(cloud) no kube context';
      this.item.backgroundColor = undefined;
      this.item.tooltip = `No current kube context (${problem ?? 'none set'}).\nKubeconfig: ${locations.precedence.join(', ')}`;
      this.item.show();
      return;
    }
    const role = current.role === 'unknown' ? 'unknown role, not guarded' : current.role;
    this.item.text = `$(cloud) ${current.name} · ${current.namespace} · ${role}`;
    this.item.backgroundColor = statusBarWarns(current.role)
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Kube context** \`${current.name}\`\n\n`);
    tooltip.appendMarkdown(`- namespace: \`${current.namespace}\`\n`);
    tooltip.appendMarkdown(
      `- cluster: \`${current.configuredCluster ?? current.cluster ?? '?'}\` (${role}${current.kubernetesVersion ? `, Kubernetes ${current.kubernetesVersion}` : ''})\n`,
    );
    if (current.server) tooltip.appendMarkdown(`- server: ${current.server}\n`);
    tooltip.appendMarkdown(`- file: ${current.file}\n\n`);
    if (current.roleSource !== undefined) tooltip.appendMarkdown(`Role: ${current.roleSource}.\n\n`);
    if (current.guardHint !== undefined) tooltip.appendMarkdown(`**Not guarded.** ${current.guardHint}\n\n`);
    tooltip.appendMarkdown('Click to switch context or namespace.');
    this.item.tooltip = tooltip;
    this.item.show();
  }

  #watch(locations: KubeconfigLocations): void {
    const key = locations.precedence.join('\n');
    if (key === this.#watchedKey) return;
    this.#watchedKey = key;
    for (const path of locations.precedence) {
      // Watch the folder, not the file: kubectl and we replace the file by renaming a new one over it.
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dirname(path)), basename(path)),
      );
      const onChange = () => void this.refresh();
      watcher.onDidChange(onChange);
      watcher.onDidCreate(onChange);
      watcher.onDidDelete(onChange);
      this.#disposables.push(watcher);
    }
  }

  /** The click on the item: contexts to switch to, and the namespace switch. */
  async pick(): Promise<void> {
    await this.refresh();
    const { kubeconfig, current } = this.#state;
    if (!kubeconfig || kubeconfig.contexts.size === 0) {
      void vscode.window.showWarningMessage(
        `No kube contexts found in ${this.#state.locations.precedence.join(', ')}. ${this.#state.problem ?? ''}`.trim(),
      );
      return;
    }
    type Choice = vscode.QuickPickItem & { action: 'namespace' | 'context'; context?: string };
    const config = await this.#config();
    const items: Choice[] = [];
    if (current) {
      items.push({
        label: '$(symbol-namespace) Switch namespace…',
        description: `now ${current.namespace} on ${current.cluster ?? current.name}`,
        action: 'namespace',
      });
      items.push({ label: 'Contexts', kind: vscode.QuickPickItemKind.Separator, action: 'context' });
    }
    for (const context of listContexts(kubeconfig, config)) {
      items.push({
        label: `${context.current ? '$(check) ' : ''}${context.name}`,
        description: `${context.namespace} · ${context.role}`,
        detail: context.server,
        action: 'context',
        context: context.name,
      });
    }
    const choice = await vscode.window.showQuickPick(items, {
      title: 'Kube context',
      placeHolder: 'Switch to a context, or switch the namespace of the current one',
    });
    if (!choice) return;
    if (choice.action === 'namespace') await this.switchNamespace();
    else if (choice.context) await this.switchContext(choice.context);
  }

  async switchContext(name?: string): Promise<void> {
    await this.refresh();
    const { kubeconfig } = this.#state;
    if (!kubeconfig) {
      void vscode.window.showWarningMessage(`No kubeconfig to switch in: ${this.#state.problem ?? 'none found'}`);
      return;
    }
    const config = await this.#config();
    const contexts = listContexts(kubeconfig, config);
    let target = name;
    if (target === undefined) {
      const choice = await vscode.window.showQuickPick(
        contexts.map((context) => ({
          label: context.name,
          description: `${context.namespace} · ${context.role}${context.current ? ' · current' : ''}`,
        })),
        { title: 'Switch kube context' },
      );
      target = choice?.label;
    }
    if (target === undefined) return;
    const summary = contexts.find((context) => context.name === target);
    if (summary && needsConfirmation(summary.role)) {
      const confirm = await vscode.window.showWarningMessage(
        `Switch to "${summary.name}"? It is a ${summary.role} cluster: every kubectl command will act on it.`,
        { modal: true },
        'Switch',
      );
      if (confirm !== 'Switch') return;
    }
    const guard =
      summary === undefined ? {} : { guard: { config, role: summary.role, clusterIdentity: summary.clusterIdentity } };
    await this.#apply(`switch to context ${target}`, () => useContext(this.#state.locations, target, guard));
  }

  async switchNamespace(namespace?: string): Promise<void> {
    await this.refresh();
    const { kubeconfig, current } = this.#state;
    if (!kubeconfig || !current) {
      void vscode.window.showWarningMessage(
        `Choose a kube context first: ${this.#state.problem ?? 'there is no current context'}`,
      );
      return;
    }
    let target = namespace;
    if (target === undefined) {
      const config = await this.#config();
      const known = new Set<string>();
      for (const context of listContexts(kubeconfig, config)) {
        if (context.cluster === current.cluster) known.add(context.namespace);
      }
      if (config.namespaces.default) known.add(config.namespaces.default);
      known.delete(current.namespace);
      target = await pickOrType([...known].sort(), `Namespace on ${current.cluster ?? current.name}`);
    }
    if (target === undefined || target === '') return;
    if (needsConfirmation(current.role)) {
      const confirm = await vscode.window.showWarningMessage(
        `Switch to namespace "${target}" on "${current.name}"? It is a ${current.role} cluster.`,
        { modal: true },
        'Switch',
      );
      if (confirm !== 'Switch') return;
    }
    const chosen = target;
    const guard = { config: await this.#config(), role: current.role, clusterIdentity: current.clusterIdentity };
    await this.#apply(`switch to namespace ${chosen}`, () => useNamespace(this.#state.locations, chosen, { guard }));
  }

  async #apply(what: string, change: () => Promise<unknown>): Promise<void> {
    try {
      await change();
      this.log.info(what);
    } catch (error) {
      this.log.error(what, error);
      void vscode.window.showErrorMessage(`Could not ${what}: ${describeError(error)}`);
    }
    await this.refresh();
  }

  dispose(): void {
    for (const disposable of this.#disposables) disposable.dispose();
  }
}

/** The warning colour: a cluster that asks before a switch, and one that nothing guards. */
export function statusBarWarns(role: ContextSummary['role']): boolean {
  return needsConfirmation(role) || role === 'unknown';
}

/** A quick pick of known names that also takes a new name typed into it. */
function pickOrType(known: string[], title: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick();
    pick.title = title;
    pick.placeholder = 'Type a namespace, or pick one used by another context of this cluster';
    const base = known.map((name) => ({ label: name }));
    pick.items = base;
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      pick.items = typed !== '' && !known.includes(typed) ? [{ label: typed, description: 'new' }, ...base] : base;
    });
    let done = false;
    pick.onDidAccept(() => {
      done = true;
      resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!done) resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
