// The role of the cluster behind a kube context, from the configuration's `clusters[].match`.
import type { ClusterConfig, ClusterRole, Config } from '../config/model.ts';
import { matchCluster } from '../config/targets.ts';
import type { ResolvedContext } from './kubeconfig.ts';

export type ContextRole = ClusterRole | 'unknown';

export interface ContextClusterInfo {
  role: ContextRole;
  /** The configured cluster it matched, if any. */
  cluster: ClusterConfig | undefined;
}

export function clusterOfContext(
  config: Config,
  context: Pick<ResolvedContext, 'name' | 'server'>,
): ContextClusterInfo {
  const identity: { contextName: string; serverUrl?: string } = { contextName: context.name };
  if (context.server !== undefined) identity.serverUrl = context.server;
  const cluster = matchCluster(config, identity);
  return { role: cluster?.role ?? 'unknown', cluster };
}

/** Roles where a switch is confirmed by typing the cluster's name. */
export function needsConfirmation(role: ContextRole): boolean {
  return role === 'production' || role === 'pre-production';
}
