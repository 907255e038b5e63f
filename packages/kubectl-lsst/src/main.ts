// The CLI's entry point: argv and io in, exit code out; it never exits the process itself.
// `check` and `context current` take a fast path that does not load oclif (start-up time);
// everything else, and any command line the fast path does not fully understand, goes to oclif.
import { visibleLines } from '@lsst-kube/core/visible-text';
import { checkFlagSpecs } from './commands/check-flags.ts';
import { CliError, ExitCode, gettingStartedHint } from './lib/errors.ts';
import { parseFlagsFast } from './lib/flag-spec.ts';
import type { CliIo } from './lib/io.ts';

export type { CliIo, TextWriter } from './lib/io.ts';
export { processIo } from './lib/io.ts';

export async function main(commandLine: readonly string[], io: CliIo): Promise<number> {
  // --debug is for every command (errors say to run again with it): taken out before any parser sees it.
  const endOfFlags = commandLine.indexOf('--');
  const isDebugFlag = (arg: string, index: number) => arg === '--debug' && (endOfFlags === -1 || index < endOfFlags);
  const debug = commandLine.some(isDebugFlag);
  let argv = commandLine.filter((arg, index) => !isDebugFlag(arg, index));
  // oclif's own --version prints one line; ours is the `version` command's report.
  if (argv.length === 1 && argv[0] === '--version') argv = ['version'];
  try {
    if (argv[0] === 'check') {
      const parsed = parseFlagsFast(checkFlagSpecs, argv.slice(1));
      if (parsed) {
        const { runCheck } = await import('./lib/run-check.ts');
        return await runCheck(parsed.flags, parsed.args, io);
      }
    }
    if (argv[0] === 'context' && argv[1] === 'current' && !argv.includes('--help') && !argv.includes('-h')) {
      const { runContextCurrent } = await import('./commands/context/current-fast.ts');
      return await runContextCurrent(argv.slice(2), {
        stdout: (text) => io.stdout.write(text),
        stderr: (text) => io.stderr.write(text),
        env: io.env as NodeJS.ProcessEnv,
      });
    }
    // A separate bundle (dist/oclif.cjs), so that the fast path neither reads nor compiles oclif.
    const { runOclif } = await import('./oclif-runner.ts');
    return await runOclif(argv, io);
  } catch (error) {
    return reportError(error, io, debug);
  }
}

/** Prints an error for a person: its message (and what to do), a stack trace only with --debug. */
function reportError(error: unknown, io: CliIo, debug: boolean): number {
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
