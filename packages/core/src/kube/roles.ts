// The role of the cluster behind a kube context. Roles belong to clusters, not to context names:
// contexts that share a kubeconfig cluster entry, a server or a certificate authority are one
// cluster, and the strictest role any trusted source gives one of them holds for all of them.
import type { ClusterConfig, ClusterRole, Config, ConfigLayer, ResolvedConfig } from '../config/model.ts';
import { matchCluster } from '../config/targets.ts';
import { visibleText } from '../format/visible-text.ts';

export type { ClusterConfig, ClusterRole, Config, ResolvedConfig } from '../config/model.ts';

import type { Kubeconfig } from './kubeconfig.ts';

export type ContextRole = ClusterRole | 'unknown';

export interface ContextClusterInfo {
  role: ContextRole;
  /** The configured cluster that gave the role, if a configuration file did. */
  cluster: ClusterConfig | undefined;
  /** Where the role comes from: a configuration file, or the built-in rule on `prod` words. */
  roleSource: string | undefined;
  /** The name typed to confirm a switch: the configured cluster, else the kubeconfig cluster entry. */
  confirmName: string;
  /** Which cluster it is (kubeconfig entries, servers), to notice that a context now points elsewhere. */
  identity: string;
  /** For an unknown role: the one line of configuration that would guard the cluster. */
  guardHint: string | undefined;
}

const roleRank: Record<ContextRole, number> = {
  unknown: 0,
  development: 1,
  testing: 2,
  'pre-production': 3,
  production: 4,
};

/** The stricter of two roles (production is the strictest, unknown the least strict). */
export function stricterRole(left: ContextRole, right: ContextRole): ContextRole {
  return roleRank[right] > roleRank[left] ? right : left;
}

/** Roles where a switch is confirmed by typing the cluster's name. */
export function needsConfirmation(role: ContextRole): boolean {
  return role === 'production' || role === 'pre-production';
}

/**
 * The built-in guard: a name or host with the word `prod` or `production` (`lsst-prod`,
 * `prod.example.org`, `lsstProd`, not `product-x` or `non-prod`) is production, and `preprod`,
 * `pre-prod` or `pre-production` is pre-production.
 */
export function productionWordRole(text: string): 'production' | 'pre-production' | undefined {
  const words = text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== '');
  let found: 'production' | 'pre-production' | undefined;
  for (const [index, word] of words.entries()) {
    const previous = words[index - 1];
    if (word === 'preprod' || word === 'preproduction') found ??= 'pre-production';
    if (word !== 'prod' && word !== 'production') continue;
    if (previous === 'non' || previous === 'not') continue;
    if (previous === 'pre') found ??= 'pre-production';
    else return 'production';
  }
  return found;
}

interface ClusterGroup {
  identity: string;
  contexts: Array<{ name: string; server: string | undefined }>;
  entries: string[];
  servers: string[];
}

function serverKey(server: string): string {
  try {
    const url = new URL(server.trim());
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return server.trim().replace(/\/+$/, '').toLowerCase();
  }
}

function hostOf(server: string): string {
  try {
    return new URL(server.trim()).hostname;
  } catch {
    return server;
  }
}

/** Contexts joined into clusters: by kubeconfig cluster entry, server URL and certificate authority. */
function groupContexts(kubeconfig: Kubeconfig): Map<string, ClusterGroup> {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(key, root);
    return root;
  };
  const union = (left: string, right: string) => {
    const a = find(left);
    const b = find(right);
    if (a !== b) parent.set(b, a);
  };
  for (const [name, context] of kubeconfig.contexts) {
    find(`context:${name}`);
    if (context.cluster !== undefined) union(`context:${name}`, `entry:${context.cluster}`);
  }
  for (const [name, cluster] of kubeconfig.clusters) {
    find(`entry:${name}`);
    if (cluster.server !== undefined && cluster.server.trim() !== '')
      union(`entry:${name}`, `server:${serverKey(cluster.server)}`);
    if (cluster.certificateAuthority !== undefined && cluster.certificateAuthority.trim() !== '')
      union(`entry:${name}`, `ca:${cluster.certificateAuthority.trim()}`);
  }
  const groups = new Map<string, ClusterGroup>();
  const groupOf = (key: string): ClusterGroup => {
    const root = find(key);
    let group = groups.get(root);
    if (group === undefined) {
      group = { identity: '', contexts: [], entries: [], servers: [] };
      groups.set(root, group);
    }
    return group;
  };
  const byContext = new Map<string, ClusterGroup>();
  for (const [name, cluster] of kubeconfig.clusters) {
    const group = groupOf(`entry:${name}`);
    group.entries.push(name);
    if (cluster.server !== undefined && !group.servers.includes(cluster.server)) group.servers.push(cluster.server);
  }
  for (const [name, context] of kubeconfig.contexts) {
    const group = groupOf(`context:${name}`);
    const server = context.cluster === undefined ? undefined : kubeconfig.clusters.get(context.cluster)?.server;
    group.contexts.push({ name, server });
    byContext.set(name, group);
  }
  for (const group of groups.values()) {
    group.identity = [...group.entries.map((entry) => `entry:${entry}`), ...group.servers.map(serverKey)]
      .sort()
      .join('\n');
    if (group.identity === '') group.identity = `context:${group.contexts[0]?.name ?? ''}`;
  }
  return byContext;
}

