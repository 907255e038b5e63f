// One connection to the cluster behind a kube context, through @kubernetes/client-node (loaded
// lazily: it costs ~170 ms), with a timeout per request and errors that say what to do.
import { parse } from 'yaml';
import { BoundedReadError, readBoundedFile } from './bounded-read.ts';
import { KubeconfigError } from './errors.ts';
import type { Kubeconfig, ResolvedContext } from './kubeconfig.ts';
import { requireCurrentContext, resolveContext } from './kubeconfig.ts';
import { singleContextKubeconfig } from './private-copy.ts';

export type ClientNode = typeof import('@kubernetes/client-node');

export type ClusterErrorCode =
  | 'unreachable'
  | 'tls'
  | 'unauthorized'
  | 'forbidden'
  | 'timeout'
  | 'not-found'
  | 'conflict'
  | 'invalid'
  | 'server'
  | 'unknown-context'
  | 'invalid-kubeconfig';

/** A failed cluster call, worded for the person at the terminal (no credentials in it). */
export class ClusterError extends Error {
  override readonly name = 'ClusterError';
  constructor(
    readonly code: ClusterErrorCode,
    message: string,
    /** The HTTP status, when the API server answered. */
    readonly status?: number,
    /** The `message` of the API server's Status body, when it sent one. */
    readonly serverMessage?: string,
  ) {
    super(message);
  }
}

export function isClusterError(error: unknown): error is ClusterError {
  return error instanceof ClusterError;
}

export interface ClusterConnectionOptions {
  kubeconfig: Kubeconfig;
  /** `--context`; default: the current context. */
  context?: string | undefined;
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /** How transient failures are retried; default `defaultRetryPolicy`. */
  retry?: Partial<RetryPolicy>;
}

/**
 * Bounded retries with exponential backoff and jitter. Reads (and side-effect-free reviews) are
 * retried on 429, 500/502/503/504, a cut connection and a truncated answer; writes only on 429,
 * which the API server's priority and fairness sends before doing anything.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The first wait; each next one doubles. */
  baseDelayMs: number;
  /** No single wait is longer, Retry-After included. */
  maxDelayMs: number;
  /** No retry starts after this long since the first attempt. */
  budgetMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000, budgetMs: 20_000 };

export interface ClusterConnection {
  client: ClientNode;
  config: InstanceType<ClientNode['KubeConfig']>;
  context: ResolvedContext;
  /** The options every call passes: a fresh timeout per request. */
  requestOptions: object;
  /** The same, with a Content-Type for patches. */
  patchOptions(strategy: 'merge' | 'json'): object;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Describes where requests go, for messages: `context "x" (https://host:6443)`. */
  describe(): string;
}

/** A certificate, key or token file is a few kilobytes. */
export const maxCredentialFileBytes = 1024 * 1024;

/**
 * Refuses files the kubeconfig names (CA, client certificate and key, token file) that are not
 * regular files within maxCredentialFileBytes: client-node reads them whole, and a FIFO or a device
 * named there would hang the connection or fill memory. Missing files are left to client-node.
 */
function checkCredentialFiles(singleContextText: string, kubeconfigFile: string | undefined): void {
  const document = parse(singleContextText) as {
    clusters?: { cluster?: Record<string, unknown> }[];
    users?: { user?: Record<string, unknown> }[];
  };
  const named: [string, unknown][] = [
    ['certificate-authority', document.clusters?.[0]?.cluster?.['certificate-authority']],
    ['client-certificate', document.users?.[0]?.user?.['client-certificate']],
    ['client-key', document.users?.[0]?.user?.['client-key']],
    ['tokenFile', document.users?.[0]?.user?.tokenFile],
  ];
  for (const [field, path] of named) {
    if (typeof path !== 'string' || path === '') continue;
    try {
      readBoundedFile(path, maxCredentialFileBytes);
    } catch (error) {
      if (!(error instanceof BoundedReadError)) continue;
      throw new KubeconfigError('unreadable', `the ${field} file ${path} cannot be used: ${error.reason}`, {
        ...(kubeconfigFile === undefined ? {} : { file: kubeconfigFile }),
        hint: `Point ${field} at the right file`,
      });
    }
  }
}

/** Bytes one answer of the API server may hold: a page of 500 objects is a few megabytes at most. */
export const maxAnswerBytes = 256 * 1024 * 1024;

