import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSystemNamespace, namespaceContextName, namespaceNameProblem } from './naming.ts';

describe('namespace context names', () => {
  it('is <cluster>/<namespace>', () => {
    assert.equal(
      namespaceContextName({ cluster: 'lsst-dev', user: 'alice', namespace: 'nb-alice' }),
      'lsst-dev/nb-alice',
    );
  });

  it('rejects names Kubernetes would reject, before anything is written', () => {
    assert.equal(namespaceNameProblem('my-team'), undefined);
    assert.match(namespaceNameProblem('My_Team') ?? '', /not a valid namespace name/);
    assert.match(namespaceNameProblem('') ?? '', /empty/);
    assert.match(namespaceNameProblem('a'.repeat(64)) ?? '', /longer than 63/);
  });

  it('knows the namespaces Kubernetes itself uses', () => {
    assert.equal(isSystemNamespace('default'), true);
    assert.equal(isSystemNamespace('kube-system'), true);
    assert.equal(isSystemNamespace('kube-public'), true);
    assert.equal(isSystemNamespace('my-kube'), false);
  });
});
