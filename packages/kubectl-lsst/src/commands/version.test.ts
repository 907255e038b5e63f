// `kubectl lsst version` and `--version`: the version of the root package.json, the data tables of
// core's data README with their dates, and the Kubernetes versions the schema data covers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { makeFolder, runBinary, runInProcess } from '../../test/check-support.ts';

const repositoryRoot = new URL('../../../../', import.meta.url).pathname;
const rootVersion = (JSON.parse(readFileSync(`${repositoryRoot}package.json`, 'utf8')) as { version: string }).version;
const readJson = (path: string) =>
  JSON.parse(readFileSync(`${repositoryRoot}${path}`, 'utf8')) as { versions: string[] };
const schemaVersions = () => readJson('packages/core/src/data/schemas/sources.json').versions;

test('version --json reports the version, the commit, every data table and the schema versions', async () => {
  await new Promise((resolve) => setImmediate(resolve));
  const outcome = await runInProcess(['version', '--json'], makeFolder({}));
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  const report = JSON.parse(outcome.stdout) as {
    version: string;
    commit: string;
    node: string;
    kubernetesVersions: string[];
    dataTables: { table: string; compiled: string }[];
  };
  assert.equal(report.version, rootVersion);
  assert.match(report.commit, /^([0-9a-f]{12}(-dirty)?|unknown)$/);
  assert.equal(report.node, process.version);
  assert.deepEqual(report.kubernetesVersions, schemaVersions());
  const tables = report.dataTables.map((row) => row.table);
  for (const table of ['base-images', 'kubernetes-apis', 'moving-tags', 'kubernetes-schemas']) {
    assert.ok(tables.includes(table), `${table} is listed`);
  }
  for (const row of report.dataTables) assert.match(row.compiled, /^\d{4}-\d{2}-\d{2}$/);
});

test('--version of the built plugin prints the same report as text', async () => {
  const outcome = await runBinary(['--version'], makeFolder({}));
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  assert.match(outcome.stdout, new RegExp(`^kubectl-lsst ${rootVersion.replaceAll('.', '\\.')}\\ncommit: \\S+\\n`));
  assert.match(outcome.stdout, new RegExp(`Kubernetes versions known: ${schemaVersions().join(', ')}\\n`));
  assert.match(outcome.stdout, /^ {2}base-images +\d{4}-\d{2}-\d{2}$/m);
});
