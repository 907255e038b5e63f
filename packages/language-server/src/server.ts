// The language server: the engine's findings on open manifests, Dockerfiles and chart files as
// diagnostics (pushed, or pulled where the client asks for them), the rules' fixes, fix-all and
// suppression as code actions, the guideline text on hover. Configuration comes from `.lsst.yaml`
// found upward from each document (read from the open buffer when there is one) and from the
// client's `lsst` settings. A keystroke re-checks only its document, and in a manifest only the
// YAML documents that changed; a check that a newer one overtook is dropped.

import { homedir } from 'node:os';
import { dirname, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  addDefinitionsFromText,
  type CheckOptions,
  ConfigError,
  ConfigResolver,
  CustomResourceCatalog,
  checkText,
  type DocumentKind,
  excludeMatcher,
  type Finding,
  fieldAt,
  fixText,
  IncrementalManifestChecker,
  minimalReplacement,
  type TextEdit as OffsetEdit,
  type ResolvedConfig,
  rules as registeredRules,
  resolveTargets,
  ruleDocsUrl,
  type SeveritySetting,
  trustedConfigLocations,
  withSeverityOverrides,
} from '@lsst-kube/core';
import { nodeConfigFileSystem } from '@lsst-kube/core/kube/config';
import {
  BaselineReader,
  baselinedFindings,
  baselinePathOf,
  baselineWithFinding,
  chartFileRole,
  configuredCustomResources,
  FolderManifests,
  KustomizeBases,
  LatestOnly,
  type RenderedChart,
  renderChartFindings,
  repositoryApplications,
  repositoryRootOf,
  SiblingImages,
} from '@lsst-kube/core/render';
import {
  type CodeAction,
  CodeActionKind,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  MarkupKind,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentRole, filePathOf, isConfigurationUri } from './documents.ts';
import {
  explanationMarkdown,
  explanationSummary,
  fieldHoverMarkdown,
  fieldHoverPlainText,
  hoverMarkdown,
  hoverPlainText,
} from './explain.ts';

export const diagnosticSource = 'lsst';
export const fixAllKind = `${CodeActionKind.SourceFixAll}.${diagnosticSource}`;
export const serverCommands = {
  /** [rule]: shows a one-line summary and returns the rule's explanation as Markdown. */
  explainRule: 'lsst.explainRule',
  /** [uri]: applies every fix in the document (workspace/applyEdit); returns whether it was applied. */
  fixAll: 'lsst.fixAll',
  /** [uri, rule, start, end]: records the finding at those offsets in the baseline file; returns whether it was. */
  addToBaseline: 'lsst.addToBaseline',
  /** [rule]: opens the rule's documentation page (window/showDocument); returns its address. */
  openRuleDocs: 'lsst.openRuleDocs',
  /** [uris]: checks files on disk, open or not, and publishes their diagnostics; returns the counts. */
  checkFiles: 'lsst.checkFiles',
  /** [uri]: what the last check of an open document found (for the editor's own features and tests). */
  documentState: 'lsst.documentState',
} as const;

/**
 * Commands a client may run itself, named in `initializationOptions.clientCommands`: the server then
 * does not offer them as its own, and its code actions call the client's (VS Code's snippet for the
 * suppression reason, its rendered docs, the walkthrough's "fix applied").
 */
export const clientCommands = {
  suppress: 'lsst.suppressFinding',
  fixApplied: 'lsst.fixApplied',
} as const;

/** What `lsst.documentState` answers. */
export interface DocumentState {
  uri: string;
  version: number;
  kind: DocumentKind;
  /** The `.lsst.yaml` the check used, when one was found. */
  configurationSource?: string;
  findings: { rule: string; severity: string; message: string; line: number; fixable: boolean }[];
  baselined: number;
}

/** What `lsst.checkFiles` answers. */
export interface CheckFilesSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  failed: number;
  /** Files left out as test data (`exclude` of the configuration), as `check FOLDER` leaves them out. */
  excluded: number;
}

/** The `lsst` settings a client can give (workspace/configuration, or initializationOptions). */
export interface ServerSettings {
  targets: string[];
  configurationPath: string;
  severity: Record<string, SeveritySetting>;
  baselinedFindings: 'hide' | 'hint';
  helmPath: string;
  debounceMilliseconds: number;
  /** The kube context's namespace, for `namespace/matches-context` (as `check --context-aware`). */
  contextNamespace: string;
  /** `onSave`: check documents when opened and saved, not as they are typed. */
  run: 'onType' | 'onSave';
  /** Whether opening a chart's file may run helm (false in a workspace the user has not trusted). */
  renderCharts: boolean;
}

const severities = new Set(['error', 'warning', 'info', 'off']);

export function readServerSettings(value: unknown): ServerSettings {
  const section = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (key: string) => (typeof section[key] === 'string' ? (section[key] as string).trim() : '');
  const severity = typeof section.severity === 'object' && section.severity !== null ? section.severity : {};
  const debounce = section.debounceMilliseconds;
  return {
    targets: Array.isArray(section.targets)
      ? section.targets.filter((target): target is string => typeof target === 'string')
      : [],
    configurationPath: text('configurationPath'),
    severity: Object.fromEntries(
      Object.entries(severity).filter(
        (entry): entry is [string, SeveritySetting] => typeof entry[1] === 'string' && severities.has(entry[1]),
      ),
    ),
    baselinedFindings: section.baselinedFindings === 'hint' ? 'hint' : 'hide',
    helmPath: text('helmPath'),
    debounceMilliseconds: typeof debounce === 'number' && debounce >= 0 ? debounce : 150,
    contextNamespace: text('contextNamespace'),
    run: section.run === 'onSave' ? 'onSave' : 'onType',
    renderCharts: section.renderCharts !== false,
  };
}

