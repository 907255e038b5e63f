// TEST SUPPORT ONLY: a local HTTPS server that speaks enough of the Kubernetes REST API for the real
// kubectl and @kubernetes/client-node to get, list, create, update, patch and delete the kinds the
// project reads, with real Status error bodies and per-test authorization. Never shipped.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generateTestCertificates, type TestCertificates } from './certificates.ts';
import { openApiDocument, openApiRoot } from './openapi.ts';
import { JsonPatchError, jsonPatch, mergePatch, strategicMergePatch } from './patch.ts';
import { groupVersionOf, type ResourceType, type ResourceTypes } from './resources.ts';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.ts';
import * as status from './status.ts';
import { type KubeObject, kubeTimestamp, ObjectStore } from './store.ts';

export { generateTestCertificates, type TestCertificates } from './certificates.ts';
export type { KubeObject, ObjectKey, ObjectStore } from './store.ts';

export interface TestUser {
  name: string;
  /** Bearer token; generated when absent. */
  token?: string;
  groups?: string[];
}

/** One authorization question, as the API server's authorizer sees it. */
export interface AuthorizationRequest {
  user: string;
  groups: string[];
  verb: string;
  /** API group, '' for the core group. */
  group: string;
  resource: string;
  subresource?: string;
  /** Undefined for cluster-scoped requests and lists across all namespaces. */
  namespace?: string;
  name?: string;
}

/** A table row: matches when every given field matches ('*' or absent matches anything). */
export interface RbacRule {
  users?: string[];
  verbs?: string[];
  /** Resource names, `pods`, or `group/resource` for other groups (`apps/deployments`). */
  resources?: string[];
  /** Namespaces; '' stands for cluster scope. */
  namespaces?: string[];
  allow: boolean;
}

/** A function, or a table whose first matching row decides (no match: denied). Absent: everything allowed. */
export type RbacPolicy = ((request: AuthorizationRequest) => boolean) | readonly RbacRule[];

export interface RequestInfo {
  method: string;
  path: string;
  query: URLSearchParams;
  user?: string;
  verb?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}

/** What to do to one request, for failure tests. */
export interface Fault {
  /** Wait this long before answering (or before the action). */
  delayMs?: number;
  /** reset: destroy the socket; truncate: promise a longer body than sent, then close; hang: never answer. */
  action?: 'reset' | 'truncate' | 'too-many-requests' | 'internal-error' | 'hang';
  retryAfterSeconds?: number;
}

export type FaultHook = (request: RequestInfo) => Fault | undefined;

export interface RecordedRequest extends RequestInfo {
  status: number;
  contentType?: string;
  body?: unknown;
}

export interface TestApiServerOptions {
  /** Users and their tokens; default one user, `admin`. */
  users?: (string | TestUser)[];
  rbac?: RbacPolicy;
  /** Objects present at start; their namespaces are created when missing. */
  objects?: KubeObject[];
  faults?: FaultHook;
  /** `major.minor` reported by /version; default 1.31. */
  kubernetesVersion?: string;
  certificates?: TestCertificates;
}

export interface KubeconfigOptions {
  namespace?: string;
  contextName?: string;
  clusterName?: string;
  /** Overrides, for failure tests: another server URL, another CA, another token. */
  server?: string;
  caCert?: string;
  token?: string;
  fileName?: string;
}

export interface TestApiServer {
  url: string;
  port: number;
  caCert: string;
  objects: ObjectStore;
  /** Every request answered so far. */
  requests: RecordedRequest[];
  users: Required<TestUser>[];
  /** A kubeconfig for this user in the server's own temporary folder. */
  kubeconfigPath(user?: string): string;
  writeKubeconfig(dir: string, user?: string, options?: KubeconfigOptions): string;
  setRbac(policy: RbacPolicy | undefined): void;
  setFaults(hook: FaultHook | undefined): void;
  close(): Promise<void>;
}

let cachedCertificates: TestCertificates | undefined;

function normaliseUsers(users: (string | TestUser)[]): Required<TestUser>[] {
  return users.map((u) => {
    const user = typeof u === 'string' ? { name: u } : u;
    return {
      name: user.name,
      token: user.token ?? `${user.name}-${randomBytes(12).toString('hex')}`,
      groups: user.groups ?? [],
    };
  });
}

