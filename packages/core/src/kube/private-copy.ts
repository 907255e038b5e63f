// A private kubeconfig holding one context, its cluster and its user, for `context shell` and for
// cluster calls: relative file paths are made absolute (as kubectl resolves them against the file
// that names them), and the copy lives in a folder only its owner can read.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { KubeconfigError } from './errors.ts';
import type { Kubeconfig } from './kubeconfig.ts';

type Json = Record<string, unknown>;

function resolvePathField(body: Json | undefined, key: string, base: string, onlyWithSeparator = false): void {
  const value = body?.[key];
  if (typeof value !== 'string' || value === '' || isAbsolute(value)) return;
  if (onlyWithSeparator && !value.includes('/')) return;
  (body as Json)[key] = resolve(base, value);
}

function entryJson(
  kubeconfig: Kubeconfig,
  section: 'clusters' | 'contexts' | 'users',
  name: string,
  file: string,
): Json | undefined {
  const source = kubeconfig.files.find((candidate) => candidate.path === file);
  const node = source?.nodes[section].get(name);
  if (node === undefined || source?.document === undefined) return undefined;
  // Through the document, so that aliases and `<<` merge keys come out expanded as kubectl reads them.
  return node.toJS(source.document, { maxAliasCount: 10_000 }) as Json;
}

/** The text of a kubeconfig holding only `contextName` (with credentials: write it 0600). */
export function singleContextKubeconfig(kubeconfig: Kubeconfig, contextName: string): string {
  const context = kubeconfig.contexts.get(contextName);
  if (context === undefined) {
    throw new KubeconfigError('unknown-context', `no context named "${contextName}"`, {
      hint: 'List them with `kubectl lsst context`',
    });
  }
  const document: Json = { apiVersion: 'v1', kind: 'Config', preferences: {} };
  const cluster = context.cluster === undefined ? undefined : kubeconfig.clusters.get(context.cluster);
  const clusterJson = cluster === undefined ? undefined : entryJson(kubeconfig, 'clusters', cluster.name, cluster.file);
  if (clusterJson !== undefined && cluster !== undefined) {
    resolvePathField(clusterJson.cluster as Json | undefined, 'certificate-authority', dirname(cluster.file));
    document.clusters = [clusterJson];
  }
  document.contexts = [entryJson(kubeconfig, 'contexts', contextName, context.file)];
  const user = context.user === undefined ? undefined : kubeconfig.users.get(context.user);
  const userJson = user === undefined ? undefined : entryJson(kubeconfig, 'users', user.name, user.file);
  if (userJson !== undefined && user !== undefined) {
    const body = userJson.user as Json | undefined;
    const base = dirname(user.file);
    for (const key of ['client-certificate', 'client-key', 'tokenFile']) resolvePathField(body, key, base);
    // kubectl resolves an exec command only when it is a path, not a name looked up on PATH.
    resolvePathField(body?.exec as Json | undefined, 'command', base, true);
    document.users = [userJson];
  }
  document['current-context'] = contextName;
  return stringify(document, { version: '1.1', lineWidth: 0 });
}

export interface PrivateKubeconfig {
  /** The file to put in KUBECONFIG. */
  path: string;
  directory: string;
  /** Removes the copy and its folder; safe to call twice. */
  remove(): void;
}

export function createPrivateKubeconfig(
  kubeconfig: Kubeconfig,
  contextName: string,
  parent: string = tmpdir(),
): PrivateKubeconfig {
  const text = singleContextKubeconfig(kubeconfig, contextName);
  const directory = mkdtempSync(join(parent, 'kubectl-lsst-'));
  const path = join(directory, 'config');
  writeFileSync(path, text, { mode: 0o600 });
  return { path, directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
