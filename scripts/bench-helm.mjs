// Benchmark of `check` on a GitOps repository of Helm charts (made for lsst-sqre/phalanx):
// charts found, renders, time, findings by rule, input/* count, where findings land, and the time
// of the same `helm template` calls alone (same parallelism) as the baseline.
// Usage: node scripts/bench-helm.mjs REPOSITORY [CONFIG] (helm: $HELM, else the test helm).
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { ensureHelm } from './setup-helm.mjs';

const root = new URL('..', import.meta.url).pathname;
const [repositoryArgument, configArgument] = process.argv.slice(2);
if (!repositoryArgument) {
  console.error('usage: node scripts/bench-helm.mjs REPOSITORY [CONFIG]   (e.g. a checkout of lsst-sqre/phalanx)');
  process.exit(2);
}
const repository = resolve(repositoryArgument);
const config = configArgument ? resolve(configArgument) : undefined;
const helm = process.env.HELM ?? ensureHelm();
const env = { ...process.env, PATH: `${dirname(helm)}:${process.env.PATH}` };
const bin = join(root, 'packages/kubectl-lsst/bin/kubectl-lsst');

// 1. The whole check.
const args = ['check', 'applications/', '--format', 'json', '--verbose', ...(config ? ['--config', config] : [])];
let started = performance.now();
const run = spawnSync(bin, args, { cwd: repository, env, encoding: 'utf8', maxBuffer: 1 << 30 });
const checkSeconds = (performance.now() - started) / 1000;
const report = JSON.parse(run.stdout);
const byRule = {};
const where = { template: 0, valuesFile: 0, chartYaml: 0, other: 0, withRelatedTemplate: 0 };
let inputFindings = 0;
let inputOnTemplatesOrValues = 0;
for (const result of report.results) {
  for (const finding of result.findings) {
    const key = `${finding.rule} (${finding.severity})`;
    byRule[key] = (byRule[key] ?? 0) + 1;
    const kind = /\/templates\//.test(result.path)
      ? 'template'
      : /\/values[^/]*\.ya?ml$/.test(result.path)
        ? 'valuesFile'
        : /Chart\.yaml$/.test(result.path)
          ? 'chartYaml'
          : 'other';
    where[kind] += 1;
    if (finding.related?.some((related) => related.message === 'template')) where.withRelatedTemplate += 1;
    if (finding.rule.startsWith('input/')) {
      inputFindings += 1;
      if (kind === 'template' || kind === 'valuesFile') inputOnTemplatesOrValues += 1;
    }
  }
}
const rendered = /rendered (\d+) chart\(s\) in (\d+) render\(s\)/.exec(run.stderr);

// 2. The same helm template calls alone, as many at a time as there are cores.
const require = createRequire(join(root, 'packages/core/package.json'));
const { parse } = require('yaml');
const helmConfig = config ? (parse(readFileSync(config, 'utf8'))?.helm ?? {}) : {};
const environments = helmConfig.environments ?? {};
const configFolder = config ? dirname(config) : repository;
// An environment's own values (helm.environmentValues, merged in order), as check reads them for ${path}.
const merge = (base, over) => {
  if (over === undefined || over === null) return base;
  const isMap = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!isMap(base) || !isMap(over)) return over;
  const merged = { ...base };
  for (const [key, value] of Object.entries(over)) merged[key] = merge(merged[key], value);
  return merged;
};
const environmentValues = (environment) =>
  (helmConfig.environmentValues ?? []).reduce((values, pattern) => {
    const path = resolve(configFolder, pattern.replaceAll('{environment}', environment));
    return existsSync(path) ? merge(values, parse(readFileSync(path, 'utf8'))) : values;
  }, {});
const assignments = (set, values) =>
  Object.entries(set ?? {}).flatMap(([key, template]) => {
    let missing = false;
    const value = String(template).replace(/\$\{([^}]+)\}/g, (_whole, path) => {
      let node = values;
      for (const part of path.trim().split('.')) node = node?.[part];
      if (node === undefined || node === null || typeof node === 'object') missing = true;
      return missing ? '' : String(node);
    });
    return missing ? [] : [`${key}=${value}`];
  });
