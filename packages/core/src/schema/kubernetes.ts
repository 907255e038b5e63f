// The built-in kinds of each Kubernetes minor version, read from the generated data on first use only:
// a run that never validates a schema never parses it.

import { KUBERNETES_API_ROWS, parseKubernetesVersion } from '../data/kubernetes-apis.ts';
import { kubernetesEnums } from '../data/kubernetes-enums.ts';
import { builtInApiGroups, definitionPool, versionIndexes } from '../data/schemas/kubernetes.generated.ts';
import type { CompactNode, CompactShape } from './compact.ts';

export interface KubernetesSchema {
  /** `1.31`. */
  version: string;
  /** apiVersion -> kind -> definition name, for the kinds this version serves. */
  kinds: ReadonlyMap<string, ReadonlyMap<string, string>>;
  definitions: ReadonlyMap<string, CompactNode>;
}

let pool: Array<[string, CompactNode]> | undefined;
const loaded = new Map<string, KubernetesSchema>();
let groups: Set<string> | undefined;

/** The minor versions that have schema data, oldest first. */
export function schemaVersions(): string[] {
  return Object.keys(versionIndexes);
}

/** `1.31` for `1.31`, `v1.31.4` or `1.31+`; undefined when it is not a version. */
export function minorVersion(version: string): string | undefined {
  const parsed = parseKubernetesVersion(version);
  return parsed ? `${parsed[0]}.${parsed[1]}` : undefined;
}

/** The schema of a Kubernetes version, or undefined when there is no data for its minor version. */
export function kubernetesSchema(version: string): KubernetesSchema | undefined {
  const minor = minorVersion(version);
  if (minor === undefined) return undefined;
  const cached = loaded.get(minor);
  if (cached) return cached;
  const indexText = versionIndexes[minor];
  if (indexText === undefined) return undefined;
  pool ??= JSON.parse(definitionPool) as Array<[string, CompactNode]>;
  const index = JSON.parse(indexText) as { kinds: Record<string, Record<string, string>>; definitions: number[] };
  const definitions = new Map<string, CompactNode>();
  for (const position of index.definitions) {
    const entry = pool[position];
    if (entry) definitions.set(entry[0], withEnums(entry[0], entry[1]));
  }
  const kinds = new Map(
    Object.entries(index.kinds).map(([apiVersion, byKind]) => [apiVersion, new Map(Object.entries(byKind))]),
  );
  const schema: KubernetesSchema = { version: minor, kinds, definitions };
  loaded.set(minor, schema);
  return schema;
}

/**
 * API groups of the built-in kinds in any version, or of APIs since removed (`extensions`), `` for the
 * core group: any other group is custom.
 */
export function builtInGroups(): ReadonlySet<string> {
  groups ??= new Set([...builtInApiGroups, ...KUBERNETES_API_ROWS.map((row) => groupOf(row.apiVersion))]);
  return groups;
}

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The definition with the enumerations of data/kubernetes-enums.ts laid over its string fields. */
function withEnums(name: string, node: CompactNode): CompactNode {
  const enums = kubernetesEnums[name];
  if (!enums || typeof node === 'string' || !node.p) return node;
  const properties: Record<string, CompactNode> = { ...node.p };
  for (const [field, values] of Object.entries(enums)) {
    const property = properties[field];
    const allowed = { t: 's', e: [...values, ''] };
    if (property === 's') properties[field] = allowed;
    else if (typeof property === 'object' && property.a === 's') properties[field] = { a: allowed };
  }
  return { ...node, p: properties } satisfies CompactShape;
}
