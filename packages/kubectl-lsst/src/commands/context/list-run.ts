// `kubectl lsst context` (the list) without oclif: the command class and the start-up fast path
// (src/light.ts) both run this.
import { type ContextSummary, listContexts } from '@lsst-kube/core/kube';
import { kubeconfigFlagSpecs } from '../../lib/context-flags.ts';
import type { FlagSpecs } from '../../lib/flag-spec.ts';
import type { CliIo } from '../../lib/io.ts';
import { formatTable, runContextCommand } from '../../lib/kube-context.ts';

export const listFlagSpecs = {
  ...kubeconfigFlagSpecs,
  json: { type: 'boolean', summary: 'Print a JSON array (stable fields, no credentials).' },
} as const satisfies FlagSpecs;

export function contextListJson(summaries: ContextSummary[]): unknown[] {
  return summaries.map((summary) => ({
    name: summary.name,
    current: summary.current,
    cluster: summary.cluster ?? null,
    user: summary.user ?? null,
    namespace: summary.namespace,
    server: summary.server ?? null,
    role: summary.role,
    guarded: summary.role !== 'unknown',
    roleSource: summary.roleSource ?? null,
    guardHint: summary.guardHint ?? null,
    configuredCluster: summary.configuredCluster ?? null,
    kubernetesVersion: summary.kubernetesVersion ?? null,
    file: summary.file,
  }));
}

export function runContextList(
  io: CliIo,
  values: { kubeconfig?: string; config?: string; json?: boolean },
): Promise<number> {
  return runContextCommand(io, values, async (session) => {
    const summaries = listContexts(session.kubeconfig, session.config);
    if (values.json === true) {
      session.out(`${JSON.stringify(contextListJson(summaries), null, 2)}\n`);
      return 0;
    }
    if (summaries.length === 0) {
      session.err(
        'No contexts found. Add one with kubectl (kubectl config set-context), or point KUBECONFIG at your files.\n',
      );
      return 0;
    }
    const rows = summaries.map((summary) => [
      summary.current ? '*' : '',
      summary.name,
      summary.cluster ?? '',
      summary.namespace,
      summary.role === 'unknown' ? 'unknown (not guarded)' : summary.role,
      summary.kubernetesVersion ?? '',
    ]);
    session.out(formatTable(['CURRENT', 'NAME', 'CLUSTER', 'NAMESPACE', 'ROLE', 'VERSION'], rows));
    // One note per unguarded cluster, on standard error so that the table stays parseable.
    for (const hint of new Set(summaries.map((summary) => summary.guardHint))) {
      if (hint !== undefined) session.err(`Note: ${hint}\n`);
    }
    return 0;
  });
}
