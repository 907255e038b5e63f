// Finds Helm charts, plans their renders (one per environment), runs helm and checks each render
// through the engine, returning findings placed on templates, values files and Chart.yaml.
import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import type { ResolvedConfig } from '../config/model.ts';
import { resolveTargets } from '../config/targets.ts';
import { applicationDestinations, hasTemplatedDestination } from '../documents/argo-applications.ts';
import { type ChartRender, chartRenderFailure, checkChartRender, mergeChartFindings } from '../engine/chart.ts';
import type { CheckOptions, CheckResult } from '../engine/check.ts';
import { readBoundedTextFile } from '../kube/bounded-read.ts';
import { compareText, type Finding } from '../types.ts';
import type { PreparedChart } from './dependencies.ts';
import type { HelmUnavailable } from './helm.ts';

/** A chart's own files (Chart.yaml, templates, values) are far smaller; past this one is not read. */
const maxChartFileBytes = 10 * 1024 * 1024;

/** A folder with a Chart.yaml. */
export interface Chart {
  /** Absolute path of the folder. */
  directory: string;
  /** `name` of Chart.yaml, else the folder's name. */
  name: string;
  /** `type: library`: not installable on its own; its templates render inside the charts using it. */
  library: boolean;
}

/** Reads a chart's Chart.yaml (just its name and type); undefined when the folder has none. */
export function readChart(directory: string): Chart | undefined {
  let text: string;
  try {
    text = readBoundedTextFile(join(directory, 'Chart.yaml'), maxChartFileBytes);
  } catch {
    return undefined;
  }
  const name = /^name:\s*["']?([^"'\s#]+)/m.exec(text)?.[1] ?? basename(directory);
  return { directory, name, library: /^type:\s*["']?library\b/m.test(text) };
}

/** The charts whose Chart.yaml files are among these paths, nested charts (vendored subcharts) left out. */
export function outermostChartDirectories(chartFiles: readonly string[]): string[] {
  const directories = [...new Set(chartFiles.map((file) => dirname(file)))].sort(compareText);
  return directories.filter(
    (directory) => !directories.some((other) => other !== directory && directory.startsWith(other + sep)),
  );
}

/** The chart folder holding a file, if any. */
export function chartHolding(file: string, chartDirectories: readonly string[]): string | undefined {
  return chartDirectories.find((directory) => file.startsWith(directory + sep));
}

/** The `<env>` of every `values-<env>.yaml` beside Chart.yaml, sorted. */
export function chartEnvironments(directory: string): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names
    .map((name) => /^values-(.+)\.ya?ml$/.exec(name)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort(compareText);
}

export interface ChartCheckOptions {
  /** Display name of a path (relative to the working directory). */
  display: (absolute: string) => string;
  /** The configuration that applies to a chart's folder. */
  configFor: (directory: string) => Promise<ResolvedConfig>;
  cwd: string;
  /** The environment helm runs in (PATH finds it). */
  env?: Readonly<Record<string, string | undefined>>;
  /** --helm, else helm.binary, else helm on PATH. */
  helm?: string;
  /** --values files, in order, after the environment's. */
  valuesFiles: readonly string[];
  /** --set assignments, after the configured ones. */
  set: readonly string[];
  /** --namespace: the release namespace of every chart. */
  namespace?: string;
  /** --release-name; default: the chart's name. */
  releaseName?: string;
  /** --target/--all-targets, for renders of no configured environment. */
  targets: (config: ResolvedConfig) => string[];
  now?: Date;
  /** Argo CD Applications of the repository: release namespace by the chart's repository path. */
  applicationNamespaces?: ReadonlyMap<string, string>;
  /** Folder the Applications' `spec.source.path` is relative to (the repository's root). */
  repositoryRoot?: string;
  /** "App of apps" charts whose Applications take their path or namespace from values: rendered first, and read. */
  applicationCharts?: readonly ApplicationChart[];
  /** Stops the renders: their results are no longer wanted (the editor started a newer one). */
  signal?: AbortSignal;
}

export interface ChartCheckOutcome {
  /** Findings grouped by the file they are on. */
  results: CheckResult[];
  /** The texts of templates and values files that have findings, for code frames. */
  texts: Map<string, string>;
  /** helm's version, or why no chart could be rendered. */
  helm: { version: string } | HelmUnavailable;
  /** The signal ended the renders: the results are incomplete. */
  cancelled: boolean;
  /** Charts not checked because dependencies they fetch from a repository are not in charts/ (renders run offline). */
  missingDependencies: string[];
  /** helm.environmentValues files that could not be read, with why: the values they were to give are left out. */
  unreadableEnvironmentValues: { path: string; reason: string; config?: string }[];
  renders: number;
  renderMilliseconds: number;
}

interface PlannedRender {
  chart: Chart;
  config: ResolvedConfig;
  environment?: string;
  valuesFiles: string[];
  set: string[];
  targets: string[];
  releaseNamespace?: string;
}

/** Renders and checks every chart; a chart that fails to render is one finding on its Chart.yaml. */
export async function checkCharts(charts: readonly Chart[], options: ChartCheckOptions): Promise<ChartCheckOutcome> {
  const outcome: ChartCheckOutcome = {
    results: [],
    texts: new Map(),
    helm: { version: '' },
    renders: 0,
    renderMilliseconds: 0,
    cancelled: false,
    missingDependencies: [],
    unreadableEnvironmentValues: [],
  };
  const installable = charts.filter((chart) => !chart.library);
  if (installable.length === 0) return outcome;
  const firstConfig = await options.configFor(installable[0]?.directory ?? options.cwd);
  const binary = options.helm ?? firstConfig.helm.binary ?? 'helm';
  // Loaded here, not at start-up: helm.ts brings node:child_process, which a check without charts never needs.
  const { helmVersion, renderChart, renderParallelism, runLimited } = await import('./helm.ts');
  const { prepareChart } = await import('./dependencies.ts');
  const version = await helmVersion(binary, options.env);
  outcome.helm = version.ok ? { version: version.version } : version;
  if (!version.ok) return outcome;

  const planned: PlannedRender[] = [];
  const environmentValues = new EnvironmentValues();
  // The app-of-apps charts are rendered only for a chart whose release namespace nothing else gives.
  const namespaceUnknown = async (chart: Chart) =>
    options.namespace === undefined &&
    argoNamespace(chart, options) === undefined &&
    (await options.configFor(chart.directory)).helm.namespaces[chart.name] === undefined;
  let needed = false;
  for (const chart of installable) needed ||= await namespaceUnknown(chart);
  const planOptions = !needed
    ? options
    : await withRenderedApplications(options, async (chart, valuesFiles) => {
        const render = await renderChart(
          { chartDirectory: chart.directory, releaseName: chart.name, valuesFiles, set: [] },
          {
            binary,
            timeoutMs: firstConfig.helm.timeoutSeconds * 1000,
            maxBytes: firstConfig.limits.maxFileSize,
            cwd: options.cwd,
            ...(options.env ? { env: options.env } : {}),
            ...(options.signal ? { signal: options.signal } : {}),
          },
        );
        return render.ok ? render.text : undefined;
      });
  for (const chart of installable) planned.push(...(await planRenders(chart, planOptions, environmentValues)));
  outcome.unreadableEnvironmentValues = environmentValues.unreadable();
  // Local (file://) dependencies missing from charts/ are vendored into a temporary copy, once per
  // chart, as the renders run, so that copying one chart overlaps the renders of others.
  const preparing = new Map<Chart, Promise<PreparedChart>>();
  const prepared = new Map<Chart, PreparedChart>();
  const prepare = async (chart: Chart) => {
    let promise = preparing.get(chart);
    if (!promise) {
      promise = prepareChart(chart.directory);
      preparing.set(chart, promise);
    }
    const ready = await promise;
    prepared.set(chart, ready);
    return ready;
  };
  const rendered = await runLimited(planned, renderParallelism(), async (plan) =>
    renderChart(
      {
        chartDirectory: (await prepare(plan.chart)).directory,
        releaseName: options.releaseName ?? plan.chart.name,
        namespace: plan.releaseNamespace ?? unknownReleaseNamespace,
        valuesFiles: plan.valuesFiles,
        set: plan.set,
      },
      {
        binary,
        timeoutMs: plan.config.helm.timeoutSeconds * 1000,
        maxBytes: plan.config.limits.maxFileSize,
        cwd: options.cwd,
        ...(options.env ? { env: options.env } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    ),
  );
  await Promise.all([...prepared.values()].map((copy) => copy.cleanup()));
  if (options.signal?.aborted) {
    outcome.cancelled = true;
    return outcome;
  }

  const files = new FileCache();
  const findingsByChart = new Map<Chart, Finding[]>();
  planned.forEach((plan, index) => {
    const render = rendered[index];
    if (!render) return;
    outcome.renders += 1;
    outcome.renderMilliseconds += render.milliseconds;
    const chartName = options.display(plan.chart.directory);
    const list = findingsByChart.get(plan.chart) ?? [];
    findingsByChart.set(plan.chart, list);
    if (!render.ok) {
      // Not a finding: the chart could not be looked at offline (one notice names these charts).
      if (render.missingDependencies) {
        if (!outcome.missingDependencies.includes(chartName)) outcome.missingDependencies.push(chartName);
        return;
      }
      const forEnvironment = plan.environment ? ` for ${plan.environment}` : '';
      const wanted = valueForTheDeployer(render.reason);
      list.push(
        chartRenderFailure(
          chartName,
          files.read(join(plan.chart.directory, 'Chart.yaml')),
          wanted
            ? `Not checked: helm template stops${forEnvironment} for want of ${wanted}, a value whoever deploys the chart gives it. Give it with --set or --values, or in .lsst.yaml (helm.set, helm.environmentValues), and check again (helm: ${render.reason}).`
            : `helm template failed${forEnvironment}: ${render.reason}.`,
          {
            ...(wanted ? { severity: 'info' as const } : {}),
            ...(plan.environment !== undefined ? { environment: plan.environment } : {}),
          },
        ),
      );
      return;
    }
    const { text: renderedText, at: releaseNamespaceAt } =
      plan.releaseNamespace === undefined
        ? withHelmDefaultNamespace(render.text)
        : { text: render.text, at: [] as number[] };
    const chartRender: ChartRender = {
      chart: chartName,
      rendered: renderedText,
      ...(releaseNamespaceAt.length > 0 ? { unknownReleaseNamespaceAt: releaseNamespaceAt } : {}),
      valuesFiles: [join(plan.chart.directory, 'values.yaml'), ...plan.valuesFiles].map(options.display),
      ...(plan.environment !== undefined ? { environment: plan.environment } : {}),
      ...(plan.releaseNamespace !== undefined ? { releaseNamespace: plan.releaseNamespace } : {}),
      subcharts: new Map(
        [...(prepared.get(plan.chart)?.vendored ?? [])].map(([printed, folder]) => [printed, options.display(folder)]),
      ),
      helperFiles: helperFiles([plan.chart.directory, ...(prepared.get(plan.chart)?.vendored.values() ?? [])]).map(
        options.display,
      ),
    };
    const checkOptions: CheckOptions = {
      config: plan.config,
      targets: plan.targets,
      ...(options.now ? { now: options.now } : {}),
    };
    const found = checkChartRender(chartRender, (path) => files.readDisplayed(path, options.cwd), checkOptions);
    list.push(...found.map((finding) => files.onOwnPaths(finding, options.cwd)));
  });

  const byFile = new Map<string, Finding[]>();
  // Across charts too: a chart that several applications share reports its template lines once.
  for (const finding of mergeChartFindings([...findingsByChart.values()].flat())) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  outcome.missingDependencies.sort(compareText);
  for (const [file, findings] of [...byFile.entries()].sort(([a], [b]) => compareText(a, b))) {
    outcome.results.push({ path: file, kind: 'manifest', findings });
    const text = files.readDisplayed(file, options.cwd);
    if (text !== undefined) outcome.texts.set(file, text);
  }
  return outcome;
}

/**
 * The files of named templates (`templates/_helpers.tpl`, `*.tpl`) of these charts and of the subcharts vendored
 * in their charts/ folders: Helm shares named templates across a chart and its dependencies, so a template may
 * include one its `file://` dependency defines (a shared chart's `_service-init.tpl`).
 */
function helperFiles(chartDirectories: Iterable<string>): string[] {
  const files: string[] = [];
  const pending = [...chartDirectories];
  const seen = new Set<string>();
  while (pending.length > 0 && seen.size < 50) {
    const directory = pending.shift() as string;
    if (seen.has(directory)) continue;
    seen.add(directory);
    try {
      const templates = join(directory, 'templates');
      files.push(
        ...readdirSync(templates, { withFileTypes: true })
          .filter((entry) => entry.isFile() && (entry.name.endsWith('.tpl') || entry.name.startsWith('_')))
          .map((entry) => join(templates, entry.name))
          .sort(compareText),
      );
    } catch {
      // No templates folder: nothing of its own to include.
    }
    try {
      const subcharts = join(directory, 'charts');
      for (const entry of readdirSync(subcharts, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
        if (entry.isDirectory() && isFile(join(subcharts, entry.name, 'Chart.yaml')))
          pending.push(join(subcharts, entry.name));
      }
    } catch {
      // No vendored subcharts.
    }
  }
  return files;
}

/**
 * Rendered as the release namespace when none is known: as long as `default`, which helm would put there,
 * so that putting `default` back keeps every offset; where it stood, the namespace is the release's.
 */
const unknownReleaseNamespace = 'lsstrns';

function withHelmDefaultNamespace(text: string): { text: string; at: number[] } {
  const at: number[] = [];
  for (
    let index = text.indexOf(unknownReleaseNamespace);
    index !== -1;
    index = text.indexOf(unknownReleaseNamespace, index + 1)
  ) {
    at.push(index);
  }
  return { text: at.length === 0 ? text : text.replaceAll(unknownReleaseNamespace, 'default'), at };
}

async function planRenders(
  chart: Chart,
  options: ChartCheckOptions,
  environmentValues: EnvironmentValues,
): Promise<PlannedRender[]> {
  const config = await options.configFor(chart.directory);
  const releaseNamespace = options.namespace ?? argoNamespace(chart, options) ?? config.helm.namespaces[chart.name];
  const defaults = options.targets(config);
  const configured = Object.keys(config.helm.environments);
  const own = chartEnvironments(chart.directory);
  let environments = own.filter((name) => configured.length === 0 || configured.includes(name));
  // Deployed to none of the configured environments: once, as in the first of its own, with the values it gets there.
  if (environments.length === 0 && configured.length > 0 && own[0] !== undefined) environments = [own[0]];
  const base = { chart, config, ...(releaseNamespace !== undefined ? { releaseNamespace } : {}) };
  if (environments.length === 0) {
    const set = [...assignments(config.helm.set, undefined), ...options.set];
    return [{ ...base, valuesFiles: [...options.valuesFiles], set, targets: defaults }];
  }
  return environments.map((environment) => {
    const settings = config.helm.environments[environment];
    const cluster = settings?.cluster;
    const values = environmentValues.read(config, environment, options.cwd);
    const valuesFile = ['yaml', 'yml']
      .map((extension) => join(chart.directory, `values-${environment}.${extension}`))
      .find((path) => isFile(path)) as string;
    return {
      ...base,
      environment,
      valuesFiles: [valuesFile, ...options.valuesFiles],
      set: [...assignments(config.helm.set, values), ...assignments(settings?.set ?? {}, values), ...options.set],
      targets: cluster !== undefined ? resolveTargets(config, { targets: [cluster] }).map((c) => c.name) : defaults,
    };
  });
}

/**
 * `--set` assignments from the configuration, `${path}` read from the environment's own values;
 * an assignment whose value is not there (or with no environment) is left out.
 */
function assignments(set: Readonly<Record<string, string>>, values: unknown): string[] {
  const result: string[] = [];
  for (const [key, template] of Object.entries(set)) {
    let missing = false;
    const value = template.replace(/\$\{([^}]+)\}/g, (_whole, path: string) => {
      const found = valueAt(values, path.trim());
      if (found === undefined) missing = true;
      return found ?? '';
    });
    if (!missing) result.push(`${key}=${value}`);
  }
  return result;
}

function valueAt(values: unknown, path: string): string | undefined {
  let node = values;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? String(node) : undefined;
}

function argoNamespace(chart: Chart, options: ChartCheckOptions): string | undefined {
  if (!options.applicationNamespaces || options.repositoryRoot === undefined) return undefined;
  const path = relative(options.repositoryRoot, chart.directory).split(sep).join('/');
  const exact = options.applicationNamespaces.get(path);
  if (exact !== undefined) return exact;
  // A repository checked below its root (or a copy of one): the Application's path ends the chart's.
  for (const [source, namespace] of options.applicationNamespaces) {
    if (path.endsWith(`/${source}`)) return namespace;
  }
  return undefined;
}

/** Release namespaces by chart path, from the Argo CD Applications among these texts. */
export function applicationNamespaces(texts: Iterable<string>): Map<string, string> {
  const namespaces = new Map<string, string>();
  for (const text of texts) {
    for (const destination of applicationDestinations(text)) namespaces.set(destination.path, destination.namespace);
  }
  return namespaces;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Each template and values file read once, by its display name or absolute path. */
class FileCache {
  private readonly texts = new Map<string, string | undefined>();
  // Each displayed path's own path, for a file reached through a link.
  readonly #ownPaths = new Map<string, string>();

  read(absolute: string): string | undefined {
    if (!this.texts.has(absolute)) {
      let text: string | undefined;
      try {
        text = readBoundedTextFile(absolute, maxChartFileBytes);
      } catch {
        text = undefined;
      }
      this.texts.set(absolute, text);
    }
    return this.texts.get(absolute);
  }

  readDisplayed(displayed: string, cwd: string): string | undefined {
    return this.read(displayed.startsWith('/') ? displayed : join(cwd, displayed));
  }

  /**
   * The finding on the files it names as they are: a chart that several applications share through symbolic links
   * (`templates -> ../../charts/csc`, `values.yaml -> ../../values/csc/values.yaml`) is one file to edit, and its
   * findings are said once. Links that lead out of the folder checked from are left as they are.
   */
  onOwnPaths(finding: Finding, cwd: string): Finding {
    const file = this.#ownPath(finding.file, cwd);
    const related = finding.related?.map((place) => ({ ...place, file: this.#ownPath(place.file, cwd) }));
    return { ...finding, file, ...(related ? { related } : {}) };
  }

  #ownPath(displayed: string, cwd: string): string {
    let own = this.#ownPaths.get(displayed);
    if (own === undefined) {
      own = displayed;
      try {
        const fromCwd = relative(realpathSync(cwd), realpathSync(resolve(cwd, displayed)));
        if (!isAbsolute(displayed) && !fromCwd.startsWith('..') && !isAbsolute(fromCwd)) {
          own = fromCwd.split(sep).join('/');
        }
      } catch {
        // A file that cannot be resolved is shown as it was named.
      }
      this.#ownPaths.set(displayed, own);
    }
    return own;
  }
}

/** Each environment's own values (helm.environmentValues, merged in order), each file read once, as data. */
class EnvironmentValues {
  private readonly files = new Map<string, unknown>();
  private readonly problems = new Map<string, { reason: string; config?: string }>();

  /** The files that could not be read or parsed, each once. */
  unreadable(): { path: string; reason: string; config?: string }[] {
    return [...this.problems].map(([path, problem]) => ({ path, ...problem }));
  }

  read(config: ResolvedConfig, environment: string, cwd: string): unknown {
    const patterns = config.helm.environmentValues ?? [];
    if (patterns.length === 0) return undefined;
    const folder = resolve(cwd, config.source ? dirname(config.source) : '.');
    return patterns
      .map((pattern) => this.file(resolve(folder, pattern.replaceAll('{environment}', environment)), config))
      .reduce(mergeValues, {});
  }

  private file(path: string, config: ResolvedConfig): unknown {
    if (!this.files.has(path)) {
      let values: unknown;
      try {
        values = parse(readBoundedTextFile(path, config.limits.maxFileSize), {
          maxAliasCount: config.limits.maxAliasCount,
        });
      } catch (error) {
        // Missing or not YAML: its references stay unset (and are reported), and helm says which value a template needed.
        values = undefined;
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
        this.problems.set(path, { reason, ...(config.source !== undefined ? { config: config.source } : {}) });
      }
      this.files.set(path, values);
    }
    return this.files.get(path);
  }
}

/** Maps merged key by key, as helm merges values files; anything else: the later one wins. */
function mergeValues(base: unknown, over: unknown): unknown {
  if (over === undefined || over === null) return base;
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = mergeValues(merged[key], value);
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The nearest folder up from `start` holding .git, else `fallback`: where Applications' source paths begin. */
export function repositoryRootOf(start: string, fallback = start): string {
  for (let directory = resolve(start); ; directory = dirname(directory)) {
    if (isPresent(join(directory, '.git'))) return directory;
    if (dirname(directory) === directory) return resolve(fallback);
  }
}

function isPresent(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The options with the Applications of the "app of apps" charts added, as their values render them: the defaults,
 * then each `values-<env>.yaml` beside (argocd-example-apps' `apps/`: one Application per entry of a values list;
 * lsst-ts' collector charts: a namespace and a list of applications per site). What the repository's files say as
 * written comes first; a chart path given different namespaces by different renders is left unknown; a chart that
 * does not render adds nothing, and is checked on its own as usual.
 */
async function withRenderedApplications(
  options: ChartCheckOptions,
  render: (chart: Chart, valuesFiles: string[]) => Promise<string | undefined>,
): Promise<ChartCheckOptions> {
  const { applicationCharts, repositoryRoot } = options;
  if (!applicationCharts || applicationCharts.length === 0 || repositoryRoot === undefined) return options;
  const renders: { chart: Chart; repositoryRoot: string; valuesFiles: string[] }[] = [];
  for (const application of applicationCharts) {
    const chart = readChart(application.directory);
    if (!chart || chart.library) continue;
    renders.push({ chart, repositoryRoot: application.repositoryRoot, valuesFiles: [] });
    for (const environment of chartEnvironments(chart.directory)) {
      const file = join(chart.directory, `values-${environment}.yaml`);
      if (isFile(file)) renders.push({ chart, repositoryRoot: application.repositoryRoot, valuesFiles: [file] });
    }
  }
  const { renderParallelism, runLimited } = await import('./helm.ts');
  const texts = await runLimited(renders, renderParallelism(), async (one) => {
    // The editor checks a chart at every change: an app-of-apps chart that has not changed is not rendered again.
    const key = [one.chart.directory, ...one.valuesFiles].join('\0');
    const signature = filesSignature(one.chart.directory, one.valuesFiles);
    const kept = renderedApplications.get(key);
    if (kept && kept.signature === signature) return kept.text;
    const text = await render(one.chart, one.valuesFiles);
    if (renderedApplications.size >= 64) renderedApplications.clear();
    renderedApplications.set(key, { signature, text });
    return text;
  });
  const found = new Map<string, Set<string>>();
  renders.forEach((one, index) => {
    const text = texts[index];
    for (const destination of text === undefined ? [] : applicationDestinations(text)) {
      const path = relative(repositoryRoot, join(one.repositoryRoot, destination.path)).split(sep).join('/');
      found.set(path, (found.get(path) ?? new Set()).add(destination.namespace));
    }
  });
  const namespaces = new Map(options.applicationNamespaces ?? []);
  for (const [path, candidates] of found) {
    const [only] = candidates;
    if (candidates.size === 1 && only !== undefined && !namespaces.has(path)) namespaces.set(path, only);
  }
  return { ...options, applicationNamespaces: namespaces };
}

const renderedApplications = new Map<string, { signature: string; text: string | undefined }>();

/** Size and time of change of a chart's Chart.yaml, values files and templates: what its render depends on. */
function filesSignature(chartDirectory: string, valuesFiles: readonly string[]): string {
  const templates = join(chartDirectory, 'templates');
  let names: string[] = [];
  try {
    names = readdirSync(templates).sort(compareText);
  } catch {
    // No templates: the other files still say whether it changed.
  }
  const files = [
    join(chartDirectory, 'Chart.yaml'),
    join(chartDirectory, 'values.yaml'),
    ...valuesFiles,
    ...names.map((name) => join(templates, name)),
  ];
  return files
    .map((file) => {
      try {
        const stats = statSync(file);
        return `${file}:${stats.size}:${stats.mtimeMs}`;
      } catch {
        return `${file}:-`;
      }
    })
    .join('\n');
}

/** An Argo CD "app of apps" chart whose Applications are templated, and the repository their paths are in. */
export interface ApplicationChart {
  directory: string;
  repositoryRoot: string;
}

export interface RepositoryApplications {
  /** Release namespace by chart path, from the Applications as written. */
  namespaces: Map<string, string>;
  /** Charts whose templates make Applications from values: only a render says where they go. */
  templatedCharts: ApplicationChart[];
}

/**
 * The Argo CD Applications anywhere below `root` (YAML files up to 1 MiB that mention argoproj.io;
 * node_modules and hidden folders skipped; at most 50,000 entries): release namespaces by chart path, and the
 * charts whose templates make Applications.
 */
export async function repositoryApplications(root: string): Promise<RepositoryApplications> {
  // Synchronous reads: a repository of Helm charts holds thousands of small YAML files, and one awaited read after
  // another took over a second on Phalanx. Each text is read once, by its path.
  const read = new Map<string, string | undefined>();
  const applicationText = (path: string): string | undefined => {
    if (read.has(path)) return read.get(path);
    let text: string | undefined;
    try {
      text = readBoundedTextFile(path, 1024 * 1024);
    } catch {
      // Unreadable or larger than 1 MiB: not Applications we can use.
    }
    const kept = text?.includes('argoproj.io') ? text : undefined;
    read.set(path, kept);
    return kept;
  };
  const texts: string[] = [];
  const charts: string[] = [];
  const pending = [root];
  let seen = 0;
  while (pending.length > 0 && seen < 50_000) {
    const folder = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen += 1;
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && entry.name === 'Chart.yaml') charts.push(folder);
      else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) {
        const text = applicationText(path);
        if (text !== undefined) texts.push(text);
      }
    }
  }
  // A chart's templates may be a link to templates shared by several charts (one per group of applications).
  const templatedCharts: ApplicationChart[] = [];
  for (const chart of charts.sort(compareText)) {
    const templates = join(chart, 'templates');
    let names: string[];
    try {
      names = readdirSync(templates).filter((name) => /\.ya?ml$/i.test(name));
    } catch {
      continue;
    }
    if (names.some((name) => hasTemplatedDestination(applicationText(join(templates, name)) ?? ''))) {
      templatedCharts.push({ directory: chart, repositoryRoot: root });
    }
  }
  return { namespaces: applicationNamespaces(texts), templatedCharts };
}

/**
 * The value a render stopped for want of, when it is one the chart leaves to its deployer: a Helm global
 * (`.Values.global.*`, which a parent chart or the deployment tool sets: Phalanx's `global.host`,
 * `global.vaultSecretsPath`) read through nothing, or a value the chart itself stops on (`required`, `fail`).
 * Undefined for any other failure, such as a template that does not parse.
 */
export function valueForTheDeployer(reason: string): string | undefined {
  const global = /<(\.Values\.global\.[\w.]+)>: nil pointer evaluating/.exec(reason);
  if (global?.[1]) return global[1];
  const stopped = /execution error at \(([^)]+)\): (.+)$/s.exec(reason);
  if (stopped?.[1] && stopped[2]) return `what the chart says it needs ("${stopped[2].trim()}", at ${stopped[1]})`;
  return undefined;
}
