// `kubectl lsst context use NAME`: switch contexts; production and pre-production are confirmed.
import { describeContext, listContexts, needsConfirmation, unknownContext, useContext } from '@lsst-kube/core/kube';
import { Args, Command, Flags } from '@oclif/core';
import { confirmByTypingClusterName } from '../../lib/confirm.ts';
import { kubeconfigFlagSpecs } from '../../lib/context-flags.ts';
import { CliError, ExitCode } from '../../lib/errors.ts';
import { currentIo } from '../../lib/io.ts';
import { type ContextSession, lockNotices, runContextCommand } from '../../lib/kube-context.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';
import { pickInTerminal } from '../../lib/pick.ts';

export default class ContextUse extends Command {
  static override summary = 'Switch to another kube context.';
  static override description =
    "Without a name, on a terminal, the contexts are offered to pick from (type to filter, arrow keys to move, Enter to pick), each with its namespace and role. Switching to a context on a production or pre-production cluster asks you to type the cluster's name; with no terminal it refuses (and changes nothing) unless --yes is given. The change is written where kubectl would write it, under kubectl's own lock, atomically.";
  static override examples = [
    '<%= config.bin %> context use dev/my-team',
    '<%= config.bin %> context use prod --yes',
    '<%= config.bin %> context use',
  ];
  static override args = {
    name: Args.string({ description: 'The context to switch to (on a terminal, leave it out to pick one).' }),
  };
  static override flags = {
    ...toOclifFlags(kubeconfigFlagSpecs),
    yes: Flags.boolean({
      char: 'y',
      summary: 'Confirm a switch to a production or pre-production cluster in advance.',
    }),
  };

  async run(): Promise<number> {
    const parsed = await this.parse(ContextUse);
    const { args } = parsed;
    const flags = parsed.flags as { kubeconfig?: string; config?: string; yes: boolean };
    const io = currentIo();
    return runContextCommand(io, flags, async (session) => {
      const name = args.name ?? (await pickContext(session));
      if (!session.kubeconfig.contexts.has(name)) throw unknownContext(session.kubeconfig, name);
      const target = describeContext(session.kubeconfig, session.config, name);
      if (session.kubeconfig.currentContext === name) {
        session.out(`Already on context "${name}" (namespace ${target.namespace}, ${target.role}).\n`);
        return 0;
      }
      if (needsConfirmation(target.role)) {
        await confirmByTypingClusterName(io, {
          action: `switch to context "${name}"`,
          reason: `the ${target.role} cluster "${target.confirmName}"`,
          clusterName: target.confirmName,
          yes: flags.yes,
        });
      }
      const result = await useContext(session.locations, name, {
        lock: lockNotices(session),
        guard: {
          config: session.config,
          role: target.role,
          clusterIdentity: target.clusterIdentity,
          confirmedInAdvance: flags.yes,
        },
      });
      session.out(
        `Switched to context "${name}" (namespace ${target.namespace}, cluster ${target.cluster ?? '?'}, ${target.role})${result.written.length > 0 ? ` in ${result.written.join(', ')}` : ''}.\n`,
      );
      if (target.guardHint !== undefined) session.err(`Note: ${target.guardHint}\n`);
      return 0;
    });
  }
}

/** The context picked on a terminal; without one, the usage error of a missing name. */
async function pickContext(session: ContextSession): Promise<string> {
  const { io } = session;
  if (!io.isTTY.stdin || !io.isTTY.stderr) {
    throw new CliError(
      'which context? Name it: `kubectl lsst context use NAME` (list them with `kubectl lsst context`). On a terminal, `context use` alone offers them to pick from.',
      ExitCode.usage,
    );
  }
  const contexts = listContexts(session.kubeconfig, session.config);
  if (contexts.length === 0) {
    throw new CliError(
      'there is no context to switch to. Add one with kubectl (kubectl config set-context), or point KUBECONFIG at your files.',
      ExitCode.usage,
    );
  }
  const picked = await pickInTerminal(io, {
    title: 'Switch to a kube context',
    items: contexts.map((context) => ({
      name: context.name,
      detail: `${context.namespace} · ${context.role}${context.configuredCluster ? ` (${context.configuredCluster})` : ''}`,
      current: context.current,
    })),
    columns: process.stderr.columns,
  });
  if (picked === undefined) throw new CliError('no context picked. Nothing was changed.', ExitCode.usage);
  return picked;
}
