// The role of the cluster behind a kube context, from the configuration's `clusters[].match`.
import type { ClusterConfig, ClusterRole, Config } from '../config/model.ts';
import { matchCluster } from '../config/targets.ts';

export type { ClusterConfig, ClusterRole, Config, ResolvedConfig } from '../config/model.ts';

import type { ResolvedContext } from './kubeconfig.ts';

export type ContextRole = ClusterRole | 'unknown';

export interface ContextClusterInfo {
  role: ContextRole;
  /** The configured cluster it matched, if any. */
  cluster: ClusterConfig | undefined;
}

/**
 * Matches by context name or server URL, then by the kubeconfig cluster name as a context name, so
 * that namespace contexts (`<cluster>/<namespace>`) keep the role of their cluster.
 */
export function clusterOfContext(
  config: Config,
  context: Pick<ResolvedContext, 'name' | 'server' | 'cluster'>,
): ContextClusterInfo {
  const identity: { contextName: string; serverUrl?: string } = { contextName: context.name };
  if (context.server !== undefined) identity.serverUrl = context.server;
  let cluster = matchCluster(config, identity);
  if (cluster === undefined && context.cluster !== undefined)
    cluster = matchCluster(config, { contextName: context.cluster });
  return { role: cluster?.role ?? 'unknown', cluster };
}

/** Roles where a switch is confirmed by typing the cluster's name. */
export function needsConfirmation(role: ContextRole): boolean {
  return role === 'production' || role === 'pre-production';
}
