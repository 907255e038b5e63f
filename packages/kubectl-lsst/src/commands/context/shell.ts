// `kubectl lsst context shell NAME [-- COMMAND...]`: a shell (or one command) whose KUBECONFIG is a
// private copy holding only that context, so switching in one terminal never changes another.
import { spawn } from 'node:child_process';
import {
  createPrivateKubeconfig,
  describeContext,
  needsConfirmation,
  shellGuardValue,
  shellGuardVariable,
  unknownContext,
} from '@lsst-kube/core/kube';
import { Args, Command, Flags } from '@oclif/core';
import { confirmByTypingClusterName } from '../../lib/confirm.ts';
import { kubeconfigFlagSpecs } from '../../lib/context-flags.ts';
import { CliError, ExitCode } from '../../lib/errors.ts';
import { currentIo } from '../../lib/io.ts';
import { runContextCommand } from '../../lib/kube-context.ts';
import { toOclifFlags } from '../../lib/oclif-flags.ts';

export default class ContextShell extends Command {
  static override summary = 'Start a shell (or run a command) with a private kubeconfig holding only one context.';
  static override description =
    `KUBECONFIG points at a copy (mode 0600, in a private temporary folder) with the context, its cluster and its user; relative certificate paths are made absolute. Context switches inside the shell change only the copy, which is removed when the shell exits; your kubeconfig files are not touched. KUBECTL_LSST_CONTEXT holds the context name, for prompts. Production and pre-production contexts are confirmed as for \`context use\`.`;
  static override examples = [
    '<%= config.bin %> context shell dev/my-team',
    '<%= config.bin %> context shell dev/my-team -- kubectl get pods',
    "<%= config.bin %> context shell prod --yes -- sh -c 'kubectl config current-context'",
  ];
  static override strict = false;
  static override args = { name: Args.string({ description: 'The context.', required: true }) };
  static override flags = {
    ...toOclifFlags(kubeconfigFlagSpecs),
    yes: Flags.boolean({ char: 'y', summary: 'Confirm a production or pre-production context in advance.' }),
  };

  async run(): Promise<number> {
    const parsed = await this.parse(ContextShell);
    const flags = parsed.flags as { kubeconfig?: string; config?: string; yes: boolean };
    const [name, ...rest] = (parsed.argv as string[]).filter((word, index) => !(index === 1 && word === '--'));
    const io = currentIo();
    return runContextCommand(io, flags, async (session) => {
      if (name === undefined || !session.kubeconfig.contexts.has(name))
        throw unknownContext(session.kubeconfig, name ?? '');
      const target = describeContext(session.kubeconfig, session.config, name);
      if (needsConfirmation(target.role)) {
        await confirmByTypingClusterName(io, {
          action: `open a shell on context "${name}"`,
          reason: `the ${target.role} cluster "${target.confirmName}"`,
          clusterName: target.confirmName,
          yes: flags.yes,
        });
      }
      const command =
        rest.length > 0 ? rest : [io.env.SHELL !== undefined && io.env.SHELL !== '' ? io.env.SHELL : '/bin/sh'];
      const copy = createPrivateKubeconfig(session.kubeconfig, name);
      if (rest.length === 0) {
        session.err(
          `Starting ${command[0]} on context "${name}" (namespace ${target.namespace}, ${target.role}); exit to leave. Your kubeconfig is not changed.\n`,
        );
        if (target.guardHint !== undefined) session.err(`Note: ${target.guardHint}\n`);
      }
      try {
        return await runWithKubeconfig(
          command,
          {
            ...io.env,
            KUBECONFIG: copy.path,
            KUBECTL_LSST_CONTEXT: name,
            [shellGuardVariable]: shellGuardValue(target) ?? io.env[shellGuardVariable],
          },
          io.cwd,
        );
      } finally {
        copy.remove();
      }
    });
  }
}

/** Runs the command in the foreground; Ctrl-C goes to it, not to us, so that we can clean up. */
function runWithKubeconfig(command: string[], env: Record<string, string | undefined>, cwd: string): Promise<number> {
  const [program, ...args] = command as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: 'inherit', env, cwd });
    const ignore = () => {};
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', ignore);
    process.on('SIGQUIT', ignore);
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    const cleanup = () => {
      process.off('SIGINT', ignore);
      process.off('SIGQUIT', ignore);
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(
        new CliError(`cannot run ${program} (${error.code ?? error.message}). Check the command.`, ExitCode.usage),
      );
    });
    child.once('exit', (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal === null ? 0 : signalNumber(signal)));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = {
    SIGHUP: 1,
    SIGINT: 2,
    SIGQUIT: 3,
    SIGKILL: 9,
    SIGTERM: 15,
  };
  return numbers[signal] ?? 1;
}
