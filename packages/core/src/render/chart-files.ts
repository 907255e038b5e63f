// Helm charts in the editor, without the editor: which chart a file belongs to, one render of a
// chart mapped onto its files, and a newer render of a chart cancelling the older one.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { ResolvedConfig } from '../config/model.ts';
import { resolveTargets } from '../config/targets.ts';
import type { CheckOptions } from '../engine/check.ts';
import { ruleDocsUrl } from '../meta.ts';
import type { Finding } from '../types.ts';
import { type ApplicationChart, checkCharts, readChart } from './charts.ts';

/** The chart a file is part of: the outermost folder above it with a Chart.yaml (a vendored subchart's parent). */
export function chartDirectoryOf(
  file: string,
  hasChart: (directory: string) => boolean = defaultHasChart,
): string | undefined {
  let found: string | undefined;
  for (let directory = dirname(file); ; directory = dirname(directory)) {
    if (hasChart(directory)) found = directory;
    if (dirname(directory) === directory) return found;
  }
}

function defaultHasChart(directory: string): boolean {
  return existsSync(join(directory, 'Chart.yaml'));
}

/** What a file of a chart is to a person editing it. */
export type ChartFileRole = 'template' | 'values' | 'chart' | 'other';

export function chartFileRole(file: string, chartDirectory: string): ChartFileRole {
  const path = relative(chartDirectory, file).split(sep);
  const name = basename(file);
  if (path.includes('templates')) return 'template';
  if (name === 'Chart.yaml' && path.length === 1) return 'chart';
  if (/^values.*\.ya?ml$/.test(name)) return 'values';
  return 'other';
}

export interface ChartRenderRequest {
  /** The chart's folder (absolute). */
  directory: string;
  config: ResolvedConfig;
  options: Pick<CheckOptions, 'targets' | 'now'>;
  /** The helm program: the `lsst.helmPath` setting, else helm.binary, else helm on PATH. */
  helm?: string;
  env?: Readonly<Record<string, string | undefined>>;
  signal?: AbortSignal;
  /** Release namespaces from the repository's Argo CD Applications, by chart path from `repositoryRoot`. */
  applicationNamespaces?: ReadonlyMap<string, string>;
  repositoryRoot?: string;
  /** The repository's "app of apps" charts whose Applications are templated (see ChartCheckOptions). */
  applicationCharts?: readonly ApplicationChart[];
}

export interface RenderedChart {
  directory: string;
  /** Findings by the absolute path of the file they are on (templates, values files, Chart.yaml). */
  byFile: Map<string, Finding[]>;
  /** helm's version, or undefined when helm could not run (then one finding on Chart.yaml says why). */
  helmVersion?: string;
  cancelled: boolean;
}

/** Renders one chart, every environment, and returns its findings by file; never throws for helm's failures. */
export async function renderChartFindings(request: ChartRenderRequest): Promise<RenderedChart> {
  const chart = readChart(request.directory);
  const rendered: RenderedChart = { directory: request.directory, byFile: new Map(), cancelled: false };
  if (!chart || chart.library) return rendered;
  const outcome = await checkCharts([chart], {
    display: (absolute) => absolute,
    configFor: async () => request.config,
    cwd: request.directory,
    valuesFiles: [],
    set: [],
    targets: (config) =>
      resolveTargets(config, request.options.targets ? { targets: request.options.targets } : {}).map((c) => c.name),
    ...(request.options.now ? { now: request.options.now } : {}),
    ...(request.helm !== undefined ? { helm: request.helm } : {}),
    ...(request.env ? { env: request.env } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.applicationNamespaces && request.repositoryRoot !== undefined
      ? { applicationNamespaces: request.applicationNamespaces, repositoryRoot: request.repositoryRoot }
      : {}),
    ...(request.applicationCharts ? { applicationCharts: request.applicationCharts } : {}),
  });
  rendered.cancelled = outcome.cancelled || request.signal?.aborted === true;
  if ('ok' in outcome.helm) {
    const file = join(request.directory, 'Chart.yaml');
    rendered.byFile.set(file, [chartNotice(file, 'warning', `${outcome.helm.reason}. This chart is not checked.`)]);
    return rendered;
  }
  rendered.helmVersion = outcome.helm.version;
  for (const result of outcome.results) rendered.byFile.set(result.path, result.findings);
  if (outcome.missingDependencies.length > 0) {
    const file = join(request.directory, 'Chart.yaml');
    const notice = chartNotice(
      file,
      'info',
      'Not checked: dependencies this chart fetches from a chart repository are not in its charts/ folder, and renders run offline. Run `helm dependency build` in this folder to check it.',
    );
    rendered.byFile.set(file, [...(rendered.byFile.get(file) ?? []), notice]);
  }
  return rendered;
}

/** Why a chart was not checked, on its Chart.yaml. */
function chartNotice(file: string, severity: 'warning' | 'info', message: string): Finding {
  return {
    rule: 'input/invalid',
    severity,
    message,
    file,
    range: [0, 0],
    start: { line: 1, column: 1 },
    end: { line: 1, column: 1 },
    guideline: '',
    helpUri: ruleDocsUrl('input/invalid'),
  };
}

/** One render at a time per key: starting a newer one aborts the older, whose result is then dropped. */
export class LatestOnly<T> {
  readonly #running = new Map<string, AbortController>();

  /** The task's result, or undefined when a newer task for the same key started before it finished. */
  async run(key: string, task: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    this.#running.get(key)?.abort();
    const controller = new AbortController();
    this.#running.set(key, controller);
    try {
      const result = await task(controller.signal);
      return controller.signal.aborted ? undefined : result;
    } finally {
      if (this.#running.get(key) === controller) this.#running.delete(key);
    }
  }

  /** Aborts every task still running. */
  cancelAll(): void {
    for (const controller of this.#running.values()) controller.abort();
    this.#running.clear();
  }
}
