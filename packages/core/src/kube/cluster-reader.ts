// Reads what is deployed (workloads, services, ingresses, RBAC, volumes, namespaces) so that the
// same rules judge it: each object becomes a YAML text plus an ObjectLocation. Objects made by a
// controller are judged once, at their owner.
import { stringify } from 'yaml';
import { addDefinition, CustomResourceCatalog } from '../schema/custom-resources.ts';
import type { ObjectLocation } from '../types.ts';
import {
  boundedHttpLibrary,
  type ClusterConnection,
  ClusterError,
  type ClusterErrorCode,
  connectToCluster,
  maxAnswerBytes,
  toClusterError,
  withRetries,
} from './cluster-client.ts';
import type { Kubeconfig, ResolvedContext } from './kubeconfig.ts';

type Json = Record<string, unknown>;
type Apis = {
  core: InstanceType<ClusterConnection['client']['CoreV1Api']>;
  apps: InstanceType<ClusterConnection['client']['AppsV1Api']>;
  batch: InstanceType<ClusterConnection['client']['BatchV1Api']>;
  networking: InstanceType<ClusterConnection['client']['NetworkingV1Api']>;
  rbac: InstanceType<ClusterConnection['client']['RbacAuthorizationV1Api']>;
  extensions: InstanceType<ClusterConnection['client']['ApiextensionsV1Api']>;
  custom: InstanceType<ClusterConnection['client']['CustomObjectsApi']>;
};
/** One page of a list: `limit` items at most, and the token of the next page when there is one. */
interface ListPage {
  limit: number;
  _continue?: string;
}
type ListAnswer = { items: unknown[]; metadata?: { _continue?: string } };
type Lister = (apis: Apis, namespace: string, page: ListPage, options: never) => Promise<ListAnswer>;

/** Objects asked for per answer: each answer, and the memory it takes, stays small however large the list. */
export const listPageSize = 500;
/** Objects of one kind in one namespace (or cluster-wide) at most: past this, reading is refused, not attempted. */
export const maxListedObjects = 200_000;
/** CustomResourceDefinitions asked for per answer: one can hold a schema of a megabyte or more. */
export const definitionPageSize = 50;

interface KindReader {
  apiVersion: string;
  kind: string;
  /** The client-node model name, to turn the typed answer back into the wire JSON. */
  model: string;
  resource: string;
  list: Lister;
}

// Pods and ReplicaSets are read so that the ones a controller made can be recognised and skipped.
const namespacedKinds: readonly KindReader[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    model: 'V1Deployment',
    resource: 'deployments',
    list: (a, namespace, page, o) => a.apps.listNamespacedDeployment({ namespace, ...page }, o),
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    model: 'V1StatefulSet',
    resource: 'statefulsets',
    list: (a, namespace, page, o) => a.apps.listNamespacedStatefulSet({ namespace, ...page }, o),
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    model: 'V1DaemonSet',
    resource: 'daemonsets',
    list: (a, namespace, page, o) => a.apps.listNamespacedDaemonSet({ namespace, ...page }, o),
  },
  {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    model: 'V1ReplicaSet',
    resource: 'replicasets',
    list: (a, namespace, page, o) => a.apps.listNamespacedReplicaSet({ namespace, ...page }, o),
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    model: 'V1CronJob',
    resource: 'cronjobs',
    list: (a, namespace, page, o) => a.batch.listNamespacedCronJob({ namespace, ...page }, o),
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    model: 'V1Job',
    resource: 'jobs',
    list: (a, namespace, page, o) => a.batch.listNamespacedJob({ namespace, ...page }, o),
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    model: 'V1Pod',
    resource: 'pods',
    list: (a, namespace, page, o) => a.core.listNamespacedPod({ namespace, ...page }, o),
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    model: 'V1Service',
    resource: 'services',
    list: (a, namespace, page, o) => a.core.listNamespacedService({ namespace, ...page }, o),
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    model: 'V1Ingress',
    resource: 'ingresses',
    list: (a, namespace, page, o) => a.networking.listNamespacedIngress({ namespace, ...page }, o),
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    model: 'V1Role',
    resource: 'roles',
    list: (a, namespace, page, o) => a.rbac.listNamespacedRole({ namespace, ...page }, o),
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    model: 'V1RoleBinding',
    resource: 'rolebindings',
    list: (a, namespace, page, o) => a.rbac.listNamespacedRoleBinding({ namespace, ...page }, o),
  },
];

