// The editor's chart logic through the real helm (scripts/setup-helm.mjs; LSST_TEST_HELM), on the
// GitOps fixture repository of the CLI tests.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTree } from '../../test-support/file-tree.ts';
import { loadConfig, rules } from '../index.ts';
import { chartDirectoryOf, chartFileRole, LatestOnly, renderChartFindings } from './chart-files.ts';
import { repositoryApplications, repositoryRootOf } from './index.ts';

const fixture = new URL('../../../kubectl-lsst/test/fixtures/gitops', import.meta.url).pathname;
const helm = process.env.LSST_TEST_HELM;

function repository(): string {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-editor-charts-'));
  cpSync(fixture, folder, { recursive: true });
  return folder;
}

function config(folder: string) {
  const file = join(folder, '.lsst.yaml');
  return loadConfig(readFileSync(file, 'utf8'), { file, knownRules: rules.map((rule) => rule.name) });
}

function summary(byFile: Map<string, { rule: string; start: { line: number } }[]>, folder: string): string[] {
  return [...byFile.entries()].flatMap(([file, findings]) =>
    findings.map((finding) => `${finding.rule} ${file.slice(folder.length + 1)}:${finding.start.line}`),
  );
}

test('a file belongs to the outermost chart above it; templates, values files and Chart.yaml are told apart', () => {
  const folder = repository();
  const worker = join(folder, 'applications', 'worker');
  assert.equal(chartDirectoryOf(join(worker, 'charts', 'cache', 'templates', 'service.yaml')), worker);
  assert.equal(chartDirectoryOf(join(worker, 'values-prod.yaml')), worker);
  assert.equal(chartDirectoryOf(join(folder, 'ci', 'pipeline.yaml')), undefined);
  assert.equal(chartFileRole(join(worker, 'templates', 'deployment.yaml'), worker), 'template');
  assert.equal(chartFileRole(join(worker, 'charts', 'cache', 'templates', 'service.yaml'), worker), 'template');
  assert.equal(chartFileRole(join(worker, 'values-prod.yaml'), worker), 'values');
  assert.equal(chartFileRole(join(worker, 'Chart.yaml'), worker), 'chart');
  assert.equal(chartFileRole(join(worker, 'charts', 'cache', 'Chart.yaml'), worker), 'other');
});

test('a render puts each finding on the values file or template it came from, by absolute path', async () => {
  assert.ok(helm, 'LSST_TEST_HELM names the test helm: run through scripts/run-tests.mjs');
  const folder = repository();
  const rendered = await renderChartFindings({
    directory: join(folder, 'applications', 'worker'),
    config: config(folder),
    options: {},
    helm,
  });
  assert.match(rendered.helmVersion ?? '', /^v3\./);
  assert.deepEqual(summary(rendered.byFile, folder).sort(), [
    'namespace/explicit applications/worker/Chart.yaml:2',
    'network/public-exposure applications/worker/values-prod.yaml:4',
    'security/run-as-non-root applications/worker/values.yaml:5',
  ]);
});

test('a chart that fails to render is one finding on its Chart.yaml with helm’s message; no helm is one too', async () => {
  assert.ok(helm);
  const folder = repository();
  const directory = join(folder, 'applications', 'broken');
  const failed = await renderChartFindings({ directory, config: config(folder), options: {}, helm });
  assert.deepEqual(summary(failed.byFile, folder), ['input/invalid applications/broken/Chart.yaml:2']);
  assert.match(failed.byFile.get(join(directory, 'Chart.yaml'))?.[0]?.message ?? '', /config\.databaseUrl must be set/);
  const missing = await renderChartFindings({
    directory,
    config: config(folder),
    options: {},
    helm: join(folder, 'no-such-helm'),
  });
  assert.deepEqual(summary(missing.byFile, folder), ['input/invalid applications/broken/Chart.yaml:1']);
  assert.match(missing.byFile.get(join(directory, 'Chart.yaml'))?.[0]?.message ?? '', /helm was not found/);
});

test('a newer render of a chart cancels the older one, whose result is dropped', async () => {
  assert.ok(helm);
  const folder = repository();
  const directory = join(folder, 'applications', 'web');
  const renders = new LatestOnly<Awaited<ReturnType<typeof renderChartFindings>>>();
  const signals: AbortSignal[] = [];
  const render = () =>
    renders.run(directory, (signal) => {
      signals.push(signal);
      return renderChartFindings({ directory, config: config(folder), options: {}, helm, signal });
    });
  const [older, newer] = await Promise.all([render(), render()]);
  assert.equal(older, undefined);
  assert.equal(signals[0]?.aborted, true);
  assert.equal(newer?.cancelled, false);
  assert.deepEqual(summary(newer?.byFile ?? new Map(), folder), ['image/pinned applications/web/values-prod.yaml:4']);
});

test("the release namespace of an Argo CD Application in the repository is the chart's, as in the CLI", async () => {
  assert.ok(helm);
  const folder = repository();
  const directory = join(folder, 'applications', 'api');
  const unplaced = await renderChartFindings({ directory, config: config(folder), options: {}, helm });
  assert.deepEqual(summary(unplaced.byFile, folder), ['namespace/explicit applications/api/Chart.yaml:2']);
  // Not in a git repository: the workspace folder is where Applications' source paths begin.
  const repositoryRoot = repositoryRootOf(directory, folder);
  const placed = await renderChartFindings({
    directory,
    config: config(folder),
    options: {},
    helm,
    applicationNamespaces: (await repositoryApplications(repositoryRoot)).namespaces,
    repositoryRoot,
  });
  assert.deepEqual(summary(placed.byFile, folder), []);
});

test('the charts whose templates make Argo CD Applications are found; written Applications give their namespaces', async () => {
  const root = writeTree('lsst-applications-', {
    '.git/HEAD': 'ref: refs/heads/main\n',
    'apps/Chart.yaml': 'apiVersion: v2\nname: apps\nversion: 1.0.0\n',
    'apps/templates/applications.yaml':
      '{{- range .Values.applications }}\napiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  destination:\n    namespace: {{ .name }}\n  source:\n    path: {{ .name }}\n---\n{{ end -}}\n',
    'apps/templates/project.yaml':
      'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: { name: {{ .Values.project }} }\n',
    'environments/api.yaml':
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  destination:\n    namespace: api-ns\n  source:\n    path: services/api\n',
    'notes/templates/application.yaml':
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  destination:\n    namespace: {{ .ns }}\n',
  });
  const applications = await repositoryApplications(root);
  assert.deepEqual([...applications.namespaces], [['services/api', 'api-ns']]);
  // notes/ has a templates folder but no Chart.yaml: not a chart, nothing to render.
  assert.deepEqual(applications.templatedCharts, [{ directory: join(root, 'apps'), repositoryRoot: root }]);
});