function matches(list: string[] | undefined, value: string): boolean {
  return list === undefined || list.includes('*') || list.includes(value);
}

export function authorize(policy: RbacPolicy | undefined, request: AuthorizationRequest): boolean {
  if (policy === undefined) return true;
  if (typeof policy === 'function') return policy(request);
  const resource = request.group === '' ? request.resource : `${request.group}/${request.resource}`;
  const qualified = request.subresource ? `${resource}/${request.subresource}` : resource;
  const row = (policy as readonly RbacRule[]).find(
    (rule) =>
      matches(rule.users, request.user) &&
      matches(rule.verbs, request.verb) &&
      (matches(rule.resources, qualified) || (!request.subresource && matches(rule.resources, resource))) &&
      matches(rule.namespaces, request.namespace ?? ''),
  );
  return row?.allow ?? false;
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function validate(t: ResourceType, object: KubeObject): void {
  const name = object.metadata?.name ?? '';
  const causes: { field: string; message: string }[] = [];
  const labelLike = t.kind === 'Namespace' || t.kind === 'Service';
  if (name === '') causes.push({ field: 'metadata.name', message: 'Required value: name or generateName is required' });
  else if (labelLike ? !dns1123Label.test(name) || name.length > 63 : !dns1123Subdomain.test(name) || name.length > 253)
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 ${labelLike ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    });
  for (const [key, value] of Object.entries(object.metadata?.labels ?? {}))
    if (typeof value !== 'string' || value.length > 63)
      causes.push({
        field: `metadata.labels`,
        message: `Invalid value: "${String(value)}": label ${key} must be a string of at most 63 characters`,
      });
  if (t.kind === 'ConfigMap')
    for (const [key, value] of Object.entries((object.data ?? {}) as Record<string, unknown>))
      if (typeof value !== 'string') causes.push({ field: `data[${key}]`, message: 'Invalid value: must be a string' });
  if (causes.length > 0) throw status.invalid(t, name, causes);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw status.badRequest(`error decoding request body: ${(error as Error).message}`);
  }
}

interface ParsedPath {
  t: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

function parseResourcePath(path: string, types: ResourceTypes): ParsedPath | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1] ?? '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    version = parts[2] ?? '';
    rest = parts.slice(3);
  } else return undefined;
  if (rest.length === 0) return undefined;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const t = types.find(group, version, rest[0] ?? '');
  if (!t) throw status.pathNotFound();
  if (namespace !== undefined && !t.namespaced) throw status.pathNotFound();
  const parsed: ParsedPath = { t };
  if (namespace !== undefined) parsed.namespace = namespace;
  if (rest[1] !== undefined) parsed.name = decodeURIComponent(rest[1]);
  if (rest[2] !== undefined) parsed.subresource = rest[2];
  if (rest.length > 3) throw status.pathNotFound();
  return parsed;
}

function verbOf(method: string, parsed: ParsedPath, query: URLSearchParams): string {
  switch (method) {
    case 'GET':
      if (query.get('watch') === 'true' || query.get('watch') === '1') return 'watch';
      return parsed.name === undefined ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return parsed.name === undefined ? 'deletecollection' : 'delete';
    default:
      return method.toLowerCase();
  }
}

function discoveryResources(types: ResourceTypes, groupVersion: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: types
      .all()
      .filter((t) => groupVersionOf(t) === groupVersion)
      .map((t) => {
        const entry: Record<string, unknown> = {
          name: t.resource,
          singularName: t.singular,
          namespaced: t.namespaced,
          kind: t.kind,
          verbs: t.verbs,
        };
        if (t.shortNames) entry.shortNames = t.shortNames;
        if (t.categories) entry.categories = t.categories;
        return entry;
      }),
  };
}

function apiGroup(name: string, versions: string[]) {
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { name, versions: list, preferredVersion: list[0] };
}

