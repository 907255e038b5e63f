// The Helm charts among the paths of `check`: which they are, where their release namespaces come
// from, and what to say when helm cannot run. The rendering and mapping are core's (render/).
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { CheckResult, ResolvedConfig } from '@lsst-kube/core';
import {
  type ApplicationChart,
  type Chart,
  chartHolding,
  checkCharts,
  outermostChartDirectories,
  readChart,
  repositoryApplications,
  repositoryRootOf,
} from '@lsst-kube/core/render';
import { isInside } from './collect-files.ts';
import { CliError, ExitCode } from './errors.ts';

export interface ChartPlan {
  charts: Chart[];
  /** Chart folders (absolute), for leaving their files out of the manifests checked. */
  directories: string[];
  /** Charts named on the command line (--helm-chart, or a chart folder as a path): helm must run. */
  named: Set<string>;
}

/** The charts among the collected files and --helm-chart folders. */
export function planCharts(
  collected: readonly string[],
  helmCharts: readonly string[],
  paths: readonly string[],
  cwd: string,
): ChartPlan {
  const named = new Set<string>();
  const chartFiles = collected.filter((path) => basename(path) === 'Chart.yaml').map((path) => resolve(cwd, path));
  for (const folder of helmCharts) {
    const directory = resolve(cwd, folder);
    if (!existsSync(join(directory, 'Chart.yaml'))) {
      throw new CliError(
        `--helm-chart ${folder}: no Chart.yaml in that folder, so it is not a Helm chart. Name the folder that holds Chart.yaml.`,
        ExitCode.usage,
      );
    }
    chartFiles.push(join(directory, 'Chart.yaml'));
    named.add(directory);
  }
  for (const path of paths) {
    const directory = resolve(cwd, path);
    if (isDirectory(directory) && existsSync(join(directory, 'Chart.yaml'))) named.add(directory);
  }
  const directories = outermostChartDirectories(chartFiles);
  const charts = directories.map((directory) => readChart(directory)).filter((chart): chart is Chart => !!chart);
  return { charts, directories, named };
}

export function isInsideChart(path: string, plan: ChartPlan, cwd: string): boolean {
  if (plan.directories.length === 0) return false;
  return chartHolding(resolve(cwd, path), plan.directories) !== undefined;
}

export interface ChartCheckSettings {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  display: (absolute: string) => string;
  configFor: (directory: string) => Promise<ResolvedConfig>;
  targets: (config: ResolvedConfig) => string[];
  helm: string | undefined;
  valuesFiles: readonly string[];
  set: readonly string[];
  namespace: string | undefined;
  releaseName: string | undefined;
  now: Date | undefined;
  notice: (message: string) => void;
  verbose: boolean;
  /** Whether anything besides the charts is checked: when nothing is, a chart helm cannot render fails the run. */
  otherInput: boolean;
}

/**
 * Renders and checks the charts; exits 2 when helm cannot run and a chart was asked for by name, or the charts
 * are all there is to check (a green run that checked nothing would pass a CI job).
 */
export async function runChartCheck(
  plan: ChartPlan,
  settings: ChartCheckSettings,
): Promise<{ results: CheckResult[]; texts: Map<string, string> }> {
  if (plan.charts.length === 0) return { results: [], texts: new Map() };
  const argo =
    settings.namespace === undefined ? await argoApplicationNamespaces(plan.charts, settings.cwd) : undefined;
  const outcome = await checkCharts(plan.charts, {
    display: settings.display,
    configFor: settings.configFor,
    cwd: settings.cwd,
    env: settings.env,
    valuesFiles: settings.valuesFiles.map((file) => resolve(settings.cwd, file)),
    set: settings.set,
    targets: settings.targets,
    ...(settings.helm !== undefined ? { helm: settings.helm } : {}),
    ...(settings.namespace !== undefined ? { namespace: settings.namespace } : {}),
    ...(settings.releaseName !== undefined ? { releaseName: settings.releaseName } : {}),
    ...(settings.now ? { now: settings.now } : {}),
    ...(argo
      ? { applicationNamespaces: argo.namespaces, repositoryRoot: argo.root, applicationCharts: argo.applicationCharts }
      : {}),
  });
  if ('ok' in outcome.helm) {
    const installable = plan.charts.filter((chart) => !chart.library);
    const names = installable.map((chart) => settings.display(chart.directory));
    const list = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    const message = `${outcome.helm.reason}. ${names.length} Helm chart(s) not checked: ${list}.`;
    if (!settings.otherInput || installable.some((chart) => plan.named.has(chart.directory))) {
      throw new CliError(message, ExitCode.usage);
    }
    settings.notice(`warning: ${message}`);
    return { results: [], texts: new Map() };
  }
  for (const problem of outcome.unreadableEnvironmentValues) {
    const named = problem.config !== undefined ? ` named by ${settings.display(problem.config)}` : '';
    settings.notice(
      `warning: helm.environmentValues${named}: ${settings.display(problem.path)} could not be read (${problem.reason}); the \${...} values it was to give are left out. Paths are relative to the configuration file's folder.`,
    );
  }
  const missing = outcome.missingDependencies;
  if (missing.length > 0) {
    const list =
      missing.length > 10 ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more` : missing.join(', ');
    settings.notice(
      `info: ${missing.length} Helm chart(s) not checked: dependencies they fetch from a chart repository are not in their charts/ folder, and renders run offline: ${list}. Run \`helm dependency build CHART\` in the chart's folder to check it.`,
    );
  }
  if (settings.verbose) {
    settings.notice(
      `rendered ${plan.charts.length} chart(s) in ${outcome.renders} render(s) with helm ${outcome.helm.version}.`,
    );
  }
  return { results: outcome.results, texts: outcome.texts };
}

/**
 * Release namespaces from the Argo CD Applications of the charts' repositories (the folder with .git above
 * each chart; without one, the working directory when the chart is inside it, else the chart's folder).
 * Each repository's Application paths are made relative to one folder above them all.
 */
async function argoApplicationNamespaces(
  charts: readonly Chart[],
  cwd: string,
): Promise<{ namespaces: Map<string, string>; root: string; applicationCharts: ApplicationChart[] }> {
  const roots = new Set(
    charts.map((chart) => repositoryRootOf(chart.directory, isInside(chart.directory, cwd) ? cwd : chart.directory)),
  );
  const root = [...roots].reduce(commonAncestor);
  const namespaces = new Map<string, string>();
  const applicationCharts: ApplicationChart[] = [];
  for (const repository of roots) {
    const applications = await repositoryApplications(repository);
    for (const [path, namespace] of applications.namespaces) {
      namespaces.set(relative(root, join(repository, path)).split(sep).join('/'), namespace);
    }
    applicationCharts.push(...applications.templatedCharts);
  }
  return { namespaces, root, applicationCharts };
}

function commonAncestor(left: string, right: string): string {
  let ancestor = left;
  while (!isInside(right, ancestor)) ancestor = dirname(ancestor);
  return ancestor;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
