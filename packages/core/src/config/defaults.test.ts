import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from './defaults.ts';
import { defaultResolvedConfig } from './load.ts';

describe('defaultConfig (architecture.md, "Embedded defaults")', () => {
  it('has the four independent clusters on their versions, matching no context', () => {
    assert.deepEqual(
      defaultConfig.clusters.map((cluster) => [cluster.name, cluster.role, cluster.kubernetesVersion]),
      [
        ['dev', 'development', '1.31'],
        ['test', 'testing', '1.32'],
        ['preprod', 'pre-production', '1.30'],
        ['prod', 'production', '1.29'],
      ],
    );
    for (const cluster of defaultConfig.clusters) assert.equal(cluster.match, undefined);
  });

  it('targets dev, has no local registry and trusts lsstsqre and lsst', () => {
    assert.deepEqual(defaultConfig.targets, ['dev']);
    assert.deepEqual(defaultConfig.registries.local, []);
    assert.deepEqual(defaultConfig.registries.trustedDockerHubOrganizations, ['lsstsqre', 'lsst']);
  });

  it("trusts the organisation's own registries and Docker's hardened images, from the data tables", () => {
    assert.deepEqual(defaultConfig.registries.trusted, [
      'ghcr.io/lsst',
      'ghcr.io/lsst-sqre',
      'ghcr.io/lsst-dm',
      'ghcr.io/lsst-so',
      'ghcr.io/lsst-ts',
      'ghcr.io/lsst-sitcom',
      'docker.io/lsstts',
      'docker.io/lsstdm',
      'docker.io/qserv',
      'ts-dockerhub.lsst.org',
      'dhi.io',
    ]);
  });

  it('lists the file sets of guideline 1.2.5', () => {
    assert.deepEqual(defaultConfig.fileSets, [
      { path: '/project', access: 'read-write', audience: 'all', scope: 'group' },
      { path: '/project/shared', access: 'read-only', audience: 'all', scope: 'shared' },
      { path: '/datasets', access: 'read-only', audience: 'all' },
      { path: '/scratch', access: 'read-write', audience: 'developers', purged: true },
      { path: '/jhome', access: 'read-write', audience: 'all', scope: 'user' },
      { path: '/software', access: 'read-only', audience: 'developers' },
    ]);
  });

  it('has no science namespaces, rule settings or exemptions, and the port request namespace', () => {
    assert.deepEqual(defaultConfig.namespaces, { science: [] });
    assert.deepEqual(defaultConfig.rules, {});
    assert.deepEqual(defaultConfig.exemptions, []);
    assert.deepEqual(defaultConfig.portRequests, { namespace: 'lsst-port-requests' });
  });

  it('has the documented limits', () => {
    assert.deepEqual(defaultConfig.limits, {
      maxFileSize: 10 * 1024 * 1024,
      maxDocuments: 10000,
      maxDepth: 100,
      maxAliasCount: 100,
      maxLineLength: 100000,
    });
  });

  it('is frozen, and defaultResolvedConfig is a fresh copy without a source', () => {
    assert.throws(() => {
      (defaultConfig.targets as string[]).push('prod');
    }, TypeError);
    const copy = defaultResolvedConfig();
    assert.deepEqual({ ...copy }, { ...defaultConfig });
    assert.equal(copy.source, undefined);
    copy.targets.push('prod');
    assert.deepEqual(defaultConfig.targets, ['dev']);
  });
});
