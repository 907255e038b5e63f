// Values the API server accepts for enumerated fields of built-in kinds. The official OpenAPI v3 documents
// carry no `enum` for built-in kinds (in 1.29 to 1.35 the word appears only in the CRD schema type), so the
// values are listed here, by definition (short name, as in schemas/kubernetes.generated.ts) and field.
// Sources: the `+enum` string types and their constants in kubernetes/api (core/v1/types.go, apps/v1,
// batch/v1, networking/v1, storage/v1, scheduling/v1, meta/v1 LabelSelectorOperator) and the validation
// in kubernetes/kubernetes pkg/apis/*/validation that refuses other values. The empty string is accepted
// everywhere: the server reads it as unset and applies the default. Compiled 2026-12-06 against 1.29 to 1.35.

const protocols = ['TCP', 'UDP', 'SCTP'];
const pullPolicies = ['Always', 'IfNotPresent', 'Never'];
const updateStrategies = ['RollingUpdate', 'OnDelete'];
const selectorOperators = ['In', 'NotIn', 'Exists', 'DoesNotExist'];
const accessModes = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];
const volumeModes = ['Block', 'Filesystem'];

/** definition -> field -> allowed values (for a list field: of its items). */
export const kubernetesEnums: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  'apps.v1.DaemonSetUpdateStrategy': { type: updateStrategies },
  'apps.v1.DeploymentStrategy': { type: ['Recreate', 'RollingUpdate'] },
  'apps.v1.StatefulSetSpec': { podManagementPolicy: ['OrderedReady', 'Parallel'] },
  'apps.v1.StatefulSetUpdateStrategy': { type: updateStrategies },
  'batch.v1.CronJobSpec': { concurrencyPolicy: ['Allow', 'Forbid', 'Replace'] },
  'batch.v1.JobSpec': { completionMode: ['NonIndexed', 'Indexed'] },
  'core.v1.Container': {
    imagePullPolicy: pullPolicies,
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
  },
  'core.v1.ContainerPort': { protocol: protocols },
  'core.v1.EphemeralContainer': {
    imagePullPolicy: pullPolicies,
    terminationMessagePolicy: ['File', 'FallbackToLogsOnError'],
  },
  'core.v1.HTTPGetAction': { scheme: ['HTTP', 'HTTPS'] },
  'core.v1.HostPathVolumeSource': {
    type: ['DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'],
  },
  'core.v1.NodeSelectorRequirement': { operator: [...selectorOperators, 'Gt', 'Lt'] },
  'core.v1.PersistentVolumeClaimSpec': { accessModes, volumeMode: volumeModes },
  'core.v1.PersistentVolumeSpec': {
    accessModes,
    persistentVolumeReclaimPolicy: ['Retain', 'Recycle', 'Delete'],
    volumeMode: volumeModes,
  },
  'core.v1.PodSpec': {
    dnsPolicy: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
    restartPolicy: ['Always', 'OnFailure', 'Never'],
  },
  'core.v1.SeccompProfile': { type: ['Localhost', 'RuntimeDefault', 'Unconfined'] },
  'core.v1.ServicePort': { protocol: protocols },
  'core.v1.ServiceSpec': {
    externalTrafficPolicy: ['Cluster', 'Local'],
    internalTrafficPolicy: ['Cluster', 'Local'],
    ipFamilyPolicy: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
    sessionAffinity: ['ClientIP', 'None'],
    type: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  },
  'core.v1.Toleration': { effect: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'], operator: ['Exists', 'Equal'] },
  'core.v1.TopologySpreadConstraint': { whenUnsatisfiable: ['DoNotSchedule', 'ScheduleAnyway'] },
  'meta.v1.LabelSelectorRequirement': { operator: selectorOperators },
  'networking.v1.HTTPIngressPath': { pathType: ['Exact', 'Prefix', 'ImplementationSpecific'] },
  'networking.v1.NetworkPolicyPort': { protocol: protocols },
  'networking.v1.NetworkPolicySpec': { policyTypes: ['Ingress', 'Egress'] },
  'scheduling.v1.PriorityClass': { preemptionPolicy: ['Never', 'PreemptLowerPriority'] },
  'storage.v1.StorageClass': {
    reclaimPolicy: ['Delete', 'Retain'],
    volumeBindingMode: ['Immediate', 'WaitForFirstConsumer'],
  },
};
