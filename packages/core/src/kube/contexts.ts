// The context operations shared by the CLI and the editor: list, describe, switch, namespace.
import type { Config } from '../config/model.ts';
import { KubeconfigError } from './errors.ts';
import { type Kubeconfig, type ResolvedContext, requireCurrentContext, resolveContext } from './kubeconfig.ts';
import type { KubeconfigLocations } from './locations.ts';
import type { LockOptions } from './lock.ts';
import { namespaceContextName, namespaceNameProblem } from './naming.ts';
import { type ContextRole, clusterOfContext } from './roles.ts';
import { type UpdateResult, updateKubeconfig } from './update.ts';

export interface ContextSummary {
  name: string;
  /** The kubeconfig cluster entry. */
  cluster: string | undefined;
  user: string | undefined;
  namespace: string;
  server: string | undefined;
  current: boolean;
  role: ContextRole;
  /** The configured cluster (`clusters[].name`) it matched. */
  configuredCluster: string | undefined;
  kubernetesVersion: string | undefined;
  /** The kubeconfig file that defines it. */
  file: string;
}

function summarize(kubeconfig: Kubeconfig, config: Config, context: ResolvedContext): ContextSummary {
  const { role, cluster } = clusterOfContext(config, context);
  return {
    name: context.name,
    cluster: context.cluster,
    user: context.user,
    namespace: context.namespace,
    server: context.server,
    current: kubeconfig.currentContext === context.name,
    role,
    configuredCluster: cluster?.name,
    kubernetesVersion: cluster?.kubernetesVersion,
    file: context.file,
  };
}

/** Every context, in the order the files list them. */
export function listContexts(kubeconfig: Kubeconfig, config: Config): ContextSummary[] {
  const summaries: ContextSummary[] = [];
  for (const name of kubeconfig.contexts.keys()) {
    const resolved = resolveContext(kubeconfig, name);
    if (resolved !== undefined) summaries.push(summarize(kubeconfig, config, resolved));
  }
  return summaries;
}

export function describeContext(kubeconfig: Kubeconfig, config: Config, name: string): ContextSummary {
  const resolved = resolveContext(kubeconfig, name);
  if (resolved === undefined) throw unknownContext(kubeconfig, name);
  return summarize(kubeconfig, config, resolved);
}

export function describeCurrentContext(kubeconfig: Kubeconfig, config: Config): ContextSummary {
  return summarize(kubeconfig, config, requireCurrentContext(kubeconfig));
}

export function unknownContext(kubeconfig: Kubeconfig, name: string): KubeconfigError {
  const names = [...kubeconfig.contexts.keys()];
  const close = names.filter((candidate) => candidate.includes(name) || name.includes(candidate)).slice(0, 3);
  return new KubeconfigError('unknown-context', `no context named "${name}"`, {
    hint:
      close.length > 0
        ? `Did you mean ${close.map((candidate) => `"${candidate}"`).join(' or ')}? List them with \`kubectl lsst context\``
        : 'List them with `kubectl lsst context`',
  });
}

export interface SwitchOptions {
  lock?: LockOptions;
}

/** Makes `name` the current context (in the file kubectl would write it to). */
export function useContext(
  locations: KubeconfigLocations,
  name: string,
  options: SwitchOptions = {},
): Promise<UpdateResult> {
  return updateKubeconfig(
    locations,
    (fresh) => {
      if (!fresh.contexts.has(name)) throw unknownContext(fresh, name);
      return { currentContext: name };
    },
    options.lock === undefined ? {} : { lock: options.lock },
  );
}

export interface NamespaceContextPlan {
  /** The context that will be current. */
  name: string;
  cluster: string;
  user: string | undefined;
  namespace: string;
  /** Whether a context of that name exists already. */
  exists: boolean;
  /** The context it is derived from (the current one). */
  from: ResolvedContext;
}

/** The namespace context for the current cluster and user, as it would be named and whether it exists. */
export function planNamespaceContext(kubeconfig: Kubeconfig, namespace: string): NamespaceContextPlan {
  const problem = namespaceNameProblem(namespace);
  if (problem !== undefined) throw new KubeconfigError('malformed', problem, { hint: 'Check the spelling' });
  const from = requireCurrentContext(kubeconfig);
  if (from.cluster === undefined) {
    throw new KubeconfigError('malformed', `the current context "${from.name}" names no cluster`, {
      file: from.file,
      hint: 'Choose a complete context with `kubectl lsst context use NAME`',
    });
  }
  const target = { cluster: from.cluster, user: from.user, namespace };
  const name = namespaceContextName(target, kubeconfig);
  return { name, ...target, exists: kubeconfig.contexts.has(name), from };
}

/**
 * Switches to the namespace context of the current cluster and user, creating it when missing.
 * The plan is made again under the lock, from the files as they are then.
 */
export function useNamespace(
  locations: KubeconfigLocations,
  namespace: string,
  options: SwitchOptions = {},
): Promise<UpdateResult & { plan: NamespaceContextPlan }> {
  let plan: NamespaceContextPlan | undefined;
  return updateKubeconfig(
    locations,
    (fresh) => {
      plan = planNamespaceContext(fresh, namespace);
      return {
        contexts: [{ name: plan.name, cluster: plan.cluster, user: plan.user, namespace: plan.namespace }],
        currentContext: plan.name,
      };
    },
    options.lock === undefined ? {} : { lock: options.lock },
  ).then((result) => ({ ...result, plan: plan as NamespaceContextPlan }));
}
