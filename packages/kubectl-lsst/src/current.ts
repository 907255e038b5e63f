// The shell prompt's bundle (dist/current.cjs): `kubectl lsst context current` runs at every prompt,
// so bin/kubectl-lsst tries it first in a bundle of its own, whose code cache holds only its path.
// It answers as dist/light.cjs would; for any other command line `run` returns undefined.
import { runContextCurrent } from './commands/context/current-fast.ts';
import { type CliIo, processIo } from './lib/io.ts';
import { reportError } from './lib/report-error.ts';

/** The exit code, or undefined when another bundle is to run the command line (help, --debug, anything else). */
export async function runCurrent(argv: readonly string[], io: CliIo): Promise<number | undefined> {
  const [command, subcommand, ...rest] = argv;
  if (command !== 'context' || subcommand !== 'current') return undefined;
  if (argv.includes('--help') || argv.includes('-h') || argv.includes('--debug')) return undefined;
  try {
    return await runContextCurrent(rest, {
      stdout: (text) => io.stdout.write(text),
      stderr: (text) => io.stderr.write(text),
      env: io.env as NodeJS.ProcessEnv,
    });
  } catch (error) {
    return reportError(error, io, false);
  }
}

/** For bin/kubectl-lsst. */
export async function run(): Promise<number | undefined> {
  return runCurrent(process.argv.slice(2), processIo());
}
