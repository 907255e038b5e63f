import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiStatusAt,
  compareKubernetesVersions,
  findKubernetesApiRow,
  KUBERNETES_API_ROWS,
  parseKubernetesVersion,
} from './kubernetes-apis.ts';

describe('Kubernetes version comparison', () => {
  it('compares minor versions as numbers', () => {
    assert.ok(compareKubernetesVersions('1.9', '1.16') < 0);
    assert.ok(compareKubernetesVersions('1.16', '1.9') > 0);
    assert.equal(compareKubernetesVersions('v1.29.3', '1.29'), 0);
    assert.ok(compareKubernetesVersions('1.100', '1.99') > 0);
  });

  it('reads the forms clusters and configuration use', () => {
    assert.deepEqual(parseKubernetesVersion('1.29'), [1, 29]);
    assert.deepEqual(parseKubernetesVersion('v1.30.2-gke.1000'), [1, 30]);
    assert.deepEqual(parseKubernetesVersion('1.21+'), [1, 21]);
    assert.equal(parseKubernetesVersion('latest'), undefined);
    assert.equal(parseKubernetesVersion('1'), undefined);
  });

  it('names the bad version instead of comparing garbage', () => {
    assert.throws(() => compareKubernetesVersions('one.two', '1.29'), /Not a Kubernetes version: "one.two"/);
  });
});

describe('apiStatusAt', () => {
  it('finds CronJob batch/v1beta1 deprecated in 1.21 to 1.24 and removed from 1.25', () => {
    assert.equal(apiStatusAt('batch/v1beta1', 'CronJob', '1.20').state, 'ok');
    assert.equal(apiStatusAt('batch/v1beta1', 'CronJob', '1.21').state, 'deprecated');
    assert.equal(apiStatusAt('batch/v1beta1', 'CronJob', '1.24').state, 'deprecated');
    const removed = apiStatusAt('batch/v1beta1', 'CronJob', '1.25');
    assert.equal(removed.state, 'removed');
    assert.equal(removed.row?.replacement, 'batch/v1');
    assert.equal(removed.row?.pureRename, true);
  });

  it('does not let 1.9 sort after 1.16 (extensions/v1beta1 Deployment)', () => {
    assert.equal(apiStatusAt('extensions/v1beta1', 'Deployment', '1.9').state, 'deprecated');
    assert.equal(apiStatusAt('extensions/v1beta1', 'Deployment', '1.16').state, 'removed');
    assert.equal(apiStatusAt('extensions/v1beta1', 'Deployment', 'v1.33.1').state, 'removed');
  });

  it('keeps Ingress v1beta1 apart from a pure rename', () => {
    for (const apiVersion of ['extensions/v1beta1', 'networking.k8s.io/v1beta1']) {
      const status = apiStatusAt(apiVersion, 'Ingress', '1.22');
      assert.equal(status.state, 'removed');
      assert.equal(status.row?.pureRename, false);
      assert.equal(status.row?.replacement, 'networking.k8s.io/v1');
    }
  });

  it('marks PodSecurityPolicy removed in 1.25 with no replacement', () => {
    const status = apiStatusAt('policy/v1beta1', 'PodSecurityPolicy', '1.25');
    assert.equal(status.state, 'removed');
    assert.equal(status.row?.replacement, undefined);
  });

  it('marks PodDisruptionBudget policy/v1beta1 as not a pure rename', () => {
    assert.equal(findKubernetesApiRow('policy/v1beta1', 'PodDisruptionBudget')?.pureRename, false);
  });

  it('follows the flow-control versions through 1.26, 1.29 and 1.32', () => {
    assert.equal(apiStatusAt('flowcontrol.apiserver.k8s.io/v1beta1', 'FlowSchema', '1.26').state, 'removed');
    assert.equal(apiStatusAt('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.28').state, 'deprecated');
    assert.equal(apiStatusAt('flowcontrol.apiserver.k8s.io/v1beta2', 'FlowSchema', '1.29').state, 'removed');
    assert.equal(
      apiStatusAt('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', '1.31').state,
      'deprecated',
    );
    assert.equal(
      apiStatusAt('flowcontrol.apiserver.k8s.io/v1beta3', 'PriorityLevelConfiguration', '1.32').state,
      'removed',
    );
  });

  it('knows v1 kinds deprecated without removal', () => {
    assert.equal(apiStatusAt('v1', 'Endpoints', '1.32').state, 'ok');
    const endpoints = apiStatusAt('v1', 'Endpoints', '1.35');
    assert.equal(endpoints.state, 'deprecated');
    assert.equal(endpoints.row?.replacementKind, 'EndpointSlice');
    assert.equal(apiStatusAt('v1', 'ComponentStatus', '1.30').state, 'deprecated');
  });

  it('treats unlisted pairs as fine, including a listed apiVersion with another kind', () => {
    assert.deepEqual(apiStatusAt('apps/v1', 'Deployment', '1.33'), { state: 'ok', row: undefined });
    assert.equal(apiStatusAt('batch/v1beta1', 'Job', '1.33').state, 'ok');
    assert.equal(apiStatusAt('v1', 'Pod', '1.33').state, 'ok');
  });
});

describe('the table', () => {
  it('has one row per apiVersion/kind', () => {
    const keys = KUBERNETES_API_ROWS.map((row) => `${row.apiVersion} ${row.kind}`);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('deprecates before it removes, and renames only to a real replacement', () => {
    for (const row of KUBERNETES_API_ROWS) {
      const name = `${row.apiVersion} ${row.kind}`;
      if (row.removedIn) assert.ok(compareKubernetesVersions(row.deprecatedIn, row.removedIn) < 0, name);
      if (row.pureRename) assert.ok(row.replacement && !row.replacementKind, name);
      if (row.replacement) assert.notEqual(row.replacement, row.apiVersion, name);
    }
  });

  it('covers every release from 1.16 on that removed APIs', () => {
    const removals = new Set(KUBERNETES_API_ROWS.flatMap((row) => (row.removedIn ? [row.removedIn] : [])));
    assert.deepEqual([...removals].sort(compareKubernetesVersions), [
      '1.16',
      '1.22',
      '1.25',
      '1.26',
      '1.27',
      '1.29',
      '1.32',
    ]);
  });
});
