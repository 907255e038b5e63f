// Diagnostics: the engine's findings on the unsaved buffer, debounced as you type; a generation
// counter per document drops results that arrive after a newer check has started.

import { dirname } from 'node:path';
import {
  type CheckOptions,
  type CheckResult,
  ConfigError,
  type CustomResourceCatalog,
  checkText,
  type DocumentKind,
  type Finding,
  IncrementalManifestChecker,
  type ResolvedConfig,
  type Severity,
} from '@lsst-kube/core';
import {
  BaselineReader,
  baselinedFindings,
  baselinePathOf,
  configuredCustomResources,
  KustomizeBases,
} from '@lsst-kube/core/render';
import * as vscode from 'vscode';
import type { ConfigurationSource } from './configuration.ts';
import { documentKindOf, documentPath } from './documents.ts';
import { describeError, type Log } from './log.ts';
import { type ExtensionSettings, readSettings } from './settings.ts';

export const diagnosticSource = 'lsst';

/** What one check of one document version found, kept for code actions and hovers. */
export interface CheckedDocument {
  uri: vscode.Uri;
  version: number;
  text: string;
  kind: DocumentKind;
  config: ResolvedConfig;
  /** The options of the check, so that fixes check again exactly as the diagnostics did. */
  options: CheckOptions;
  /** Unsuppressed findings, the ones shown as diagnostics. */
  findings: Finding[];
  /** Findings the baseline file records: hidden, or shown as hints (`lsst.baselinedFindings`). */
  baselined: Finding[];
  /** The baseline file the configuration names, when it names one. */
  baselinePath?: string;
}

export interface CheckContext {
  /** Namespace of the kube context in use, for rules that compare against it. */
  contextNamespace(): string | undefined;
}

const severityMap: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(finding: Finding, range: vscode.Range): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, finding.message, severityMap[finding.severity]);
  diagnostic.source = diagnosticSource;
  diagnostic.code = { value: finding.rule, target: vscode.Uri.parse(finding.helpUri) };
  return diagnostic;
}

/** Range of a finding in a file that is not open: from its 1-based positions. */
export function rangeFromPositions(finding: Finding): vscode.Range {
  return new vscode.Range(
    Math.max(0, finding.start.line - 1),
    Math.max(0, finding.start.column - 1),
    Math.max(0, finding.end.line - 1),
    Math.max(0, finding.end.column - 1),
  );
}

