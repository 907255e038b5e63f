import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtInClusterScopedOnlyRoles } from '../rules/rbac/namespace-scoped.ts';
import { BUILT_IN_CLUSTER_ROLES, builtInClusterRoleRules } from './built-in-cluster-roles.ts';

test('the built-in roles a RoleBinding could not replace are the review, discovery, node and certificate ones', () => {
  assert.deepEqual(builtInClusterScopedOnlyRoles().sort(), [
    'system:auth-delegator',
    'system:basic-user',
    'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    'system:discovery',
    'system:kubelet-api-admin',
    'system:monitoring',
    'system:node-bootstrapper',
    'system:public-info-viewer',
    'system:service-account-issuer-discovery',
  ]);
});

test('every role is a system: role with rules, and the aggregated and all-powerful roles are left out', () => {
  for (const [name, rules] of BUILT_IN_CLUSTER_ROLES) {
    assert.match(name, /^system:/);
    assert.ok(rules.length > 0, name);
    for (const rule of rules) assert.ok(rule.resources.length + rule.nonResourceURLs.length > 0, name);
  }
  for (const name of ['cluster-admin', 'admin', 'edit', 'view']) assert.equal(builtInClusterRoleRules(name), undefined);
});
