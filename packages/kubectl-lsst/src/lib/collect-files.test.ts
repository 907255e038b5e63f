// `check FOLDER` reads nothing outside the folder: a symlink leading out is reported on one line
// of standard error and skipped, unless --follow-symlinks; symlinks within the folder are followed.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
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
