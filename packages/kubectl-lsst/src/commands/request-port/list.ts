// `kubectl lsst request-port list`: the port requests of a namespace (or of all, -A).
import { listPortRequests, type PortRequestState, portRequestStates } from '@lsst-kube/core/kube';
import { Command, Flags } from '@oclif/core';
import { clusterConnectionFlagSpecs } from '../../lib/cluster-flags.ts';
import { runClusterCommand } from '../../lib/cluster-session.ts';
import { currentIo } from '../../lib/io.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';
import { listFormat, renderRequestList } from '../../lib/port-request-output.ts';

export default class RequestPortList extends Command {
  static override summary = 'List port requests.';
  static override description =
    "Lists the requests for Services of the context's namespace (or -n NS), or of every namespace with -A. Exit 3 when the cluster cannot be reached or you may not read the requests.";
  static override examples = [
    '<%= config.bin %> request-port list',
    '<%= config.bin %> request-port list --status pending -A',
  ];
  static override flags = {
    status: Flags.string({ summary: 'Only requests with this status.', options: [...portRequestStates] }),
    'all-namespaces': Flags.boolean({ char: 'A', summary: 'Requests for every namespace.' }),
    namespace: Flags.string({ char: 'n', summary: 'Requests for Services of this namespace.', helpValue: 'NS' }),
    output: Flags.string({
      char: 'o',
      summary: 'Output format.',
      options: ['table', 'yaml', 'json'],
      default: 'table',
    }),
    config: Flags.string({ char: 'c', summary: 'The .lsst.yaml to use.', helpValue: 'FILE' }),
    ...toOclifFlags(clusterConnectionFlagSpecs),
  };

  async run(): Promise<number> {
    const { flags } = await this.parse(RequestPortList);
    const format = listFormat(flags.output);
    return runClusterCommand(currentIo(), flags as never, async (session) => {
      const options: { status?: PortRequestState; namespace?: string } = {};
      if (flags.status) options.status = flags.status as PortRequestState;
      if (!flags['all-namespaces']) options.namespace = flags.namespace ?? session.connection.context.namespace;
      const requests = await listPortRequests(session.connection, session.config.portRequests.namespace, options);
      session.out(renderRequestList(requests, format));
      return 0;
    });
  }
}
