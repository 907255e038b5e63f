// Port requests: a user asks the sysadmins to expose a Service port to the public internet. A
// request is a labelled ConfigMap in the configuration's `portRequests.namespace`; the Service
// carries `lsst.io/port-request: <id>`. The format is documented in docs/port-requests.md.
import { isMap, isScalar, stringify } from 'yaml';
import { getPair, parseManifest } from '../documents/yaml.ts';
import { applyEdits } from '../fix/apply.ts';
import { setMapPath } from '../fix/yaml-edit.ts';
import {
  approvedPortsConfigMapName,
  type PortProtocol,
  type PortRequestStatus,
  portRequestAnnotationKey,
  portRequestId,
} from '../port-request-id.ts';
import {
  type ClusterConnection,
  ClusterError,
  canI,
  clusterCall,
  toClusterError,
  whoAmI,
  withRetries,
} from './cluster-client.ts';

export {
  approvedPortsConfigMapName,
  type PortProtocol,
  parsePortRequestId,
  portRequestId,
} from '../port-request-id.ts';

export const portRequestAnnotation = portRequestAnnotationKey;
/** On every request ConfigMap, value "true": what `list` selects on. */
export const portRequestLabel = 'lsst.io/port-request';
export const portRequestStatusLabel = 'lsst.io/port-request-status';
/** The namespace of the Service the request is for. */
export const portRequestNamespaceLabel = 'lsst.io/port-request-namespace';
export const portRequestServiceLabel = 'lsst.io/port-request-service';

export type PortRequestState = PortRequestStatus['status'];
export const portRequestStates: readonly PortRequestState[] = ['pending', 'approved', 'denied'];
export type ExposureType = 'LoadBalancer' | 'NodePort' | 'Ingress';
export const exposureTypes: readonly ExposureType[] = ['LoadBalancer', 'NodePort', 'Ingress'];
export const portProtocols: readonly PortProtocol[] = ['TCP', 'UDP'];

export interface PortRequest {
  id: string;
  namespace: string;
  service: string;
  port: number;
  protocol: PortProtocol;
  type: ExposureType;
  host?: string;
  reason: string;
  /** The user name the cluster gave (SelfSubjectReview), or the local user in manifest mode. */
  requestedBy?: string;
  /** ISO 8601, UTC. */
  requestedAt: string;
  status: PortRequestState;
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
  /** `cluster` when recorded in a cluster, `manifest` when written from a file for a ticket. */
  source: 'cluster' | 'manifest';
}

export interface PortRequestInput {
  namespace: string;
  service: string;
  port: number;
  protocol?: PortProtocol;
  type?: ExposureType;
  host?: string;
  reason: string;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A usage problem in a request (bad port, bad name): the CLI exits 2 for these. */
export class PortRequestInputError extends Error {
  override readonly name = 'UsageError';
}

export function validatePortRequestInput(input: PortRequestInput): void {
  if (!dnsLabel.test(input.namespace))
    throw new PortRequestInputError(`"${input.namespace}" is not a namespace name (lower-case letters, digits and -).`);
  if (!dnsLabel.test(input.service))
    throw new PortRequestInputError(`"${input.service}" is not a Service name (lower-case letters, digits and -).`);
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535)
    throw new PortRequestInputError(`--port must be a number from 1 to 65535, not ${input.port}.`);
  if (input.reason.trim() === '')
    throw new PortRequestInputError('--reason must say why the port must be public: the sysadmins decide on it.');
}

export function newPortRequest(
  input: PortRequestInput,
  who: string | undefined,
  now: Date,
  source: PortRequest['source'],
): PortRequest {
  validatePortRequestInput(input);
  const protocol = input.protocol ?? 'TCP';
  const request: PortRequest = {
    id: portRequestId(input.namespace, input.service, input.port, protocol),
    namespace: input.namespace,
    service: input.service,
    port: input.port,
    protocol,
    type: input.type ?? 'LoadBalancer',
    reason: input.reason.trim(),
    requestedAt: now.toISOString(),
    status: 'pending',
    source,
  };
  if (input.host) request.host = input.host;
  if (who) request.requestedBy = who;
  return request;
}

