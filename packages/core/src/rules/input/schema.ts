import type { ClusterConfig } from '../../config/model.ts';
import { kindScope } from '../../data/cluster-scoped-kinds.ts';
import { apiStatusAt } from '../../data/kubernetes-apis.ts';
import { getPair, headRange, nodeRange } from '../../documents/yaml.ts';
import type { CompactNode } from '../../schema/compact.ts';
import { builtInGroups, groupOf, type KubernetesSchema, kubernetesSchema } from '../../schema/kubernetes.ts';
import { type SchemaIssue, validateObject } from '../../schema/validate.ts';
import { nearestNames } from '../../suggest.ts';
import type { Finding, OffsetRange } from '../../types.ts';
import { defineRule, type ManifestRuleContext } from '../rule.ts';

const unknownKindPrefix = 'No schema for the custom kind';

export const inputSchema = defineRule({
  name: 'input/schema',
  guideline: '1.1',
  description:
    "Objects match the API of every target cluster's Kubernetes version (or their CRD's schema): known fields, right types, allowed values, required fields, served kinds.",
  defaultSeverity: 'error',
  appliesTo: ['manifest'],
  fixable: true,
  // An unknown custom kind is said once per file, not for each of its objects.
  oncePerFile: (finding: Finding) =>
    finding.message.startsWith(unknownKindPrefix) ? `${finding.object?.apiVersion} ${finding.object?.kind}` : undefined,
  checkManifest,
});

interface TargetIssue extends SchemaIssue {
  cluster: ClusterConfig;
}

function checkManifest(context: ManifestRuleContext): void {
  const { object } = context;
  const apiVersion = object.apiVersion;
  const kind = object.kind;
  if (apiVersion === undefined || kind === undefined) return;
  if (kindScope(apiVersion, kind) === 'not-an-object') return;
  const group = groupOf(apiVersion);
  const custom = context.customResources?.get(apiVersion, kind);
  if (!custom && !builtInGroups().has(group)) {
    const versions = context.customResources?.versionsOf(group, kind) ?? [];
    if (versions.length > 0) {
      context.report({
        range: valueRange(context, 'apiVersion'),
        message: `${apiVersion} ${kind} is not a version its CustomResourceDefinition serves: it serves ${versions.join(', ')}.`,
      });
      return;
    }
    context.report({
      range: valueRange(context, 'kind'),
      severity: 'info',
      message: `${unknownKindPrefix} ${kind} (${apiVersion}): its objects are not checked against a schema. Check its CustomResourceDefinition along with them, or name its file or folder with --crd or customResourceDefinitions in .lsst.yaml.`,
    });
    return;
  }

  const issues: TargetIssue[] = [];
  const checked: ClusterConfig[] = [];
  for (const [version, clusters] of targetsByVersion(context.targets)) {
    const schema = kubernetesSchema(version);
    if (!schema) continue;
    checked.push(...clusters);
    const found = custom
      ? validateObject(object.map, custom.schema, validationContext(context, schema, kind))
      : builtInIssues(context, schema, clusters);
    for (const issue of found) for (const cluster of clusters) issues.push({ ...issue, cluster });
  }
  report(context, issues, checked);
}

function builtInIssues(
  context: ManifestRuleContext,
  schema: KubernetesSchema,
  clusters: ClusterConfig[],
): SchemaIssue[] {
  const { object } = context;
  const apiVersion = object.apiVersion as string;
  const kind = object.kind as string;
  const definition = schema.kinds.get(apiVersion)?.get(kind);
  if (definition) {
    return validateObject(object.map, `@${definition}`, validationContext(context, schema, kind));
  }
  // cluster/api-version already says it when its table knows the API as removed.
  if (clusters.every((cluster) => apiStatusAt(apiVersion, kind, cluster.kubernetesVersion).state === 'removed'))
    return [];
  const group = groupOf(apiVersion);
  const servedVersions = [...schema.kinds]
    .filter(([candidate, kinds]) => groupOf(candidate) === group && kinds.has(kind))
    .map(([candidate]) => candidate);
  if (servedVersions.length > 0) {
    return [
      {
        range: valueRange(context, 'apiVersion'),
        message: `${apiVersion} ${kind} is not served by Kubernetes ${schema.version}; it serves ${kind} as ${servedVersions.join(', ')}.`,
      },
    ];
  }
  const kindsOfVersion = [...(schema.kinds.get(apiVersion)?.keys() ?? [])];
  const suggestion = nearestNames(kind, kindsOfVersion, { limit: 1 })[0];
  return [
    {
      range: valueRange(context, kindsOfVersion.length > 0 ? 'kind' : 'apiVersion'),
      message:
        kindsOfVersion.length > 0
          ? `Kubernetes ${schema.version} has no kind ${kind} in ${apiVersion}.${suggestion ? ` Did you mean ${suggestion}?` : ''}`
          : `Kubernetes ${schema.version} does not serve ${apiVersion}, so it has no ${kind} there.`,
    },
  ];
}

