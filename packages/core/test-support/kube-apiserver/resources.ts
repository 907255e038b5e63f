// The resource types the test API server serves, with the discovery facts kubectl and client-node read.

export interface ResourceType {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The plural, lower-case name used in URLs and RBAC. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  /** Create-only review kinds are answered, not stored. */
  review?: boolean;
  categories?: string[];
  /** Served because a stored CustomResourceDefinition defines it. */
  custom?: boolean;
}

const objectVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function type(
  group: string,
  version: string,
  kind: string,
  resource: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return { group, version, kind, resource, singular: kind.toLowerCase(), namespaced, verbs: objectVerbs, ...extra };
}

export const resourceTypes: readonly ResourceType[] = [
  type('', 'v1', 'Namespace', 'namespaces', false, {
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  type('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], categories: ['all'] }),
  type('', 'v1', 'Service', 'services', true, {
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  }),
  type('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  type('', 'v1', 'PersistentVolume', 'persistentvolumes', false, { shortNames: ['pv'] }),
  type('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], categories: ['all'] }),
  type('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], categories: ['all'] }),
  type('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], categories: ['all'] }),
  type('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], categories: ['all'] }),
  type('batch', 'v1', 'Job', 'jobs', true, { categories: ['all'] }),
  type('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], categories: ['all'] }),
  type('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'] }),
  type('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  type('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  type('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  type('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  type('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, {
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
  }),
  // Admission policies: v1 (Kubernetes 1.30 and later) and v1beta1 (1.28 and 1.29), each stored apart.
  ...['v1', 'v1beta1'].flatMap((version) => [
    type('admissionregistration.k8s.io', version, 'ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false),
    type(
      'admissionregistration.k8s.io',
      version,
      'ValidatingAdmissionPolicyBinding',
      'validatingadmissionpolicybindings',
      false,
    ),
  ]),
  type('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, {
    verbs: ['create'],
    review: true,
  }),
  type('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, {
    verbs: ['create'],
    review: true,
  }),
];

export function groupVersionOf(resourceType: ResourceType): string {
  return resourceType.group === '' ? resourceType.version : `${resourceType.group}/${resourceType.version}`;
}

/**
 * The built-in types and those the stored CustomResourceDefinitions add, as the API server serves a
 * CRD's kind once it is established: every served version, with its names and scope.
 */
export class ResourceTypes {
  private custom: ResourceType[] = [];

  all(): readonly ResourceType[] {
    return this.custom.length === 0 ? resourceTypes : [...resourceTypes, ...this.custom];
  }

  /** Replaces the custom types with those of these CustomResourceDefinitions. */
  setDefinitions(definitions: readonly Record<string, unknown>[]): void {
    this.custom = definitions.flatMap(customResourceTypes);
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.all().find((t) => t.group === group && t.version === version && t.resource === resource);
  }

  forObject(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return this.all().find((t) => t.group === group && t.version === version && t.kind === kind);
  }

  /** The groups in discovery order, each with its versions. */
  groups(): { name: string; versions: string[] }[] {
    const groups = new Map<string, Set<string>>();
    for (const t of this.all()) {
      if (t.group === '') continue;
      const versions = groups.get(t.group) ?? new Set<string>();
      versions.add(t.version);
      groups.set(t.group, versions);
    }
    return [...groups].map(([name, versions]) => ({ name, versions: [...versions] }));
  }
}

/** The types one CustomResourceDefinition (apiextensions.k8s.io/v1) serves. */
export function customResourceTypes(definition: Record<string, unknown>): ResourceType[] {
  const spec = (definition.spec ?? {}) as {
    group?: string;
    scope?: string;
    names?: { kind?: string; plural?: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions?: { name?: string; served?: boolean }[];
  };
  const names = spec.names ?? {};
  if (!spec.group || !names.kind || !names.plural) return [];
  return (spec.versions ?? [])
    .filter((version) => version.served !== false && typeof version.name === 'string')
    .map((version) =>
      type(
        spec.group as string,
        version.name as string,
        names.kind as string,
        names.plural as string,
        spec.scope !== 'Cluster',
        {
          singular: names.singular ?? (names.kind as string).toLowerCase(),
          custom: true,
          ...(names.shortNames ? { shortNames: names.shortNames } : {}),
          ...(names.categories ? { categories: names.categories } : {}),
        },
      ),
    );
}
