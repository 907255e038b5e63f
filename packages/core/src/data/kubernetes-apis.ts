// Kubernetes API versions that are deprecated or no longer served, by kind.
//
// Sources:
// - Deprecated API Migration Guide: https://kubernetes.io/docs/reference/using-api/deprecation-guide/
// - Kubernetes API removals blog posts, e.g.
//   https://kubernetes.io/blog/2021/07/14/upcoming-changes-in-kubernetes-1-22/ and
//   https://kubernetes.io/blog/2025/04/24/endpoints-deprecation/
// - The `+k8s:prerelease-lifecycle-gen` tags in https://github.com/kubernetes/api (deprecated, removed and
//   replacement per kind); these also produce the API server's "X is deprecated in v1.N+, unavailable in
//   v1.M+" warnings, which is where `deprecatedIn` comes from.
// Compiled: 2026-11-27.
//
// `pureRename` is true only when changing `apiVersion` alone yields an object that the new version reads with
// the same meaning (the guide lists "No notable changes"); a fix may then rewrite apiVersion automatically.

/** A Kubernetes minor version written `1.N`. */
export type KubernetesMinorVersion = `1.${number}`;

export interface KubernetesApiRow {
  /** The apiVersion as written in a manifest: `extensions/v1beta1`, `v1`. */
  apiVersion: string;
  kind: string;
  /** First release whose API server warns about this apiVersion/kind. */
  deprecatedIn: KubernetesMinorVersion;
  /** First release that no longer serves it; absent while it is still served. */
  removedIn?: KubernetesMinorVersion;
  /** The apiVersion to migrate to (same kind unless `replacementKind` says otherwise); undefined when there is none. */
  replacement: string | undefined;
  /** Kind to migrate to when it differs from `kind` (Endpoints -> EndpointSlice). */
  replacementKind?: string;
  /** Release in which the replacement became available. */
  replacementSince?: KubernetesMinorVersion;
  /** True when rewriting apiVersion alone is a safe migration (on clusters at or after `replacementSince`). */
  pureRename: boolean;
  note?: string;
}

const WORKLOAD_SELECTOR = 'spec.selector is required and immutable in apps/v1';