type HttpLibrary = { send(request: never): unknown };

/**
 * client-node's transport for reads, but stopping an answer past `maxBytes` while it arrives: the
 * default one buffers any answer whole (a 2 GB list took 4 GB before failing).
 */
export function boundedHttpLibrary(client: ClientNode, maxBytes: number, where: string): HttpLibrary {
  type Request = {
    getUrl(): string;
    getHttpMethod(): { toString(): string };
    getHeaders(): Record<string, string>;
    getBody(): unknown;
    getSignal(): AbortSignal | undefined;
    getAgent(): unknown;
  };
  const send = (request: Request) =>
    new Promise((resolve, reject) => {
      const url = new URL(request.getUrl());
      const transport = process.getBuiltinModule(
        url.protocol === 'http:' ? 'node:http' : 'node:https',
      ) as typeof import('node:https');
      const signal = request.getSignal();
      const outgoing = transport.request(
        url,
        {
          method: request.getHttpMethod().toString(),
          headers: request.getHeaders(),
          agent: request.getAgent() as import('node:https').Agent | undefined,
          ...(signal ? { signal } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let total = 0;
          response.on('data', (chunk: Buffer) => {
            total += chunk.length;
            if (total > maxBytes) {
              outgoing.destroy(
                new ClusterError(
                  'server',
                  `an answer of the API server of ${where} passed ${maxBytes >= 1048576 ? `${Math.round(maxBytes / 1048576)} MiB` : `${Math.round(maxBytes / 1024)} KiB`}; reading stopped there. Check one namespace at a time with -n NAMESPACE.`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            const body = Buffer.concat(chunks, total);
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(response.headers)) {
              if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve(
              new client.ResponseContext(response.statusCode ?? 0, headers, {
                text: async () => body.toString('utf8'),
                binary: async () => body,
              }),
            );
          });
        },
      );
      outgoing.on('error', reject);
      const body = request.getBody();
      if (body !== undefined && body !== null) outgoing.write(body as string);
      outgoing.end();
    });
  return { send: (request: never) => new client.Observable(send(request as Request)) };
}

export async function connectToCluster(options: ClusterConnectionOptions): Promise<ClusterConnection> {
  const { kubeconfig } = options;
  let context: ResolvedContext;
  if (options.context !== undefined && options.context !== '') {
    const found = resolveContext(kubeconfig, options.context);
    if (!found) {
      const known = [...kubeconfig.contexts.keys()].sort().join(', ') || 'none';
      throw new ClusterError(
        'unknown-context',
        `no context named "${options.context}" in the kubeconfig (known: ${known}). Pick one of those with --context.`,
      );
    }
    context = found;
  } else context = requireCurrentContext(kubeconfig);
  const client: ClientNode = await import('@kubernetes/client-node');
  const config = new client.KubeConfig();
  const text = singleContextKubeconfig(kubeconfig, context.name);
  checkCredentialFiles(text, kubeconfig.contexts.get(context.name)?.file);
  config.loadFromString(text);
  assertTlsSettingsAgree(config, context.name);
  const timeoutMs = options.timeoutMs ?? 10_000;
  // The object-parameter API hands call options to the observable layer: middleware returns Observables.
  const timeoutMiddleware = {
    pre: (request: { setSignal(signal: AbortSignal): void }) => {
      request.setSignal(AbortSignal.timeout(timeoutMs));
      return new client.Observable(Promise.resolve(request));
    },
    post: <T>(response: T) => new client.Observable(Promise.resolve(response)),
  };
  const requestOptions = { middleware: [timeoutMiddleware], middlewareMergeStrategy: 'append' as const };
  const contentTypes = { merge: 'application/merge-patch+json', json: 'application/json-patch+json' };
  return {
    client,
    config,
    context,
    requestOptions,
    patchOptions: (strategy) =>
      client.setHeaderOptions('Content-Type', contentTypes[strategy], requestOptions as never),
    timeoutMs,
    retry: { ...defaultRetryPolicy, ...options.retry },
    describe: () => `context "${context.name}"${context.server ? ` (${context.server})` : ''}`,
  };
}

/**
 * A cluster that names a certificate authority and also skips verification is refused, as kubectl
 * refuses it, rather than connected to without verifying the server.
 */
export function assertTlsSettingsAgree(config: InstanceType<ClientNode['KubeConfig']>, contextName: string): void {
  const cluster = config.getCurrentCluster();
  if (cluster?.skipTLSVerify !== true || !(cluster.caData || cluster.caFile)) return;
  throw new ClusterError(
    'invalid-kubeconfig',
    `the cluster "${cluster.name}" of context "${contextName}" sets both a certificate authority and insecure-skip-tls-verify: true, which kubectl refuses too ("specifying a root certificates file with the insecure flag is not allowed"). Nothing was sent to it; remove insecure-skip-tls-verify (or the certificate authority) from the kubeconfig.`,
  );
}

function statusBodyMessage(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const message = (parsed as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

function findCode(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown; errno?: unknown } | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/**
 * Turns whatever a client-node call threw into a ClusterError. `what` says what was being done,
 * e.g. `reading services in namespace "x"`; `where` names the context and server.
 */
export function toClusterError(error: unknown, what: string, where: string): ClusterError {
  if (error instanceof ClusterError) return error;
  const status = (error as { code?: unknown }).code;
  if (typeof status === 'number') {
    const serverMessage = statusBodyMessage((error as { body?: unknown }).body);
    const said = serverMessage ? `: ${serverMessage}` : '';
    switch (status) {
      case 401:
        return new ClusterError(
          'unauthorized',
          `the API server of ${where} rejected the credentials (401 Unauthorized) while ${what}. Log in again (renew the token or certificate in the kubeconfig) and retry.`,
          status,
          serverMessage,
        );
      case 403:
        return new ClusterError(
          'forbidden',
          `you are not allowed to do this: ${what} was refused by ${where}${said}. Ask the cluster's administrators for the permission if you need it.`,
          status,
          serverMessage,
        );
      case 404:
        return new ClusterError('not-found', `not found while ${what}${said}.`, status, serverMessage);
      case 409:
        return new ClusterError(
          'conflict',
          `conflict while ${what}${said}. Someone changed it at the same time; run the command again.`,
          status,
          serverMessage,
        );
      case 422:
        return new ClusterError(
          'invalid',
          `the API server refused the object while ${what}${said}.`,
          status,
          serverMessage,
        );
      case 429:
        return new ClusterError(
          'server',
          `the API server of ${where} is overloaded (429 Too Many Requests) while ${what}. Wait a little and retry.`,
          status,
          serverMessage,
        );
      default:
        return new ClusterError(
          'server',
          `the API server of ${where} answered ${status} while ${what}${said}. Retry later, or ask the cluster's administrators.`,
          status,
          serverMessage,
        );
    }
  }
  const code = findCode(error);
  const name = (error as { name?: string }).name;
  const type = (error as { type?: string }).type;
  const text = String((error as { message?: unknown }).message ?? error);
  if (name === 'AbortError' || name === 'TimeoutError' || type === 'aborted' || code === 'ABORT_ERR')
    return new ClusterError(
      'timeout',
      `the API server of ${where} did not answer in time while ${what}. Check that the cluster is up and reachable from here (VPN?), then retry.`,
    );
  if (code === 'ECONNREFUSED')
    return new ClusterError(
      'unreachable',
      `cannot reach the API server of ${where}: the connection was refused while ${what}. Check that the cluster is up and that the server URL in the kubeconfig is right.`,
    );
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new ClusterError(
      'unreachable',
      `cannot reach the API server of ${where}: its host name does not resolve. Check the server URL in the kubeconfig, and your network or VPN.`,
    );
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT')
    return new ClusterError(
      'unreachable',
      `cannot reach the API server of ${where} from here while ${what}. Check your network or VPN.`,
    );
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|premature close|ECONNRESET/i.test(text))
    return new ClusterError(
      'unreachable',
      `the connection to the API server of ${where} was cut while ${what}. Retry; if it keeps happening, check the network path to the cluster (proxy, VPN).`,
    );
  if (code !== undefined && /^(ERR_TLS|ERR_SSL|DEPTH_ZERO)|CERT|VERIFY|SIGNATURE|SELF_SIGNED|SSL/.test(code))
    return new ClusterError(
      'tls',
      `the TLS certificate of the API server of ${where} was not accepted (${code}). The kubeconfig's certificate-authority does not match the server: get a fresh kubeconfig from the cluster's administrators.`,
    );
  if (error instanceof SyntaxError || /JSON|Unexpected end|invalid json/i.test(text))
    return new ClusterError(
      'server',
      `the API server of ${where} sent an answer that could not be read (cut off?) while ${what}. Retry.`,
    );
  return new ClusterError(
    'unreachable',
    `the request to ${where} failed while ${what} (${code ?? name ?? 'unknown error'}). Check that the cluster is reachable, then retry.`,
  );
}

/** Runs one cluster call, retried as `retryable` allows, turning failures into ClusterError. */
export async function clusterCall<T>(
  connection: ClusterConnection,
  what: string,
  call: () => Promise<T>,
  kind: CallKind = 'read',
): Promise<T> {
  try {
    return await withRetries(connection, kind, call);
  } catch (error) {
    throw toClusterError(error, what, connection.describe());
  }
}

/** `read`: no side effect (GET, and the review POSTs); `write`: changes something. */
export type CallKind = 'read' | 'write';

/** The wait before the next attempt, or undefined when `error` is not worth another attempt. */
export function retryDelay(error: unknown, kind: CallKind, attempt: number, policy: RetryPolicy): number | undefined {
  const status = (error as { code?: unknown }).code;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = backoff / 2 + Math.random() * (backoff / 2);
  if (status === 429) {
    const seconds = Number(retryAfterHeader((error as { headers?: unknown }).headers));
    return Number.isFinite(seconds) && seconds >= 0 ? Math.min(policy.maxDelayMs, seconds * 1000) : jittered;
  }
  if (kind === 'write') return undefined;
  if (typeof status === 'number') return [500, 502, 503, 504].includes(status) ? jittered : undefined;
  const clusterError = toClusterError(error, '', '');
  const cut = clusterError.code === 'unreachable' && /was cut/.test(clusterError.message);
  const unreadable = clusterError.code === 'server' && /could not be read/.test(clusterError.message);
  return cut || unreadable ? jittered : undefined;
}

function retryAfterHeader(headers: unknown): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === 'retry-after') return String(value);
  return undefined;
}

/** Calls `call` until it succeeds, the error is not transient, or the policy's attempts or budget run out. */
export async function withRetries<T>(
  connection: ClusterConnection,
  kind: CallKind,
  call: () => Promise<T>,
): Promise<T> {
  const policy = connection.retry;
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = retryDelay(error, kind, attempt, policy);
      if (delay === undefined || attempt + 1 >= policy.attempts || Date.now() - started + delay > policy.budgetMs)
        throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Who the cluster says the current user is (SelfSubjectReview), or undefined when it cannot say. */
export async function whoAmI(
  connection: ClusterConnection,
): Promise<{ username: string; groups: string[] } | undefined> {
  const api = connection.config.makeApiClient(connection.client.AuthenticationV1Api);
  try {
    // A review changes nothing: retried as a read.
    const review = await withRetries(connection, 'read', () =>
      api.createSelfSubjectReview(
        { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
        connection.requestOptions as never,
      ),
    );
    const info = review.status?.userInfo;
    return info?.username ? { username: info.username, groups: info.groups ?? [] } : undefined;
  } catch (error) {
    const clusterError = toClusterError(error, 'asking who you are (SelfSubjectReview)', connection.describe());
    // Older clusters (before 1.28) lack the API: the request is still made, without a name.
    if (clusterError.code === 'not-found' || clusterError.code === 'forbidden') return undefined;
    throw clusterError;
  }
}

export interface AccessQuestion {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  name?: string;
}

/** Asks the cluster's authorizer (SelfSubjectAccessReview) whether the current user may do each thing. */
export async function canI(connection: ClusterConnection, question: AccessQuestion): Promise<boolean> {
  const api = connection.config.makeApiClient(connection.client.AuthorizationV1Api);
  const attributes: Record<string, string> = {
    verb: question.verb,
    resource: question.resource,
    group: question.group ?? '',
  };
  if (question.namespace) attributes.namespace = question.namespace;
  if (question.name) attributes.name = question.name;
  const review = await clusterCall(connection, `asking whether you may ${question.verb} ${question.resource}`, () =>
    api.createSelfSubjectAccessReview(
      {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: attributes },
        },
      },
      connection.requestOptions as never,
    ),
  );
  return review.status?.allowed === true;
}
