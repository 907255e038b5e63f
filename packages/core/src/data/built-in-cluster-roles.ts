// The rules of the ClusterRoles every Kubernetes cluster creates at start-up, for the ones workloads bind by name
// (an API extension server binds system:auth-delegator, a DNS or proxy add-on system:kube-dns or
// system:node-proxier, a storage provisioner system:persistent-volume-provisioner).
//
// Source: kubernetes/kubernetes, plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go and its test data
// testdata/cluster-roles.yaml (the roles as a 1.33 API server creates them; unchanged in what is kept here since
// 1.29). Only the API groups and resources are kept: a binding's scope depends on nothing else.
// Compiled: 2026-12-08.
//
// Not here: the aggregated roles (admin, edit, view), whose rules the cluster fills in from every role labelled to
// join them, and cluster-admin, which rbac/namespace-scoped judges by name.

/** What one rule of a Role or ClusterRole grants on (its verbs left out): enough to judge a binding of it. */
export interface RoleRule {
  apiGroups: readonly string[];
  resources: readonly string[];
  nonResourceURLs: readonly string[];
}

const core = '';

function resources(apiGroups: readonly string[], ...names: string[]): RoleRule {
  return { apiGroups, resources: names, nonResourceURLs: [] };
}

function urls(...paths: string[]): RoleRule {
  return { apiGroups: [], resources: [], nonResourceURLs: paths };
}

export const BUILT_IN_CLUSTER_ROLES: ReadonlyMap<string, readonly RoleRule[]> = new Map<string, readonly RoleRule[]>([
  [
    'system:auth-delegator',
    [resources(['authentication.k8s.io'], 'tokenreviews'), resources(['authorization.k8s.io'], 'subjectaccessreviews')],
  ],
  [
    'system:basic-user',
    [
      resources(['authorization.k8s.io'], 'selfsubjectaccessreviews', 'selfsubjectrulesreviews'),
      resources(['authentication.k8s.io'], 'selfsubjectreviews'),
    ],
  ],
  [
    'system:discovery',
    [
      urls(
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ),
    ],
  ],
  ['system:public-info-viewer', [urls('/healthz', '/livez', '/readyz', '/version', '/version/')]],
  [
    'system:monitoring',
    [urls('/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*')],
  ],
  ['system:service-account-issuer-discovery', [urls('/.well-known/openid-configuration', '/openid/v1/jwks')]],
  ['system:node-bootstrapper', [resources(['certificates.k8s.io'], 'certificatesigningrequests')]],
  [
    'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    [resources(['certificates.k8s.io'], 'certificatesigningrequests/nodeclient')],
  ],
  [
    'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    [resources(['certificates.k8s.io'], 'certificatesigningrequests/selfnodeclient')],
  ],
  [
    'system:heapster',
    [resources([core], 'events', 'namespaces', 'nodes', 'pods'), resources(['extensions'], 'deployments')],
  ],
  ['system:kube-aggregator', [resources([core], 'endpoints', 'services')]],
  ['system:kube-dns', [resources([core], 'endpoints', 'services')]],
  [
    'system:node-proxier',
    [
      resources([core], 'endpoints', 'services', 'nodes'),
      resources([core, 'events.k8s.io'], 'events'),
      resources(['discovery.k8s.io'], 'endpointslices'),
    ],
  ],
  [
    'system:node-problem-detector',
    [resources([core], 'nodes', 'nodes/status'), resources([core, 'events.k8s.io'], 'events')],
  ],
  [
    'system:kubelet-api-admin',
    [resources([core], 'nodes', 'nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats')],
  ],
  [
    'system:persistent-volume-provisioner',
    [
      resources([core], 'persistentvolumes', 'persistentvolumeclaims'),
      resources(['storage.k8s.io'], 'storageclasses'),
      resources([core, 'events.k8s.io'], 'events'),
    ],
  ],
  [
    'system:volume-scheduler',
    [resources([core], 'persistentvolumes', 'persistentvolumeclaims'), resources(['storage.k8s.io'], 'storageclasses')],
  ],
]);

/** The rules of a ClusterRole the cluster creates itself, when it is one kept here. */
export function builtInClusterRoleRules(name: string): readonly RoleRule[] | undefined {
  return BUILT_IN_CLUSTER_ROLES.get(name);
}
