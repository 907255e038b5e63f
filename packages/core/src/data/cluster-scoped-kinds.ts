// Kinds whose objects have no namespace, by API group: the built-in ones, and a few well-known extensions.
//
// Sources:
// - `kubectl api-resources --namespaced=false` against Kubernetes 1.33 with every alpha and beta API
//   group enabled (`--runtime-config=api/all=true`), plus kinds served by earlier releases since 1.16
//   (PodSecurityPolicy until 1.25, resource.k8s.io/v1alpha2 ResourceClass 1.26 to 1.30).
// - API reference: https://kubernetes.io/docs/reference/kubernetes-api/ (each kind's "cluster-scoped" mark).
// - Extensions: Gateway API (https://gateway-api.sigs.k8s.io/reference/spec/), cert-manager,
//   OpenShift (https://docs.openshift.com/container-platform/4.16/rest_api/), Kyverno, Gatekeeper,
//   external-secrets, Calico, CSI snapshots: each project's CRD with `spec.scope: Cluster`.
// Compiled: 2026-11-27.
//
// Files that kubectl never sends to a cluster (kustomization.yaml, kubeconfig, kubeadm and kubelet
// configuration) also carry apiVersion and kind; they are listed apart so that rules about objects
// in namespaces can leave them alone. Operator scaffolds add two, read by their programs: Kubebuilder's
// controller_manager_config.yaml (controller-runtime's ControllerManagerConfig, pkg/config/v1alpha1 in
// https://github.com/kubernetes-sigs/controller-runtime) and operator-sdk's scorecard configuration
// (https://sdk.operatorframework.io/docs/testing-operators/scorecard/: config/scorecard, kind Configuration);
// added 2026-12-07.

/** The API group of an apiVersion: `apps/v1` -> `apps`, `v1` -> `` (the core group). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash).trim();
}

// biome-ignore format: one group per line keeps the table reviewable
export const BUILT_IN_CLUSTER_SCOPED_KINDS: Readonly<Record<string, readonly string[]>> = {
  '': ['ComponentStatus', 'Namespace', 'Node', 'PersistentVolume'],
  'admissionregistration.k8s.io': ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'authentication.k8s.io': ['SelfSubjectReview', 'TokenReview'],
  'authorization.k8s.io': ['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
  'networking.k8s.io': ['IPAddress', 'IngressClass', 'ServiceCIDR'],
  'node.k8s.io': ['RuntimeClass'],
  'policy': ['PodSecurityPolicy'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'resource.k8s.io': ['DeviceClass', 'DeviceTaintRule', 'ResourceClass', 'ResourceSlice'],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
  'storagemigration.k8s.io': ['StorageVersionMigration'],
  // PodSecurityPolicy was served from extensions/v1beta1 until 1.16.
  'extensions': ['PodSecurityPolicy'],
};

// biome-ignore format: one group per line keeps the table reviewable
export const EXTENSION_CLUSTER_SCOPED_KINDS: Readonly<Record<string, readonly string[]>> = {
  'gateway.networking.k8s.io': ['GatewayClass'],
  'cert-manager.io': ['ClusterIssuer'],
  'config.openshift.io': ['APIServer', 'ClusterOperator', 'ClusterVersion', 'DNS', 'FeatureGate', 'Image', 'Infrastructure', 'Ingress', 'Network', 'OAuth', 'Project', 'Proxy', 'Scheduler'],
  'project.openshift.io': ['Project', 'ProjectRequest'],
  'quota.openshift.io': ['ClusterResourceQuota'],
  'security.openshift.io': ['SecurityContextConstraints'],
  'user.openshift.io': ['Group', 'Identity', 'User', 'UserIdentityMapping'],
  'kyverno.io': ['ClusterCleanupPolicy', 'ClusterPolicy'],
  'templates.gatekeeper.sh': ['ConstraintTemplate'],
  'external-secrets.io': ['ClusterExternalSecret', 'ClusterSecretStore'],
  'crd.projectcalico.org': ['ClusterInformation', 'FelixConfiguration', 'GlobalNetworkPolicy', 'GlobalNetworkSet', 'IPPool'],
  'projectcalico.org': ['GlobalNetworkPolicy', 'GlobalNetworkSet', 'IPPool'],
  'snapshot.storage.k8s.io': ['VolumeSnapshotClass', 'VolumeSnapshotContent'],
};

/** Local configuration files with apiVersion and kind that are never objects in a cluster. */
// biome-ignore format: one group per line keeps the table reviewable
export const NOT_CLUSTER_OBJECTS: Readonly<Record<string, readonly string[]>> = {
  '': ['Config', 'Policy'], // kubeconfig; the kube-scheduler policy file of before 1.23
  'kustomize.config.k8s.io': ['Kustomization', 'Component'],
  'kubeadm.k8s.io': ['ClusterConfiguration', 'InitConfiguration', 'JoinConfiguration', 'ResetConfiguration', 'UpgradeConfiguration'],
  'kubelet.config.k8s.io': ['KubeletConfiguration', 'CredentialProviderConfig'],
  'kubeproxy.config.k8s.io': ['KubeProxyConfiguration'],
  'apiserver.config.k8s.io': ['AdmissionConfiguration', 'EncryptionConfiguration', 'TracingConfiguration', 'AuthenticationConfiguration', 'AuthorizationConfiguration'],
  'audit.k8s.io': ['Policy'],
  'kind.x-k8s.io': ['Cluster'],
  'client.authentication.k8s.io': ['ExecCredential'],
  'controller-runtime.sigs.k8s.io': ['ControllerManagerConfig'],
  'scorecard.operatorframework.io': ['Configuration'],
};