interface RoleMatch {
  role: ContextRole;
  cluster: ClusterConfig | undefined;
  source: string | undefined;
}

const unmatched: RoleMatch = { role: 'unknown', cluster: undefined, source: undefined };
const layerConfigs = new WeakMap<object, Config>();

/** The strictest cluster of one file that matches any context, entry or server of the group. */
function matchLayer(layer: ConfigLayer, group: ClusterGroup): RoleMatch {
  if (layer.clusters === undefined || layer.clusters.length === 0) return unmatched;
  let config = layerConfigs.get(layer);
  if (config === undefined) {
    // matchCluster compiles globs once per configuration object: keep one per layer.
    config = { clusters: layer.clusters } as Config;
    layerConfigs.set(layer, config);
  }
  let best = unmatched;
  const consider = (cluster: ClusterConfig | undefined) => {
    if (cluster !== undefined && roleRank[cluster.role] > roleRank[best.role])
      best = { role: cluster.role, cluster, source: layer.source };
  };
  for (const context of group.contexts) {
    const identity: { contextName: string; serverUrl?: string } = { contextName: context.name };
    if (context.server !== undefined) identity.serverUrl = context.server;
    consider(matchCluster(config, identity));
  }
  for (const entry of group.entries) consider(matchCluster(config, { contextName: entry }));
  for (const server of group.servers) consider(matchCluster(config, { serverUrl: server }));
  return best;
}

function builtInRole(group: ClusterGroup): RoleMatch {
  let best = unmatched;
  const names: Array<[string, string]> = [
    ...group.contexts.map((context): [string, string] => [context.name, `context "${context.name}"`]),
    ...group.entries.map((entry): [string, string] => [entry, `cluster "${entry}"`]),
    ...group.servers.map((server): [string, string] => [hostOf(server), `server host "${hostOf(server)}"`]),
  ];
  for (const [text, what] of names) {
    const role = productionWordRole(text);
    if (role !== undefined && roleRank[role] > roleRank[best.role])
      best = { role, cluster: undefined, source: `built in: the ${what} names it ${role}` };
  }
  return best;
}

function strictest(matches: RoleMatch[]): RoleMatch {
  return matches.reduce((best, match) => (roleRank[match.role] > roleRank[best.role] ? match : best), unmatched);
}

/** The layers of a configuration; one built without discovery counts as one trusted file. */
function layersOf(config: Config): ConfigLayer[] {
  const layers = (config as ResolvedConfig).layers;
  if (layers !== undefined) return layers;
  return [
    { source: (config as ResolvedConfig).source ?? 'the configuration', trust: 'user', clusters: config.clusters },
  ];
}

/**
 * The role of each context. The system's and the user's files decide first (the strictest of their
 * matches); when neither matches the cluster, the built-in `prod` word rule does. A project's file
 * can then only make the role stricter, never lower it.
 */
function decideRoles(kubeconfig: Kubeconfig, config: Config): Map<string, ContextClusterInfo> {
  const layers = layersOf(config);
  const trustedLayers = layers.filter((layer) => layer.trust !== 'project');
  const projectLayers = layers.filter((layer) => layer.trust === 'project');
  const decided = new Map<ClusterGroup, RoleMatch>();
  const roles = new Map<string, ContextClusterInfo>();
  const userFile = (config as ResolvedConfig).userConfigFile ?? '~/.config/lsst/config.yaml';
  for (const [name, group] of groupContexts(kubeconfig)) {
    let match = decided.get(group);
    if (match === undefined) {
      let trusted = strictest(trustedLayers.map((layer) => matchLayer(layer, group)));
      const project = strictest(projectLayers.map((layer) => matchLayer(layer, group)));
      if (trusted.role === 'unknown') trusted = builtInRole(group);
      // On a tie a configured cluster wins over the built-in rule: it has a name and a version.
      const projectWins =
        roleRank[project.role] > roleRank[trusted.role] ||
        (project.role === trusted.role && trusted.cluster === undefined && project.cluster !== undefined);
      match = projectWins ? project : trusted;
      decided.set(group, match);
    }
    const context = kubeconfig.contexts.get(name);
    const entry = context?.cluster;
    const server = entry === undefined ? undefined : kubeconfig.clusters.get(entry)?.server;
    roles.set(name, {
      role: match.role,
      cluster: match.cluster,
      roleSource: match.source,
      confirmName: match.cluster?.name ?? entry ?? name,
      identity: group.identity,
      guardHint: match.role === 'unknown' ? guardHint(entry ?? name, name, server, userFile) : undefined,
    });
  }
  return roles;
}

