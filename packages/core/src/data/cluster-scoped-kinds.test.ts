import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  apiGroupOf,
  BUILT_IN_CLUSTER_SCOPED_KINDS,
  EXTENSION_CLUSTER_SCOPED_KINDS,
  isNamespacedKind,
  kindScope,
  NOT_CLUSTER_OBJECTS,
} from './cluster-scoped-kinds.ts';

describe('cluster-scoped kinds', () => {
  test('the API group of an apiVersion', () => {
    assert.equal(apiGroupOf('v1'), '');
    assert.equal(apiGroupOf('apps/v1'), 'apps');
    assert.equal(apiGroupOf('rbac.authorization.k8s.io/v1beta1'), 'rbac.authorization.k8s.io');
  });

  test('the kinds that rules.md names are cluster-scoped', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Namespace'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['v1', 'PersistentVolume'],
      ['storage.k8s.io/v1', 'StorageClass'],
      ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'],
      ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition'],
      ['v1', 'Node'],
      ['scheduling.k8s.io/v1', 'PriorityClass'],
      ['admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration'],
      ['networking.k8s.io/v1', 'IngressClass'],
      ['policy/v1beta1', 'PodSecurityPolicy'],
    ] as const) {
      assert.equal(kindScope(apiVersion, kind), 'cluster', `${apiVersion} ${kind}`);
    }
  });

  test('namespaced built-in kinds are not listed, including look-alikes', () => {
    for (const [apiVersion, kind] of [
      ['v1', 'Pod'],
      ['apps/v1', 'Deployment'],
      ['batch/v1', 'CronJob'],
      ['rbac.authorization.k8s.io/v1', 'Role'],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
      ['v1', 'PersistentVolumeClaim'],
      ['authorization.k8s.io/v1', 'LocalSubjectAccessReview'],
      ['networking.k8s.io/v1', 'Ingress'],
      ['coordination.k8s.io/v1', 'Lease'],
      ['discovery.k8s.io/v1', 'EndpointSlice'],
      ['resource.k8s.io/v1beta1', 'ResourceClaim'],
      // Cluster API's kinds are namespaced although their names start with Cluster.
      ['cluster.x-k8s.io/v1beta1', 'ClusterClass'],
      ['gateway.networking.k8s.io/v1', 'Gateway'],
    ] as const) {
      assert.equal(isNamespacedKind(apiVersion, kind), true, `${apiVersion} ${kind}`);
    }
  });

  test('the same kind name in another group is judged by its group', () => {
    assert.equal(kindScope('config.openshift.io/v1', 'Ingress'), 'cluster');
    assert.equal(kindScope('networking.k8s.io/v1', 'Ingress'), 'namespaced');
    assert.equal(kindScope('example.org/v1', 'Node'), 'namespaced');
  });

  test('well-known extensions, and the Cluster* convention of unknown custom kinds', () => {
    assert.equal(kindScope('gateway.networking.k8s.io/v1', 'GatewayClass'), 'cluster');
    assert.equal(kindScope('cert-manager.io/v1', 'ClusterIssuer'), 'cluster');
    assert.equal(kindScope('cert-manager.io/v1', 'Issuer'), 'namespaced');
    assert.equal(kindScope('example.org/v1alpha1', 'ClusterWidget'), 'cluster');
    assert.equal(kindScope('example.org/v1alpha1', 'Clustering'), 'namespaced');
  });

  test('local configuration files are not objects in a cluster', () => {
    assert.equal(kindScope('kustomize.config.k8s.io/v1beta1', 'Kustomization'), 'not-an-object');
    assert.equal(kindScope('v1', 'Config'), 'not-an-object');
    assert.equal(kindScope('kubelet.config.k8s.io/v1beta1', 'KubeletConfiguration'), 'not-an-object');
    assert.equal(kindScope('scorecard.operatorframework.io/v1alpha3', 'Configuration'), 'not-an-object');
    assert.equal(kindScope('controller-runtime.sigs.k8s.io/v1alpha1', 'ControllerManagerConfig'), 'not-an-object');
  });

  test('the tables hold no duplicates and no kind in two of them for one group', () => {
    for (const table of [BUILT_IN_CLUSTER_SCOPED_KINDS, EXTENSION_CLUSTER_SCOPED_KINDS, NOT_CLUSTER_OBJECTS]) {
      for (const [group, kinds] of Object.entries(table)) {
        assert.equal(new Set(kinds).size, kinds.length, `duplicate in ${group}`);
        for (const kind of kinds) assert.match(kind, /^[A-Z][A-Za-z]+$/);
      }
    }
    for (const [group, kinds] of Object.entries(NOT_CLUSTER_OBJECTS)) {
      for (const kind of kinds) {
        assert.ok(!BUILT_IN_CLUSTER_SCOPED_KINDS[group]?.includes(kind), `${group} ${kind} in two tables`);
      }
    }
  });
});
