// `kubectl lsst context`: every context with its cluster, namespace and the cluster's role.
import { Command } from '@oclif/core';
import { currentIo } from '../../lib/io.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';
import { contextListJson, listFlagSpecs, runContextList } from './list-run.ts';

export { contextListJson };

export default class ContextList extends Command {
  static override summary = 'List kube contexts with their cluster, namespace, cluster role and Kubernetes version.';
  static override description =
    'The role and version come from clusters[].match in the configuration (by context name, server URL or kubeconfig cluster entry); every context on one cluster (same cluster entry, server or certificate authority) has its role. With no match, a prod or production word in a context, cluster or server host name makes it production. "unknown (not guarded)" otherwise, with the line of configuration that guards it on standard error. The current context is marked with *. Reads KUBECONFIG with kubectl\'s rules (several files merged, the first definition of a name wins).';
  static override examples = ['<%= config.bin %> context', '<%= config.bin %> context --json'];
  static override flags = toOclifFlags(listFlagSpecs);

  async run(): Promise<number> {
    const { flags } = await this.parse(ContextList);
    const values = flags as { kubeconfig?: string; config?: string; json?: boolean };
    return runContextList(currentIo(), values);
  }
}
