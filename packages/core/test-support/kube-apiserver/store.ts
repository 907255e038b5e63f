// The objects the test API server holds, keyed as etcd keys them, with server-set metadata.
import { randomUUID } from 'node:crypto';
import { type ResourceType, ResourceTypes } from './resources.ts';

export type KubeObject = Record<string, unknown> & {
  apiVersion?: string;
  kind?: string;
  metadata?: Record<string, unknown> & {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
  };
};

export interface ObjectKey {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * An object as read through one version of its kind: etcd keys objects without a version and the API
 * server converts on read (the admissionregistration kinds are served as v1 and v1beta1 alike).
 */
function inVersion(t: ResourceType, object: KubeObject): KubeObject {
  object.apiVersion = t.group === '' ? t.version : `${t.group}/${t.version}`;
  return object;
}

function storageKey(t: ResourceType, namespace: string | undefined, name: string): string {
  return `${t.group}/${t.resource}/${t.namespaced ? (namespace ?? '') : ''}/${name}`;
}

/** Seconds precision, as the API server writes timestamps. */
export function kubeTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

const kindsWithGeneration = new Set(['apps', 'batch', 'networking.k8s.io']);

export class ObjectStore {
  private readonly objects = new Map<string, KubeObject>();
  private revision = 1000;
  private nextClusterIp = 10;
  /** What the server serves: the built-in types and those of the stored CustomResourceDefinitions. */
  readonly types = new ResourceTypes();

  /** The store-wide resource version (what a list answers). */
  get resourceVersion(): string {
    return String(this.revision);
  }

  nextResourceVersion(): string {
    this.revision++;
    return String(this.revision);
  }

  typeOf(object: KubeObject): ResourceType {
    const t = this.types.forObject(object.apiVersion ?? '', object.kind ?? '');
    if (!t) throw new Error(`the test API server does not serve ${object.apiVersion} ${object.kind}`);
    return t;
  }

  /** Stores a new object as a create does: uid, creationTimestamp, resourceVersion and defaults. */
  insert(t: ResourceType, input: KubeObject): KubeObject {
    const object = structuredClone(input);
    object.apiVersion = t.group === '' ? t.version : `${t.group}/${t.version}`;
    object.kind = t.kind;
    object.metadata ??= {};
    const metadata = object.metadata;
    if (!t.namespaced) delete metadata.namespace;
    metadata.uid = randomUUID();
    metadata.creationTimestamp = kubeTimestamp();
    metadata.resourceVersion = this.nextResourceVersion();
    if (kindsWithGeneration.has(t.group) || t.custom || t.kind === 'CustomResourceDefinition') metadata.generation = 1;
    this.applyDefaults(t, object);
    this.objects.set(storageKey(t, metadata.namespace, metadata.name ?? ''), object);
    if (t.kind === 'CustomResourceDefinition') this.refreshCustomTypes();
    return structuredClone(object);
  }

  /** Replaces an existing object, keeping what clients cannot change. */
  replace(t: ResourceType, existing: KubeObject, input: KubeObject): KubeObject {
    const object = structuredClone(input);
    object.apiVersion = t.group === '' ? t.version : `${t.group}/${t.version}`;
    object.kind = existing.kind;
    object.metadata ??= {};
    const metadata = object.metadata;
    const previous = existing.metadata ?? {};
    metadata.name = previous.name;
    if (t.namespaced) metadata.namespace = previous.namespace;
    else delete metadata.namespace;
    metadata.uid = previous.uid;
    metadata.creationTimestamp = previous.creationTimestamp;
    if (typeof previous.generation === 'number') {
      const specChanged = JSON.stringify(existing.spec) !== JSON.stringify(object.spec);
      metadata.generation = previous.generation + (specChanged ? 1 : 0);
    }
    if (t.kind === 'Service') {
      object.spec ??= {};
      const spec = object.spec as Record<string, unknown>;
      const previousSpec = (existing.spec ?? {}) as Record<string, unknown>;
      spec.clusterIP ??= previousSpec.clusterIP;
      spec.clusterIPs ??= previousSpec.clusterIPs;
    }
    this.applyDefaults(t, object);
    metadata.resourceVersion = this.nextResourceVersion();
    this.objects.set(storageKey(t, metadata.namespace, metadata.name ?? ''), object);
    if (t.kind === 'CustomResourceDefinition') this.refreshCustomTypes();
    return structuredClone(object);
  }

