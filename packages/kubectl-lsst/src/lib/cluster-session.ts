// What every command that talks to a cluster shares: the kubeconfig and .lsst.yaml (through the
// context commands' session), one connection, and cluster errors turned into exit codes.
import {
  type ClusterConnection,
  connectToCluster,
  isClusterError,
  PortRequestInputError,
  type ResolvedConfig,
} from '@lsst-kube/core/kube';
import { visibleLines } from '@lsst-kube/core/visible-text';
import { CliError, ExitCode } from './errors.ts';
import type { CliIo } from './io.ts';
import { asCliError, openContextSession } from './kube-context.ts';

export interface ClusterSessionFlags {
  context?: string | undefined;
  kubeconfig?: string | undefined;
  config?: string | undefined;
  'request-timeout'?: string | undefined;
}

export interface ClusterSession {
  io: CliIo;
  config: ResolvedConfig;
  connection: ClusterConnection;
  out(text: string): void;
  err(text: string): void;
}

/** `10s`, `500ms`, `2m` or a number of seconds, as kubectl's --request-timeout. */
export function parseDuration(value: string | undefined, fallbackMs = 10_000): number {
  if (value === undefined || value === '') return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new CliError(`--request-timeout "${value}" is not a duration. Give it as 10s, 500ms or 2m.`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = unit === 'ms' ? amount : unit === 'm' ? amount * 60_000 : amount * 1000;
  if (ms <= 0) throw new CliError('--request-timeout must be more than 0.');
  return ms;
}

/** Cluster problems end with exit 3; a missing object or a bad request is the user's to fix (exit 2). */
export function clusterErrorToCli(error: unknown): unknown {
  if (isClusterError(error)) {
    const usage =
      error.code === 'not-found' ||
      error.code === 'invalid' ||
      error.code === 'unknown-context' ||
      error.code === 'invalid-kubeconfig';
    return new CliError(error.message, usage ? ExitCode.usage : ExitCode.clusterUnreachable);
  }
  if (error instanceof PortRequestInputError) return new CliError(error.message, ExitCode.usage);
  return error;
}

/**
 * Reports a command's errors itself, with their exit codes: the command runs in the oclif bundle,
 * whose error classes are not the ones the entry bundle recognises.
 */
export async function reportingErrors(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const known = clusterErrorToCli(error);
    if (known instanceof CliError) {
      io.stderr.write(`kubectl-lsst: ${visibleLines(known.message)}\n`);
      return known.exitCode;
    }
    throw known;
  }
}

export async function runClusterCommand(
  io: CliIo,
  flags: ClusterSessionFlags,
  body: (session: ClusterSession) => Promise<number>,
): Promise<number> {
  return reportingErrors(io, async () => {
    const timeoutMs = parseDuration(flags['request-timeout']);
    const context = await openContextSession(io, { kubeconfig: flags.kubeconfig, config: flags.config });
    try {
      const connection = await connectToCluster({ kubeconfig: context.kubeconfig, context: flags.context, timeoutMs });
      return await body({ io, config: context.config, connection, out: context.out, err: context.err });
    } catch (error) {
      throw asCliError(clusterErrorToCli(error), context.redact);
    }
  });
}
