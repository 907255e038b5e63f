// `kubectl lsst context ns NAMESPACE`: switch to the namespace context of the current cluster and
// user, creating it with a predictable name (`<cluster>/<namespace>`) when it does not exist.
import {
  checkNamespaceAccess,
  describeContext,
  isSystemNamespace,
  planNamespaceContext,
  useNamespace,
} from '@lsst-kube/core/kube';
import { Args, Command, Flags } from '@oclif/core';
import { confirmByTypingClusterName } from '../../lib/confirm.ts';
import { kubeconfigFlagSpecs } from '../../lib/context-flags.ts';
import { currentIo } from '../../lib/io.ts';
import { lockNotices, runContextCommand } from '../../lib/kube-context.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';

export default class ContextNs extends Command {
  static override summary = 'Switch to a namespace context of the current cluster and user, creating it if needed.';
  static override description =
    `The context is named <cluster>/<namespace> after the kubeconfig's cluster entry (<cluster>/<namespace>/<user> when that name belongs to another user), so the same namespace always gets the same context. "default" and kube-* namespaces get a warning, and on a production cluster you type the cluster's name to confirm (--yes with no terminal).

When the cluster answers, it also says whether the namespace exists and whether you may list pods in it (a SelfSubjectAccessReview); an unreachable cluster does not stop the switch.`;
  static override examples = [
    '<%= config.bin %> context ns my-team',
    '<%= config.bin %> context ns my-team --no-check',
  ];
  static override args = { namespace: Args.string({ description: 'The namespace to work in.', required: true }) };
  static override flags = {
    ...toOclifFlags(kubeconfigFlagSpecs),
    yes: Flags.boolean({ char: 'y', summary: 'Confirm a system namespace on a production cluster in advance.' }),
    check: Flags.boolean({
      summary: 'Ask the cluster whether the namespace exists and pods can be listed.',
      default: true,
      allowNo: true,
    }),
    timeout: Flags.integer({
      summary: 'Seconds to wait for the cluster when checking (1-3600).',
      default: 4,
      min: 1,
      max: 3600,
    }),
  };

  async run(): Promise<number> {
    const parsed = await this.parse(ContextNs);
    const namespace = parsed.args.namespace;
    const flags = parsed.flags as {
      kubeconfig?: string;
      config?: string;
      yes: boolean;
      check: boolean;
      timeout: number;
    };
    const io = currentIo();
    return runContextCommand(io, flags, async (session) => {
      const plan = planNamespaceContext(session.kubeconfig, namespace);
      const from = describeContext(session.kubeconfig, session.config, plan.from.name);
      const role = from.role;
      if (isSystemNamespace(namespace)) {
        session.err(
          `Warning: "${namespace}" is a namespace Kubernetes itself uses; the guidelines isolate work in your own namespace.\n`,
        );
        if (role === 'production') {
          await confirmByTypingClusterName(io, {
            action: `work in the namespace "${namespace}"`,
            reason: `the production cluster "${from.confirmName}"`,
            clusterName: from.confirmName,
            yes: flags.yes,
          });
        }
      }
      const result = await useNamespace(session.locations, namespace, {
        lock: lockNotices(session),
        guard: {
          config: session.config,
          role,
          clusterIdentity: from.clusterIdentity,
          confirmedInAdvance: flags.yes,
        },
      });
      const done = result.plan;
      session.out(
        `Switched to context "${done.name}" (namespace ${done.namespace}, cluster ${done.cluster}, ${role})${done.exists ? '' : `; created it in ${result.written[0] ?? 'the kubeconfig'}`}.\n`,
      );
      if (from.guardHint !== undefined) session.err(`Note: ${from.guardHint}\n`);
      if (!flags.check) return 0;
      const access = await checkNamespaceAccess(result.kubeconfig, done.name, namespace, {
        timeoutMs: flags.timeout * 1000,
      });
      if (!access.reachable) {
        session.err(
          `Note: could not check the namespace on the cluster: ${access.problem}. The context was switched anyway.\n`,
        );
        return 0;
      }
      if (access.namespaceExists === false) {
        session.err(
          `Warning: the namespace "${namespace}" does not exist on this cluster. Check the name, or ask the cluster's administrators to create it.\n`,
        );
      }
      if (access.canListPods === false) {
        session.err(
          `Warning: you cannot list pods in "${namespace}" (the cluster's access review says no). Ask for a RoleBinding in that namespace.\n`,
        );
      } else if (access.canListPods === undefined && access.problem !== undefined) {
        session.err(`Note: could not ask whether you may list pods there: ${access.problem}.\n`);
      }
      return 0;
    });
  }
}
