import type { ClusterConfig } from '../../config/model.ts';
import {
  type ApiState,
  apiStatusAt,
  compareKubernetesVersions,
  findKubernetesApiRow,
  type KubernetesApiRow,
  parseKubernetesVersion,
} from '../../data/kubernetes-apis.ts';
import { getPair, nodeRange } from '../../documents/yaml.ts';
import { replaceScalarText } from '../../fix/yaml-edit.ts';
import type { Fix } from '../../types.ts';
import { defineRule, type ManifestRuleContext } from '../rule.ts';

export const clusterApiVersion = defineRule({
  name: 'cluster/api-version',
  guideline: '1.1',
  description:
    'Objects use an apiVersion that every target cluster still serves: removed APIs are errors, deprecated ones warnings.',
  defaultSeverity: 'error',
  appliesTo: ['manifest'],
  fixable: true,
  checkManifest,
});

function checkManifest(context: ManifestRuleContext): void {
  const { object } = context;
  if (object.apiVersion === undefined || object.kind === undefined) return;
  const row = findKubernetesApiRow(object.apiVersion, object.kind);
  if (!row) return;
  const removed: ClusterConfig[] = [];
  const deprecated: ClusterConfig[] = [];
  for (const cluster of context.targets) {
    if (!parseKubernetesVersion(cluster.kubernetesVersion)) continue;
    const state: ApiState = apiStatusAt(object.apiVersion, object.kind, cluster.kubernetesVersion).state;
    if (state === 'removed') removed.push(cluster);
    else if (state === 'deprecated') deprecated.push(cluster);
  }
  if (removed.length === 0 && deprecated.length === 0) return;

  const valueNode = getPair(object.map, 'apiVersion')?.value;
  const range = valueNode ? nodeRange(valueNode) : object.headRange;
  const fix = valueNode ? renameFix(context, row, range) : undefined;
  const states = [
    removed.length > 0 ? `removed in ${row.removedIn} (${names(removed)})` : '',
    deprecated.length > 0 ? `deprecated in ${row.deprecatedIn} (${names(deprecated)})` : '',
  ].filter(Boolean);
  const consequence =
    removed.length > 0
      ? `The API server of ${names(removed)} refuses it`
      : `${names(deprecated)} will stop serving it${row.removedIn ? ` in ${row.removedIn}` : ' in a later release'}`;
  context.report({
    range,
    severity: removed.length > 0 ? 'error' : 'warning',
    clusters: [...removed, ...deprecated].map((cluster) => cluster.name).sort(byTargetOrder(context.targets)),
    message: `${object.apiVersion} ${object.kind} is ${states.join('; ')}; ${replacementAdvice(row, context.targets)} ${consequence}; each cluster runs its own Kubernetes version (guideline 1.1), so check against every target.${fix ? '' : migrationNote(row)}`,
    ...(fix ? { fix } : {}),
  });
}

function names(clusters: readonly ClusterConfig[]): string {
  return clusters.map((cluster) => cluster.name).join(', ');
}

function byTargetOrder(targets: readonly ClusterConfig[]): (a: string, b: string) => number {
  const order = targets.map((cluster) => cluster.name);
  return (a, b) => order.indexOf(a) - order.indexOf(b);
}

function replacementName(row: KubernetesApiRow): string {
  return `${row.replacement}${row.replacementKind ? ` ${row.replacementKind}` : ''}`;
}

/** Clusters that do not serve the replacement yet. */
function tooOldForReplacement(row: KubernetesApiRow, targets: readonly ClusterConfig[]): ClusterConfig[] {
  const since = row.replacementSince;
  if (!since) return [];
  return targets.filter(
    (cluster) =>
      parseKubernetesVersion(cluster.kubernetesVersion) !== undefined &&
      compareKubernetesVersions(cluster.kubernetesVersion, since) < 0,
  );
}

function isRemovedAt(row: KubernetesApiRow, cluster: ClusterConfig): boolean {
  return (
    row.removedIn !== undefined &&
    parseKubernetesVersion(cluster.kubernetesVersion) !== undefined &&
    compareKubernetesVersions(cluster.kubernetesVersion, row.removedIn) >= 0
  );
}

function replacementAdvice(row: KubernetesApiRow, targets: readonly ClusterConfig[]): string {
  if (!row.replacement) return `${row.note ?? 'there is no replacement API'}.`;
  const next = findKubernetesApiRow(row.replacement, row.replacementKind ?? row.kind);
  if (next && targets.some((cluster) => isRemovedAt(next, cluster))) return replacementAdvice(next, targets);
  const tooOld = tooOldForReplacement(row, targets);
  const available =
    tooOld.length > 0
      ? ` (served from ${row.replacementSince}; ${tooOld.map((cluster) => `${cluster.name} runs ${cluster.kubernetesVersion}`).join(', ')})`
      : '';
  return `use ${replacementName(row)}${available}.`;
}

function migrationNote(row: KubernetesApiRow): string {
  if (!row.replacement || row.pureRename) return '';
  return ` Changing apiVersion alone is not enough${row.note ? `: ${row.note}` : ''}.`;
}

/** Rewrites apiVersion only when the move is a pure rename that every target cluster serves. */
function renameFix(
  context: ManifestRuleContext,
  row: KubernetesApiRow,
  range: readonly [number, number],
): Fix | undefined {
  if (!row.pureRename || !row.replacement || row.replacementKind) return undefined;
  if (!row.replacementSince) return undefined;
  if (context.targets.some((cluster) => !parseKubernetesVersion(cluster.kubernetesVersion))) return undefined;
  if (tooOldForReplacement(row, context.targets).length > 0) return undefined;
  // extensions/v1beta1 PodSecurityPolicy moved to policy/v1beta1, itself gone since 1.25.
  const next = findKubernetesApiRow(row.replacement, row.kind);
  if (next && context.targets.some((cluster) => isRemovedAt(next, cluster))) return undefined;
  return {
    description: `Change apiVersion to ${row.replacement}`,
    edits: [replaceScalarText(context.text, range, row.replacement)],
    // The new version is checked against its own schema, whose findings other fixes cannot foresee.
    first: true,
  };
}