// Charts with file:// dependencies not in charts/: a vendored copy (helm dependency build, offline, not timed).
const scratch = mkdtempSync(join(tmpdir(), 'lsst-bench-helm-'));
const renderable = (directory) => {
  const chartText = readFileSync(join(directory, 'Chart.yaml'), 'utf8');
  if (!/repository:\s*["']?file:\/\//.test(chartText)) return directory;
  // The same layout below the scratch folder, so that file:// paths resolve inside it.
  const copy = join(scratch, relative(repository, directory));
  cpSync(directory, copy, { recursive: true });
  for (const match of chartText.matchAll(/repository:\s*["']?file:\/\/([^"'\s]+)/g)) {
    const inRepository = relative(repository, resolve(directory, match[1]));
    if (inRepository.startsWith('..')) continue;
    const target = join(scratch, inRepository);
    if (!existsSync(target)) cpSync(resolve(directory, match[1]), target, { recursive: true });
  }
  spawnSync(helm, ['dependency', 'build', copy, '--skip-refresh'], { env, encoding: 'utf8' });
  return copy;
};
const calls = [];
for (const name of readdirSync(join(repository, 'applications')).sort()) {
  const directory = join(repository, 'applications', name);
  if (!existsSync(join(directory, 'Chart.yaml'))) continue;
  if (/^type:\s*library/m.test(readFileSync(join(directory, 'Chart.yaml'), 'utf8'))) continue;
  const chartName = /^name:\s*["']?([^"'\s#]+)/m.exec(readFileSync(join(directory, 'Chart.yaml'), 'utf8'))?.[1] ?? name;
  const own = readdirSync(directory)
    .map((file) => /^values-(.+)\.ya?ml$/.exec(file)?.[1])
    .filter(Boolean)
    .sort();
  const configured = Object.keys(environments);
  let envs = own.filter((environment) => configured.length === 0 || configured.includes(environment));
  if (envs.length === 0 && configured.length > 0 && own.length > 0) envs = [own[0]];
  const chart = renderable(directory);
  if (envs.length === 0) {
    calls.push(['template', chartName, chart, ...assignments(helmConfig.set, {}).flatMap((set) => ['--set', set])]);
  }
  for (const environment of envs) {
    const values = environmentValues(environment);
    const sets = [...assignments(helmConfig.set, values), ...assignments(environments[environment]?.set, values)];
    calls.push([
      'template',
      chartName,
      chart,
      '--values',
      join(directory, `values-${environment}.yaml`),
      ...sets.flatMap((set) => ['--set', set]),
    ]);
  }
}
started = performance.now();
let next = 0;
const worker = async () => {
  while (next < calls.length) {
    const call = calls[next++];
    await new Promise((done) => execFile(helm, call, { env, maxBuffer: 1 << 28 }, () => done()));
  }
};
await Promise.all(Array.from({ length: availableParallelism() }, worker));
const helmSeconds = (performance.now() - started) / 1000;
rmSync(scratch, { recursive: true, force: true });
const notChecked = /info: (\d+) Helm chart\(s\) not checked: dependencies/.exec(run.stderr);

console.log(`repository: ${repository}${config ? ` (configuration ${config})` : ''}`);
console.log(
  `helm: ${spawnSync(helm, ['version', '--short'], { encoding: 'utf8' }).stdout.trim()}, ${availableParallelism()} cores`,
);
console.log(
  `charts rendered: ${rendered?.[1] ?? '?'} in ${rendered?.[2] ?? '?'} renders (helm template calls alone: ${calls.length})`,
);
console.log(
  `check: ${checkSeconds.toFixed(1)} s; helm template calls alone: ${helmSeconds.toFixed(1)} s; ratio ${(checkSeconds / helmSeconds).toFixed(2)}`,
);
console.log(`exit code: ${run.status}`);
console.log(`charts not checked (dependencies from a chart repository not vendored): ${notChecked?.[1] ?? 0}`);
console.log(
  `findings: ${Object.values(byRule).reduce((a, b) => a + b, 0)}; input/*: ${inputFindings} (on templates or values files: ${inputOnTemplatesOrValues})`,
);
console.log(`where: ${JSON.stringify(where)}`);
console.log('by rule:');
for (const [rule, count] of Object.entries(byRule).sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(count).padStart(4)}  ${rule}`);
