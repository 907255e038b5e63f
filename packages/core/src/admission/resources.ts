// The resource names (plurals) admission rules match on, for the kinds the rules judge.

const workloadResourceOfKind: Readonly<Record<string, string>> = {
  Pod: 'pods',
  PodTemplate: 'podtemplates',
  PersistentVolume: 'persistentvolumes',
  ReplicationController: 'replicationcontrollers',
  DaemonSet: 'daemonsets',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  StatefulSet: 'statefulsets',
  CronJob: 'cronjobs',
  Job: 'jobs',
};

/** The resource (plural) of a kind, as Kubernetes names them by default: Ingress → ingresses, NetworkPolicy → networkpolicies. */
export function resourceOf(kind: string): string {
  const known = workloadResourceOfKind[kind];
  if (known) return known;
  const lower = kind.toLowerCase();
  if (/(?:s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}