// One row per apiVersion/kind; ordered by removal release, then group.
// biome-ignore format: one row per line keeps the table reviewable
export const KUBERNETES_API_ROWS: readonly KubernetesApiRow[] = [
  // Stopped serving in 1.16.
  { apiVersion: 'extensions/v1beta1', kind: 'DaemonSet', deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: `${WORKLOAD_SELECTOR}; spec.templateGeneration removed; updateStrategy defaults to RollingUpdate (was OnDelete)` },
  { apiVersion: 'extensions/v1beta1', kind: 'Deployment', deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: `${WORKLOAD_SELECTOR}; spec.rollbackTo removed; progressDeadlineSeconds, revisionHistoryLimit, maxSurge and maxUnavailable defaults changed` },
  { apiVersion: 'extensions/v1beta1', kind: 'ReplicaSet', deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: WORKLOAD_SELECTOR },
  { apiVersion: 'extensions/v1beta1', kind: 'NetworkPolicy', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'networking.k8s.io/v1', replacementSince: '1.8', pureRename: true },
  { apiVersion: 'extensions/v1beta1', kind: 'PodSecurityPolicy', deprecatedIn: '1.11', removedIn: '1.16', replacement: 'policy/v1beta1', replacementSince: '1.10', pureRename: true, note: 'policy/v1beta1 PodSecurityPolicy is itself removed in 1.25 with no replacement; use Pod Security Admission' },
  { apiVersion: 'apps/v1beta1', kind: 'Deployment', deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: `${WORKLOAD_SELECTOR}; spec.rollbackTo removed; revisionHistoryLimit defaults to 10 (was 2)` },
  { apiVersion: 'apps/v1beta1', kind: 'StatefulSet', deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: `${WORKLOAD_SELECTOR}; updateStrategy defaults to RollingUpdate (was OnDelete)` },
  { apiVersion: 'apps/v1beta1', kind: 'ReplicaSet', deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: WORKLOAD_SELECTOR },
  { apiVersion: 'apps/v1beta1', kind: 'ControllerRevision', deprecatedIn: '1.8', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: true },
  { apiVersion: 'apps/v1beta2', kind: 'DaemonSet', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: WORKLOAD_SELECTOR },
  { apiVersion: 'apps/v1beta2', kind: 'Deployment', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: WORKLOAD_SELECTOR },
  { apiVersion: 'apps/v1beta2', kind: 'ReplicaSet', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: WORKLOAD_SELECTOR },
  { apiVersion: 'apps/v1beta2', kind: 'StatefulSet', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: false, note: WORKLOAD_SELECTOR },
  { apiVersion: 'apps/v1beta2', kind: 'ControllerRevision', deprecatedIn: '1.9', removedIn: '1.16', replacement: 'apps/v1', replacementSince: '1.9', pureRename: true },

  // Stopped serving in 1.22.
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'MutatingWebhookConfiguration', deprecatedIn: '1.16', removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1', replacementSince: '1.16', pureRename: false, note: 'failurePolicy, matchPolicy and timeoutSeconds defaults changed; sideEffects and admissionReviewVersions are required' },
  { apiVersion: 'admissionregistration.k8s.io/v1beta1', kind: 'ValidatingWebhookConfiguration', deprecatedIn: '1.16', removedIn: '1.22', replacement: 'admissionregistration.k8s.io/v1', replacementSince: '1.16', pureRename: false, note: 'failurePolicy, matchPolicy and timeoutSeconds defaults changed; sideEffects and admissionReviewVersions are required' },
  { apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition', deprecatedIn: '1.16', removedIn: '1.22', replacement: 'apiextensions.k8s.io/v1', replacementSince: '1.16', pureRename: false, note: 'spec.version, spec.validation, spec.subresources and spec.additionalPrinterColumns move under spec.versions[*]; a structural schema is required' },
  { apiVersion: 'apiregistration.k8s.io/v1beta1', kind: 'APIService', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'apiregistration.k8s.io/v1', replacementSince: '1.10', pureRename: true },
  { apiVersion: 'authentication.k8s.io/v1beta1', kind: 'TokenReview', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authentication.k8s.io/v1', replacementSince: '1.6', pureRename: true },
  { apiVersion: 'authorization.k8s.io/v1beta1', kind: 'LocalSubjectAccessReview', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authorization.k8s.io/v1', replacementSince: '1.6', pureRename: false, note: 'spec.group is renamed to spec.groups' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kind: 'SelfSubjectAccessReview', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authorization.k8s.io/v1', replacementSince: '1.6', pureRename: false, note: 'spec.group is renamed to spec.groups' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kind: 'SubjectAccessReview', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authorization.k8s.io/v1', replacementSince: '1.6', pureRename: false, note: 'spec.group is renamed to spec.groups' },
  { apiVersion: 'authorization.k8s.io/v1beta1', kind: 'SelfSubjectRulesReview', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'authorization.k8s.io/v1', replacementSince: '1.6', pureRename: true, note: 'not named in the migration guide; the whole authorization.k8s.io/v1beta1 group version stopped being served in 1.22' },
  { apiVersion: 'certificates.k8s.io/v1beta1', kind: 'CertificateSigningRequest', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'certificates.k8s.io/v1', replacementSince: '1.19', pureRename: false, note: 'spec.signerName and spec.usages are required; kubernetes.io/legacy-unknown cannot be requested' },
  { apiVersion: 'coordination.k8s.io/v1beta1', kind: 'Lease', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'coordination.k8s.io/v1', replacementSince: '1.14', pureRename: true },
  { apiVersion: 'extensions/v1beta1', kind: 'Ingress', deprecatedIn: '1.14', removedIn: '1.22', replacement: 'networking.k8s.io/v1', replacementSince: '1.19', pureRename: false, note: 'spec.backend becomes spec.defaultBackend; serviceName/servicePort become service.name and service.port.number/name; pathType is required' },
  { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'networking.k8s.io/v1', replacementSince: '1.19', pureRename: false, note: 'spec.backend becomes spec.defaultBackend; serviceName/servicePort become service.name and service.port.number/name; pathType is required' },
  { apiVersion: 'networking.k8s.io/v1beta1', kind: 'IngressClass', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'networking.k8s.io/v1', replacementSince: '1.19', pureRename: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRole', deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1', replacementSince: '1.8', pureRename: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'ClusterRoleBinding', deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1', replacementSince: '1.8', pureRename: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'Role', deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1', replacementSince: '1.8', pureRename: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1beta1', kind: 'RoleBinding', deprecatedIn: '1.17', removedIn: '1.22', replacement: 'rbac.authorization.k8s.io/v1', replacementSince: '1.8', pureRename: true },
  { apiVersion: 'scheduling.k8s.io/v1beta1', kind: 'PriorityClass', deprecatedIn: '1.14', removedIn: '1.22', replacement: 'scheduling.k8s.io/v1', replacementSince: '1.14', pureRename: true },
  { apiVersion: 'storage.k8s.io/v1beta1', kind: 'CSIDriver', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'storage.k8s.io/v1', replacementSince: '1.19', pureRename: true },
  { apiVersion: 'storage.k8s.io/v1beta1', kind: 'CSINode', deprecatedIn: '1.17', removedIn: '1.22', replacement: 'storage.k8s.io/v1', replacementSince: '1.17', pureRename: true },
  { apiVersion: 'storage.k8s.io/v1beta1', kind: 'StorageClass', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'storage.k8s.io/v1', replacementSince: '1.6', pureRename: true },
  { apiVersion: 'storage.k8s.io/v1beta1', kind: 'VolumeAttachment', deprecatedIn: '1.19', removedIn: '1.22', replacement: 'storage.k8s.io/v1', replacementSince: '1.13', pureRename: true },

  // Stopped serving in 1.25.
  { apiVersion: 'batch/v1beta1', kind: 'CronJob', deprecatedIn: '1.21', removedIn: '1.25', replacement: 'batch/v1', replacementSince: '1.21', pureRename: true },
  { apiVersion: 'discovery.k8s.io/v1beta1', kind: 'EndpointSlice', deprecatedIn: '1.21', removedIn: '1.25', replacement: 'discovery.k8s.io/v1', replacementSince: '1.21', pureRename: false, note: 'per-endpoint topology is replaced by nodeName and zone; topology becomes the read-only deprecatedTopology' },
  { apiVersion: 'events.k8s.io/v1beta1', kind: 'Event', deprecatedIn: '1.22', removedIn: '1.25', replacement: 'events.k8s.io/v1', replacementSince: '1.19', pureRename: false, note: 'type is limited to Normal and Warning; involvedObject becomes regarding; action, reason, reportingController and reportingInstance are required' },
  { apiVersion: 'autoscaling/v2beta1', kind: 'HorizontalPodAutoscaler', deprecatedIn: '1.22', removedIn: '1.25', replacement: 'autoscaling/v2', replacementSince: '1.23', pureRename: false, note: 'targetAverageUtilization becomes target.averageUtilization with target.type: Utilization' },
  { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', deprecatedIn: '1.21', removedIn: '1.25', replacement: 'policy/v1', replacementSince: '1.21', pureRename: false, note: 'an empty spec.selector ({}) selects every pod in the namespace in policy/v1 (it selected none in v1beta1)' },
  { apiVersion: 'policy/v1beta1', kind: 'PodSecurityPolicy', deprecatedIn: '1.21', removedIn: '1.25', replacement: undefined, pureRename: false, note: 'no replacement API; use Pod Security Admission (namespace labels) or a third-party admission webhook' },
  { apiVersion: 'node.k8s.io/v1beta1', kind: 'RuntimeClass', deprecatedIn: '1.22', removedIn: '1.25', replacement: 'node.k8s.io/v1', replacementSince: '1.20', pureRename: true },

  // Stopped serving in 1.26.
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kind: 'FlowSchema', deprecatedIn: '1.23', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1', replacementSince: '1.29', pureRename: true, note: 'v1 needs Kubernetes 1.29; flowcontrol.apiserver.k8s.io/v1beta3 serves 1.26 to 1.31' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1', kind: 'PriorityLevelConfiguration', deprecatedIn: '1.23', removedIn: '1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1', replacementSince: '1.29', pureRename: false, note: 'spec.limited.assuredConcurrencyShares is renamed to spec.limited.nominalConcurrencyShares from v1beta3 on' },
  { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', deprecatedIn: '1.23', removedIn: '1.26', replacement: 'autoscaling/v2', replacementSince: '1.23', pureRename: true, note: 'autoscaling/v2 has the same fields as v2beta2; only the apiVersion changes' },

  // Stopped serving in 1.27.
  { apiVersion: 'storage.k8s.io/v1beta1', kind: 'CSIStorageCapacity', deprecatedIn: '1.24', removedIn: '1.27', replacement: 'storage.k8s.io/v1', replacementSince: '1.24', pureRename: true },

  // Stopped serving in 1.29.
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kind: 'FlowSchema', deprecatedIn: '1.26', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1', replacementSince: '1.29', pureRename: true, note: 'flowcontrol.apiserver.k8s.io/v1beta3 is available from 1.26 for clusters older than 1.29' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kind: 'PriorityLevelConfiguration', deprecatedIn: '1.26', removedIn: '1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1', replacementSince: '1.29', pureRename: false, note: 'spec.limited.assuredConcurrencyShares is renamed to spec.limited.nominalConcurrencyShares; an explicit 0 is no longer changed to 30' },

  // Stopped serving in 1.32.
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', deprecatedIn: '1.29', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1', replacementSince: '1.29', pureRename: true },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'PriorityLevelConfiguration', deprecatedIn: '1.29', removedIn: '1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1', replacementSince: '1.29', pureRename: false, note: 'spec.limited.nominalConcurrencyShares only defaults to 30 when unspecified; an explicit 0 stays 0 in v1' },

  // Deprecated, still served.
  { apiVersion: 'v1', kind: 'ComponentStatus', deprecatedIn: '1.19', replacement: undefined, pureRename: false, note: 'no replacement API; query component health endpoints (/livez, /readyz) instead' },
  { apiVersion: 'v1', kind: 'Endpoints', deprecatedIn: '1.33', replacement: 'discovery.k8s.io/v1', replacementKind: 'EndpointSlice', replacementSince: '1.21', pureRename: false, note: 'a different kind with a different shape; the Endpoints type is expected to keep being served' },
];

const rowsByKey = new Map<string, KubernetesApiRow>(
  KUBERNETES_API_ROWS.map((row) => [rowKey(row.apiVersion, row.kind), row]),
);

function rowKey(apiVersion: string, kind: string): string {
  return `${apiVersion.trim()}\u0000${kind.trim()}`;
}

/** The row for an apiVersion/kind pair, or undefined when it is neither deprecated nor removed. */
export function findKubernetesApiRow(apiVersion: string, kind: string): KubernetesApiRow | undefined {
  return rowsByKey.get(rowKey(apiVersion, kind));
}

/**
 * Parses `1.29`, `v1.29.3`, `1.29+`, `v1.30.2-gke.1000` to `[major, minor]`; undefined when it is not a version.
 * Minor versions compare as numbers, so that 1.9 < 1.16.
 */
export function parseKubernetesVersion(version: string): [major: number, minor: number] | undefined {
  const match = /^\s*v?(\d+)\.(\d+)(?:[.+\-\s].*)?$/.exec(version);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2])];
}

