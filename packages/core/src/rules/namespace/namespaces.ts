// What the namespace rules share: which objects live in a namespace, and the namespaces that are not for applications.
import { isNamespacedKind } from '../../data/cluster-scoped-kinds.ts';
import { getMap, getPair, type KubeObject, type Node, type Pair } from '../../documents/yaml.ts';
import type { ManifestRuleContext } from '../rule.ts';

/** Namespaces that Kubernetes creates for itself. */
export const reservedNamespaces: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function livesInNamespace(object: KubeObject): boolean {
  return (
    object.apiVersion !== undefined && object.kind !== undefined && isNamespacedKind(object.apiVersion, object.kind)
  );
}

/** The `namespace:` pair of the object's metadata, when it has a value. */
export function namespacePair(object: KubeObject): Pair<Node, Node> | undefined {
  const metadata = getMap(object.map, 'metadata');
  const pair = metadata ? getPair(metadata, 'namespace') : undefined;
  return pair?.value && object.namespace !== undefined && object.namespace !== '' ? pair : undefined;
}

/**
 * The object's namespace as the input shows it: undefined when it names none, and when a chart's render wrote
 * there the namespace of a release that is not known (helm's `default` stands in for it).
 */
export function knownNamespace(context: ManifestRuleContext): string | undefined {
  const range = namespacePair(context.object)?.value?.range;
  if (range && context.isUnknownReleaseNamespace?.([range[0], range[1]]) === true) return undefined;
  return context.object.namespace;
}

export function describeObject(object: KubeObject): string {
  return `${object.kind ?? 'Object'}${object.name ? ` "${object.name}"` : ''}`;
}