/** Where a list item sorts: by namespace, then name, as the store orders them. */
function listKey(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/**
 * The page of a list that `limit` and `continue` ask for. The token holds the key of the last item
 * sent (opaque to clients, as the real one); items are in key order, so the next page starts after it.
 */
function pageOf(
  items: KubeObject[],
  query: URLSearchParams,
): { items: KubeObject[]; continueToken?: string; remaining: number } {
  const limitText = query.get('limit');
  const token = query.get('continue');
  let rest = items;
  if (token) {
    let after: unknown;
    try {
      after = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')).after;
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string')
      throw status.badRequest('continue key is not valid: a continue token from an earlier list is needed');
    rest = items.filter((item) => listKey(item) > after);
  }
  const limit = limitText === null || limitText === '' ? 0 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 0)
    throw status.badRequest(`limit must be a non-negative integer, not "${limitText}"`);
  if (limit === 0 || rest.length <= limit) return { items: rest, remaining: 0 };
  const pageItems = rest.slice(0, limit);
  const last = pageItems.at(-1) as KubeObject;
  const continueToken = Buffer.from(JSON.stringify({ after: listKey(last) })).toString('base64url');
  return { items: pageItems, continueToken, remaining: rest.length - limit };
}

/** Fills in verb, resource, namespace and name, so that fault hooks can pick requests. */
function describeRequest(info: RequestInfo, types: ResourceTypes): void {
  try {
    const parsed = parseResourcePath(info.path, types);
    if (!parsed) return;
    info.verb = verbOf(info.method, parsed, info.query);
    info.resource = parsed.t.resource;
    if (parsed.namespace !== undefined) info.namespace = parsed.namespace;
    if (parsed.name !== undefined) info.name = parsed.name;
  } catch {
    // Not a resource path: the handler answers it.
  }
}

export async function startTestApiServer(options: TestApiServerOptions = {}): Promise<TestApiServer> {
  // One CA per test process is enough; generating takes a few openssl runs.
  if (!options.certificates) cachedCertificates ??= generateTestCertificates();
  const certificates = options.certificates ?? (cachedCertificates as TestCertificates);
  const users = normaliseUsers(options.users ?? ['admin']);
  const store = new ObjectStore();
  const requests: RecordedRequest[] = [];
  const [major = '1', minor = '31'] = (options.kubernetesVersion ?? '1.31').split('.');
  let rbac = options.rbac;
  let faults = options.faults;
  const workDir = mkdtempSync(join(tmpdir(), 'lsst-test-apiserver-'));

  // Definitions first, so that objects of their kinds can be seeded in any order.
  const seeded = options.objects ?? [];
  const isDefinition = (object: KubeObject) => object.kind === 'CustomResourceDefinition';
  for (const object of [...seeded.filter(isDefinition), ...seeded.filter((o) => !isDefinition(o))]) {
    const t = store.typeOf(object);
    const namespace = object.metadata?.namespace;
    if (t.namespaced && namespace) {
      const nsType = store.types.find('', 'v1', 'namespaces') as ResourceType;
      if (!store.getByType(nsType, undefined, namespace))
        store.insert(nsType, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    }
    store.insert(t, object);
  }

  function authenticate(request: IncomingMessage): Required<TestUser> | undefined {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match ? users.find((u) => u.token === match[1]) : undefined;
  }

  async function handle(
    request: IncomingMessage,
    info: RequestInfo,
    user: Required<TestUser>,
  ): Promise<[number, unknown]> {
    const { path, query } = info;
    if (path === '/version')
      return [
        200,
        {
          major,
          minor,
          gitVersion: `v${major}.${minor}.0`,
          gitCommit: '0000000000000000000000000000000000000000',
          gitTreeState: 'clean',
          buildDate: '2025-01-01T00:00:00Z',
          goVersion: 'go1.23.0',
          compiler: 'gc',
          platform: 'linux/amd64',
        },
      ];
    if (path === '/healthz' || path === '/livez' || path === '/readyz') return [200, 'ok'];
    if (path === '/api') return [200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }];
    if (path === '/apis')
      return [
        200,
        {
          kind: 'APIGroupList',
          apiVersion: 'v1',
          groups: store.types.groups().map((g) => apiGroup(g.name, g.versions)),
        },
      ];
    if (path === '/api/v1') return [200, discoveryResources(store.types, 'v1')];
    if (path === '/openapi/v3') return [200, openApiRoot(store.types.all())];
    if (path.startsWith('/openapi/v3/')) {
      const document = openApiDocument(store.types.all(), path.slice('/openapi/v3/'.length));
      if (document === undefined) throw status.pathNotFound();
      return [200, document];
    }
    const groupPath = /^\/apis\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
    if (groupPath) {
      const [, group = '', version] = groupPath;
      const found = store.types.groups().find((g) => g.name === group);
      if (!found || (version !== undefined && !found.versions.includes(version))) throw status.pathNotFound();
      return [
        200,
        version === undefined
          ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, found.versions) }
          : discoveryResources(store.types, `${group}/${version}`),
      ];
    }
    const parsed = parseResourcePath(path, store.types);
    if (!parsed) throw status.pathNotFound();
    const { t, namespace, name } = parsed;
    const verb = verbOf(request.method ?? 'GET', parsed, query);
    info.verb = verb;
    info.resource = t.resource;
    if (namespace !== undefined) info.namespace = namespace;
    if (name !== undefined) info.name = name;
    if (!t.verbs.includes(verb) || parsed.subresource !== undefined) throw status.methodNotSupported(t, verb);

    const body = ['POST', 'PUT', 'PATCH'].includes(request.method ?? '') ? await readBody(request) : '';
    if (t.review) return [201, review(t, user, parseJson(body) as KubeObject)];

    const authorizationRequest: AuthorizationRequest = {
      user: user.name,
      groups: user.groups,
      verb,
      group: t.group,
      resource: t.resource,
    };
    if (namespace !== undefined) authorizationRequest.namespace = namespace;
    if (name !== undefined) authorizationRequest.name = name;
    if (!authorize(rbac, authorizationRequest)) throw status.forbidden(t, user.name, verb, namespace, name);

    const dryRun = query.getAll('dryRun').includes('All');
    const nsType = store.types.find('', 'v1', 'namespaces') as ResourceType;
    const requireNamespace = () => {
      if (namespace !== undefined && !store.getByType(nsType, undefined, namespace))
        throw status.namespaceNotFound(namespace);
    };

    switch (verb) {
      case 'get': {
        const object = store.getByType(t, namespace, name ?? '');
        if (!object) throw status.notFound(t, name ?? '');
        return [200, object];
      }
      case 'list': {
        let items = store.listByType(t, namespace);
        const labelSelector = query.get('labelSelector');
        const fieldSelector = query.get('fieldSelector');
        try {
          if (labelSelector) {
            const selects = parseLabelSelector(labelSelector);
            items = items.filter((o) => selects(o.metadata?.labels));
          }
          if (fieldSelector) {
            const selects = parseFieldSelector(fieldSelector);
            items = items.filter((o) => selects(o));
          }
        } catch (error) {
          if (error instanceof SelectorError) throw status.badRequest(error.message);
          throw error;
        }
        // Pages as the real API server gives them: `limit` items, and a `continue` token for the rest.
        const page = pageOf(items, query);
        for (const item of page.items) {
          delete item.apiVersion;
          delete item.kind;
        }
        const metadata: Record<string, unknown> = { resourceVersion: store.resourceVersion };
        if (page.continueToken !== undefined) {
          metadata.continue = page.continueToken;
          metadata.remainingItemCount = page.remaining;
        }
        return [200, { kind: `${t.kind}List`, apiVersion: groupVersionOf(t), metadata, items: page.items }];
      }
      case 'create': {
        const object = parseJson(body) as KubeObject;
        checkKind(t, object);
        object.metadata ??= {};
        const metadata = object.metadata;
        if (namespace !== undefined) {
          if (metadata.namespace !== undefined && metadata.namespace !== namespace)
            throw status.badRequest(
              'the namespace of the provided object does not match the namespace sent on the request',
            );
          metadata.namespace = namespace;
        }
        if (!metadata.name && typeof metadata.generateName === 'string')
          metadata.name = `${metadata.generateName}${randomBytes(3).toString('hex').slice(0, 5)}`;
        delete metadata.resourceVersion;
        validate(t, object);
        requireNamespace();
        if (store.getByType(t, namespace, metadata.name ?? '')) throw status.alreadyExists(t, metadata.name ?? '');
        if (dryRun) return [201, object];
        return [201, store.insert(t, object)];
      }
      case 'update': {
        const object = parseJson(body) as KubeObject;
        checkKind(t, object);
        if (object.metadata?.name !== name)
          throw status.badRequest(
            `the name of the object (${object.metadata?.name}) does not match the name on the URL (${name})`,
          );
        const existing = store.getByType(t, namespace, name ?? '');
        if (!existing) throw status.notFound(t, name ?? '');
        const expected = object.metadata?.resourceVersion;
        if (expected !== undefined && expected !== '' && expected !== existing.metadata?.resourceVersion)
          throw status.conflict(t, name ?? '');
        validate(t, object);
        if (dryRun) return [200, object];
        return [200, store.replace(t, existing, object)];
      }
      case 'patch': {
        const existing = store.getByType(t, namespace, name ?? '');
        if (!existing) throw status.notFound(t, name ?? '');
        const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
        const patch = parseJson(body);
        let patched: KubeObject;
        try {
          if (contentType === 'application/merge-patch+json') patched = mergePatch(existing, patch) as KubeObject;
          else if (contentType === 'application/strategic-merge-patch+json')
            patched = strategicMergePatch(existing, patch) as KubeObject;
          else if (contentType === 'application/json-patch+json') patched = jsonPatch(existing, patch) as KubeObject;
          else throw status.unsupportedMediaType(contentType);
        } catch (error) {
          if (error instanceof JsonPatchError)
            throw new status.ApiError({ ...status.badRequest(error.message).body, code: 422, reason: 'Invalid' });
          throw error;
        }
        const expected = patched.metadata?.resourceVersion;
        if (expected !== undefined && expected !== existing.metadata?.resourceVersion)
          throw status.conflict(t, name ?? '');
        if (patched.metadata?.name !== name)
          throw status.badRequest('metadata.name: Invalid value: field is immutable');
        validate(t, patched);
        if (dryRun) return [200, patched];
        return [200, store.replace(t, existing, patched)];
      }
      case 'delete': {
        const existing = store.getByType(t, namespace, name ?? '');
        if (!existing) throw status.notFound(t, name ?? '');
        if (dryRun) return [200, existing];
        store.removeByType(t, namespace, name ?? '');
        return [200, existing];
      }
      case 'deletecollection': {
        const selects = parseLabelSelector(query.get('labelSelector') ?? '');
        const items = store.listByType(t, namespace).filter((o) => selects(o.metadata?.labels));
        if (!dryRun)
          for (const item of items) store.removeByType(t, item.metadata?.namespace, item.metadata?.name ?? '');
        return [
          200,
          {
            kind: `${t.kind}List`,
            apiVersion: groupVersionOf(t),
            metadata: { resourceVersion: store.resourceVersion },
            items,
          },
        ];
      }
      default:
        throw status.methodNotSupported(t, verb);
    }
  }

  function checkKind(t: ResourceType, object: KubeObject): void {
    if (typeof object !== 'object' || object === null || Array.isArray(object))
      throw status.badRequest('the request body is not an object');
    const expected = groupVersionOf(t);
    if ((object.apiVersion ?? expected) !== expected || (object.kind ?? t.kind) !== t.kind)
      throw status.badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`,
      );
  }

  function review(t: ResourceType, user: Required<TestUser>, body: KubeObject): KubeObject {
    const groups = [...user.groups, 'system:authenticated'];
    if (t.kind === 'SelfSubjectReview')
      return {
        kind: 'SelfSubjectReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: kubeTimestamp() },
        status: { userInfo: { username: user.name, groups } },
      };
    const spec = (body.spec ?? {}) as {
      resourceAttributes?: Record<string, string>;
      nonResourceAttributes?: Record<string, string>;
    };
    let allowed = true;
    if (spec.resourceAttributes) {
      const attributes = spec.resourceAttributes;
      const question: AuthorizationRequest = {
        user: user.name,
        groups: user.groups,
        verb: attributes.verb ?? '',
        group: attributes.group ?? '',
        resource: attributes.resource ?? '',
      };
      if (attributes.subresource) question.subresource = attributes.subresource;
      if (attributes.namespace) question.namespace = attributes.namespace;
      if (attributes.name) question.name = attributes.name;
      allowed = authorize(rbac, question);
    }
    const answer: Record<string, unknown> = { allowed };
    if (allowed) answer.reason = `RBAC: allowed by test policy to User "${user.name}"`;
    return {
      kind: 'SelfSubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: answer,
    };
  }

  function send(
    response: ServerResponse,
    record: RecordedRequest,
    code: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const contentType = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    record.status = code;
    record.body = body;
    response.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), ...headers });
    response.end(text);
  }

  const sockets = new Set<Socket>();
  const server: Server = createServer(
    { key: certificates.serverKey, cert: certificates.serverCert },
    (request, response) => {
      const url = new URL(request.url ?? '/', 'https://localhost');
      const info: RequestInfo = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams };
      const record: RecordedRequest = { ...info, status: 0 };
      const contentType = request.headers['content-type'];
      if (contentType) record.contentType = contentType;
      requests.push(record);
      void (async () => {
        const user = authenticate(request);
        if (user) info.user = user.name;
        try {
          describeRequest(info, store.types);
          const fault = faults?.(info);
          if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
          if (fault?.action === 'hang') return;
          if (fault?.action === 'reset') {
            record.status = -1;
            request.socket.destroy();
            return;
          }
          if (fault?.action === 'too-many-requests') throw status.tooManyRequests(fault.retryAfterSeconds ?? 1);
          if (fault?.action === 'internal-error') throw status.internalError();
          if (!user) throw status.unauthorized();
          const [code, body] = await handle(request, info, user);
          Object.assign(record, info);
          if (fault?.action === 'truncate') {
            const text = JSON.stringify(body);
            record.status = code;
            response.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
            response.write(text.slice(0, Math.floor(text.length / 2)));
            request.socket.destroy();
            return;
          }
          send(response, record, code, body);
        } catch (error) {
          Object.assign(record, info);
          if (error instanceof status.ApiError) send(response, record, error.body.code, error.body, error.headers);
          else send(response, record, 500, status.internalError(String((error as Error).message)).body);
        }
      })();
    },
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that gives up mid-handshake (wrong CA) must not crash the server.
  server.on('tlsClientError', () => {});

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  function writeKubeconfig(
    dir: string,
    userName = users[0]?.name ?? 'admin',
    kubeconfigOptions: KubeconfigOptions = {},
  ): string {
    const user = users.find((u) => u.name === userName);
    if (!user) throw new Error(`no test user named ${userName}`);
    const clusterName = kubeconfigOptions.clusterName ?? 'test-apiserver';
    const contextName = kubeconfigOptions.contextName ?? `${user.name}@${clusterName}`;
    const context: Record<string, string> = { cluster: clusterName, user: user.name };
    if (kubeconfigOptions.namespace) context.namespace = kubeconfigOptions.namespace;
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: clusterName,
          cluster: {
            server: kubeconfigOptions.server ?? url,
            'certificate-authority-data': Buffer.from(kubeconfigOptions.caCert ?? certificates.caCert).toString(
              'base64',
            ),
          },
        },
      ],
      users: [{ name: user.name, user: { token: kubeconfigOptions.token ?? user.token } }],
      contexts: [{ name: contextName, context }],
      'current-context': contextName,
      preferences: {},
    };
    mkdirSync(dir, { recursive: true });
    const path = join(dir, kubeconfigOptions.fileName ?? `kubeconfig-${user.name}.yaml`);
    writeFileSync(path, stringify(config), { mode: 0o600 });
    return path;
  }

  return {
    url,
    port,
    caCert: certificates.caCert,
    objects: store,
    requests,
    users,
    kubeconfigPath: (user?: string) => writeKubeconfig(workDir, user),
    writeKubeconfig,
    setRbac: (policy) => {
      rbac = policy;
    },
    setFaults: (hook) => {
      faults = hook;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}
