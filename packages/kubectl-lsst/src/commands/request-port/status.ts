// `kubectl lsst request-port status ID`: one request, with its decision.
import { getPortRequest } from '@lsst-kube/core/kube';
import { Args, Command, Flags } from '@oclif/core';
import { clusterConnectionFlagSpecs } from '../../lib/cluster-flags.ts';
import { runClusterCommand } from '../../lib/cluster-session.ts';
import { currentIo } from '../../lib/io.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';
import { listFormat, renderRequestDetail, whatHappensNext } from '../../lib/port-request-output.ts';

export default class RequestPortStatus extends Command {
  static override summary = 'Show a port request and its decision.';
  static override examples = ['<%= config.bin %> request-port status portal.web.443-tcp'];
  static override args = {
    id: Args.string({ description: 'The request id, as request-port printed it.', required: true }),
  };
  static override flags = {
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
    const { args, flags } = await this.parse(RequestPortStatus);
    const format = listFormat(flags.output);
    return runClusterCommand(currentIo(), flags as never, async (session) => {
      const request = await getPortRequest(session.connection, session.config.portRequests.namespace, args.id);
      session.out(renderRequestDetail(request, format));
      if (format === 'table') session.out(`${whatHappensNext(request)}\n`);
      return 0;
    });
  }
}