const clusterKinds: readonly KindReader[] = [
  {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    model: 'V1PersistentVolume',
    resource: 'persistentvolumes',
    list: (a, _n, page, o) => a.core.listPersistentVolume({ ...page }, o),
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    model: 'V1ClusterRole',
    resource: 'clusterroles',
    list: (a, _n, page, o) => a.rbac.listClusterRole({ ...page }, o),
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    model: 'V1ClusterRoleBinding',
    resource: 'clusterrolebindings',
    list: (a, _n, page, o) => a.rbac.listClusterRoleBinding({ ...page }, o),
  },
];

export interface ClusterObject {
  /** The object as the API server sends it (JSON). */
  object: Json;
  location: ObjectLocation;
}

export interface ClusterObjectGroup {
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  objects: ClusterObject[];
}

export interface ReadProgress {
  done: number;
  total: number;
  namespace?: string;
}

export interface ReadClusterOptions {
  /** Needed unless `connection` is given. */
  kubeconfig?: Kubeconfig;
  /** `--context`; default the current context. */
  context?: string | undefined;
  /** `-n`; default the context's namespace. */
  namespace?: string | undefined;
  /** `-A`: every namespace the user may read, and the cluster-scoped kinds. */
  allNamespaces?: boolean;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** Bytes one answer may hold; default maxAnswerBytes. */
  maxAnswerBytes?: number;
  /** Namespaces read at once; default 4. */
  concurrency?: number;
  onProgress?: (progress: ReadProgress) => void;
  /** An open connection to reuse (the CLI also fetches port requests through it). */
  connection?: ClusterConnection;
  /**
   * Read the CustomResourceDefinitions the cluster serves and the custom objects of their kinds
   * (default true); false reads the built-in kinds only.
   */
  customResources?: boolean;
}

export interface SkippedRead {
  namespace?: string;
  /** Resources (plural names) that could not be read there. */
  resources: string[];
  reason: string;
}

export interface ClusterReadResult {
  context: ResolvedContext;
  /** Namespaces that were read, fully or in part. */
  namespaces: string[];
  groups: ClusterObjectGroup[];
  /** Namespaces where the user may read nothing (403 on every kind). */
  skippedNamespaces: string[];
  /** Every refused or missing read, for the report. */
  skipped: SkippedRead[];
  /** Objects made by a controller that is itself checked (ReplicaSets of a Deployment, its Pods...). */
  collapsed: number;
  /** The custom kinds the cluster serves, with their schemas (empty when its CRDs could not be read). */
  customResources: CustomResourceCatalog;
}

// Errors that end the whole read (exit 3); 403 and 404 only skip what they concern.
const fatalCodes: ReadonlySet<ClusterErrorCode> = new Set(['unreachable', 'tls', 'unauthorized', 'timeout', 'server']);

let serializer: Promise<{ serialize(data: unknown, type: string, format: string): unknown }> | undefined;

function loadSerializer() {
  // The typed client turns JSON into model classes (dates, renamed fields); the rules read wire JSON.
  serializer ??= import('@kubernetes/client-node/dist/gen/models/ObjectSerializer.js').then((m) => m.ObjectSerializer);
  return serializer;
}

function locationOf(reader: { apiVersion: string; kind: string }, object: Json): ObjectLocation {
  const metadata = (object.metadata ?? {}) as Json;
  const location: ObjectLocation = { apiVersion: reader.apiVersion, kind: reader.kind };
  if (typeof metadata.name === 'string') location.name = metadata.name;
  if (typeof metadata.namespace === 'string') location.namespace = metadata.namespace;
  return location;
}

async function runPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

/**
 * Every item of a list, read a page at a time (`limit`, then `continue`), as kubectl does. A server
 * that sends more than a page asked for, or a list past maxListedObjects, ends the read.
 */