  private refreshCustomTypes(): void {
    this.types.setDefinitions(
      [...this.objects]
        .filter(([key]) => key.startsWith('apiextensions.k8s.io/customresourcedefinitions/'))
        .map(([, o]) => o),
    );
  }

  private applyDefaults(t: ResourceType, object: KubeObject): void {
    const metadata = object.metadata ?? {};
    if (t.kind === 'CustomResourceDefinition') {
      // Established at once: the API server accepts the names and serves the kind within a second.
      const spec = (object.spec ?? {}) as {
        names?: Record<string, unknown>;
        versions?: { name?: string; storage?: boolean }[];
      };
      const names = spec.names ?? {};
      const storedVersions = (spec.versions ?? []).filter((v) => v.storage === true).map((v) => v.name);
      object.status = {
        acceptedNames: { ...names, singular: names.singular ?? String(names.kind ?? '').toLowerCase() },
        conditions: [
          {
            type: 'NamesAccepted',
            status: 'True',
            reason: 'NoConflicts',
            message: 'no conflicts found',
            lastTransitionTime: metadata.creationTimestamp,
          },
          {
            type: 'Established',
            status: 'True',
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
            lastTransitionTime: metadata.creationTimestamp,
          },
        ],
        storedVersions,
      };
    }
    if (t.kind === 'Namespace') {
      metadata.labels = { ...(metadata.labels ?? {}), 'kubernetes.io/metadata.name': metadata.name ?? '' };
      object.spec ??= { finalizers: ['kubernetes'] };
      object.status = { phase: 'Active' };
    }
    if (t.kind === 'Service') {
      object.spec ??= {};
      const spec = object.spec as Record<string, unknown>;
      spec.type ??= 'ClusterIP';
      spec.sessionAffinity ??= 'None';
      if (spec.type !== 'ExternalName' && spec.clusterIP === undefined) {
        const ip = `10.96.0.${this.nextClusterIp++}`;
        spec.clusterIP = ip;
        spec.clusterIPs = [ip];
      }
      for (const port of (spec.ports ?? []) as Record<string, unknown>[]) {
        port.protocol ??= 'TCP';
        port.targetPort ??= port.port;
      }
    }
  }

  getByType(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const object = this.objects.get(storageKey(t, namespace, name));
    return object && inVersion(t, structuredClone(object));
  }

  listByType(t: ResourceType, namespace?: string): KubeObject[] {
    const prefix = `${t.group}/${t.resource}/`;
    return [...this.objects]
      .filter(
        ([key, object]) =>
          key.startsWith(prefix) && (namespace === undefined || object.metadata?.namespace === namespace),
      )
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, object]) => inVersion(t, structuredClone(object)));
  }

  removeByType(t: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = storageKey(t, namespace, name);
    const object = this.objects.get(key);
    if (!object) return undefined;
    this.objects.delete(key);
    this.nextResourceVersion();
    if (t.kind === 'Namespace') {
      for (const [otherKey, other] of this.objects)
        if (other.metadata?.namespace === name) this.objects.delete(otherKey);
    }
    if (t.kind === 'CustomResourceDefinition') {
      // Deleting a definition deletes every object of its kind, as the API server's finalizer does.
      const spec = (object.spec ?? {}) as { group?: string; names?: { plural?: string } };
      const prefix = `${spec.group}/${spec.names?.plural}/`;
      for (const otherKey of [...this.objects.keys()]) if (otherKey.startsWith(prefix)) this.objects.delete(otherKey);
      this.refreshCustomTypes();
    }
    return object;
  }

  // The test-facing API: look objects up by apiVersion and kind.

  /** Adds an object as if a client had created it (no authorization, no validation). */
  add(object: KubeObject): KubeObject {
    return this.insert(this.typeOf(object), object);
  }

  get(key: ObjectKey): KubeObject | undefined {
    const t = this.typeOf({ apiVersion: key.apiVersion, kind: key.kind });
    return this.getByType(t, key.namespace, key.name);
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    return this.listByType(this.typeOf({ apiVersion, kind }), namespace);
  }

  remove(key: ObjectKey): boolean {
    const t = this.typeOf({ apiVersion: key.apiVersion, kind: key.kind });
    return this.removeByType(t, key.namespace, key.name) !== undefined;
  }

  /** Every object, in storage-key order. */
  all(): KubeObject[] {
    return [...this.objects.values()].map((o) => structuredClone(o));
  }

  /** A stable picture of the whole store, for "nothing changed" assertions. */
  snapshot(): string {
    return JSON.stringify([...this.objects].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
}
