// The guard before acting on an important cluster: on a terminal, the person types the cluster's
// name; without a terminal nothing happens unless --yes says so up front.
import { createInterface } from 'node:readline';
import { CliError, ExitCode } from './errors.ts';
import type { CliIo } from './io.ts';

export interface ConfirmRequest {
  /** What is about to happen, e.g. `switch to context "prod-admin"`. */
  action: string;
  /** Why it needs confirming, e.g. `a production cluster`. */
  reason: string;
  /** The name to type back. */
  clusterName: string;
  /** `--yes` was given. */
  yes: boolean;
}

export async function confirmByTypingClusterName(io: CliIo, request: ConfirmRequest): Promise<void> {
  if (request.yes) return;
  if (!io.isTTY.stdin) {
    throw new CliError(
      `refusing to ${request.action}: it is ${request.reason} and there is no terminal to confirm on. Nothing was changed. Pass --yes to confirm in advance.`,
      ExitCode.usage,
    );
  }
  const answer = await askLine(
    io,
    `You are about to ${request.action} on ${request.reason}.\nType the cluster name (${request.clusterName}) to confirm: `,
  );
  if (answer.trim() !== request.clusterName) {
    throw new CliError(
      `not confirmed ("${answer.trim()}" is not "${request.clusterName}"). Nothing was changed.`,
      ExitCode.usage,
    );
  }
}

function askLine(io: CliIo, question: string): Promise<string> {
  io.stderr.write(question);
  return new Promise((resolve) => {
    const reader = createInterface({ input: io.stdin, terminal: false });
    let answered = false;
    reader.once('line', (line) => {
      answered = true;
      reader.close();
      resolve(line);
    });
    reader.once('close', () => {
      if (!answered) resolve('');
    });
  });
}
