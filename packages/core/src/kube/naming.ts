// The names of namespace contexts: `<cluster>/<namespace>`, after the cluster entry of the
// kubeconfig. When that name is taken by a context of another user on the same cluster, the user
// is added: `<cluster>/<namespace>/<user>`. Both are documented in docs/contexts.md.
import type { Kubeconfig } from './kubeconfig.ts';

export interface NamespaceContextTarget {
  cluster: string;
  user: string | undefined;
  namespace: string;
}

export function namespaceContextName(target: NamespaceContextTarget, kubeconfig?: Kubeconfig): string {
  const short = `${target.cluster}/${target.namespace}`;
  const taken = kubeconfig?.contexts.get(short);
  if (
    taken === undefined ||
    target.user === undefined ||
    taken.user === target.user ||
    taken.cluster !== target.cluster
  ) {
    return short;
  }
  return `${short}/${target.user}`;
}

/** Namespaces Kubernetes itself uses: working in them is rarely meant. */
export function isSystemNamespace(namespace: string): boolean {
  return namespace === 'default' || namespace.startsWith('kube-');
}

/** A valid namespace name (RFC 1123 label), so that a typo is caught before a context is written. */
export function namespaceNameProblem(namespace: string): string | undefined {
  if (namespace.length === 0) return 'the namespace name is empty';
  if (namespace.length > 63) return `"${namespace}" is longer than 63 characters`;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
    return `"${namespace}" is not a valid namespace name (lower-case letters, digits and "-", starting and ending with a letter or digit)`;
  }
  return undefined;
}
