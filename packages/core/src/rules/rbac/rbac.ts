// What the RBAC rules share: which objects are RBAC objects, and which subjects are people or workloads.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import type { RoleRule } from '../../data/built-in-cluster-roles.ts';
import { apiGroupOf, isClusterScopedResource } from '../../data/cluster-scoped-kinds.ts';
import type { KubeObject, Node } from '../../documents/yaml.ts';
import { getPair, getSeq, stringAt } from '../../documents/yaml.ts';
import type { OffsetRange } from '../../types.ts';
import type { ManifestRuleContext } from '../rule.ts';

/** OpenShift serves the same Role and binding shapes under its own group. */
const rbacGroups = new Set(['rbac.authorization.k8s.io', 'authorization.openshift.io']);

export function isRbacObject(object: KubeObject, kinds: readonly string[]): boolean {
  return (
    object.kind !== undefined &&
    kinds.includes(object.kind) &&
    object.apiVersion !== undefined &&
    rbacGroups.has(apiGroupOf(object.apiVersion))
  );
}

export interface Subject {
  map: YAMLMap;
  kind: string;
  name: string;
  namespace?: string;
  /** Where the namespace's value stands. */
  namespaceRange?: OffsetRange;
}

export function subjectsOf(object: KubeObject): Subject[] {
  const subjects: Subject[] = [];
  for (const item of getSeq(object.map, 'subjects')?.items ?? []) {
    if (!isMap(item)) continue;
    const subject: Subject = { map: item, kind: stringAt(item, 'kind') ?? '', name: stringAt(item, 'name') ?? '' };
    const namespace = stringAt(item, 'namespace');
    if (namespace !== undefined) {
      subject.namespace = namespace;
      const range = (getPair(item, 'namespace')?.value as Node | null)?.range;
      if (range) subject.namespaceRange = [range[0], range[1]];
    }
    subjects.push(subject);
  }
  return subjects;
}

// `system:` groups that stand for everybody, or for every service account of a namespace.
const everybody = new Set([
  'system:authenticated',
  'system:unauthenticated',
  'system:anonymous',
  'system:serviceaccounts',
]);

/**
 * True for the cluster's own components: service accounts of kube-system and `system:` users and
 * groups. The `system:` names that stand for everybody (`system:authenticated`, every service
 * account, the service accounts of a namespace other than kube-system) are not.
 */
export function isSystemSubject(subject: Subject): boolean {
  if (subject.kind === 'ServiceAccount') return subject.namespace === 'kube-system';
  const name = subject.name;
  if (!name.startsWith('system:')) return false;
  if (everybody.has(name)) return false;
  const namespaceGroup = /^system:serviceaccounts:(.+)$/.exec(name);
  if (namespaceGroup) return namespaceGroup[1] === 'kube-system';
  const serviceAccount = /^system:serviceaccount:([^:]+):/.exec(name);
  if (serviceAccount) return serviceAccount[1] === 'kube-system';
  return true;
}

/** `ServiceAccount "web" in team`; a namespace a chart's render filled in for an unknown release is said as such. */
export function describeSubject(
  subject: Subject,
  context?: Pick<ManifestRuleContext, 'isUnknownReleaseNamespace'>,
): string {
  const inRelease =
    subject.namespaceRange !== undefined && context?.isUnknownReleaseNamespace?.(subject.namespaceRange) === true;
  const where =
    subject.kind === 'ServiceAccount' && subject.namespace
      ? inRelease
        ? " in the release's namespace"
        : ` in ${subject.namespace}`
      : '';
  return `${subject.kind || 'subject'} "${subject.name}"${where}`;
}

// One shape for the rules read from a manifest and those of the cluster's own roles (data/built-in-cluster-roles.ts).
export type { RoleRule } from '../../data/built-in-cluster-roles.ts';

function scalarsAt(map: YAMLMap, key: string): string[] {
  const values: string[] = [];
  for (const node of getSeq(map, key)?.items ?? []) {
    if (isScalar(node) && node.value !== null) values.push(String(node.value));
  }
  return values;
}

/** The rules of a Role or ClusterRole. */
export function roleRulesOf(object: KubeObject): RoleRule[] {
  const rules: RoleRule[] = [];
  for (const item of getSeq(object.map, 'rules')?.items ?? []) {
    if (!isMap(item)) continue;
    rules.push({
      apiGroups: scalarsAt(item, 'apiGroups'),
      resources: scalarsAt(item, 'resources'),
      nonResourceURLs: scalarsAt(item, 'nonResourceURLs'),
    });
  }
  return rules;
}

/**
 * What of a role only a ClusterRoleBinding can grant (cluster-scoped resources, non-resource URLs such as
 * /metrics), and what a RoleBinding could grant in a namespace (namespaced resources; "*" and the resources of a
 * custom API group whose scope is not known count as namespaced).
 */
export function splitByScope(rules: readonly RoleRule[]): { clusterScoped: string[]; namespaced: string[] } {
  const clusterScoped = new Set<string>();
  const namespaced = new Set<string>();
  for (const rule of rules) {
    for (const url of rule.nonResourceURLs) clusterScoped.add(url);
    const groups = rule.apiGroups.length > 0 ? rule.apiGroups : [''];
    for (const resource of rule.resources) {
      const cluster =
        resource !== '*' && groups.every((group) => group !== '*' && isClusterScopedResource(group, resource));
      (cluster ? clusterScoped : namespaced).add(resource);
    }
  }
  return { clusterScoped: [...clusterScoped], namespaced: [...namespaced] };
}
