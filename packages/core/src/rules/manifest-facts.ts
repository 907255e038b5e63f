// What the objects of one manifest tell the checks of others beside it: the namespaces they name (an object
// without one was likely meant for theirs) and the ClusterRoles they define (what a binding of one grants).
import { type ParsedManifest, parseManifest } from '../documents/yaml.ts';
import { isRbacObject, type RoleRule, roleRulesOf } from './rbac/rbac.ts';

export interface ManifestFacts {
  /** metadata.namespace of the objects, distinct and sorted. */
  namespaces: readonly string[];
  /** The rules of each ClusterRole, by name. */
  clusterRoles: ReadonlyMap<string, readonly RoleRule[]>;
}

export const noFacts: ManifestFacts = { namespaces: [], clusterRoles: new Map() };

export function manifestFacts(manifest: ParsedManifest): ManifestFacts {
  const namespaces = new Set<string>();
  const clusterRoles = new Map<string, readonly RoleRule[]>();
  for (const document of manifest.documents) {
    for (const object of document.objects) {
      if (object.apiVersion === undefined || object.kind === undefined) continue;
      if (object.namespace !== undefined && object.namespace !== '') namespaces.add(object.namespace);
      if (object.name !== undefined && isRbacObject(object, ['ClusterRole'])) {
        clusterRoles.set(object.name, roleRulesOf(object));
      }
    }
  }
  return { namespaces: [...namespaces].sort(), clusterRoles };
}

/** The facts of several manifests (or documents) as one; a ClusterRole defined twice keeps its first rules. */
export function joinFacts(parts: readonly ManifestFacts[]): ManifestFacts {
  const namespaces = new Set<string>();
  const clusterRoles = new Map<string, readonly RoleRule[]>();
  for (const part of parts) {
    for (const namespace of part.namespaces) namespaces.add(namespace);
    for (const [name, rules] of part.clusterRoles) if (!clusterRoles.has(name)) clusterRoles.set(name, rules);
  }
  return { namespaces: [...namespaces].sort(), clusterRoles };
}

/** A text that is the same for the same facts: to tell whether they changed. */
export function factsKey(facts: ManifestFacts): string {
  return JSON.stringify([facts.namespaces, [...facts.clusterRoles].sort((a, b) => (a[0] < b[0] ? -1 : 1))]);
}

/** What a manifest's text defines; a text that does not parse defines nothing that can be relied on. */
export function manifestFactsOfText(text: string): ManifestFacts {
  try {
    return manifestFacts(parseManifest(text));
  } catch {
    return noFacts;
  }
}