/** The request as a document for a ticket (YAML or JSON), fields in a fixed order. */
export function portRequestDocument(request: PortRequest): Record<string, unknown> {
  const document: Record<string, unknown> = { apiVersion: 'lsst.io/v1', kind: 'PortRequest' };
  const order: (keyof PortRequest)[] = [
    'id',
    'namespace',
    'service',
    'port',
    'protocol',
    'type',
    'host',
    'reason',
    'requestedBy',
    'requestedAt',
    'status',
    'decidedBy',
    'decidedAt',
    'decisionReason',
    'source',
  ];
  for (const key of order) if (request[key] !== undefined) document[key] = request[key];
  return document;
}

export function renderPortRequest(request: PortRequest, format: 'yaml' | 'json'): string {
  const document = portRequestDocument(request);
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringify(document, { lineWidth: 0 });
}

type ConfigMapBody = {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  data: Record<string, string>;
};

const dataKeys = [
  'namespace',
  'service',
  'port',
  'protocol',
  'type',
  'host',
  'reason',
  'requestedBy',
  'requestedAt',
  'status',
  'decidedBy',
  'decidedAt',
  'decisionReason',
] as const;

export function portRequestToConfigMap(request: PortRequest, requestsNamespace: string): ConfigMapBody {
  const data: Record<string, string> = {};
  for (const key of dataKeys) if (request[key] !== undefined) data[key] = String(request[key]);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: request.id,
      namespace: requestsNamespace,
      labels: {
        'app.kubernetes.io/managed-by': 'kubectl-lsst',
        [portRequestLabel]: 'true',
        [portRequestStatusLabel]: request.status,
        [portRequestNamespaceLabel]: request.namespace,
        [portRequestServiceLabel]: request.service,
      },
      annotations: {
        'lsst.io/description': `Port request: expose ${request.service}:${request.port}/${request.protocol} in namespace ${request.namespace}`,
      },
    },
    data,
  };
}

