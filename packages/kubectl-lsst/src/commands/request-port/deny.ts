// `kubectl lsst request-port deny ID`: for the sysadmins; the cluster's RBAC decides who may.
import { approvedPortsConfigMapName, decidePortRequest } from '@lsst-kube/core/kube';
import { Args, Command, Flags } from '@oclif/core';
import { clusterConnectionFlagSpecs } from '../../lib/cluster-flags.ts';
import { runClusterCommand } from '../../lib/cluster-session.ts';
import { currentIo } from '../../lib/io.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';

export default class RequestPortDeny extends Command {
  static override summary = 'Deny a port request, saying why (Kubernetes sysadmins).';
  static override description =
    'Needs the right to patch ConfigMaps in the namespace where requests are kept (portRequests.namespace). Without it: "you are not allowed", exit 3, nothing changed.';
  static override examples = [
    '<%= config.bin %> request-port deny portal.web.443-tcp --reason "use the shared ingress"',
  ];
  static override args = { id: Args.string({ description: 'The request id.', required: true }) };
  static override flags = {
    reason: Flags.string({
      summary: 'Why it is denied (required): the person who asked reads it.',
      helpValue: 'TEXT',
      required: true,
    }),
    config: Flags.string({ char: 'c', summary: 'The .lsst.yaml to use.', helpValue: 'FILE' }),
    ...toOclifFlags(clusterConnectionFlagSpecs),
  };

  async run(): Promise<number> {
    const { args, flags } = await this.parse(RequestPortDeny);
    return runClusterCommand(currentIo(), flags as never, async (session) => {
      const { request, changed, approvedPortsChanged } = await decidePortRequest(
        session.connection,
        session.config.portRequests.namespace,
        args.id,
        'denied',
        flags.reason,
      );
      session.out(
        changed
          ? `Port request ${request.id} denied (Service ${request.namespace}/${request.service} port ${request.port}/${request.protocol}, asked by ${request.requestedBy ?? 'unknown'}).\n`
          : approvedPortsChanged
            ? `Port request ${request.id} was already denied; it is now removed from the approved ports, which lacked it.\n`
            : `Port request ${request.id} was already denied; nothing changed.\n`,
      );
      if (changed && approvedPortsChanged)
        session.out(
          `The ConfigMap ${session.config.portRequests.namespace}/${approvedPortsConfigMapName} of approved ports, which the admission policy lsst-network-public-exposure reads, no longer holds it.\n`,
        );
      return 0;
    });
  }
}
