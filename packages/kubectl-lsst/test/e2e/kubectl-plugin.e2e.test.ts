// The real kubectl finds bin/kubectl-lsst on PATH and runs it as `kubectl lsst`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { cleanDeployment, unpinnedDeployment } from '../check-cases.ts';
import { makeFolder, packageRoot, testEnv } from '../check-support.ts';
import { buildOnce } from './build-once.ts';

const kubectl = '/usr/bin/kubectl';
const binFolder = join(packageRoot, 'bin');

function runKubectl(args: string[], cwd: string) {
  const env = testEnv(cwd);
  env.PATH = `${binFolder}:${process.env.PATH ?? ''}`;
  // An empty kubeconfig: plugins run without any cluster.
  env.KUBECONFIG = join(cwd, 'kubeconfig');
  return spawnSync(kubectl, args, { cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
}

describe('kubectl lsst through the real kubectl', () => {
  before(buildOnce);

  test('kubectl lsst check reports findings and exits 1', () => {
    const folder = makeFolder({ 'deploy.yaml': unpinnedDeployment });
    const result = runKubectl(['lsst', 'check', 'deploy.yaml'], folder);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^deploy\.yaml$/m);
    assert.match(result.stdout, /10:18\s+error\s+.*image\/pinned/);
  });

  test('kubectl lsst check exits 0 on a clean file and 2 on a usage error', () => {
    const folder = makeFolder({ 'deploy.yaml': cleanDeployment });
    assert.equal(runKubectl(['lsst', 'check', 'deploy.yaml', '--quiet'], folder).status, 0);
    const missing = runKubectl(['lsst', 'check', 'missing.yaml'], folder);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /not found: "missing\.yaml"/);
  });

  test('kubectl lsst --help is oclif’s help with the plugin’s name', () => {
    const result = runKubectl(['lsst', '--help'], makeFolder({}));
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\$ kubectl lsst \[COMMAND\]/);
    assert.match(result.stdout, /check\s+Check Kubernetes manifests/);
  });

  test('kubectl plugin list shows it', () => {
    const result = runKubectl(['plugin', 'list'], makeFolder({}));
    assert.match(
      result.stdout,
      new RegExp(`${join(binFolder, 'kubectl-lsst').replaceAll('/', '\\/')}$`, 'm'),
      result.stderr,
    );
  });
});
