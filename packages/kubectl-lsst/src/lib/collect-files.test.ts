// `check FOLDER` reads nothing outside the folder: a symlink leading out is reported on one line
// of standard error and skipped, unless --follow-symlinks; symlinks within the folder are followed.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cleanDeployment, unpinnedDeployment } from '../../test/check-cases.ts';
import { makeFolder, runInProcess } from '../../test/check-support.ts';

function paths(stdout: string): string[] {
  return (JSON.parse(stdout) as { results: { path: string }[] }).results.map((result) => result.path);
}

/** A checked folder `repo` and, beside it, `outside` with a manifest and a folder of manifests. */
function layout(): { base: string; repo: string } {
  const base = makeFolder({
    'outside/secret.yaml': unpinnedDeployment,
    'outside/charts/other.yaml': unpinnedDeployment,
    'repo/deploy/app.yaml': cleanDeployment,
    'repo/shared/common.yaml': cleanDeployment,
  });
  const repo = join(base, 'repo');
  symlinkSync(join(base, 'outside', 'secret.yaml'), join(repo, 'deploy', 'linked.yaml'));
  symlinkSync('../../outside/charts', join(repo, 'deploy', 'charts'));
  // Within the folder: a file link and a folder link.
  symlinkSync('../shared/common.yaml', join(repo, 'deploy', 'common.yaml'));
  symlinkSync('../shared', join(repo, 'deploy', 'shared'));
  return { base, repo };
}

describe('check FOLDER and symbolic links', () => {
  test('links out of the folder are named on standard error, one line each, and not read', async () => {
    const { repo } = layout();
    const outcome = await runInProcess(['check', '.', '--format', 'json'], repo);
    assert.equal(outcome.exitCode, 0, outcome.stderr);
    // shared/ is reached first through deploy/shared, and a folder is checked once.
    assert.deepEqual(paths(outcome.stdout), ['deploy/app.yaml', 'deploy/common.yaml', 'deploy/shared/common.yaml']);
    const lines = outcome.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, outcome.stderr);
    assert.match(
      lines[0] ?? '',
      /^kubectl-lsst: deploy\/charts: skipped, symbolic link to .*\/outside\/charts, outside the checked folder "\."\. Pass --follow-symlinks to check it\.$/,
    );
    assert.match(
      lines[1] ?? '',
      /^kubectl-lsst: deploy\/linked\.yaml: skipped, symbolic link to .*\/outside\/secret\.yaml, outside the checked folder/,
    );
  });

  test('the same when the folder is named from outside it', async () => {
    const { base } = layout();
    const outcome = await runInProcess(['check', 'repo/deploy', '--format', 'json'], base);
    assert.equal(outcome.exitCode, 0, outcome.stderr);
    // shared/ and common.yaml lead out of repo/deploy too: reported, not read.
    assert.deepEqual(paths(outcome.stdout), ['repo/deploy/app.yaml']);
    assert.equal(outcome.stderr.match(/outside the checked folder "repo\/deploy"/g)?.length, 4, outcome.stderr);
  });

  test('--follow-symlinks checks what the links lead to', async () => {
    const { repo } = layout();
    const outcome = await runInProcess(['check', '.', '--format', 'json', '--follow-symlinks'], repo);
    assert.equal(outcome.exitCode, 1);
    assert.deepEqual(paths(outcome.stdout), [
      'deploy/app.yaml',
      'deploy/charts/other.yaml',
      'deploy/common.yaml',
      'deploy/linked.yaml',
      'deploy/shared/common.yaml',
    ]);
    assert.equal(outcome.stderr, '');
  });

  test('a file named on the command line is read even through a link: it was given', async () => {
    const { repo } = layout();
    const outcome = await runInProcess(['check', 'deploy/linked.yaml', '--format', 'json'], repo);
    assert.equal(outcome.exitCode, 1);
    assert.deepEqual(paths(outcome.stdout), ['deploy/linked.yaml']);
  });

  test('a folder that is itself a link is checked as the folder it leads to', async () => {
    const base = makeFolder({ 'real/app.yaml': cleanDeployment });
    mkdirSync(join(base, 'work'));
    symlinkSync(join(base, 'real'), join(base, 'work', 'manifests'));
    writeFileSync(join(base, 'real', 'inner.yaml'), cleanDeployment);
    const outcome = await runInProcess(['check', 'work/manifests', '--format', 'json'], base);
    assert.equal(outcome.exitCode, 0, outcome.stderr);
    assert.deepEqual(paths(outcome.stdout), ['work/manifests/app.yaml', 'work/manifests/inner.yaml']);
    assert.equal(outcome.stderr, '');
  });
});

