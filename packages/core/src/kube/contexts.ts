// The context operations shared by the CLI and the editor: list, describe, switch, namespace.
import type { Config } from '../config/model.ts';
import { KubeconfigError } from './errors.ts';
import { type Kubeconfig, type ResolvedContext, requireCurrentContext, resolveContext } from './kubeconfig.ts';
import type { KubeconfigLocations } from './locations.ts';
import type { LockOptions } from './lock.ts';
import { namespaceContextName, namespaceNameProblem } from './naming.ts';
import { type ContextRole, needsConfirmation, roleOfContext } from './roles.ts';
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
  /** Where the role comes from (a configuration file, or the built-in rule); undefined when unknown. */
  roleSource: string | undefined;
  /** The configured cluster (`clusters[].name`) that gave the role. */
  configuredCluster: string | undefined;
  /** The name typed to confirm a switch to it. */
  confirmName: string;
  /** Which cluster it is, to notice a context that points elsewhere by the time it is switched to. */
  clusterIdentity: string;
  /** For an unknown role: says it is not guarded, with the one line of configuration that guards it. */
  guardHint: string | undefined;
  kubernetesVersion: string | undefined;
  /** The kubeconfig file that defines it. */
  file: string;
}

function summarize(kubeconfig: Kubeconfig, config: Config, context: ResolvedContext): ContextSummary {
  const { role, cluster, roleSource, confirmName, identity, guardHint } = roleOfContext(
    kubeconfig,
    config,
    context.name,
  );
  return {
    name: context.name,
    cluster: context.cluster,
    user: context.user,
    namespace: context.namespace,
    server: context.server,
    current: kubeconfig.currentContext === context.name,
    role,
    roleSource,
    configuredCluster: cluster?.name,
    confirmName,
    clusterIdentity: identity,
    guardHint,
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

/** What the production guard decided before the lock, about the cluster a switch lands on. */
export interface GuardDecision {
  config: Config;
  /** The role and cluster identity that were decided (and confirmed, when the role needed it). */
  role: ContextRole;
  clusterIdentity: string;
  /** `--yes`: a production switch was confirmed in advance, whatever cluster it lands on. */
  confirmedInAdvance?: boolean;
}

export interface SwitchOptions {
  lock?: LockOptions;
  /**
   * The guard's decision from before the lock. Under the lock the files are read again and the
   * role decided again; a switch that now lands on a cluster needing a confirmation it did not get
   * is refused, and nothing is written.
   */
  guard?: GuardDecision;
}

/** Under the lock: the fresh decision must not need a confirmation the earlier one did not give. */
function assertGuardHolds(guard: GuardDecision | undefined, fresh: Kubeconfig, contextName: string, action: string) {
  if (guard === undefined || guard.confirmedInAdvance === true) return;
  const now = describeContext(fresh, guard.config, contextName);
  if (!needsConfirmation(now.role)) return;
  if (now.role === guard.role && now.clusterIdentity === guard.clusterIdentity) return;
  throw new KubeconfigError(
    'guard-changed',
    `the kubeconfig changed while waiting for its lock: ${action} now lands on the ${now.role} cluster "${now.confirmName}", which was not confirmed. Nothing was changed`,
    { file: now.file, hint: 'Check the kubeconfig, then run the command again to be asked' },
  );
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
      assertGuardHolds(options.guard, fresh, name, `context "${name}"`);
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
      assertGuardHolds(options.guard, fresh, plan.from.name, `namespace "${namespace}" of context "${plan.from.name}"`);
      return {
        contexts: [{ name: plan.name, cluster: plan.cluster, user: plan.user, namespace: plan.namespace }],
        currentContext: plan.name,
      };
    },
    options.lock === undefined ? {} : { lock: options.lock },
  ).then((result) => ({ ...result, plan: plan as NamespaceContextPlan }));
}