/** One check of one document version, kept for code actions, hovers and pulled diagnostics. */
interface CheckedDocument {
  uri: string;
  version: number;
  text: string;
  kind: DocumentKind;
  path: string;
  options: CheckOptions;
  /** Unsuppressed findings, the ones shown. */
  findings: Finding[];
  /** Findings the baseline file records: hidden, or shown as hints. */
  baselined: Finding[];
  diagnostics: Diagnostic[];
  /** The engine skipped the file (YAML that is not Kubernetes). */
  skipped?: boolean;
}

const severityOf = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

/** Largest open buffer read as configuration (as limits.maxFileSize's default). */
const maxBufferBytes = 10 * 1024 * 1024;

export class LsstLanguageServer {
  readonly documents = new TextDocuments(TextDocument);
  readonly #checked = new Map<string, CheckedDocument>();
  readonly #incremental = new Map<string, IncrementalManifestChecker>();
  readonly #generations = new Map<string, number>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #settings = new Map<string, Promise<ServerSettings>>();
  readonly #baselines = new BaselineReader();
  readonly #definitionsByConfig = new WeakMap<ResolvedConfig, CustomResourceCatalog>();
  /** The manifests around each checked file: kept across checks, each file read again only once it changes. */
  readonly #folderManifests = new FolderManifests({ rereadEachCheck: true });
  readonly #renders = new LatestOnly<RenderedChart>();
  /** Chart findings by file path; the files each chart published to, to clear what a newer render drops. */
  readonly #chartFindings = new Map<string, Finding[]>();
  readonly #chartFiles = new Map<string, Set<string>>();
  readonly #chartDiagnostics = new Map<string, Diagnostic[]>();
  /** Configuration files that have problem diagnostics now. */
  readonly #configurationProblems = new Set<string>();
  /** The version each document was opened with (its first content change is the opening). */
  readonly #openedVersions = new Map<string, number>();
  #resolver: ConfigResolver;
  #resolverPath = '';
  #globalSettings: unknown = {};
  #workspaceFolders: string[] = [];
  #client = {
    configuration: false,
    pull: false,
    pullRefresh: false,
    watchedFiles: false,
    didChangeConfiguration: false,
    markdown: true,
    applyEdit: false,
    showDocument: false,
    /** Commands the client runs itself (initializationOptions.clientCommands). */
    commands: new Set<string>(),
  };
  #pending = new Set<Promise<unknown>>();

  constructor(readonly connection: Connection) {
    this.#resolver = this.#createResolver('');
    connection.onInitialize((params) => this.#initialize(params));
    connection.onInitialized(() => this.#initialized());
    connection.onDidChangeConfiguration((change) => {
      this.#globalSettings = (change.settings as { lsst?: unknown } | null)?.lsst ?? this.#globalSettings;
      this.#settings.clear();
      this.reload();
    });
    connection.onDidChangeWatchedFiles((change) => {
      if (change.changes.some((event) => isConfigurationUri(event.uri))) this.reload();
    });
    connection.onCodeAction((params) => this.#codeActions(params));
    connection.onHover((params) => this.#hover(params.textDocument.uri, params.position));
    connection.onExecuteCommand((params) => this.#executeCommand(params.command, params.arguments ?? []));
    connection.languages.diagnostics.on((params) => this.#pullDiagnostics(params.textDocument.uri));
    connection.onShutdown(async () => {
      for (const timer of this.#timers.values()) clearTimeout(timer);
      this.#renders.cancelAll();
      await Promise.allSettled([...this.#pending]);
    });

    this.documents.onDidOpen(({ document }) => {
      this.#openedVersions.set(document.uri, document.version);
      if (isConfigurationUri(document.uri)) return;
      this.#track(this.check(document.uri));
      this.#renderChartOf(document.uri, false);
    });
    this.documents.onDidChangeContent(({ document }) => {
      // The opening text is checked by onDidOpen; later changes after a pause in typing.
      if (document.version === this.#openedVersions.get(document.uri)) return;
      if (isConfigurationUri(document.uri)) this.#scheduleReload();
      else this.#schedule(document.uri);
    });
    this.documents.onDidSave(({ document }) => {
      if (isConfigurationUri(document.uri)) return this.reload();
      this.#renderChartOf(document.uri, true);
      void this.#settingsFor(document.uri).then((settings) => {
        if (settings.run === 'onSave') this.#track(this.check(document.uri));
      });
    });
    this.documents.onDidClose(({ document }) => this.#forget(document.uri));
    this.documents.listen(connection);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    this.#pending.add(promise);
    void promise.finally(() => this.#pending.delete(promise));
    return promise;
  }

  #initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities;
    this.#client = {
      configuration: capabilities.workspace?.configuration === true,
      pull: capabilities.textDocument?.diagnostic !== undefined,
      pullRefresh: capabilities.workspace?.diagnostics?.refreshSupport === true,
      watchedFiles: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      didChangeConfiguration: capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      markdown: capabilities.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) ?? true,
      applyEdit: capabilities.workspace?.applyEdit === true,
      showDocument: capabilities.window?.showDocument?.support === true,
      commands: new Set<string>(),
    };
    const options = params.initializationOptions as
      | { lsst?: unknown; clientCommands?: unknown; diagnosticModel?: unknown }
      | null
      | undefined;
    this.#globalSettings = options?.lsst ?? options ?? {};
    if (Array.isArray(options?.clientCommands)) {
      for (const command of options.clientCommands) if (typeof command === 'string') this.#client.commands.add(command);
    }
    // A client that pulls can still ask for pushed diagnostics: they reach the files it has not opened (a chart's).
    if (options?.diagnosticModel === 'push') this.#client.pull = false;
    this.#workspaceFolders = (params.workspaceFolders ?? [])
      .map((folder) => filePathOf(folder.uri))
      .filter((path): path is string => path !== undefined);
    if (this.#workspaceFolders.length === 0 && params.rootUri) {
      const root = filePathOf(params.rootUri);
      if (root !== undefined) this.#workspaceFolders.push(root);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, fixAllKind],
        },
        hoverProvider: true,
        executeCommandProvider: {
          commands: Object.values(serverCommands).filter((command) => !this.#client.commands.has(command)),
        },
        ...(this.#client.pull
          ? {
              diagnosticProvider: {
                identifier: diagnosticSource,
                interFileDependencies: false,
                workspaceDiagnostics: false,
              },
            }
          : {}),
      },
      serverInfo: { name: 'kubectl-lsst', version: '0.1.0' },
    };
  }

  #initialized(): void {
    if (this.#client.watchedFiles) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/.lsst.{yaml,yml}' }],
      });
    }
    if (this.#client.didChangeConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'lsst' });
    }
  }

  #createResolver(explicitPath: string): ConfigResolver {
    const documents = this.documents;
    return new ConfigResolver(
      {
        // The open buffer when there is one, so that an unsaved .lsst.yaml counts at once.
        async readFile(path: string): Promise<string | undefined> {
          const open = documents.get(pathToFileURL(path).href);
          if (open) {
            const text = open.getText();
            if (text.length > maxBufferBytes) throw new Error(`${path}: over the limit of 10 MiB; not read`);
            return text;
          }
          return nodeConfigFileSystem.readFile(path);
        },
      },
      {
        homeDirectory: homedir(),
        ...trustedConfigLocations(process.env, homedir()),
        knownRules: registeredRules.map((rule) => rule.name),
        ...(explicitPath ? { explicitPath } : {}),
        ...(process.env.LSST_CONFIG ? { env: process.env.LSST_CONFIG } : {}),
      },
    );
  }

  #folderOf(path: string): string | undefined {
    return this.#workspaceFolders
      .filter((folder) => path === folder || path.startsWith(`${folder}/`))
      .sort((a, b) => b.length - a.length)[0];
  }

  /** The client's `lsst` settings for a document, asked once until they change. */
  #settingsFor(uri: string): Promise<ServerSettings> {
    let settings = this.#settings.get(uri);
    if (!settings) {
      settings = this.#client.configuration
        ? this.connection.workspace
            .getConfiguration({ scopeUri: uri, section: 'lsst' })
            .then((value: unknown) => readServerSettings(value ?? this.#globalSettings))
            .catch(() => readServerSettings(this.#globalSettings))
        : Promise.resolve(readServerSettings(this.#globalSettings));
      this.#settings.set(uri, settings);
    }
    return settings;
  }

  async #configFor(directory: string, settings: ServerSettings): Promise<ResolvedConfig> {
    let explicitPath = settings.configurationPath;
    if (explicitPath.startsWith('~/')) explicitPath = `${homedir()}${explicitPath.slice(1)}`;
    else if (explicitPath !== '' && !explicitPath.startsWith('/')) {
      explicitPath = `${this.#folderOf(directory) ?? this.#workspaceFolders[0] ?? directory}/${explicitPath}`;
    }
    if (explicitPath !== this.#resolverPath) {
      this.#resolverPath = explicitPath;
      this.#resolver = this.#createResolver(explicitPath);
    }
    return withSeverityOverrides(await this.#resolver.forDirectory(directory), settings.severity);
  }

  /** Forgets the configuration read so far and checks every open document again (a `.lsst.yaml` changed). */
  reload(): void {
    this.#resolver.clear();
    for (const document of this.documents.all()) {
      if (isConfigurationUri(document.uri)) continue;
      this.#track(this.check(document.uri));
    }
    const charts = new Set(this.#chartFiles.keys());
    for (const document of this.documents.all()) {
      const role = documentRole(document.uri, document.languageId);
      if (role && 'chart' in role) charts.add(role.chart);
    }
    for (const chart of charts) this.#track(this.#renderChart(chart));
    if (this.#client.pull && this.#client.pullRefresh) void this.connection.languages.diagnostics.refresh();
  }

  #scheduleReload(): void {
    clearTimeout(this.#timers.get('\0reload'));
    this.#timers.set(
      '\0reload',
      setTimeout(() => {
        this.#timers.delete('\0reload');
        this.reload();
      }, 150),
    );
  }

  #schedule(uri: string): void {
    clearTimeout(this.#timers.get(uri));
    this.#timers.delete(uri);
    // The generation moves now, so that a check still running for an older text is dropped.
    const scheduled = (this.#generations.get(uri) ?? 0) + 1;
    this.#generations.set(uri, scheduled);
    void this.#settingsFor(uri).then((settings) => {
      // A newer keystroke, or a check that a code action needed at once, came first.
      if (this.#generations.get(uri) !== scheduled || settings.run === 'onSave') return;
      this.#timers.set(
        uri,
        setTimeout(() => {
          this.#timers.delete(uri);
          this.#track(this.check(uri));
        }, settings.debounceMilliseconds),
      );
    });
  }

  /** Checks one open document now and publishes its diagnostics; undefined when not checked or overtaken. */
  async check(uri: string): Promise<CheckedDocument | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const role = documentRole(uri, document.languageId);
    if (!role || !('kind' in role)) return undefined;
    const generation = (this.#generations.get(uri) ?? 0) + 1;
    this.#generations.set(uri, generation);
    const isCurrent = () => this.#generations.get(uri) === generation && this.documents.get(uri) !== undefined;
    try {
      const settings = await this.#settingsFor(uri);
      let config: ResolvedConfig;
      try {
        config = await this.#configFor(dirname(role.path), settings);
      } catch (error) {
        if (!(error instanceof ConfigError) || !isCurrent()) throw error;
        this.#publishConfigError(document, error);
        return undefined;
      }
      if (!isCurrent()) return undefined;
      if (config.source) this.#clearConfigurationProblems(config.source);
      const checked = this.#checkNow(this.documents.get(uri) ?? document, role.kind, role.path, config, settings);
      if (!isCurrent()) return undefined;
      this.#checked.set(uri, checked);
      if (!this.#client.pull) {
        void this.connection.sendDiagnostics({ uri, version: checked.version, diagnostics: checked.diagnostics });
      }
      return checked;
    } catch (error) {
      if (!isCurrent()) return undefined;
      // A bug or bad input costs one diagnostic, never the server.
      this.connection.console.error(
        `checking ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      this.#checked.delete(uri);
      const diagnostics = [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Warning,
          source: diagnosticSource,
          message: `The LSST guidelines check could not run on this file: ${error instanceof Error ? error.message : String(error)}`,
        },
      ];
      void this.connection.sendDiagnostics({ uri, diagnostics });
      return undefined;
    }
  }

  /** The engine's call, with no waiting. */
  #checkNow(
    document: TextDocument,
    kind: DocumentKind,
    path: string,
    config: ResolvedConfig,
    settings: ServerSettings,
    incremental = true,
  ): CheckedDocument {
    const text = document.getText();
    const options: CheckOptions = {
      config,
      ...(settings.targets.length > 0 ? { targets: settings.targets } : {}),
      ...(settings.contextNamespace !== '' ? { contextNamespace: settings.contextNamespace } : {}),
    };
    const file = filePathOf(document.uri);
    // Read at each check, so that an edit of the kustomization beside the file (or of an overlay) counts at once.
    if (kind === 'manifest' && file !== undefined) Object.assign(options, new KustomizeBases().optionsFor(file));
    // And what the other manifests of its folder define (namespaces, ClusterRoles), looked at again at each check
    // when an object asks; only files changed since are read again.
    if (kind === 'manifest' && file !== undefined) Object.assign(options, this.#folderManifests.optionsFor(file));
    // Likewise the Dockerfiles beside this one's folder, which may build its base image.
    if (kind === 'dockerfile' && file !== undefined) Object.assign(options, new SiblingImages().optionsFor(file));
    if (kind === 'manifest' && config.customResourceDefinitions.length > 0) {
      let catalog = this.#definitionsByConfig.get(config);
      if (!catalog) {
        catalog = configuredCustomResources(config, this.#folderOf(path) ?? dirname(path));
        this.#definitionsByConfig.set(config, catalog);
      }
      options.customResources = catalog;
    }
    let result: ReturnType<typeof checkText>;
    if (kind === 'manifest' && incremental) {
      let checker = this.#incremental.get(document.uri);
      if (!checker) {
        checker = new IncrementalManifestChecker();
        this.#incremental.set(document.uri, checker);
      }
      result = checker.check(path, text, options);
    } else {
      result = checkText({ path, text, kind }, options);
    }
    const findings = result.skipped ? [] : result.findings.filter((finding) => !finding.suppression);
    // Only a file on disk has a place in the baseline.
    const { shown, baselined } =
      file !== undefined ? this.#splitByBaseline(findings, text, path, config) : { shown: findings, baselined: [] };
    const rangeOf = (finding: Finding) => ({
      start: document.positionAt(finding.range[0]),
      end: document.positionAt(finding.range[1]),
    });
    const diagnostics = this.#diagnosticsOf(shown, baselined, rangeOf, settings);
    return {
      uri: document.uri,
      version: document.version,
      text,
      kind,
      path,
      options,
      findings: shown,
      baselined,
      diagnostics,
      ...(result.skipped ? { skipped: true } : {}),
    };
  }

  /** The findings of the document as it is now: checked again at once when the last check is stale. */
  async #current(uri: string): Promise<CheckedDocument | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const checked = this.#checked.get(uri);
    if (checked?.version === document.version) return checked;
    clearTimeout(this.#timers.get(uri));
    this.#timers.delete(uri);
    return this.#track(this.check(uri));
  }

  #publishConfigError(document: TextDocument, error: ConfigError): void {
    const configUri = pathToFileURL(error.file).href;
    const problems: Diagnostic[] = error.problems.map((problem) => {
      const line = Math.max(0, problem.line - 1);
      const character = Math.max(0, problem.column - 1);
      return {
        range: {
          start: { line, character },
          end: { line, character: character + Math.max(1, problem.range[1] - problem.range[0]) },
        },
        severity: DiagnosticSeverity.Error,
        source: diagnosticSource,
        message: problem.message,
      };
    });
    if (problems.length > 0) {
      this.#configurationProblems.add(error.file);
      void this.connection.sendDiagnostics({ uri: configUri, diagnostics: problems });
    }
    const summary: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Error,
      source: diagnosticSource,
      code: 'configuration',
      message: `Not checked: the configuration is invalid. ${error.message.split('\n')[0]}`,
    };
    this.#checked.set(document.uri, {
      uri: document.uri,
      version: document.version,
      text: document.getText(),
      kind: 'manifest',
      path: '',
      options: {} as CheckOptions,
      findings: [],
      baselined: [],
      diagnostics: [summary],
    });
    if (!this.#client.pull) void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [summary] });
  }

  #clearConfigurationProblems(file: string): void {
    if (!this.#configurationProblems.delete(file)) return;
    void this.connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics: [] });
  }

  async #pullDiagnostics(uri: string): Promise<DocumentDiagnosticReport> {
    const document = this.documents.get(uri);
    const role = document ? documentRole(uri, document.languageId) : undefined;
    if (role && 'chart' in role) {
      return { kind: DocumentDiagnosticReportKind.Full, items: this.#chartDiagnostics.get(role.path) ?? [] };
    }
    const checked = await this.#current(uri);
    return { kind: DocumentDiagnosticReportKind.Full, items: checked?.diagnostics ?? [] };
  }

  #forget(uri: string): void {
    clearTimeout(this.#timers.get(uri));
    this.#timers.delete(uri);
    this.#generations.set(uri, (this.#generations.get(uri) ?? 0) + 1);
    this.#checked.delete(uri);
    this.#incremental.delete(uri);
    this.#settings.delete(uri);
    this.#openedVersions.delete(uri);
    const path = filePathOf(uri);
    // A chart's findings stay on its files while any file of the chart is open.
    if (path !== undefined && this.#chartFindings.has(path)) return;
    if (!this.#client.pull) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Renders the chart of an opened (when not rendered yet) or saved chart file. */
  #renderChartOf(uri: string, again: boolean): void {
    const document = this.documents.get(uri);
    const role = document ? documentRole(uri, document.languageId) : undefined;
    if (!role || !('chart' in role)) return;
    if (!again && this.#chartFiles.has(role.chart)) return;
    this.#track(this.#renderChart(role.chart));
  }

  /** Renders a chart and publishes its findings; the shown findings by file, undefined when not rendered. */
  async #renderChart(directory: string): Promise<Map<string, Finding[]> | undefined> {
    try {
      const chartUri = pathToFileURL(`${directory}/Chart.yaml`).href;
      const settings = await this.#settingsFor(chartUri);
      // Running helm is running a program: not where the client says the workspace is not trusted.
      if (!settings.renderCharts) return undefined;
      const config = await this.#configFor(directory, settings);
      const repositoryRoot = repositoryRootOf(directory, this.#folderOf(directory) ?? directory);
      const applications = await repositoryApplications(repositoryRoot);
      const rendered = await this.#renders.run(directory, (signal) =>
        renderChartFindings({
          directory,
          config,
          options: {
            ...(settings.targets.length > 0 ? { targets: settings.targets } : {}),
            ...(settings.contextNamespace !== '' ? { contextNamespace: settings.contextNamespace } : {}),
          },
          signal,
          applicationNamespaces: applications.namespaces,
          applicationCharts: applications.templatedCharts,
          repositoryRoot,
          // Never helm.binary of a repository's .lsst.yaml: opening a file would run the program it names.
          helm: settings.helmPath !== '' ? settings.helmPath : 'helm',
        }),
      );
      if (!rendered || rendered.cancelled) return undefined;
      return await this.#publishChart(rendered, config, settings);
    } catch (error) {
      this.connection.console.error(
        `rendering the chart ${directory}: ${error instanceof Error ? error.message : String(error)}`,
      );
      await this.#publishChart({ directory, byFile: new Map(), cancelled: false });
      return undefined;
    }
  }

  async #publishChart(
    rendered: RenderedChart,
    config?: ResolvedConfig,
    settings?: ServerSettings,
  ): Promise<Map<string, Finding[]>> {
    const previous = this.#chartFiles.get(rendered.directory) ?? new Set<string>();
    const now = new Set<string>();
    const shownByFile = new Map<string, Finding[]>();
    for (const [file, findings] of rendered.byFile) {
      const unsuppressed = findings.filter((finding) => !finding.suppression);
      // The baseline's fingerprints are taken from the file's text; a file that cannot be read keeps all its findings.
      const text = config && baselinePathOf(config) !== undefined ? await this.#readText(file) : undefined;
      const { shown, baselined } =
        config && text !== undefined
          ? this.#splitByBaseline(unsuppressed, text, file, config)
          : { shown: unsuppressed, baselined: [] };
      this.#chartFindings.set(file, shown);
      shownByFile.set(file, shown);
      const diagnostics = this.#diagnosticsOf(shown, baselined, rangeFromPositions, settings);
      this.#chartDiagnostics.set(file, diagnostics);
      now.add(file);
      if (!this.#client.pull) void this.connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics });
    }
    for (const file of previous) {
      if (now.has(file)) continue;
      this.#chartFindings.delete(file);
      this.#chartDiagnostics.delete(file);
      if (!this.#client.pull) void this.connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics: [] });
    }
    this.#chartFiles.set(rendered.directory, now);
    if (this.#client.pull && this.#client.pullRefresh) void this.connection.languages.diagnostics.refresh();
    return shownByFile;
  }

  /** A file's text as the editor has it: the open buffer, else the disk (size-limited); undefined when unreadable. */
  async #readText(path: string): Promise<string | undefined> {
    const open = this.documents.get(pathToFileURL(path).href);
    if (open) return open.getText();
    const { readBoundedTextFile } = await import('@lsst-kube/core/kube');
    try {
      return readBoundedTextFile(path, maxBufferBytes);
    } catch {
      return undefined;
    }
  }

  /** Unsuppressed findings split into those to show and those the baseline the configuration names records. */
  #splitByBaseline(
    findings: Finding[],
    text: string,
    path: string,
    config: ResolvedConfig,
  ): { shown: Finding[]; baselined: Finding[] } {
    const baselinePath = baselinePathOf(config);
    if (baselinePath === undefined || findings.length === 0) return { shown: findings, baselined: [] };
    const read = this.#baselines.read(baselinePath);
    if (!('entries' in read)) {
      this.connection.console.error(`reading the baseline ${baselinePath}: ${read.problem}`);
      return { shown: findings, baselined: [] };
    }
    const baselined = baselinedFindings(findings, text, path, baselinePath, read.entries);
    return { shown: findings.filter((finding) => !baselined.has(finding)), baselined: [...baselined] };
  }

  /** The diagnostics of shown findings, and of baselined ones as hints when the settings ask. */
  #diagnosticsOf(
    shown: readonly Finding[],
    baselined: readonly Finding[],
    rangeOf: (finding: Finding) => Diagnostic['range'],
    settings: ServerSettings | undefined,
  ): Diagnostic[] {
    const diagnostics = shown.map((finding) => toDiagnostic(finding, rangeOf(finding)));
    if (settings?.baselinedFindings === 'hint') {
      for (const finding of baselined) {
        diagnostics.push({
          ...toDiagnostic(finding, rangeOf(finding)),
          message: `${finding.message} (in the baseline)`,
          severity: DiagnosticSeverity.Hint,
        });
      }
    }
    return diagnostics;
  }

  async #hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    const document = this.documents.get(uri);
    if (!document) return null;
    const offset = document.offsetAt(position);
    const role = documentRole(uri, document.languageId);
    let here: Finding[];
    if (role && 'chart' in role) {
      here = (this.#chartFindings.get(role.path) ?? []).filter((finding) => {
        const range = rangeFromPositions(finding);
        return comparePositions(range.start, position) <= 0 && comparePositions(position, range.end) <= 0;
      });
    } else {
      const checked = await this.#current(uri);
      here = (checked?.findings ?? []).filter((finding) => finding.range[0] <= offset && offset <= finding.range[1]);
      const field = checked?.kind === 'manifest' ? this.#schemaField(checked, offset) : undefined;
      if (field) {
        // The field first, as the schema describes it on the target; then what the rules say about it.
        const markdown = this.#client.markdown;
        const parts = [
          markdown ? fieldHoverMarkdown(field.field, field.target) : fieldHoverPlainText(field.field, field.target),
        ];
        if (here.length > 0) parts.push(markdown ? hoverMarkdown(here) : hoverPlainText(here));
        return {
          contents: {
            kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText,
            value: parts.join(markdown ? '\n\n---\n\n' : '\n\n'),
          },
        };
      }
    }
    const first = here[0];
    if (!first) return null;
    return {
      contents: this.#client.markdown
        ? { kind: MarkupKind.Markdown, value: hoverMarkdown(here) }
        : { kind: MarkupKind.PlainText, value: hoverPlainText(here) },
      ...(role && 'kind' in role
        ? { range: { start: document.positionAt(first.range[0]), end: document.positionAt(first.range[1]) } }
        : {}),
    };
  }

  /** The schema field whose key is at the offset, on the first target (or the object's CRD). */
  #schemaField(checked: CheckedDocument, offset: number) {
    try {
      const targets = checked.options.targets;
      const [target] = resolveTargets(checked.options.config, targets ? { targets: [...targets] } : {});
      if (!target) return undefined;
      // The file's own CRDs, then those of the configuration.
      const catalog = new CustomResourceCatalog();
      addDefinitionsFromText(catalog, checked.text, checked.path);
      const field = fieldAt(checked.text, offset, {
        target,
        customResources: catalog.with(checked.options.customResources),
      });
      return field ? { field, target } : undefined;
    } catch (error) {
      this.connection.console.error(
        `hover in ${checked.uri}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }

  async #codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const document = this.documents.get(uri);
    if (!document) return [];
    try {
      const only = params.context.only;
      const wants = (kind: string) => !only || only.some((asked) => kind === asked || kind.startsWith(`${asked}.`));
      const role = documentRole(uri, document.languageId);
      if (role && 'chart' in role) return wants(CodeActionKind.QuickFix) ? this.#chartActions(document, params) : [];
      const checked = await this.#current(uri);
      if (!checked) return [];
      const actions: CodeAction[] = [];
      if (wants(CodeActionKind.QuickFix)) {
        const offeredFixAll = new Set<string>();
        for (const diagnostic of params.context.diagnostics) {
          const finding = findingFor(document, checked, diagnostic);
          if (finding) actions.push(...this.#findingActions(document, checked, diagnostic, finding, offeredFixAll));
        }
      }
      if (wants(fixAllKind)) {
        const edit = minimalReplacement(checked.text, fixedText(checked));
        if (edit) {
          actions.push({
            title: 'Fix all auto-fixable LSST guideline problems',
            kind: fixAllKind,
            edit: { changes: { [uri]: toEdits(document, [edit]) } },
          });
        }
      }
      return actions;
    } catch (error) {
      this.connection.console.error(
        `code actions for ${uri}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return [];
    }
  }

  #findingActions(
    document: TextDocument,
    checked: CheckedDocument,
    diagnostic: Diagnostic,
    finding: Finding,
    offeredFixAll: Set<string>,
  ): CodeAction[] {
    const uri = document.uri;
    const actions: CodeAction[] = [];
    const fixApplied = this.#client.commands.has(clientCommands.fixApplied)
      ? { command: { title: 'Fix applied', command: clientCommands.fixApplied } }
      : {};
    if (finding.fix) {
      actions.push({
        title: finding.fix.description,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: toEdits(document, finding.fix.edits) } },
        ...fixApplied,
      });
      const fixable = checked.findings.filter((other) => other.rule === finding.rule && other.fix);
      if (fixable.length > 1 && !offeredFixAll.has(finding.rule)) {
        offeredFixAll.add(finding.rule);
        const edit = minimalReplacement(
          checked.text,
          fixedText(checked, (other) => other.rule === finding.rule),
        );
        if (edit) {
          actions.push({
            title: `Fix all ${finding.rule} problems in this file (${fixable.length})`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: { changes: { [uri]: toEdits(document, [edit]) } },
            ...fixApplied,
          });
        }
      }
    }
    if (checked.options.config.rules[finding.rule]?.suppressible !== false && !finding.rule.startsWith('input/')) {
      actions.push(this.#suppressAction(document, diagnostic, finding.rule, checked.kind === 'dockerfile'));
    }
    // Right after "suppress": the two ways to accept a finding.
    if (filePathOf(uri) !== undefined && baselinePathOf(checked.options.config) !== undefined) {
      actions.push({
        title: `Add this ${finding.rule} finding to the baseline`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: {
          title: `Add this ${finding.rule} finding to the baseline`,
          command: serverCommands.addToBaseline,
          arguments: [uri, finding.rule, finding.range[0], finding.range[1]],
        },
      });
    }
    actions.push(...this.#explainActions(diagnostic, finding.rule));
    return actions;
  }

  /** The suppression comment: the client's own command when it has one (a snippet with the reason selected), else an edit. */
  #suppressAction(document: TextDocument, diagnostic: Diagnostic, rule: string, isDockerfile: boolean): CodeAction {
    if (!this.#client.commands.has(clientCommands.suppress)) {
      return suppressAction(document, diagnostic, rule, isDockerfile);
    }
    const title = `Suppress ${rule} here (with a reason)`;
    return {
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: {
        title,
        command: clientCommands.suppress,
        arguments: [document.uri, diagnostic.range.start.line, rule],
      },
    };
  }

  /** Explain, and open the rule's documentation page where the client can open one. */
  #explainActions(diagnostic: Diagnostic, rule: string): CodeAction[] {
    const actions = [explainAction(diagnostic, rule)];
    if (this.#client.showDocument || this.#client.commands.has(serverCommands.openRuleDocs)) {
      const title = `Open the documentation of ${rule}`;
      actions.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title, command: serverCommands.openRuleDocs, arguments: [rule] },
      });
    }
    return actions;
  }

  /** A chart file: its findings come from the render, so no fix; a suppression (in templates and values files) and explain. */
  #chartActions(document: TextDocument, params: CodeActionParams): CodeAction[] {
    const path = filePathOf(document.uri);
    const role = documentRole(document.uri, document.languageId);
    if (path === undefined || !role || !('chart' in role)) return [];
    const findings = this.#chartFindings.get(path) ?? [];
    const fileRole = chartFileRole(path, role.chart);
    const suppressible = fileRole === 'template' || fileRole === 'values';
    return params.context.diagnostics.flatMap((diagnostic) => {
      const rule = ruleOf(diagnostic);
      const finding = findings.find((candidate) => candidate.rule === rule && candidate.message === diagnostic.message);
      if (!finding) return [];
      const actions: CodeAction[] = [];
      if (suppressible && !finding.rule.startsWith('input/')) {
        actions.push(this.#suppressAction(document, diagnostic, finding.rule, false));
      }
      actions.push(...this.#explainActions(diagnostic, finding.rule));
      return actions;
    });
  }

  async #executeCommand(command: string, args: unknown[]): Promise<unknown> {
    if (command === serverCommands.explainRule) {
      const rule = typeof args[0] === 'string' ? args[0] : '';
      const explanation = explanationMarkdown(rule);
      if (explanation === undefined) {
        this.#showMessage(MessageType.Error, `Unknown rule "${rule}": \`kubectl lsst rules\` lists them.`);
        return null;
      }
      this.#showMessage(MessageType.Info, explanationSummary(rule) ?? rule);
      return explanation;
    }
    if (command === serverCommands.fixAll) {
      const uri = typeof args[0] === 'string' ? args[0] : '';
      const document = this.documents.get(uri);
      const checked = await this.#current(uri);
      if (!document || !checked) return false;
      const edit = minimalReplacement(checked.text, fixedText(checked));
      if (!edit) return false;
      const applied = await this.connection.workspace.applyEdit({
        label: 'Fix all auto-fixable LSST guideline problems',
        edit: { changes: { [uri]: toEdits(document, [edit]) } },
      });
      return applied.applied;
    }
    if (command === serverCommands.addToBaseline) {
      const [uri, rule, start, end] = args;
      if (typeof uri !== 'string' || typeof rule !== 'string' || typeof start !== 'number' || typeof end !== 'number') {
        return false;
      }
      return this.#addToBaseline(uri, rule, start, end);
    }
    if (command === serverCommands.openRuleDocs) {
      const rule = typeof args[0] === 'string' ? args[0] : '';
      if (!registeredRules.some((known) => known.name === rule)) {
        this.#showMessage(MessageType.Error, `Unknown rule "${rule}": \`kubectl lsst rules\` lists them.`);
        return null;
      }
      const address = ruleDocsUrl(rule);
      if (this.#client.showDocument) await this.connection.window.showDocument({ uri: address, external: true });
      else this.#showMessage(MessageType.Info, `${rule}: ${address}`);
      return address;
    }
    if (command === serverCommands.checkFiles) {
      const uris = Array.isArray(args[0]) ? args[0].filter((uri): uri is string => typeof uri === 'string') : [];
      return this.#checkFiles(uris);
    }
    if (command === serverCommands.documentState) {
      const uri = typeof args[0] === 'string' ? args[0] : '';
      const checked = await this.#current(uri);
      if (!checked || checked.path === '') return null;
      const state: DocumentState = {
        uri,
        version: checked.version,
        kind: checked.kind,
        ...(checked.options.config.source ? { configurationSource: checked.options.config.source } : {}),
        findings: checked.findings.map((finding) => ({
          rule: finding.rule,
          severity: finding.severity,
          message: finding.message,
          line: finding.start.line,
          fixable: finding.fix !== undefined,
        })),
        baselined: checked.baselined.length,
      };
      return state;
    }
    this.#showMessage(MessageType.Error, `Unknown command "${command}".`);
    return null;
  }

  /** Records one finding of an open document in the baseline file its configuration names, and checks it again. */
  async #addToBaseline(uri: string, rule: string, start: number, end: number): Promise<boolean> {
    const checked = await this.#current(uri);
    const path = filePathOf(uri);
    const baselinePath = checked && checked.path !== '' ? baselinePathOf(checked.options.config) : undefined;
    const finding = checked?.findings.find(
      (candidate) => candidate.rule === rule && candidate.range[0] === start && candidate.range[1] === end,
    );
    if (!checked || path === undefined || baselinePath === undefined || !finding) return false;
    const read = this.#baselines.read(baselinePath);
    if ('problem' in read) {
      this.#showMessage(MessageType.Error, `The baseline cannot be read, so nothing was added: ${read.problem}`);
      return false;
    }
    const { replaceFileAtomically } = await import('@lsst-kube/core/kube');
    replaceFileAtomically(baselinePath, baselineWithFinding(read.entries, finding, checked.text, path, baselinePath));
    this.#baselines.forget(baselinePath);
    await this.#track(this.check(uri));
    return true;
  }

  /**
   * Checks files as the editor has them (the open buffer, else the disk): each on its own, a chart's
   * files by rendering the chart once. Files not open get their diagnostics published too.
   */
  async #checkFiles(uris: string[]): Promise<CheckFilesSummary> {
    const summary: CheckFilesSummary = { files: 0, errors: 0, warnings: 0, infos: 0, failed: 0, excluded: 0 };
    const count = (findings: readonly Finding[]) => {
      for (const finding of findings) {
        if (finding.severity === 'error') summary.errors++;
        else if (finding.severity === 'warning') summary.warnings++;
        else summary.infos++;
      }
    };
    const charts = new Set<string>();
    for (const uri of uris) {
      if (isConfigurationUri(uri)) continue;
      const open = this.documents.get(uri);
      const role = documentRole(uri, open?.languageId ?? '');
      if (!role) continue;
      if ('chart' in role) {
        charts.add(role.chart);
        continue;
      }
      try {
        if (open) {
          const checked = await this.#current(uri);
          if (checked?.skipped) continue;
          if (checked) count(checked.findings);
          summary.files++;
          continue;
        }
        const text = await this.#readText(role.path);
        if (text === undefined) continue;
        const settings = await this.#settingsFor(uri);
        const config = await this.#configFor(dirname(role.path), settings);
        // The workspace folder is the folder checked: its test data is left out, as by `kubectl lsst check .`.
        const folder = this.#folderOf(role.path);
        if (folder !== undefined && excludeMatcher(config.exclude)(relative(folder, role.path))) {
          summary.excluded++;
          continue;
        }
        const document = TextDocument.create(uri, role.kind === 'dockerfile' ? 'dockerfile' : 'yaml', 0, text);
        const checked = this.#checkNow(document, role.kind, role.path, config, settings, false);
        if (checked.skipped) continue;
        count(checked.findings);
        summary.files++;
        if (!this.#client.pull) void this.connection.sendDiagnostics({ uri, diagnostics: checked.diagnostics });
      } catch (error) {
        summary.failed++;
        this.connection.console.error(`checking ${uri}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const chart of [...charts].sort()) {
      const shown = await this.#renderChart(chart);
      for (const findings of shown?.values() ?? []) {
        count(findings);
        summary.files++;
      }
    }
    return summary;
  }

  /** A message for the user that needs no answer (a notification, which every client shows). */
  #showMessage(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }
}

function toDiagnostic(finding: Finding, range: Diagnostic['range']): Diagnostic {
  return {
    range,
    severity: severityOf[finding.severity],
    source: diagnosticSource,
    code: finding.rule,
    codeDescription: { href: finding.helpUri },
    message: finding.message,
  };
}

/** Range of a finding on a file the engine did not get as an open buffer (a chart's files): from its 1-based positions. */
function rangeFromPositions(finding: Finding): Diagnostic['range'] {
  return {
    start: { line: Math.max(0, finding.start.line - 1), character: Math.max(0, finding.start.column - 1) },
    end: { line: Math.max(0, finding.end.line - 1), character: Math.max(0, finding.end.column - 1) },
  };
}

function comparePositions(a: { line: number; character: number }, b: { line: number; character: number }): number {
  return a.line === b.line ? a.character - b.character : a.line - b.line;
}

function ruleOf(diagnostic: Diagnostic): string | undefined {
  if (diagnostic.source !== diagnosticSource) return undefined;
  return typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
}

/** The finding a diagnostic was made from: same rule and range (and message), else the same rule around it. */
function findingFor(document: TextDocument, checked: CheckedDocument, diagnostic: Diagnostic): Finding | undefined {
  const rule = ruleOf(diagnostic);
  if (!rule) return undefined;
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  const sameRule = checked.findings.filter((finding) => finding.rule === rule);
  return (
    sameRule.find(
      (finding) => finding.range[0] === start && finding.range[1] === end && finding.message === diagnostic.message,
    ) ?? sameRule.find((finding) => finding.range[0] <= start && end <= finding.range[1])
  );
}

function fixedText(checked: CheckedDocument, only?: (finding: Finding) => boolean): string {
  return fixText({ path: checked.path, text: checked.text, kind: checked.kind }, checked.options, only).text;
}

function toEdits(document: TextDocument, edits: readonly OffsetEdit[]): TextEdit[] {
  return edits.map((edit) => ({
    range: { start: document.positionAt(edit.range[0]), end: document.positionAt(edit.range[1]) },
    newText: edit.text,
  }));
}

/**
 * `# lsst-ignore <rule> -- ` above the finding's line, the reason left to be written: the check asks
 * for it until it is (a client cannot be told to put the cursor there).
 */
function suppressAction(
  document: TextDocument,
  diagnostic: Diagnostic,
  rule: string,
  isDockerfile: boolean,
): CodeAction {
  const lines = document.getText().split('\n');
  let target = Math.min(Math.max(0, diagnostic.range.start.line), Math.max(0, lines.length - 1));
  // A comment must stand above the whole instruction, not inside its continuation lines.
  if (isDockerfile) while (target > 0 && /\\\s*$/.test(lines[target - 1] ?? '')) target--;
  const indent = isDockerfile ? '' : (/^\s*/.exec(lines[target] ?? '')?.[0] ?? '');
  return {
    title: `Suppress ${rule} here (write the reason after "--")`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: {
      changes: {
        [document.uri]: [
          {
            range: { start: { line: target, character: 0 }, end: { line: target, character: 0 } },
            newText: `${indent}# lsst-ignore ${rule} -- \n`,
          },
        ],
      },
    },
  };
}

function explainAction(diagnostic: Diagnostic, rule: string): CodeAction {
  return {
    title: `Explain ${rule}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Explain ${rule}`, command: serverCommands.explainRule, arguments: [rule] },
  };
}
