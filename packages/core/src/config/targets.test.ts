import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from './defaults.ts';
import { UsageError } from './errors.ts';
import { loadConfig } from './load.ts';
import { matchCluster, resolveTargets } from './targets.ts';

const names = (clusters: { name: string }[]) => clusters.map((cluster) => cluster.name);

describe('resolveTargets', () => {
  it('uses config.targets by default', () => {
    assert.deepEqual(names(resolveTargets(defaultConfig)), ['dev']);
  });

  it('takes --target as a list or comma-separated text, in configuration order, without duplicates', () => {
    assert.deepEqual(names(resolveTargets(defaultConfig, { targets: 'prod, dev,prod' })), ['dev', 'prod']);
    assert.deepEqual(names(resolveTargets(defaultConfig, { targets: ['preprod'] })), ['preprod']);
  });

  it('takes every cluster with --all-targets', () => {
    assert.deepEqual(names(resolveTargets(defaultConfig, { allTargets: true })), ['dev', 'test', 'preprod', 'prod']);
  });

  it('rejects unknown names, listing the known ones', () => {
    assert.throws(
      () => resolveTargets(defaultConfig, { targets: 'prd' }),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.equal(
          error.message,
          'unknown target "prd". Did you mean "prod"? The configured clusters are: dev, test, preprod, prod.',
        );
        return true;
      },
    );
    assert.throws(
      () => resolveTargets(defaultConfig, { targets: ['x', 'y'] }),
      /^UsageError: unknown targets "x", "y"\. The configured clusters are: dev, test, preprod, prod\.$/,
    );
    assert.throws(() => resolveTargets(defaultConfig, { targets: ' , ' }), /no target cluster named/);
  });
});

describe('matchCluster', () => {
  const config = loadConfig(
    `clusters:
  - name: prod
    role: production
    kubernetesVersion: "1.29"
    match: { contexts: ["lsst-prod*", "arn:aws:eks:*:cluster/prod"], servers: ["https://prod.example.org:6443"] }
  - name: dev
    role: development
    kubernetesVersion: "1.31"
    match: { servers: ["https://*.dev.example.org*"] }
  - name: other
    role: testing
    kubernetesVersion: "1.31"
`,
    { file: '.lsst.yaml' },
  );

  it('matches context-name globs, including names with / and :', () => {
    assert.equal(matchCluster(config, { contextName: 'lsst-prod-admin' })?.name, 'prod');
    assert.equal(matchCluster(config, { contextName: 'arn:aws:eks:us-east-1:123:cluster/prod' })?.name, 'prod');
    assert.equal(matchCluster(config, { contextName: 'lsst-dev' }), undefined);
  });

  it('matches server URLs exactly or by glob, ignoring a trailing slash and case', () => {
    assert.equal(matchCluster(config, { serverUrl: 'https://PROD.example.org:6443/' })?.name, 'prod');
    assert.equal(matchCluster(config, { serverUrl: 'https://api.dev.example.org:443' })?.name, 'dev');
    assert.equal(matchCluster(config, { contextName: 'x', serverUrl: 'https://elsewhere:6443' }), undefined);
  });

  it('matches nothing with the embedded defaults', () => {
    assert.equal(matchCluster(defaultConfig, { contextName: 'dev', serverUrl: 'https://dev' }), undefined);
  });
});
