// Choosing clusters: by name (`--target a,b`, `--all-targets`), and by kube context (the status bar).
import { didYouMean } from '../suggest.ts';
import type { SeveritySetting } from '../types.ts';
import { UsageError } from './errors.ts';
import { compileGlob } from './glob.ts';
import type { ClusterConfig, Config, ResolvedConfig } from './model.ts';

export interface TargetSelection {
  /** `--target a,b`: names, as a list or as the flag's comma-separated text. */
  targets?: readonly string[] | string;
  /** `--all-targets`: every configured cluster. */
  allTargets?: boolean;
}

/**
 * The clusters a check runs against: every cluster with `allTargets`, the named ones with
 * `targets`, else `config.targets`. In the configuration's order, without duplicates.
 * @throws {UsageError} naming the unknown names and listing the known ones.
 */
export function resolveTargets(config: Config, selection: TargetSelection = {}): ClusterConfig[] {
  if (selection.allTargets) return [...config.clusters];
  const requested =
    typeof selection.targets === 'string'
      ? selection.targets.split(',')
      : selection.targets
        ? [...selection.targets]
        : [...config.targets];
  const names = requested.map((name) => name.trim()).filter((name) => name !== '');
  const known = config.clusters.map((cluster) => cluster.name);
  if (names.length === 0) {
    throw new UsageError(`no target cluster named. Name one or more of: ${known.join(', ')}.`);
  }
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    const first = unknown[0] ?? '';
    const what =
      unknown.length === 1
        ? `unknown target "${first}".`
        : `unknown targets ${unknown.map((name) => `"${name}"`).join(', ')}.`;
    throw new UsageError(`${what}${didYouMean(first, known)} The configured clusters are: ${known.join(', ')}.`);
  }
  return config.clusters.filter((cluster) => names.includes(cluster.name));
}

export interface ClusterIdentity {
  /** Name of the kube context. */
  contextName?: string;
  /** API server URL of the context's cluster. */
  serverUrl?: string;
}

interface CompiledCluster {
  cluster: ClusterConfig;
  contexts: ((text: string) => boolean)[];
  servers: ((text: string) => boolean)[];
}

const compiledByConfig = new WeakMap<Config, CompiledCluster[]>();

function normaliseServer(url: string): string {
  return url.trim().replace(/\/+$/, '').toLowerCase();
}

function compile(config: Config): CompiledCluster[] {
  let compiled = compiledByConfig.get(config);
  if (!compiled) {
    compiled = config.clusters.map((cluster) => ({
      cluster,
      contexts: (cluster.match?.contexts ?? []).map((glob) => compileGlob(glob)),
      servers: (cluster.match?.servers ?? []).map((glob) => {
        const wanted = normaliseServer(glob);
        // `*` also crosses `/` and `:`, which context names (EKS ARNs) and URLs contain.
        const matcher = compileGlob(wanted);
        return (url: string) => url === wanted || matcher(url);
      }),
    }));
    compiledByConfig.set(config, compiled);
  }
  return compiled;
}

/**
 * The first configured cluster whose `match.contexts` globs match the context name or whose
 * `match.servers` match the server URL (trailing slashes and case ignored); undefined when none
 * does. The embedded defaults match nothing: a file must say how contexts map to clusters.
 */
export function matchCluster(config: Config, identity: ClusterIdentity): ClusterConfig | undefined {
  const server = identity.serverUrl === undefined ? undefined : normaliseServer(identity.serverUrl);
  for (const entry of compile(config)) {
    if (identity.contextName !== undefined && entry.contexts.some((matches) => matches(identity.contextName ?? ''))) {
      return entry.cluster;
    }
    if (server !== undefined && entry.servers.some((matches) => matches(server))) return entry.cluster;
  }
  return undefined;
}

/** The configuration with an editor's severity per rule laid over it (`off` turns a rule off). */
export function withSeverityOverrides(
  config: ResolvedConfig,
  overrides: Readonly<Record<string, SeveritySetting>>,
): ResolvedConfig {
  if (Object.keys(overrides).length === 0) return config;
  const rules = { ...config.rules };
  for (const [rule, severity] of Object.entries(overrides)) rules[rule] = { ...rules[rule], severity };
  return { ...config, rules };
}