/** Reads a request back from its ConfigMap; undefined when it is not one. */
export function portRequestFromConfigMap(configMap: {
  metadata?: { name?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}): PortRequest | undefined {
  const data = configMap.data ?? {};
  const id = configMap.metadata?.name;
  if (!id || configMap.metadata?.labels?.[portRequestLabel] !== 'true') return undefined;
  const status = portRequestStates.includes(data.status as PortRequestState)
    ? (data.status as PortRequestState)
    : 'pending';
  const request: PortRequest = {
    id,
    namespace: data.namespace ?? '',
    service: data.service ?? '',
    port: Number(data.port ?? 0),
    protocol: data.protocol === 'UDP' ? 'UDP' : 'TCP',
    type: exposureTypes.includes(data.type as ExposureType) ? (data.type as ExposureType) : 'LoadBalancer',
    reason: data.reason ?? '',
    requestedAt: data.requestedAt ?? '',
    status,
    source: 'cluster',
  };
  for (const key of ['host', 'requestedBy', 'decidedBy', 'decidedAt', 'decisionReason'] as const)
    if (data[key] !== undefined) request[key] = data[key];
  return request;
}

/** The ids in a Service's `lsst.io/port-request` annotation (comma-separated when several ports are asked for). */
export function annotationIds(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

export function annotationWith(value: string | undefined, id: string): string {
  const ids = annotationIds(value);
  return ids.includes(id) ? ids.join(',') : [...ids, id].join(',');
}

// ---- Manifest mode: no cluster -------------------------------------------------------------

export interface ManifestService {
  name: string;
  namespace?: string;
  ports: { port: number; protocol: PortProtocol }[];
  annotation?: string;
  /** spec.type, when written. */
  type?: string;
}

/** The Services of a manifest, in order. */
export function servicesInManifest(text: string): ManifestService[] {
  const services: ManifestService[] = [];
  for (const document of parseManifest(text).documents)
    for (const object of document.objects) {
      if (object.kind !== 'Service' || !object.name) continue;
      const json = object.map.toJSON() as {
        spec?: { type?: unknown; ports?: { port?: unknown; protocol?: unknown }[] };
        metadata?: { annotations?: Record<string, unknown> };
      };
      const service: ManifestService = {
        name: object.name,
        ports: (json.spec?.ports ?? [])
          .filter((p) => typeof p?.port === 'number')
          .map((p) => ({ port: p.port as number, protocol: p.protocol === 'UDP' ? 'UDP' : 'TCP' })),
      };
      if (object.namespace) service.namespace = object.namespace;
      if (typeof json.spec?.type === 'string') service.type = json.spec.type;
      const annotation = json.metadata?.annotations?.[portRequestAnnotation];
      if (typeof annotation === 'string') service.annotation = annotation;
      services.push(service);
    }
  return services;
}

/**
 * Adds `lsst.io/port-request: <id>` to the named Service of a manifest, as a text edit that keeps
 * every comment and all other formatting. Returns the same text when the annotation is there.
 */
export function annotateServiceInManifest(text: string, serviceName: string, id: string): string {
  const manifest = parseManifest(text);
  for (const document of manifest.documents) {
    for (const object of document.objects) {
      if (object.kind !== 'Service' || object.name !== serviceName) continue;
      const annotations = getPair(object.map, 'metadata')?.value;
      const existingPair = isMap(annotations) ? getPair(annotations, 'annotations')?.value : undefined;
      const existing = isMap(existingPair) ? getPair(existingPair, portRequestAnnotation)?.value : undefined;
      const current = isScalar(existing) ? String(existing.value ?? '') : undefined;
      const value = annotationWith(current, id);
      if (current === value) return text;
      const edit = setMapPath(text, object.map, ['metadata', 'annotations'], portRequestAnnotation, value);
      if (!edit) {
        throw new PortRequestInputError(
          `the Service "${serviceName}" has a metadata or metadata.annotations that is not a mapping, or an annotation key that is a near miss of ${portRequestAnnotation}; add the annotation ${portRequestAnnotation}: ${value} by hand.`,
        );
      }
      const edited = applyEdits(text, [edit]);
      // The edit must leave a manifest that reads back with the annotation, or nothing is written.
      const check = servicesInManifest(edited).find((service) => service.name === serviceName);
      if (!check || !annotationIds(check.annotation).includes(id))
        throw new PortRequestInputError(
          `could not add the annotation to the Service "${serviceName}" safely; add ${portRequestAnnotation}: ${value} by hand.`,
        );
      return edited;
    }
  }
  throw new PortRequestInputError(`no Service named "${serviceName}" in the manifest.`);
}

// ---- Cluster mode ---------------------------------------------------------------------------

interface ServiceLike {
  metadata?: { annotations?: Record<string, string>; resourceVersion?: string };
  spec?: { ports?: { port?: number; protocol?: string; name?: string }[] };
}

function notAllowed(connection: ClusterConnection, action: string, missing: string[]): ClusterError {
  return new ClusterError(
    'forbidden',
    `you are not allowed to ${action} on ${connection.describe()}: the cluster's RBAC does not let you ${missing.join(', nor ')}. Nothing was changed. Ask the cluster's administrators if you need this.`,
    403,
  );
}

async function requirePermissions(
  connection: ClusterConnection,
  action: string,
  questions: { verb: string; resource: string; namespace: string }[],
): Promise<void> {
  const answers = await Promise.all(questions.map((question) => canI(connection, question)));
  const missing = questions
    .filter((_, index) => !answers[index])
    .map((q) => `${q.verb} ${q.resource} in namespace "${q.namespace}"`);
  if (missing.length > 0) throw notAllowed(connection, action, missing);
}

function rethrowForbidden(error: unknown, connection: ClusterConnection, action: string, permission: string): never {
  const clusterError = toClusterError(error, `trying to ${permission}`, connection.describe());
  if (clusterError.code === 'forbidden') throw notAllowed(connection, action, [permission]);
  throw clusterError;
}

export interface SubmitResult {
  request: PortRequest;
  /** False when a request for this service port already existed (nothing new was recorded). */
  created: boolean;
  /** True when this run added the annotation to the Service. */
  annotated: boolean;
}

/** Records a request (or finds the existing one) and annotates the Service. */
export async function submitPortRequest(
  connection: ClusterConnection,
  requestsNamespace: string,
  input: PortRequestInput,
  now = new Date(),
): Promise<SubmitResult> {
  validatePortRequestInput(input);
  const core = connection.config.makeApiClient(connection.client.CoreV1Api);
  const options = connection.requestOptions as never;
  const action = 'request a public port';
  const service = (await clusterCall(
    connection,
    `reading the Service "${input.service}" in namespace "${input.namespace}"`,
    () => core.readNamespacedService({ name: input.service, namespace: input.namespace }, options),
  ).catch((error: unknown) => {
    if (error instanceof ClusterError && error.code === 'not-found')
      throw new ClusterError(
        'not-found',
        `there is no Service "${input.service}" in namespace "${input.namespace}" on ${connection.describe()}. Check the name and -n NAMESPACE.`,
        404,
      );
    if (error instanceof ClusterError && error.code === 'forbidden')
      throw notAllowed(connection, action, [`get services in namespace "${input.namespace}"`]);
    throw error;
  })) as ServiceLike;
  const protocol = input.protocol ?? 'TCP';
  const ports = service.spec?.ports ?? [];
  if (!ports.some((p) => p.port === input.port && (p.protocol ?? 'TCP') === protocol)) {
    const known = ports.map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ') || 'none';
    throw new PortRequestInputError(
      `the Service "${input.service}" has no port ${input.port}/${protocol} (its ports: ${known}). Ask for one of its ports.`,
    );
  }
  // Unless told, the request asks for the exposure the Service already declares.
  const declared = (service.spec as { type?: string } | undefined)?.type;
  if (input.type === undefined && (declared === 'NodePort' || declared === 'LoadBalancer'))
    input = { ...input, type: declared };
  const id = portRequestId(input.namespace, input.service, input.port, protocol);
  const annotated = annotationIds(service.metadata?.annotations?.[portRequestAnnotation]).includes(id);

  const existing = await findRequest(connection, requestsNamespace, id);
  if (!existing) {
    await requirePermissions(connection, action, [
      { verb: 'create', resource: 'configmaps', namespace: requestsNamespace },
      ...(annotated ? [] : [{ verb: 'patch', resource: 'services', namespace: input.namespace }]),
    ]);
  } else if (!annotated) {
    await requirePermissions(connection, action, [{ verb: 'patch', resource: 'services', namespace: input.namespace }]);
  }

  let request = existing;
  let created = false;
  if (!request) {
    const who = await whoAmI(connection);
    request = newPortRequest(input, who?.username, now, 'cluster');
    const body = portRequestToConfigMap(request, requestsNamespace);
    try {
      await withRetries(connection, 'write', () =>
        core.createNamespacedConfigMap({ namespace: requestsNamespace, body }, options),
      );
      created = true;
    } catch (error) {
      const clusterError = toClusterError(
        error,
        `recording the request in namespace "${requestsNamespace}"`,
        connection.describe(),
      );
      if (clusterError.status === 409) {
        // Someone asked for the same port a moment ago: theirs is the request.
        request = (await findRequest(connection, requestsNamespace, id)) ?? request;
      } else if (clusterError.code === 'not-found') {
        throw new ClusterError(
          'not-found',
          `the namespace "${requestsNamespace}" where port requests are kept does not exist on ${connection.describe()}. Ask the sysadmins to create it (docs/port-requests.md), or set portRequests.namespace in .lsst.yaml.`,
          404,
        );
      } else if (clusterError.code === 'forbidden')
        throw notAllowed(connection, action, [`create configmaps in namespace "${requestsNamespace}"`]);
      else throw clusterError;
    }
  }

  let annotatedNow = false;
  if (!annotated) {
    try {
      annotatedNow = await annotateService(connection, input, id, service);
    } catch (error) {
      // Leave nothing half-done: the request recorded by this run is withdrawn.
      if (created)
        await core
          .deleteNamespacedConfigMap({ name: id, namespace: requestsNamespace }, options)
          .catch(() => undefined);
      rethrowForbidden(
        error,
        connection,
        action,
        `annotating the Service "${input.service}" in namespace "${input.namespace}"`,
      );
    }
  }
  return { request, created, annotated: annotatedNow };
}

/** Attempts at annotating a Service that others change at the same moment (each loses to one other writer at most once per attempt). */
const maxAnnotationAttempts = 12;

/**
 * Adds `id` to the Service's request annotation, guarded by its resourceVersion. On a conflict
 * (someone changed the Service meanwhile, often a request for the same port) the Service is read
 * again and the decision taken again: an annotation that already holds `id` is success. Returns
 * whether this call wrote the annotation.
 */
async function annotateService(
  connection: ClusterConnection,
  input: PortRequestInput,
  id: string,
  service: ServiceLike,
): Promise<boolean> {
  const core = connection.config.makeApiClient(connection.client.CoreV1Api);
  let current = service;
  for (let attempt = 1; ; attempt++) {
    const value = current.metadata?.annotations?.[portRequestAnnotation];
    if (annotationIds(value).includes(id)) return false;
    try {
      await withRetries(connection, 'write', () =>
        core.patchNamespacedService(
          {
            name: input.service,
            namespace: input.namespace,
            body: {
              metadata: {
                annotations: { [portRequestAnnotation]: annotationWith(value, id) },
                resourceVersion: current.metadata?.resourceVersion,
              },
            },
          },
          connection.patchOptions('merge') as never,
        ),
      );
      return true;
    } catch (error) {
      const conflict = (error as { code?: unknown }).code === 409;
      if (!conflict || attempt >= maxAnnotationAttempts) throw error;
      // Spread the writers out, so that each attempt is likely to find the Service quiet.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
      current = (await clusterCall(
        connection,
        `reading the Service "${input.service}" in namespace "${input.namespace}" again`,
        () =>
          core.readNamespacedService(
            { name: input.service, namespace: input.namespace },
            connection.requestOptions as never,
          ),
      )) as ServiceLike;
    }
  }
}

async function findRequest(
  connection: ClusterConnection,
  requestsNamespace: string,
  id: string,
): Promise<PortRequest | undefined> {
  const core = connection.config.makeApiClient(connection.client.CoreV1Api);
  try {
    const configMap = await withRetries(connection, 'read', () =>
      core.readNamespacedConfigMap({ name: id, namespace: requestsNamespace }, connection.requestOptions as never),
    );
    return portRequestFromConfigMap(configMap as never);
  } catch (error) {
    const clusterError = toClusterError(
      error,
      `reading the port request "${id}" in namespace "${requestsNamespace}"`,
      connection.describe(),
    );
    if (clusterError.code === 'not-found') return undefined;
    if (clusterError.code === 'forbidden')
      throw notAllowed(connection, 'read port requests', [`get configmaps in namespace "${requestsNamespace}"`]);
    throw clusterError;
  }
}

export async function getPortRequest(
  connection: ClusterConnection,
  requestsNamespace: string,
  id: string,
): Promise<PortRequest> {
  const request = await findRequest(connection, requestsNamespace, id);
  if (!request)
    throw new ClusterError(
      'not-found',
      `there is no port request "${id}" in namespace "${requestsNamespace}" on ${connection.describe()}. List them with \`kubectl lsst request-port list -A\`.`,
      404,
    );
  return request;
}

export interface ListOptions {
  status?: PortRequestState;
  /** Only requests for Services of this namespace; all when undefined. */
  namespace?: string;
}

export async function listPortRequests(
  connection: ClusterConnection,
  requestsNamespace: string,
  options: ListOptions = {},
): Promise<PortRequest[]> {
  const core = connection.config.makeApiClient(connection.client.CoreV1Api);
  const selector = [`${portRequestLabel}=true`];
  if (options.status) selector.push(`${portRequestStatusLabel}=${options.status}`);
  if (options.namespace) selector.push(`${portRequestNamespaceLabel}=${options.namespace}`);
  let list: { items: unknown[] };
  try {
    list = await withRetries(connection, 'read', () =>
      core.listNamespacedConfigMap(
        { namespace: requestsNamespace, labelSelector: selector.join(',') },
        connection.requestOptions as never,
      ),
    );
  } catch (error) {
    rethrowForbidden(error, connection, 'list port requests', `list configmaps in namespace "${requestsNamespace}"`);
  }
  return list.items
    .map((item) => portRequestFromConfigMap(item as never))
    .filter((request): request is PortRequest => request !== undefined)
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** The status of every request, keyed by id: what `network/public-exposure` receives on a live cluster. */
export async function fetchPortRequestStatuses(
  connection: ClusterConnection,
  requestsNamespace: string,
): Promise<Map<string, PortRequestStatus>> {
  const statuses = new Map<string, PortRequestStatus>();
  for (const request of await listPortRequests(connection, requestsNamespace)) {
    const status: PortRequestStatus = { status: request.status };
    if (request.decisionReason) status.reason = request.decisionReason;
    statuses.set(request.id, status);
  }
  return statuses;
}

export interface DecisionResult {
  request: PortRequest;
  /** False when the request already had this decision. */
  changed: boolean;
  /** True when this call changed the approved-ports ConfigMap (an earlier decision whose update was lost is made good). */
  approvedPortsChanged: boolean;
}

/** Approves or denies a request (sysadmins; the cluster's RBAC decides who may). */
export async function decidePortRequest(
  connection: ClusterConnection,
  requestsNamespace: string,
  id: string,
  decision: 'approved' | 'denied',
  reason: string | undefined,
  now = new Date(),
): Promise<DecisionResult> {
  const action = decision === 'approved' ? 'approve port requests' : 'deny port requests';
  if (decision === 'denied' && (reason ?? '').trim() === '')
    throw new PortRequestInputError('deny needs --reason: the person who asked reads it.');
  await requirePermissions(connection, action, [
    { verb: 'get', resource: 'configmaps', namespace: requestsNamespace },
    { verb: 'patch', resource: 'configmaps', namespace: requestsNamespace },
    ...(decision === 'approved' ? [{ verb: 'create', resource: 'configmaps', namespace: requestsNamespace }] : []),
  ]);
  const core = connection.config.makeApiClient(connection.client.CoreV1Api);
  const configMap = (await clusterCall(connection, `reading the port request "${id}"`, () =>
    core.readNamespacedConfigMap({ name: id, namespace: requestsNamespace }, connection.requestOptions as never),
  ).catch((error: unknown) => {
    if (error instanceof ClusterError && error.code === 'not-found')
      throw new ClusterError(
        'not-found',
        `there is no port request "${id}" in namespace "${requestsNamespace}" on ${connection.describe()}. List them with \`kubectl lsst request-port list -A\`.`,
        404,
      );
    throw error;
  })) as { metadata?: { resourceVersion?: string; labels?: Record<string, string> }; data?: Record<string, string> };
  const request = portRequestFromConfigMap(configMap as never);
  if (!request)
    throw new ClusterError(
      'not-found',
      `the ConfigMap "${id}" in namespace "${requestsNamespace}" is not a port request.`,
      404,
    );
  const decisionReason = reason?.trim() || undefined;
  if (request.status === decision && request.decisionReason === decisionReason) {
    // The decision stands; the approved ports may still lack it when an earlier run stopped in between.
    const approvedPortsChanged = await keepApprovedPorts(connection, requestsNamespace, request, action);
    return { request, changed: false, approvedPortsChanged };
  }
  const who = await whoAmI(connection);
  const decidedAt = now.toISOString();
  const operations: { op: string; path: string; value?: unknown }[] = [
    // The decision applies to the request as read: a concurrent change makes this patch fail.
    { op: 'test', path: '/metadata/resourceVersion', value: configMap.metadata?.resourceVersion },
    { op: 'add', path: '/metadata/labels/lsst.io~1port-request-status', value: decision },
    { op: 'add', path: '/data/status', value: decision },
    { op: 'add', path: '/data/decidedAt', value: decidedAt },
  ];
  if (who) operations.push({ op: 'add', path: '/data/decidedBy', value: who.username });
  else if (configMap.data?.decidedBy !== undefined) operations.push({ op: 'remove', path: '/data/decidedBy' });
  if (decisionReason) operations.push({ op: 'add', path: '/data/decisionReason', value: decisionReason });
  else if (configMap.data?.decisionReason !== undefined)
    operations.push({ op: 'remove', path: '/data/decisionReason' });
  try {
    await withRetries(connection, 'write', () =>
      core.patchNamespacedConfigMap(
        { name: id, namespace: requestsNamespace, body: operations },
        connection.patchOptions('json') as never,
      ),
    );
  } catch (error) {
    rethrowForbidden(error, connection, action, `patch configmaps in namespace "${requestsNamespace}"`);
  }
  const updated: PortRequest = { ...request, status: decision, decidedAt };
  if (who) updated.decidedBy = who.username;
  else delete updated.decidedBy;
  if (decisionReason) updated.decisionReason = decisionReason;
  else delete updated.decisionReason;
  const approvedPortsChanged = await keepApprovedPorts(connection, requestsNamespace, updated, action);
  return { request: updated, changed: true, approvedPortsChanged };
}

/** Attempts at updating the approved-ports ConfigMap while other sysadmins decide at the same moment. */
const maxApprovedPortsAttempts = 12;

type ConfigMapLike = { metadata?: { resourceVersion?: string }; data?: Record<string, string> };

/**
 * Makes the approved-ports ConfigMap hold the request's id exactly when the request is approved: read,
 * change one key, write guarded by the resourceVersion read, and on a conflict read again and decide
 * again. Creates the ConfigMap on the first approval. Returns whether it changed anything.
 */
export async function keepApprovedPorts(
  connection: ClusterConnection,
  requestsNamespace: string,
  request: Pick<PortRequest, 'id' | 'status' | 'decidedBy' | 'decidedAt'>,
  action = 'update the approved ports',
): Promise<boolean> {
  const core = connection.config.makeApiClient(connection.client.CoreV1Api);
  const name = approvedPortsConfigMapName;
  const approved = request.status === 'approved';
  const value = `approved${request.decidedBy ? ` by ${request.decidedBy}` : ''}${request.decidedAt ? ` at ${request.decidedAt}` : ''}`;
  const where = `the ConfigMap "${name}" in namespace "${requestsNamespace}"`;
  for (let attempt = 1; ; attempt++) {
    let current: ConfigMapLike | undefined;
    try {
      current = (await withRetries(connection, 'read', () =>
        core.readNamespacedConfigMap({ name, namespace: requestsNamespace }, connection.requestOptions as never),
      )) as ConfigMapLike;
    } catch (error) {
      const clusterError = toClusterError(error, `reading ${where}`, connection.describe());
      if (clusterError.code === 'forbidden')
        throw notAllowed(connection, action, [`get configmaps in namespace "${requestsNamespace}"`]);
      if (clusterError.code !== 'not-found') throw clusterError;
    }
    const present = current?.data !== undefined && Object.hasOwn(current.data, request.id);
    if (present === approved) return false;
    try {
      if (!current) {
        const body = {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name,
            namespace: requestsNamespace,
            labels: { 'app.kubernetes.io/managed-by': 'kubectl-lsst' },
            annotations: {
              'lsst.io/description':
                'Approved port requests, one key per request id: kept by kubectl lsst request-port approve and deny, read by the policy lsst-network-public-exposure. Apply, never replace.',
            },
          },
          data: { [request.id]: value },
        };
        await withRetries(connection, 'write', () =>
          core.createNamespacedConfigMap(
            { namespace: requestsNamespace, body: body as never },
            connection.requestOptions as never,
          ),
        );
      } else {
        const body = {
          metadata: { resourceVersion: current.metadata?.resourceVersion },
          data: { [request.id]: approved ? value : null },
        };
        await withRetries(connection, 'write', () =>
          core.patchNamespacedConfigMap(
            { name, namespace: requestsNamespace, body },
            connection.patchOptions('merge') as never,
          ),
        );
      }
      return true;
    } catch (error) {
      const status = (error as { code?: unknown }).code;
      // 409: someone changed (or created) the ConfigMap since it was read; read it again and decide again.
      if (status === 409 && attempt < maxApprovedPortsAttempts) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
        continue;
      }
      rethrowForbidden(
        error,
        connection,
        action,
        `${current ? 'patch' : 'create'} configmaps in namespace "${requestsNamespace}"`,
      );
    }
  }
}

/** Several requests as one YAML or JSON list. */
export function renderPortRequests(requests: readonly PortRequest[], format: 'yaml' | 'json'): string {
  const documents = requests.map(portRequestDocument);
  return format === 'json' ? `${JSON.stringify(documents, null, 2)}\n` : stringify(documents, { lineWidth: 0 });
}
