// `kubectl lsst context`: every context with its cluster, namespace and the cluster's role.
import { type ContextSummary, listContexts } from '@lsst-kube/core/kube';
import { Command } from '@oclif/core';
import { kubeconfigFlagSpecs } from '../../lib/context-flags.ts';
import type { FlagSpecs } from '../../lib/flag-spec.ts';
import { currentIo } from '../../lib/io.ts';
import { formatTable, runContextCommand } from '../../lib/kube-context.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';

const listFlagSpecs = {
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

export default class ContextList extends Command {
  static override summary = 'List kube contexts with their cluster, namespace, cluster role and Kubernetes version.';
  static override description =
    'The role and version come from clusters[].match in the configuration (by context name, server URL or kubeconfig cluster entry); every context on one cluster (same cluster entry, server or certificate authority) has its role. With no match, a prod or production word in a context, cluster or server host name makes it production. "unknown (not guarded)" otherwise, with the line of configuration that guards it on standard error. The current context is marked with *. Reads KUBECONFIG with kubectl\'s rules (several files merged, the first definition of a name wins).';
  static override examples = ['<%= config.bin %> context', '<%= config.bin %> context --json'];
  static override flags = toOclifFlags(listFlagSpecs);

  async run(): Promise<number> {
    const { flags } = await this.parse(ContextList);
    const values = flags as { kubeconfig?: string; config?: string; json?: boolean };
    return runContextCommand(currentIo(), values, async (session) => {
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
}
