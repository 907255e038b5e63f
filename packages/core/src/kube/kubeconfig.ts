// The merged view of the kubeconfig files, with kubectl's merge rules: files in order, the first
// file to define a cluster, context or user name wins, the first non-empty current-context wins.
import { existsSync } from 'node:fs';
import { KubeconfigError } from './errors.ts';
import {
  type KubeClusterEntry,
  type KubeContextEntry,
  type KubeconfigFile,
  type KubeUserEntry,
  readKubeconfigFile,
} from './kubeconfig-file.ts';
import { type KubeconfigLocationOptions, type KubeconfigLocations, kubeconfigLocations } from './locations.ts';

export interface Kubeconfig {
  locations: KubeconfigLocations;
  /** Every file of the precedence list, in order (missing ones with `exists: false`). */
  files: KubeconfigFile[];
  currentContext: string | undefined;
  contexts: Map<string, KubeContextEntry>;
  clusters: Map<string, KubeClusterEntry>;
  users: Map<string, KubeUserEntry>;
  /** Credential values from every file, longest first, for redaction. */
  secrets: string[];
}

/** A context with what it points at, as `kubectl config view --minify` resolves it. */
export interface ResolvedContext {
  name: string;
  cluster: string | undefined;
  user: string | undefined;
  /** The context's namespace, or `default` as kubectl uses when none is set. */
  namespace: string;
  /** Whether the namespace is written in the context (false: kubectl falls back to `default`). */
  namespaceSet: boolean;
  server: string | undefined;
  file: string;
}

export function loadKubeconfig(options: KubeconfigLocationOptions = {}): Kubeconfig {
  return loadKubeconfigFrom(kubeconfigLocations(options));
}

export function loadKubeconfigFrom(locations: KubeconfigLocations): Kubeconfig {
  if (locations.source === 'flag') {
    const [explicit] = locations.precedence;
    if (explicit !== undefined && !existsSync(explicit)) {
      throw new KubeconfigError('not-found', 'the kubeconfig given by --kubeconfig does not exist', {
        file: explicit,
        hint: 'Check the path',
      });
    }
  }
  return mergeKubeconfigFiles(
    locations,
    locations.precedence.map((path) => readKubeconfigFile(path)),
  );
}

export function mergeKubeconfigFiles(locations: KubeconfigLocations, files: KubeconfigFile[]): Kubeconfig {
  const merged: Kubeconfig = {
    locations,
    files,
    currentContext: undefined,
    contexts: new Map(),
    clusters: new Map(),
    users: new Map(),
    secrets: [],
  };
  const secrets = new Set<string>();
  for (const file of files) {
    if (merged.currentContext === undefined && file.currentContext !== undefined) {
      merged.currentContext = file.currentContext;
    }
    for (const context of file.contexts)
      if (!merged.contexts.has(context.name)) merged.contexts.set(context.name, context);
    for (const cluster of file.clusters)
      if (!merged.clusters.has(cluster.name)) merged.clusters.set(cluster.name, cluster);
    for (const user of file.users) if (!merged.users.has(user.name)) merged.users.set(user.name, user);
    for (const secret of file.secrets) if (secret.length >= 4) secrets.add(secret);
  }
  merged.secrets = [...secrets].sort((a, b) => b.length - a.length);
  return merged;
}

export function resolveContext(kubeconfig: Kubeconfig, name: string): ResolvedContext | undefined {
  const context = kubeconfig.contexts.get(name);
  if (context === undefined) return undefined;
  const cluster = context.cluster === undefined ? undefined : kubeconfig.clusters.get(context.cluster);
  return {
    name,
    cluster: context.cluster,
    user: context.user,
    namespace: context.namespace ?? 'default',
    namespaceSet: context.namespace !== undefined,
    server: cluster?.server,
    file: context.file,
  };
}

/** The current context, or an error that says what to do when there is none or it is dangling. */
export function requireCurrentContext(kubeconfig: Kubeconfig): ResolvedContext {
  const name = kubeconfig.currentContext;
  if (name === undefined) {
    throw new KubeconfigError('no-current-context', `no current context is set in ${describeFiles(kubeconfig)}`, {
      hint: 'Choose one with `kubectl lsst context use NAME` (list them with `kubectl lsst context`)',
    });
  }
  const resolved = resolveContext(kubeconfig, name);
  if (resolved === undefined) {
    throw new KubeconfigError(
      'unknown-context',
      `the current context "${name}" is not defined in ${describeFiles(kubeconfig)}`,
      {
        hint: 'Choose an existing one with `kubectl lsst context use NAME`',
      },
    );
  }
  return resolved;
}

export function describeFiles(kubeconfig: Kubeconfig): string {
  const paths = kubeconfig.locations.precedence;
  return paths.length === 1 ? (paths[0] as string) : `KUBECONFIG (${paths.join(', ')})`;
}

/**
 * Reads without taking the lock (for read-only commands), but never trusts a half-written file:
 * kubectl writes in place, so a file that fails to parse while `<file>.lock` exists is read again
 * once the lock is gone (up to `waitMs`).
 */
export async function loadKubeconfigSettled(
  options: KubeconfigLocationOptions = {},
  waitMs = 2000,
): Promise<Kubeconfig> {
  const locations = kubeconfigLocations(options);
  const started = Date.now();
  for (;;) {
    try {
      return loadKubeconfigFrom(locations);
    } catch (error) {
      const writing =
        error instanceof KubeconfigError &&
        error.code === 'malformed' &&
        error.file !== undefined &&
        existsSync(`${error.file}.lock`);
      if (!writing || Date.now() - started > waitMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
