// What the cluster says about a namespace: does it exist, may the user list pods in it. Loads
// @kubernetes/client-node only here (dynamic import): it costs ~170 ms, kept off the hot paths.
import { assertTlsSettingsAgree, isClusterError } from './cluster-client.ts';
import type { Kubeconfig } from './kubeconfig.ts';
import { singleContextKubeconfig } from './private-copy.ts';

export interface NamespaceAccess {
  /** False when the API server could not be reached (or answered too late). */
  reachable: boolean;
  /** undefined when the server would not say (reading namespaces is forbidden). */
  namespaceExists: boolean | undefined;
  /** From a SelfSubjectAccessReview: may the user `list pods` in the namespace. */
  canListPods: boolean | undefined;
  /** Why the questions could not be answered, in one sentence (no credentials). */
  problem: string | undefined;
}

export interface AccessOptions {
  /** Per request. Default 4 s: a context switch should not hang on a dead cluster. */
  timeoutMs?: number;
}

type ClientNode = typeof import('@kubernetes/client-node');

async function clientFor(kubeconfig: Kubeconfig, contextName: string, timeoutMs: number) {
  const client: ClientNode = await import('@kubernetes/client-node');
  const config = new client.KubeConfig();
  config.loadFromString(singleContextKubeconfig(kubeconfig, contextName));
  assertTlsSettingsAgree(config, contextName);
  const signal = AbortSignal.timeout(timeoutMs);
  // Every request carries the timeout, so that an unreachable server fails fast.
  const options = {
    middleware: [
      {
        pre: (context: { setSignal(signal: AbortSignal): void }) => {
          context.setSignal(signal);
          return new client.Observable(Promise.resolve(context));
        },
        post: <T>(context: T) => new client.Observable(Promise.resolve(context)),
      },
    ],
    middlewareMergeStrategy: 'append' as const,
  };
  return { client, config, options };
}

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/** A short, credential-free reason for a failed request. */
export function describeRequestFailure(error: unknown): string {
  const status = statusOf(error);
  if (status === 401) return 'the API server rejected the credentials (401 Unauthorized)';
  if (status === 403) return 'the API server refused the request (403 Forbidden)';
  if (status !== undefined) return `the API server answered ${status}`;
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  const name = (error as { name?: string }).name;
  if (name === 'AbortError' || name === 'TimeoutError' || code === 'ABORT_ERR')
    return 'the API server did not answer in time';
  if (code === 'ECONNREFUSED')
    return 'the API server refused the connection (is the cluster up, and the server URL right?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the API server host name does not resolve';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ETIMEDOUT')
    return 'the API server is not reachable from here';
  if (
    typeof code === 'string' &&
    (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('DEPTH_ZERO'))
  ) {
    return `the API server's TLS certificate was not accepted (${code})`;
  }
  return `the request failed (${code ?? name ?? 'unknown error'})`;
}

export async function checkNamespaceAccess(
  kubeconfig: Kubeconfig,
  contextName: string,
  namespace: string,
  options: AccessOptions = {},
): Promise<NamespaceAccess> {
  const result: NamespaceAccess = {
    reachable: true,
    namespaceExists: undefined,
    canListPods: undefined,
    problem: undefined,
  };
  let api: Awaited<ReturnType<typeof clientFor>>;
  try {
    api = await clientFor(kubeconfig, contextName, options.timeoutMs ?? 4000);
  } catch (error) {
    return {
      ...result,
      reachable: false,
      problem: isClusterError(error)
        ? error.message
        : `the context cannot be used to reach the cluster (${describeRequestFailure(error)})`,
    };
  }
  const { client, config, options: requestOptions } = api;
  try {
    const review = await config.makeApiClient(client.AuthorizationV1Api).createSelfSubjectAccessReview(
      {
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { namespace, verb: 'list', resource: 'pods' } },
        },
      },
      requestOptions as never,
    );
    result.canListPods = review.status?.allowed === true;
  } catch (error) {
    if (statusOf(error) === undefined) return { ...result, reachable: false, problem: describeRequestFailure(error) };
    result.problem = describeRequestFailure(error);
  }
  try {
    await config.makeApiClient(client.CoreV1Api).readNamespace({ name: namespace }, requestOptions as never);
    result.namespaceExists = true;
  } catch (error) {
    const status = statusOf(error);
    if (status === 404) result.namespaceExists = false;
    else if (status === undefined) return { ...result, reachable: false, problem: describeRequestFailure(error) };
  }
  return result;
}

/** Namespace names from the cluster, or undefined when it cannot say (unreachable, forbidden). */
export async function listClusterNamespaces(
  kubeconfig: Kubeconfig,
  contextName: string,
  options: AccessOptions = {},
): Promise<string[] | undefined> {
  try {
    const {
      client,
      config,
      options: requestOptions,
    } = await clientFor(kubeconfig, contextName, options.timeoutMs ?? 1500);
    const list = await config.makeApiClient(client.CoreV1Api).listNamespace({}, requestOptions as never);
    return list.items
      .map((item) => item.metadata?.name)
      .filter((name): name is string => name !== undefined)
      .sort();
  } catch {
    return undefined;
  }
}