async function listInPages(
  fetchPage: (page: ListPage) => Promise<ListAnswer>,
  what: string,
  where: string,
  pageSize = listPageSize,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const answer = await fetchPage(token === undefined ? { limit: pageSize } : { limit: pageSize, _continue: token });
    if (!Array.isArray(answer?.items)) {
      throw new ClusterError('server', `the API server of ${where} answered a list of ${what} with no items list.`);
    }
    if (answer.items.length > pageSize) {
      throw new ClusterError(
        'server',
        `the API server of ${where} sent ${answer.items.length} ${what} where ${pageSize} were asked for; it does not page lists, and an unpaged answer may not fit in memory.`,
      );
    }
    for (const item of answer.items) items.push(item);
    if (items.length > maxListedObjects) {
      throw new ClusterError(
        'server',
        `more than ${maxListedObjects} ${what} on ${where}: too many to check at once. Check one namespace at a time with -n NAMESPACE.`,
      );
    }
    token = answer.metadata?._continue || undefined;
  } while (token !== undefined);
  return items;
}

export async function readClusterObjects(options: ReadClusterOptions): Promise<ClusterReadResult> {
  if (!options.connection && !options.kubeconfig)
    throw new Error('readClusterObjects needs a kubeconfig or a connection');
  const connection =
    options.connection ??
    (await connectToCluster({
      kubeconfig: options.kubeconfig as Kubeconfig,
      context: options.context,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    }));
  const { client, config } = connection;
  const apis: Apis = {
    core: config.makeApiClient(client.CoreV1Api),
    apps: config.makeApiClient(client.AppsV1Api),
    batch: config.makeApiClient(client.BatchV1Api),
    networking: config.makeApiClient(client.NetworkingV1Api),
    rbac: config.makeApiClient(client.RbacAuthorizationV1Api),
    extensions: config.makeApiClient(client.ApiextensionsV1Api),
    custom: config.makeApiClient(client.CustomObjectsApi),
  };
  const where = connection.describe();
  // Lists can be large: their answers go through a transport that stops past a bound.
  const requestOptions = {
    ...(connection.requestOptions as object),
    httpApi: boundedHttpLibrary(client, options.maxAnswerBytes ?? maxAnswerBytes, where),
  } as never;
  const objectSerializer = await loadSerializer();
  const serialize = (data: unknown, type: string) => objectSerializer.serialize(data, type, '');

  const skipped: SkippedRead[] = [];
  const read: ClusterObject[] = [];

  // Namespaces: the one asked for (or the context's), or all of them with -A.
  let namespaces: string[];
  if (options.allNamespaces) {
    try {
      const items = await listInPages(
        (page) => withRetries(connection, 'read', () => apis.core.listNamespace({ ...page }, requestOptions)),
        'namespaces',
        where,
      );
      namespaces = [];
      for (const item of items) {
        const object = serialize(item, 'V1Namespace') as Json;
        object.apiVersion = 'v1';
        object.kind = 'Namespace';
        const location = locationOf(namespaceReader, object);
        if (location.name) namespaces.push(location.name);
        read.push({ object, location });
      }
    } catch (error) {
      const clusterError = toClusterError(error, 'listing namespaces', where);
      if (clusterError.code === 'forbidden')
        throw new ClusterError(
          'forbidden',
          `you are not allowed to list namespaces on ${where}, so -A cannot find them. Check one namespace at a time with -n NAMESPACE.`,
          403,
        );
      throw clusterError;
    }
  } else {
    const namespace = options.namespace || connection.context.namespace;
    namespaces = [namespace];
    try {
      const item = await withRetries(connection, 'read', () =>
        apis.core.readNamespace({ name: namespace }, requestOptions),
      );
      const object = serialize(item, 'V1Namespace') as Json;
      object.apiVersion = 'v1';
      object.kind = 'Namespace';
      read.push({ object, location: locationOf(namespaceReader, object) });
    } catch (error) {
      const clusterError = toClusterError(error, `reading namespace "${namespace}"`, where);
      if (fatalCodes.has(clusterError.code)) throw clusterError;
      if (clusterError.code === 'not-found')
        throw new ClusterError(
          'not-found',
          `there is no namespace "${namespace}" on ${where}. Check the name given with -n.`,
          404,
        );
      skipped.push({ namespace, resources: ['namespaces'], reason: 'forbidden' });
    }
  }
  namespaces.sort();

  const listKind = async (
    reader: KindReader,
    namespace: string | undefined,
  ): Promise<'ok' | 'forbidden' | 'missing'> => {
    const scope = namespace === undefined ? '' : ` in namespace "${namespace}"`;
    try {
      const items = await listInPages(
        (page) => withRetries(connection, 'read', () => reader.list(apis, namespace ?? '', page, requestOptions)),
        `${reader.resource}${scope}`,
        where,
      );
      for (const item of items) {
        const object = serialize(item, reader.model) as Json;
        object.apiVersion = reader.apiVersion;
        object.kind = reader.kind;
        read.push({ object, location: locationOf(reader, object) });
      }
      return 'ok';
    } catch (error) {
      const clusterError = toClusterError(error, `listing ${reader.resource}${scope}`, where);
      if (fatalCodes.has(clusterError.code)) throw clusterError;
      return clusterError.code === 'forbidden' ? 'forbidden' : 'missing';
    }
  };

  // Custom kinds: the definitions first, then their objects beside the built-in kinds.
  const customResources = new CustomResourceCatalog();
  let customReaders: CustomKindReader[] = [];
  if (options.customResources !== false) {
    try {
      const items = await listInPages(
        (page) =>
          withRetries(connection, 'read', () =>
            apis.extensions.listCustomResourceDefinition({ ...page }, requestOptions),
          ),
        'customresourcedefinitions',
        where,
        definitionPageSize,
      );
      const definitions = items.map((item) => serialize(item, 'V1CustomResourceDefinition') as Json);
      for (const definition of definitions)
        addDefinition(customResources, definition, `cluster:${connection.context.name}`);
      customReaders = definitions.flatMap(customKindReader).sort((a, b) => a.label.localeCompare(b.label));
    } catch (error) {
      const clusterError = toClusterError(error, 'listing customresourcedefinitions', where);
      if (fatalCodes.has(clusterError.code)) throw clusterError;
      skipped.push({
        resources: ['customresourcedefinitions'],
        reason:
          clusterError.code === 'forbidden'
            ? 'you may not list them (403 Forbidden), so custom objects were neither read nor validated'
            : 'not served by this cluster',
      });
    }
  }
  const namespacedCustom = customReaders.filter((reader) => reader.namespaced);
  const clusterCustom = customReaders.filter((reader) => !reader.namespaced);

  /** One custom kind, in one namespace or (undefined) across the cluster. */
  const listCustom = async (
    reader: CustomKindReader,
    namespace: string | undefined,
  ): Promise<'ok' | 'forbidden' | 'missing'> => {
    const scope = namespace === undefined ? '' : ` in namespace "${namespace}"`;
    const { group, version, plural } = reader;
    try {
      const items = await listInPages(
        (page) =>
          withRetries(connection, 'read', () =>
            namespace === undefined
              ? apis.custom.listClusterCustomObject({ group, version, plural, ...page }, requestOptions)
              : apis.custom.listNamespacedCustomObject({ group, version, namespace, plural, ...page }, requestOptions),
          ) as Promise<ListAnswer>,
        `${reader.label}${scope}`,
        where,
      );
      for (const item of items) {
        if (!item || typeof item !== 'object') continue;
        const object = item as Json;
        object.apiVersion = reader.apiVersion;
        object.kind = reader.kind;
        const location = locationOf(reader, object);
        // Across the cluster, only the namespaces this read covers (the readable ones).
        if (location.namespace !== undefined && !namespaces.includes(location.namespace)) continue;
        read.push({ object, location });
      }
      return 'ok';
    } catch (error) {
      const clusterError = toClusterError(error, `listing ${reader.label}${scope}`, where);
      if (fatalCodes.has(clusterError.code)) throw clusterError;
      return clusterError.code === 'forbidden' ? 'forbidden' : 'missing';
    }
  };

  const total = namespaces.length + (options.allNamespaces ? 1 : 0);
  let done = 0;
  const skippedNamespaces: string[] = [];
  options.onProgress?.({ done, total });
  // With -A, a custom kind is one list across the cluster; where that is refused, one per namespace.
  let perNamespaceCustom = namespacedCustom;
  if (options.allNamespaces && namespacedCustom.length > 0) {
    const outcomes = await mapPool(namespacedCustom, options.concurrency ?? 4, (reader) =>
      listCustom(reader, undefined),
    );
    perNamespaceCustom = namespacedCustom.filter((_, i) => outcomes[i] === 'forbidden');
    const missing = namespacedCustom.filter((_, i) => outcomes[i] === 'missing').map((r) => r.label);
    if (missing.length > 0) skipped.push({ resources: missing, reason: 'not served by this cluster' });
  }
  await runPool(namespaces, options.concurrency ?? 4, async (namespace) => {
    const outcomes = await Promise.all(namespacedKinds.map((reader) => listKind(reader, namespace)));
    const forbidden = namespacedKinds.filter((_, i) => outcomes[i] === 'forbidden').map((r) => r.resource);
    const missing = namespacedKinds.filter((_, i) => outcomes[i] === 'missing').map((r) => r.resource);
    // A namespace is skipped for the built-in kinds alone: custom kinds are often readable by few.
    const everythingRefused = forbidden.length === namespacedKinds.length;
    if (everythingRefused) skippedNamespaces.push(namespace);
    if (!everythingRefused && perNamespaceCustom.length > 0) {
      const customOutcomes = await mapPool(perNamespaceCustom, 4, (reader) => listCustom(reader, namespace));
      forbidden.push(...perNamespaceCustom.filter((_, i) => customOutcomes[i] === 'forbidden').map((r) => r.label));
      missing.push(...perNamespaceCustom.filter((_, i) => customOutcomes[i] === 'missing').map((r) => r.label));
    }
    if (forbidden.length > 0) skipped.push({ namespace, resources: forbidden, reason: 'forbidden' });
    if (missing.length > 0) skipped.push({ namespace, resources: missing, reason: 'not served by this cluster' });
    done++;
    options.onProgress?.({ done, total, namespace });
  });
  if (options.allNamespaces) {
    const outcomes = await Promise.all(clusterKinds.map((reader) => listKind(reader, undefined)));
    const forbidden = clusterKinds.filter((_, i) => outcomes[i] === 'forbidden').map((r) => r.resource);
    const customOutcomes = await mapPool(clusterCustom, options.concurrency ?? 4, (reader) =>
      listCustom(reader, undefined),
    );
    forbidden.push(...clusterCustom.filter((_, i) => customOutcomes[i] === 'forbidden').map((r) => r.label));
    if (forbidden.length > 0) skipped.push({ resources: forbidden, reason: 'forbidden' });
    done++;
    options.onProgress?.({ done, total });
  }
  skippedNamespaces.sort();

  const kept = collapseOwned(read);
  const groups = new Map<string, ClusterObject[]>();
  for (const item of kept) {
    const key = item.location.namespace ?? (item.location.kind === 'Namespace' ? (item.location.name ?? '') : '');
    const group = groups.get(key) ?? [];
    group.push(item);
    groups.set(key, group);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
  return {
    context: connection.context,
    namespaces: namespaces.filter((n) => !skippedNamespaces.includes(n)),
    groups: ordered.map(([namespace, objects]) => ({
      ...(namespace === '' ? {} : { namespace }),
      objects: objects.sort(compareObjects),
    })),
    skippedNamespaces,
    skipped,
    collapsed: read.length - kept.length,
    customResources,
  };
}

/** How one custom kind is listed: the version its objects are stored in when served, else the first served. */
interface CustomKindReader {
  apiVersion: string;
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** `widgets.example.org`, as kubectl and RBAC messages name it. */
  label: string;
}

function customKindReader(definition: Json): CustomKindReader[] {
  const spec = (definition.spec ?? {}) as {
    group?: unknown;
    scope?: unknown;
    names?: { kind?: unknown; plural?: unknown };
    versions?: { name?: unknown; served?: unknown; storage?: unknown }[];
  };
  const { group } = spec;
  const kind = spec.names?.kind;
  const plural = spec.names?.plural;
  if (typeof group !== 'string' || typeof kind !== 'string' || typeof plural !== 'string') return [];
  const served = (Array.isArray(spec.versions) ? spec.versions : []).filter(
    (version) => version?.served === true && typeof version.name === 'string',
  );
  const chosen = served.find((version) => version.storage === true) ?? served[0];
  if (!chosen) return [];
  const version = chosen.name as string;
  return [
    {
      apiVersion: `${group}/${version}`,
      kind,
      group,
      version,
      plural,
      namespaced: spec.scope !== 'Cluster',
      label: `${plural}.${group}`,
    },
  ];
}

async function mapPool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

const namespaceReader: KindReader = {
  apiVersion: 'v1',
  kind: 'Namespace',
  model: 'V1Namespace',
  resource: 'namespaces',
  list: () => Promise.resolve({ items: [] }),
};

const kindOrder = ['Namespace', ...namespacedKinds.map((k) => k.kind), ...clusterKinds.map((k) => k.kind)];

/** Built-in kinds in reading order, then custom kinds by name. */
function kindRank(kind: string): number {
  const index = kindOrder.indexOf(kind);
  return index === -1 ? kindOrder.length : index;
}

function compareObjects(a: ClusterObject, b: ClusterObject): number {
  return (
    kindRank(a.location.kind) - kindRank(b.location.kind) ||
    a.location.kind.localeCompare(b.location.kind) ||
    (a.location.name ?? '').localeCompare(b.location.name ?? '')
  );
}

/** Drops objects whose controlling owner was read too: the owner is what people write and fix. */
export function collapseOwned(objects: readonly ClusterObject[]): ClusterObject[] {
  const uids = new Set<string>();
  for (const item of objects) {
    const uid = (item.object.metadata as Json | undefined)?.uid;
    if (typeof uid === 'string') uids.add(uid);
  }
  return objects.filter((item) => {
    const owners = ((item.object.metadata as Json | undefined)?.ownerReferences ?? []) as Json[];
    return !owners.some((owner) => owner.controller === true && typeof owner.uid === 'string' && uids.has(owner.uid));
  });
}

const serverSetMetadata = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
  'ownerReferences',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** The object as a manifest: what its author wrote, without status and server bookkeeping. */
export function clusterObjectText(item: ClusterObject): string {
  const object = structuredClone(item.object);
  delete object.status;
  const metadata = object.metadata as Json | undefined;
  if (metadata) {
    for (const key of serverSetMetadata) delete metadata[key];
    const annotations = metadata.annotations as Record<string, string> | undefined;
    if (annotations) {
      // kubectl's copy of the applied manifest would double the size and is not what runs.
      delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
      if (Object.keys(annotations).length === 0) delete metadata.annotations;
    }
  }
  const ordered: Json = { apiVersion: object.apiVersion, kind: object.kind };
  for (const [key, value] of Object.entries(object)) if (!(key in ordered)) ordered[key] = value;
  // YAML 1.1 quoting, so that a string such as "on" reads back as a string, as the rules read it.
  return stringify(ordered, { version: '1.1', lineWidth: 0 });
}

/** How an object is named where a file path would be: `cluster:<context>/<namespace>/<Kind>/<name>`. */
export function clusterObjectPath(contextName: string, location: ObjectLocation): string {
  const parts = [location.namespace, location.kind, location.name].filter((part) => part !== undefined && part !== '');
  return `cluster:${contextName}/${parts.join('/')}`;
}

/** The inputs for `checkText`, one per object, in report order. */
export function clusterCheckInputs(
  result: ClusterReadResult,
): { path: string; text: string; kind: 'manifest'; object: ClusterObject }[] {
  return result.groups.flatMap((group) =>
    group.objects.map((object) => ({
      path: clusterObjectPath(result.context.name, object.location),
      text: clusterObjectText(object),
      kind: 'manifest' as const,
      object,
    })),
  );
}
