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

/** The longest --request-timeout: a day, far within what a timer can wait (about 24.8 days). */
export const maxRequestTimeoutMs = 24 * 60 * 60 * 1000;

/** `10s`, `500ms`, `2m`, `1h` or a number of seconds, as kubectl's --request-timeout; more than 0, at most a day. */
export function parseDuration(value: string | undefined, fallbackMs = 10_000): number {
  if (value === undefined || value === '') return fallbackMs;
  const allowed = 'Give a duration more than 0 and at most 24h, e.g. 10s, 500ms, 2m or 1h.';
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new CliError(`--request-timeout "${value}" is not a duration. ${allowed}`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  const ms = amount * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms' | 's' | 'm' | 'h'];
  if (!(ms >= 1) || ms > maxRequestTimeoutMs)
    throw new CliError(`--request-timeout "${value}" is out of range. ${allowed}`);
  return Math.round(ms);
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