/** The one line of configuration that makes a cluster production. */
export function guardHint(clusterName: string, contextName: string, server: string | undefined, file: string): string {
  const match =
    server !== undefined && server.trim() !== ''
      ? `servers: [${JSON.stringify(server)}]`
      : `contexts: [${JSON.stringify(contextName)}]`;
  const line = `clusters: [{name: ${JSON.stringify(clusterName)}, role: production, kubernetesVersion: "1.29", match: {${match}}}]`;
  // Names come from the kubeconfig: printed, they must not carry control characters.
  return visibleText(
    `not guarded: no configuration gives the cluster "${clusterName}" a role, so nothing asks before acting on it. If it is production, add to ${file}: ${line}`,
  );
}

const decisions = new WeakMap<Kubeconfig, WeakMap<Config, Map<string, ContextClusterInfo>>>();

/** The cluster role of one context of `kubeconfig` (every context is decided once per pair). */
export function roleOfContext(kubeconfig: Kubeconfig, config: Config, contextName: string): ContextClusterInfo {
  let byConfig = decisions.get(kubeconfig);
  if (byConfig === undefined) {
    byConfig = new WeakMap();
    decisions.set(kubeconfig, byConfig);
  }
  let roles = byConfig.get(config);
  if (roles === undefined) {
    roles = decideRoles(kubeconfig, config);
    byConfig.set(config, roles);
  }
  return (
    roles.get(contextName) ?? {
      role: 'unknown',
      cluster: undefined,
      roleSource: undefined,
      confirmName: contextName,
      identity: `context:${contextName}`,
      guardHint: undefined,
    }
  );
}

/**
 * The configured cluster a context is checked against (`check --context`): by context name or
 * server URL, then by the kubeconfig cluster entry name. The guard uses {@link roleOfContext}.
 */
export function clusterOfContext(
  config: Config,
  context: { name: string; server?: string | undefined; cluster?: string | undefined },
): { role: ContextRole; cluster: ClusterConfig | undefined } {
  const identity: { contextName: string; serverUrl?: string } = { contextName: context.name };
  if (context.server !== undefined) identity.serverUrl = context.server;
  let cluster = matchCluster(config, identity);
  if (cluster === undefined && context.cluster !== undefined)
    cluster = matchCluster(config, { contextName: context.cluster });
  return { role: cluster?.role ?? 'unknown', cluster };
}

/** The environment variable through which `context shell` hands the role of its cluster to commands run inside. */
export const shellGuardVariable = 'KUBECTL_LSST_SHELL_GUARD';

/** What `context shell` records: its private copy holds one context, so the cluster's other contexts are not there to give the role. */
export function shellGuardValue(summary: {
  confirmName: string;
  role: ContextRole;
  server: string | undefined;
  name: string;
}): string | undefined {
  if (summary.role === 'unknown') return undefined;
  return JSON.stringify({
    cluster: summary.confirmName,
    role: summary.role,
    server: summary.server,
    context: summary.name,
  });
}

/**
 * The role recorded by `context shell`, as a layer of the configuration. It counts as a project's
 * file: anyone who can set a variable can only make the guard stricter with it, never weaker.
 */
export function withShellGuard(config: ResolvedConfig, value: string | undefined): ResolvedConfig {
  if (value === undefined || value === '' || value.length > 10_000) return config;
  let recorded: { cluster?: unknown; role?: unknown; server?: unknown; context?: unknown };
  try {
    recorded = JSON.parse(value) as typeof recorded;
  } catch {
    return config;
  }
  const role = recorded.role;
  if (role !== 'production' && role !== 'pre-production' && role !== 'testing' && role !== 'development') return config;
  const name = typeof recorded.cluster === 'string' ? recorded.cluster : 'shell';
  const match =
    typeof recorded.server === 'string'
      ? { servers: [recorded.server] }
      : typeof recorded.context === 'string'
        ? { contexts: [recorded.context] }
        : undefined;
  if (match === undefined) return config;
  const layer: ConfigLayer = {
    source: `${shellGuardVariable} (set by kubectl lsst context shell)`,
    trust: 'project',
    clusters: [{ name, role, kubernetesVersion: '', match }],
  };
  return { ...config, layers: [...layersOf(config), layer] };
}