export class Linter implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection(diagnosticSource);
  /** Problems in `.lsst.yaml` files themselves, kept apart so that re-checking a manifest does not clear them. */
  readonly configurationDiagnostics = vscode.languages.createDiagnosticCollection(`${diagnosticSource}-configuration`);
  readonly #generations = new Map<string, number>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #checked = new Map<string, CheckedDocument>();
  /** Per open manifest: the findings of its unchanged documents are reused after a keystroke. */
  readonly #incremental = new Map<string, IncrementalManifestChecker>();
  readonly #definitionsByConfig = new WeakMap<ResolvedConfig, CustomResourceCatalog>();
  readonly #checkedEmitter = new vscode.EventEmitter<CheckedDocument | { uri: vscode.Uri; cleared: true }>();
  readonly baselines = new BaselineReader();
  /** Fires after a document's diagnostics were replaced (tests and the benchmark wait on it). */
  readonly onDidCheck = this.#checkedEmitter.event;

  constructor(
    private readonly configuration: ConfigurationSource,
    private readonly context: CheckContext,
    private readonly log: Log,
  ) {}

  /** Checks after a pause in typing; each call postpones the check of that document. */
  schedule(document: vscode.TextDocument, delay?: number): void {
    if (documentKindOf(document) === undefined) return;
    const key = document.uri.toString();
    clearTimeout(this.#timers.get(key));
    const settings = readSettings(document.uri);
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        void this.check(document);
      }, delay ?? settings.debounceMilliseconds),
    );
  }

  /** Checks now; resolves when the diagnostics are published (or the result was dropped as stale). */
  async check(document: vscode.TextDocument): Promise<CheckedDocument | undefined> {
    const kind = documentKindOf(document);
    const key = document.uri.toString();
    if (kind === undefined) {
      this.clear(document.uri);
      return undefined;
    }
    const generation = (this.#generations.get(key) ?? 0) + 1;
    this.#generations.set(key, generation);
    const isCurrent = () => this.#generations.get(key) === generation && !document.isClosed;
    const settings = readSettings(document.uri);
    try {
      const config = await this.#configFor(document, settings);
      if (!isCurrent()) return undefined;
      if (!config) return undefined;
      const checked = this.checkSync(document, kind, config, settings);
      if (!isCurrent()) return undefined;
      this.#publish(document, checked);
      return checked;
    } catch (error) {
      if (!isCurrent()) return undefined;
      // A bug or bad input costs one diagnostic, never an exception in the editor.
      this.log.error(`checking ${document.uri.fsPath}`, error);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, 0),
        `The LSST guidelines check could not run on this file: ${describeError(error)}. See the "LSST Guidelines" output for details.`,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = diagnosticSource;
      this.diagnostics.set(document.uri, [diagnostic]);
      this.#checked.delete(key);
      this.#checkedEmitter.fire({ uri: document.uri, cleared: true });
      return undefined;
    }
  }

  /** The CRDs the configuration names, read once per configuration (a changed .lsst.yaml is a new one). */
  #configuredDefinitions(config: ResolvedConfig, document: vscode.TextDocument): CustomResourceCatalog {
    let catalog = this.#definitionsByConfig.get(config);
    if (!catalog) {
      const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? dirname(document.uri.fsPath);
      catalog = configuredCustomResources(config, folder);
      this.#definitionsByConfig.set(config, catalog);
    }
    return catalog;
  }

  /** The engine's call, with no waiting: used for checks and to refresh stale findings for code actions. */
  checkSync(
    document: vscode.TextDocument,
    kind: DocumentKind,
    config: ResolvedConfig,
    settings: ExtensionSettings,
  ): CheckedDocument {
    const text = document.getText();
    const path = documentPath(document, kind);
    const options = this.optionsFor(config, settings);
    // Read at each check, so that an edit of the kustomization beside the file counts at once.
    if (kind === 'manifest' && document.uri.scheme === 'file' && new KustomizeBases().has(document.uri.fsPath)) {
      options.kustomizeBase = true;
    }
    if (kind === 'manifest' && config.customResourceDefinitions.length > 0) {
      options.customResources = this.#configuredDefinitions(config, document);
    }
    let result: CheckResult;
    if (kind === 'manifest') {
      const key = document.uri.toString();
      let checker = this.#incremental.get(key);
      if (!checker) {
        checker = new IncrementalManifestChecker();
        this.#incremental.set(key, checker);
      }
      result = checker.check(path, text, options);
    } else {
      result = checkText({ path, text, kind }, options);
    }
    const findings = result.skipped ? [] : result.findings.filter((finding) => !finding.suppression);
    const split = this.splitByBaseline(findings, text, path, document.uri.scheme === 'file' ? config : undefined);
    return {
      uri: document.uri,
      version: document.version,
      text,
      kind,
      config,
      options,
      findings: split.shown,
      baselined: split.baselined,
      ...(split.baselinePath !== undefined ? { baselinePath: split.baselinePath } : {}),
    };
  }

  /**
   * One file's unsuppressed findings, split into those to show and those the baseline that the
   * configuration names records (none without a configuration: the file is not on disk).
   */
  splitByBaseline(
    findings: readonly Finding[],
    text: string,
    path: string,
    config: ResolvedConfig | undefined,
  ): { shown: Finding[]; baselined: Finding[]; baselinePath?: string } {
    const baselinePath = config ? baselinePathOf(config) : undefined;
    let baselined = new Set<Finding>();
    if (baselinePath !== undefined && findings.length > 0) {
      const read = this.baselines.read(baselinePath);
      if ('entries' in read) baselined = baselinedFindings(findings, text, path, baselinePath, read.entries);
      else this.log.error(`reading the baseline ${baselinePath}`, new Error(read.problem));
    }
    return {
      shown: findings.filter((finding) => !baselined.has(finding)),
      baselined: [...baselined],
      ...(baselinePath !== undefined ? { baselinePath } : {}),
    };
  }

  /** The diagnostics of a file's findings, and of its baselined ones as hints when the setting asks. */
  diagnosticsOf(
    uri: vscode.Uri,
    shown: readonly Finding[],
    baselined: readonly Finding[],
    rangeOf: (finding: Finding) => vscode.Range,
  ): vscode.Diagnostic[] {
    const hints =
      readSettings(uri).baselinedFindings === 'hint'
        ? baselined.map((finding) => {
            const hint = toDiagnostic(
              { ...finding, message: `${finding.message} (in the baseline)` },
              rangeOf(finding),
            );
            hint.severity = vscode.DiagnosticSeverity.Hint;
            return hint;
          })
        : [];
    return [...shown.map((finding) => toDiagnostic(finding, rangeOf(finding))), ...hints];
  }

  /** The options of every check in this editor, open buffers and the workspace check alike, so that both agree. */
  optionsFor(config: ResolvedConfig, settings: ExtensionSettings): CheckOptions {
    const contextNamespace = this.context.contextNamespace();
    return {
      config,
      ...(settings.targets.length > 0 ? { targets: settings.targets } : {}),
      ...(contextNamespace ? { contextNamespace } : {}),
    };
  }

  /** The findings of the document as it is now (re-checked at once when the last check is stale). */
  current(document: vscode.TextDocument): CheckedDocument | undefined {
    const checked = this.#checked.get(document.uri.toString());
    if (!checked) return undefined;
    if (checked.version === document.version) return checked;
    const kind = documentKindOf(document);
    if (!kind) return undefined;
    try {
      return this.checkSync(document, kind, checked.config, readSettings(document.uri));
    } catch (error) {
      this.log.error(`re-checking ${document.uri.fsPath}`, error);
      return undefined;
    }
  }

  /** Configuration for a document; an invalid configuration becomes diagnostics, not an exception. */
  async #configFor(document: vscode.TextDocument, settings: ExtensionSettings): Promise<ResolvedConfig | undefined> {
    try {
      const config = await this.configuration.forDocument(document, settings);
      if (config.source) this.configurationDiagnostics.delete(vscode.Uri.file(config.source));
      return config;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      this.#publishConfigError(document, error);
      return undefined;
    }
  }

  #publishConfigError(document: vscode.TextDocument, error: ConfigError): void {
    const configUri = vscode.Uri.file(error.file);
    const problems = error.problems.map((problem) => {
      const line = Math.max(0, problem.line - 1);
      const column = Math.max(0, problem.column - 1);
      const diagnostic = new vscode.Diagnostic(
        new vscode.Range(line, column, line, column + Math.max(1, problem.range[1] - problem.range[0])),
        problem.message,
        vscode.DiagnosticSeverity.Error,
      );
      diagnostic.source = diagnosticSource;
      return diagnostic;
    });
    if (problems.length > 0) this.configurationDiagnostics.set(configUri, problems);
    const summary = new vscode.Diagnostic(
      new vscode.Range(0, 0, 0, 0),
      `Not checked: the configuration is invalid. ${error.message.split('\n')[0]}`,
      vscode.DiagnosticSeverity.Error,
    );
    summary.source = diagnosticSource;
    summary.code = 'configuration';
    this.diagnostics.set(document.uri, [summary]);
    this.#checked.delete(document.uri.toString());
    this.log.info(`configuration error: ${error.message}`);
    this.#checkedEmitter.fire({ uri: document.uri, cleared: true });
  }

  #publish(document: vscode.TextDocument, checked: CheckedDocument): void {
    this.#checked.set(document.uri.toString(), checked);
    const rangeOf = (finding: Finding) =>
      new vscode.Range(document.positionAt(finding.range[0]), document.positionAt(finding.range[1]));
    this.diagnostics.set(document.uri, this.diagnosticsOf(document.uri, checked.findings, checked.baselined, rangeOf));
    this.#checkedEmitter.fire(checked);
  }

  /** Diagnostics for a file that is not open (the workspace check); returns the findings shown. */
  publishForFile(uri: vscode.Uri, findings: Finding[], text: string, config: ResolvedConfig): Finding[] {
    const unsuppressed = findings.filter((finding) => !finding.suppression);
    const { shown, baselined } = this.splitByBaseline(unsuppressed, text, uri.fsPath, config);
    if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString())) return shown;
    this.diagnostics.set(uri, this.diagnosticsOf(uri, shown, baselined, rangeFromPositions));
    return shown;
  }

  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.#timers.get(key));
    this.#timers.delete(key);
    this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
    this.#checked.delete(key);
    this.#incremental.delete(key);
    this.diagnostics.delete(uri);
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.diagnostics.dispose();
    this.configurationDiagnostics.dispose();
    this.#checkedEmitter.dispose();
  }
}