function validationContext(context: ManifestRuleContext, schema: KubernetesSchema, kind: string) {
  return {
    kind,
    reportMissing: context.kustomizeBase !== true && context.kustomizePatch !== true,
    patchDirectives: context.kustomizePatch === true,
    reference: (ref: string): CompactNode | undefined => schema.definitions.reference(ref),
    headRange: (map: Parameters<typeof headRange>[0]): OffsetRange => headRange(map, context.text),
  };
}

function valueRange(context: ManifestRuleContext, key: string): OffsetRange {
  const value = getPair(context.object.map, key)?.value;
  return value ? nodeRange(value) : context.object.headRange;
}

/** Targets grouped by minor version, in target order, so that each version is validated once. */
function targetsByVersion(targets: readonly ClusterConfig[]): Map<string, ClusterConfig[]> {
  const groups = new Map<string, ClusterConfig[]>();
  for (const cluster of targets) {
    const schema = kubernetesSchema(cluster.kubernetesVersion);
    if (!schema) continue;
    const list = groups.get(schema.version) ?? [];
    list.push(cluster);
    groups.set(schema.version, list);
  }
  return groups;
}

/** One finding per place and message; one that holds on some targets only names them. */
function report(context: ManifestRuleContext, issues: TargetIssue[], checked: ClusterConfig[]): void {
  const grouped = new Map<string, { issue: TargetIssue; clusters: ClusterConfig[] }>();
  for (const issue of issues) {
    // The version in a message is the one place where targets differ: group without it.
    const key = `${issue.range[0]}:${issue.range[1]}:${issue.message.replace(/Kubernetes \d+\.\d+/g, 'Kubernetes')}`;
    const entry = grouped.get(key);
    if (entry) entry.clusters.push(issue.cluster);
    else grouped.set(key, { issue, clusters: [issue.cluster] });
  }
  for (const { issue, clusters } of grouped.values()) {
    const everywhere = clusters.length === checked.length;
    const only = everywhere
      ? ''
      : ` Only on ${clusters.map((cluster) => `${cluster.name} (Kubernetes ${cluster.kubernetesVersion})`).join(', ')}; ${checked
          .filter((cluster) => !clusters.includes(cluster))
          .map((cluster) => cluster.name)
          .join(', ')} accept${checked.length - clusters.length === 1 ? 's' : ''} it.`;
    const rename = everywhere ? issue.rename : undefined;
    // A message about one version that holds on every target names them all.
    const versions = [
      ...new Set(clusters.map((cluster) => kubernetesSchema(cluster.kubernetesVersion)?.version ?? '')),
    ].sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
    const message =
      everywhere && versions.length > 1
        ? issue.message.replace(/Kubernetes \d+\.\d+/g, `Kubernetes ${versions.join(', ')}`)
        : issue.message;
    context.report({
      range: issue.range,
      message: `${message}${only}`,
      ...(everywhere ? {} : { clusters: clusters.map((cluster) => cluster.name) }),
      ...(rename
        ? {
            fix: {
              description: `Rename the field to ${rename.to}`,
              edits: [{ range: rename.range, text: rename.to }],
              first: true,
            },
          }
        : {}),
    });
  }
}