function listed(table: Readonly<Record<string, readonly string[]>>, group: string, kind: string): boolean {
  return table[group]?.includes(kind) ?? false;
}

// Groups of Kubernetes projects (k8s.io, x-k8s.io) follow no naming convention for scope.
const kubernetesProjectGroup = /(^|\.)(x-)?k8s\.io$|^(apps|batch|policy|autoscaling|extensions)$|^$/;

export type KindScope = 'namespaced' | 'cluster' | 'not-an-object';

/**
 * Whether objects of an apiVersion/kind live in a namespace. A kind of a built-in group that is not
 * listed is namespaced; so is an unknown custom kind, except `Cluster*` kinds, which by convention
 * (ClusterIssuer, ClusterPolicy, ClusterSecretStore) are cluster-scoped.
 */
export function kindScope(apiVersion: string, kind: string): KindScope {
  const group = apiGroupOf(apiVersion);
  if (listed(NOT_CLUSTER_OBJECTS, group, kind)) return 'not-an-object';
  if (listed(BUILT_IN_CLUSTER_SCOPED_KINDS, group, kind) || listed(EXTENSION_CLUSTER_SCOPED_KINDS, group, kind))
    return 'cluster';
  if (!kubernetesProjectGroup.test(group) && !(group in EXTENSION_CLUSTER_SCOPED_KINDS) && /^Cluster[A-Z]/.test(kind))
    return 'cluster';
  return 'namespaced';
}

export function isNamespacedKind(apiVersion: string, kind: string): boolean {
  return kindScope(apiVersion, kind) === 'namespaced';
}

/** A kind's resource name in RBAC rules, as the API server makes it: lower case, plural (IngressClass -> ingressclasses). */
export function resourceNameOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

/**
 * Resources that exist only for authorization, with no objects and no namespace, that a ClusterRole names for a
 * verb of its own: a signer's name for `approve` and `sign` of certificate requests
 * (https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization), and the
 * users, groups, UIDs and extra fields a service may `impersonate`
 * (https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation).
 */
export const AUTHORIZATION_ONLY_RESOURCES: Readonly<Record<string, readonly string[]>> = {
  '': ['users', 'groups'],
  'authentication.k8s.io': ['uids', 'userextras'],
  'certificates.k8s.io': ['signers'],
};

let clusterScopedResources: ReadonlyMap<string, ReadonlySet<string>> | undefined;

/** Whether an RBAC rule's resource (`namespaces`, `tokenreviews`, `nodes/status`) of an API group is cluster-scoped. */
export function isClusterScopedResource(group: string, resource: string): boolean {
  if (!clusterScopedResources) {
    const byGroup = new Map<string, Set<string>>();
    for (const table of [BUILT_IN_CLUSTER_SCOPED_KINDS, EXTENSION_CLUSTER_SCOPED_KINDS]) {
      for (const [tableGroup, kinds] of Object.entries(table)) {
        const names = byGroup.get(tableGroup) ?? new Set<string>();
        for (const kind of kinds) names.add(resourceNameOf(kind));
        byGroup.set(tableGroup, names);
      }
    }
    for (const [group, resources] of Object.entries(AUTHORIZATION_ONLY_RESOURCES)) {
      const names = byGroup.get(group) ?? new Set<string>();
      for (const resource of resources) names.add(resource);
      byGroup.set(group, names);
    }
    clusterScopedResources = byGroup;
  }
  // A subresource has its resource's scope.
  const base = resource.split('/')[0] ?? resource;
  return clusterScopedResources.get(group)?.has(base) ?? false;
}