// The gate: every file `kubectl apply -f FOLDER` would read is checked, whatever its name.
describe('check FOLDER reads every file kubectl apply -f FOLDER reads', () => {
  const oddNames = ['evil\nname.yaml', 'bell\u0007.yml', 'escape\u001b[2J.yaml', 'pod.json'];

  test('names with newlines and controls, JSON and files the folder .gitignore lists are checked, names escaped', async () => {
    const podJson = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'web' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    const folder = makeFolder({
      'deploy/.gitignore': 'ignored.yaml\n',
      'deploy/ignored.yaml': unpinnedDeployment,
      'deploy/evil\nname.yaml': unpinnedDeployment,
      'deploy/bell\u0007.yml': unpinnedDeployment,
      'deploy/escape\u001b[2J.yaml': unpinnedDeployment,
      'deploy/pod.json': podJson,
    });
    const json = await runInProcess(['check', 'deploy', '--format', 'json'], folder);
    assert.equal(json.exitCode, 1, json.stderr);
    assert.deepEqual(
      paths(json.stdout).sort(),
      [...oddNames.map((name) => `deploy/${name}`), 'deploy/ignored.yaml'].sort(),
    );
    const stylish = await runInProcess(['check', 'deploy'], folder);
    assert.equal(stylish.exitCode, 1);
    const controls = [...stylish.stdout].filter((character) => {
      const code = character.charCodeAt(0);
      return (code < 0x20 && character !== '\n') || code === 0x7f;
    });
    assert.deepEqual(controls, [], 'no control character but newlines');
    assert.match(stylish.stdout, /^deploy\/evil␊name\.yaml$/m);
    assert.match(stylish.stdout, /^deploy\/escape␛\[2J\.yaml$/m);
  });

  test('--fix keeps a JSON manifest JSON: what it adds is written as JSON', async () => {
    const podJson =
      '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx:1.27"}]}}\n';
    const folder = makeFolder({ 'deploy/pod.json': podJson });
    const outcome = await runInProcess(['check', 'deploy', '--fix'], folder);
    const fixed = JSON.parse(readFileSync(join(folder, 'deploy/pod.json'), 'utf8'));
    assert.deepEqual(fixed.spec.securityContext, { runAsNonRoot: true });
    assert.deepEqual(fixed.spec.containers[0].securityContext, { allowPrivilegeEscalation: false });
    assert.match(outcome.stderr, /fixed 2 findings in 1 file/);
  });
});

describe('check FOLDER leaves out test data (exclude), and says so', () => {
  const repository = () =>
    makeFolder({
      'deploy/app.yaml': unpinnedDeployment,
      'tests/data/kubernetes/input/ingress.yaml': unpinnedDeployment,
      'client/tests/Dockerfile': 'FROM python:latest\n',
      'src/pkg/testdata/pod.yaml': unpinnedDeployment,
      'docs/fixtures/example.yaml': unpinnedDeployment,
      'contest/app.yaml': unpinnedDeployment,
      'overlays/test/app.yaml': unpinnedDeployment,
    });

  test('folders named tests, testdata, fixtures … are not checked, and one note names them', async () => {
    const outcome = await runInProcess(['check', '.', '--format', 'json'], repository());
    assert.equal(outcome.exitCode, 1, outcome.stderr);
    // contest/ is no test folder: only whole names count; overlays/test/ is an environment, deployed.
    assert.deepEqual(paths(outcome.stdout), ['contest/app.yaml', 'deploy/app.yaml', 'overlays/test/app.yaml']);
    const lines = outcome.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, outcome.stderr);
    assert.match(
      lines[0] ?? '',
      /^kubectl-lsst: info: not checked, as test data .*exclude in \.lsst\.yaml.*: client\/tests, docs\/fixtures, src\/pkg\/testdata, tests\. Name a file or folder to check it, or set exclude: \[\] to check everything\.$/,
    );
  });

  test('a test folder or file named on the command line is checked', async () => {
    const folder = repository();
    const named = await runInProcess(['check', 'tests', 'client/tests/Dockerfile', '--format', 'json'], folder);
    assert.equal(named.exitCode, 1, named.stderr);
    assert.deepEqual(paths(named.stdout), ['tests/data/kubernetes/input/ingress.yaml', 'client/tests/Dockerfile']);
    assert.equal(named.stderr, '');
  });

  test('exclude in .lsst.yaml replaces the default list; [] checks everything', async () => {
    const folder = repository();
    writeFileSync(join(folder, '.lsst.yaml'), 'exclude: ["deploy/**"]\n');
    const own = await runInProcess(['check', '.', '--format', 'json'], folder);
    // The configuration file is read as YAML too (and skipped as not a manifest).
    assert.deepEqual(
      paths(own.stdout).filter((path) => path !== '.lsst.yaml'),
      [
        'client/tests/Dockerfile',
        'contest/app.yaml',
        'docs/fixtures/example.yaml',
        'overlays/test/app.yaml',
        'src/pkg/testdata/pod.yaml',
        'tests/data/kubernetes/input/ingress.yaml',
      ],
    );
    assert.match(own.stderr, /: deploy\. Name a file/);
    writeFileSync(join(folder, '.lsst.yaml'), 'exclude: []\n');
    const all = await runInProcess(['check', '.', '--format', 'json'], folder);
    assert.equal(paths(all.stdout).filter((path) => path !== '.lsst.yaml').length, 7);
    assert.equal(all.stderr, '');
  });

  test("a Helm chart's templates/tests are the chart's (helm test pods in the cluster), never left out", async () => {
    const folder = makeFolder({
      'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
      'charts/web/templates/tests/test-connection.yaml': unpinnedDeployment,
      'tests/data.yaml': unpinnedDeployment,
    });
    const outcome = await runInProcess(['check', '.', '--no-render', '--format', 'json'], folder);
    assert.ok(paths(outcome.stdout).includes('charts/web/templates/tests/test-connection.yaml'), outcome.stdout);
    assert.match(outcome.stderr, /\): tests\. Name a file/);
  });
});
