// Finds Helm charts, plans their renders (one per environment), runs helm and checks each render
// through the engine, returning findings placed on templates, values files and Chart.yaml.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { ResolvedConfig } from '../config/model.ts';
import { resolveTargets } from '../config/targets.ts';
import { applicationDestinations } from '../documents/argo-applications.ts';
import { type ChartRender, chartRenderFailure, checkChartRender, mergeChartFindings } from '../engine/chart.ts';
import type { CheckOptions, CheckResult } from '../engine/check.ts';
import { compareText, type Finding } from '../types.ts';
import { type HelmUnavailable, helmVersion, renderChart, renderParallelism, runLimited } from './helm.ts';

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
    text = readFileSync(join(directory, 'Chart.yaml'), 'utf8');
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
  };
  const installable = charts.filter((chart) => !chart.library);
  if (installable.length === 0) return outcome;
  const firstConfig = await options.configFor(installable[0]?.directory ?? options.cwd);
  const binary = options.helm ?? firstConfig.helm.binary ?? 'helm';
  const version = await helmVersion(binary, options.env);
  outcome.helm = version.ok ? { version: version.version } : version;
  if (!version.ok) return outcome;

  const planned: PlannedRender[] = [];
  for (const chart of installable) planned.push(...(await planRenders(chart, options)));
  const rendered = await runLimited(planned, renderParallelism(), (plan) =>
    renderChart(
      {
        chartDirectory: plan.chart.directory,
        releaseName: options.releaseName ?? plan.chart.name,
        ...(plan.releaseNamespace !== undefined ? { namespace: plan.releaseNamespace } : {}),
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
      const advice = render.missingDependencies
        ? ' Renders run offline: vendor the dependencies (helm dependency build) to check this chart.'
        : '';
      list.push(
        chartRenderFailure(
          chartName,
          files.read(join(plan.chart.directory, 'Chart.yaml')),
          `helm template failed${plan.environment ? ` for ${plan.environment}` : ''}: ${render.reason}.${advice}`,
          {
            severity: render.missingDependencies ? 'warning' : 'error',
            ...(plan.environment !== undefined ? { environment: plan.environment } : {}),
          },
        ),
      );
      return;
    }
    const chartRender: ChartRender = {
      chart: chartName,
      rendered: render.text,
      valuesFiles: [join(plan.chart.directory, 'values.yaml'), ...plan.valuesFiles].map(options.display),
      ...(plan.environment !== undefined ? { environment: plan.environment } : {}),
      ...(plan.releaseNamespace !== undefined ? { releaseNamespace: plan.releaseNamespace } : {}),
    };
    const checkOptions: CheckOptions = {
      config: plan.config,
      targets: plan.targets,
      ...(options.now ? { now: options.now } : {}),
    };
    list.push(...checkChartRender(chartRender, (path) => files.readDisplayed(path, options.cwd), checkOptions));
  });

  const byFile = new Map<string, Finding[]>();
  for (const findings of findingsByChart.values()) {
    for (const finding of mergeChartFindings(findings)) {
      const list = byFile.get(finding.file) ?? [];
      list.push(finding);
      byFile.set(finding.file, list);
    }
  }
  for (const [file, findings] of [...byFile.entries()].sort(([a], [b]) => compareText(a, b))) {
    outcome.results.push({ path: file, kind: 'manifest', findings });
    const text = files.readDisplayed(file, options.cwd);
    if (text !== undefined) outcome.texts.set(file, text);
  }
  return outcome;
}

async function planRenders(chart: Chart, options: ChartCheckOptions): Promise<PlannedRender[]> {
  const config = await options.configFor(chart.directory);
  const releaseNamespace = options.namespace ?? argoNamespace(chart, options) ?? config.helm.namespaces[chart.name];
  const defaults = options.targets(config);
  const configured = Object.keys(config.helm.environments);
  const environments = chartEnvironments(chart.directory).filter(
    (name) => configured.length === 0 || configured.includes(name),
  );
  const globalSet = Object.entries(config.helm.set).map(([key, value]) => `${key}=${value}`);
  const base = { chart, config, ...(releaseNamespace !== undefined ? { releaseNamespace } : {}) };
  if (environments.length === 0) {
    return [{ ...base, valuesFiles: [...options.valuesFiles], set: [...globalSet, ...options.set], targets: defaults }];
  }
  return environments.map((environment) => {
    const settings = config.helm.environments[environment];
    const cluster = settings?.cluster;
    const environmentSet = Object.entries(settings?.set ?? {}).map(([key, value]) => `${key}=${value}`);
    const valuesFile = ['yaml', 'yml']
      .map((extension) => join(chart.directory, `values-${environment}.${extension}`))
      .find((path) => isFile(path)) as string;
    return {
      ...base,
      environment,
      valuesFiles: [valuesFile, ...options.valuesFiles],
      set: [...globalSet, ...environmentSet, ...options.set],
      targets: cluster !== undefined ? resolveTargets(config, { targets: [cluster] }).map((c) => c.name) : defaults,
    };
  });
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

  read(absolute: string): string | undefined {
    if (!this.texts.has(absolute)) {
      let text: string | undefined;
      try {
        text = readFileSync(absolute, 'utf8');
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
}
