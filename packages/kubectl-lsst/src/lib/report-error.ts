// How the CLI reports an error that reached its entry point, shared by every entry point
// (src/main.ts, src/light.ts): the message for a person, a stack trace only with --debug.
import { visibleLines } from '@lsst-kube/core/visible-text';
import { CliError, ExitCode, gettingStartedHint } from './errors.ts';
import type { CliIo } from './io.ts';

/** Prints an error for a person: its message (and what to do), a stack trace only with --debug. */
export function reportError(error: unknown, io: CliIo, debug: boolean): number {
  const known = describeKnownError(error);
  if (known) {
    // Messages name files, contexts and values from input: none of their control characters reach the terminal.
    io.stderr.write(`kubectl-lsst: ${visibleLines(known.message)}\n`);
    if (known.guide) io.stderr.write(`${gettingStartedHint}\n`);
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return known.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`kubectl-lsst: unexpected error: ${visibleLines(message)}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  else io.stderr.write('Run again with --debug to see where it happened, and report it with that output.\n');
  return ExitCode.usage;
}

function describeKnownError(error: unknown): { message: string; exitCode: number; guide?: boolean } | undefined {
  if (!(error instanceof Error)) return undefined;
  // By name, not instanceof: the fast bundle and the oclif bundle each carry their own copy of the class.
  if (error instanceof CliError || error.name === 'CliError') {
    const { exitCode, guide } = error as { exitCode?: unknown; guide?: unknown };
    return {
      message: error.message,
      exitCode: typeof exitCode === 'number' ? exitCode : ExitCode.usage,
      guide: guide === true,
    };
  }
  if (error.name === 'ClusterError') return { message: error.message, exitCode: ExitCode.clusterUnreachable };
  // Core's configuration and usage errors, recognised by name so that this module stays small.
  if (error.name === 'ConfigError' || error.name === 'UsageError')
    return { message: error.message, exitCode: ExitCode.usage };
  // oclif's parse errors (unknown flag, missing value) carry their exit code and are written for people.
  const oclif = (error as { oclif?: { exit?: number } }).oclif;
  if (oclif?.exit !== undefined) {
    const suggestions = (error as { suggestions?: string[] }).suggestions ?? [];
    const lines = [error.message, ...suggestions.map((suggestion) => `Try this: ${suggestion}`)];
    return { message: lines.join('\n'), exitCode: oclif.exit === 0 ? ExitCode.usage : oclif.exit, guide: true };
  }
  return undefined;
}
