// Helm charts in the editor: opening a template or values file renders its chart (every
// environment) and shows the findings on whichever of the chart's files they point at; saving a
// file of the chart renders it again, cancelling a render still running.
import type { Finding, ResolvedConfig } from '@lsst-kube/core';
import {
  chartDirectoryOf,
  chartFileRole,
  LatestOnly,
  type RenderedChart,
  renderChartFindings,
  repositoryApplicationNamespaces,
  repositoryRootOf,
} from '@lsst-kube/core/render';
import * as vscode from 'vscode';
import { type ConfigurationSource, editorFileSystem } from './configuration.ts';
import { diagnosticSource, type Linter, rangeFromPositions } from './linter.ts';
import type { Log } from './log.ts';
import { readSettings } from './settings.ts';

/** The chart folder of a file on disk, when it is part of one. */
export function chartOf(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== 'file') return undefined;
  return chartDirectoryOf(uri.fsPath);
}

export class ChartDiagnostics implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection(`${diagnosticSource}-charts`);
  readonly #renders = new LatestOnly<RenderedChart>();
  /** Files that got diagnostics from each chart, to clear those a newer render no longer reports. */
  readonly #published = new Map<string, Set<string>>();
  readonly #findings = new Map<string, Finding[]>();
  /** Argo CD Application namespaces per repository root, read once until an Application may have changed. */
  readonly #namespaces = new Map<string, Promise<Map<string, string>>>();
  readonly #renderedEmitter = new vscode.EventEmitter<RenderedChart>();
  /** Fires after a chart's diagnostics were replaced (tests wait on it). */
  readonly onDidRender = this.#renderedEmitter.event;

  constructor(
    private readonly configuration: ConfigurationSource,
    private readonly linter: Linter,
    private readonly log: Log,
  ) {}

  /** Renders the chart of a document unless it was rendered already. */
  open(document: vscode.TextDocument): void {
    const directory = chartOf(document.uri);
    if (directory !== undefined && !this.#published.has(directory)) void this.render(directory);
  }

  /** Renders the chart of a saved document again; a saved Argo CD Application is read again. */
  saved(document: vscode.TextDocument): void {
    if (document.getText().includes('argoproj.io')) this.#namespaces.clear();
    const directory = chartOf(document.uri);
    if (directory !== undefined) void this.render(directory);
  }

  /** Renders every chart rendered so far again (the configuration or settings changed). */
  renderAgain(): void {
    this.#namespaces.clear();
    for (const directory of this.#published.keys()) void this.render(directory);
  }

  /** The chart's findings on one file, as shown. */
  findingsFor(uri: vscode.Uri): Finding[] {
    return this.#findings.get(uri.fsPath) ?? [];
  }

  /** Renders one chart and publishes its findings; undefined when a newer render replaced it. */
  async render(directory: string): Promise<RenderedChart | undefined> {
    // Running helm is running a program: not in a workspace the user has not trusted.
    if (!vscode.workspace.isTrusted) return undefined;
    try {
      const chartUri = vscode.Uri.file(`${directory}/Chart.yaml`);
      const settings = readSettings(chartUri);
      const config = await this.configuration.forDirectory(
        directory,
        vscode.workspace.getWorkspaceFolder(chartUri),
        settings,
      );
      const options = this.linter.optionsFor(config, settings);
      const folder = vscode.workspace.getWorkspaceFolder(chartUri)?.uri.fsPath;
      const repositoryRoot = repositoryRootOf(directory, folder ?? directory);
      let namespaces = this.#namespaces.get(repositoryRoot);
      if (!namespaces) {
        namespaces = repositoryApplicationNamespaces(repositoryRoot);
        this.#namespaces.set(repositoryRoot, namespaces);
      }
      const applicationNamespaces = await namespaces;
      const rendered = await this.#renders.run(directory, (signal) =>
        renderChartFindings({
          directory,
          config,
          options,
          signal,
          applicationNamespaces,
          repositoryRoot,
          ...(settings.helmPath !== '' ? { helm: settings.helmPath } : {}),
        }),
      );
      if (!rendered || rendered.cancelled) return undefined;
      this.#publish(rendered, config, await this.#baselineTexts(rendered, config));
      this.log.info(
        `rendered ${directory}${rendered.helmVersion ? ` with helm ${rendered.helmVersion}` : ''}: ${[...rendered.byFile.values()].flat().length} finding(s)`,
      );
      return rendered;
    } catch (error) {
      this.log.error(`rendering the chart ${directory}`, error);
      const failed: RenderedChart = { directory, byFile: new Map(), cancelled: false };
      this.#publish(failed);
      return undefined;
    }
  }

  /** The texts of the files with findings, which the baseline's fingerprints are taken from; none without a baseline. */
  async #baselineTexts(rendered: RenderedChart, config: ResolvedConfig): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    if (config.baseline === undefined) return texts;
    for (const file of rendered.byFile.keys()) {
      const text = await editorFileSystem.readFile(file).catch(() => undefined);
      if (text !== undefined) texts.set(file, text);
    }
    return texts;
  }

  #publish(rendered: RenderedChart, config?: ResolvedConfig, texts = new Map<string, string>()): void {
    const previous = this.#published.get(rendered.directory) ?? new Set<string>();
    const now = new Set<string>();
    for (const [file, findings] of rendered.byFile) {
      const unsuppressed = findings.filter((finding) => !finding.suppression);
      const text = texts.get(file);
      // A file whose text could not be read keeps all its findings: nothing is hidden on a guess.
      const { shown, baselined } =
        text === undefined
          ? { shown: unsuppressed, baselined: [] }
          : this.linter.splitByBaseline(unsuppressed, text, file, config);
      this.#findings.set(file, shown);
      const uri = vscode.Uri.file(file);
      this.diagnostics.set(uri, this.linter.diagnosticsOf(uri, shown, baselined, rangeFromPositions));
      now.add(file);
    }
    for (const file of previous) {
      if (now.has(file)) continue;
      this.#findings.delete(file);
      this.diagnostics.delete(vscode.Uri.file(file));
    }
    this.#published.set(rendered.directory, now);
    this.#renderedEmitter.fire(rendered);
  }

  /** Whether the editor may offer a suppression comment for a chart finding in this file. */
  static canSuppressIn(uri: vscode.Uri): boolean {
    const directory = chartOf(uri);
    if (directory === undefined) return false;
    const role = chartFileRole(uri.fsPath, directory);
    return role === 'template' || role === 'values';
  }

  dispose(): void {
    this.#renders.cancelAll();
    this.diagnostics.dispose();
    this.#renderedEmitter.dispose();
  }
}