/** Negative, zero or positive as `a` is older than, the same minor as, or newer than `b`. Throws on a non-version. */
export function compareKubernetesVersions(a: string, b: string): number {
  const left = parseKubernetesVersion(a);
  const right = parseKubernetesVersion(b);
  if (!left) throw new Error(`Not a Kubernetes version: "${a}" (expected 1.N, e.g. 1.29)`);
  if (!right) throw new Error(`Not a Kubernetes version: "${b}" (expected 1.N, e.g. 1.29)`);
  return left[0] - right[0] || left[1] - right[1];
}

export type ApiState = 'removed' | 'deprecated' | 'ok';

export interface ApiStatus {
  state: ApiState;
  /** The table row when the pair is listed, even when the given version predates its deprecation. */
  row: KubernetesApiRow | undefined;
}

/** Whether an apiVersion/kind is removed, deprecated or fine in a given Kubernetes version (`1.29`, `v1.29.3`). */
export function apiStatusAt(apiVersion: string, kind: string, kubernetesVersion: string): ApiStatus {
  const row = findKubernetesApiRow(apiVersion, kind);
  if (!row) return { state: 'ok', row: undefined };
  if (row.removedIn && compareKubernetesVersions(kubernetesVersion, row.removedIn) >= 0)
    return { state: 'removed', row };
  if (compareKubernetesVersions(kubernetesVersion, row.deprecatedIn) >= 0) return { state: 'deprecated', row };
  return { state: 'ok', row };
}
