import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageWithClusters } from './common.ts';
import { findingAt } from './test-support.ts';

test('the environments a finding came from are listed, and past eight counted', () => {
  const text = 'apiVersion: apps/v1\n';
  const withEnvironments = (environments: string[]) =>
    messageWithClusters({
      ...findingAt('charts/csc/job.yaml', text, 'apps/v1', {
        rule: 'cluster/api-version',
        severity: 'error',
        message: 'Removed.',
      }),
      environments,
    });
  assert.equal(withEnvironments(['summit']), 'Removed. [environment: summit]');
  const names = ['base', 'summit', 'tucson', 'dimm1', 'dimm2', 'dsm1', 'dsm2', 'ess1'];
  assert.equal(withEnvironments(names), `Removed. [environments: ${names.join(', ')}]`);
  assert.equal(withEnvironments([...names, 'ess2', 'ess3']), `Removed. [environments: ${names.join(', ')} and 2 more]`);
});
