// The built-in kinds of each Kubernetes minor version, read from the generated data on first use only:
// a run that never validates a schema never parses it, and a run parses only the definitions it reads.

import { KUBERNETES_API_ROWS, parseKubernetesVersion } from '../data/kubernetes-apis.ts';
import { kubernetesEnums } from '../data/kubernetes-enums.ts';
import {
  builtInApiGroups,
  definitionBodies,
  definitionNames,
  versionIndexes,
} from '../data/schemas/kubernetes.generated.ts';
import type { CompactNode, CompactShape } from './compact.ts';

export interface KubernetesSchema {
  /** `1.31`. */
  version: string;
  /** apiVersion -> kind -> definition name, for the kinds this version serves. */
  kinds: ReadonlyMap<string, ReadonlyMap<string, string>>;
  definitions: DefinitionLookup;
}

/** Definitions by name, each made (enumerations laid over it) on first use: an object uses a few dozen of hundreds. */
export interface DefinitionLookup {
  get(name: string): CompactNode | undefined;
  /** The definition a `@Name` reference of a compact node names: looked up by the reference itself, which repeats at every node. */
  reference(ref: string): CompactNode | undefined;
}

// Definitions shared by several versions are parsed once, by their position in the generated data.
const parsedBodies: Array<CompactNode | undefined> = [];
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
  const index = JSON.parse(indexText) as { kinds: Record<string, Record<string, string>>; definitions: number[] };
  const definitions = new LazyDefinitions(index.definitions);
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

class LazyDefinitions implements DefinitionLookup {
  readonly #positions = new Map<string, number>();
  readonly #made = new Map<string, CompactNode>();
  readonly #byReference = new Map<string, CompactNode | null>();

  constructor(positions: readonly number[]) {
    // Later positions win, as Map.set did when every definition was made up front.
    for (const position of positions) {
      const name = definitionNames[position];
      if (name !== undefined) this.#positions.set(name, position);
    }
  }

  reference(ref: string): CompactNode | undefined {
    let definition = this.#byReference.get(ref);
    if (definition === undefined) {
      definition = this.get(ref.slice(1)) ?? null;
      this.#byReference.set(ref, definition);
    }
    return definition ?? undefined;
  }

  get(name: string): CompactNode | undefined {
    const made = this.#made.get(name);
    if (made !== undefined) return made;
    const position = this.#positions.get(name);
    if (position === undefined) return undefined;
    const body = definitionBodies[position];
    if (body === undefined) return undefined;
    let parsed = parsedBodies[position];
    if (parsed === undefined) {
      parsed = JSON.parse(body) as CompactNode;
      parsedBodies[position] = parsed;
    }
    const definition = withEnums(name, parsed);
    this.#made.set(name, definition);
    return definition;
  }
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
