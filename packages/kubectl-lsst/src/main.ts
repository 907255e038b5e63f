// The CLI's entry point: argv and io in, exit code out; it never exits the process itself.
// `check` and `context current` take a fast path that does not load oclif (start-up time);
// everything else, and any command line the fast path does not fully understand, goes to oclif.
import { checkFlagSpecs } from './commands/check-flags.ts';
import { parseFlagsFast } from './lib/flag-spec.ts';
import type { CliIo } from './lib/io.ts';
import { reportError } from './lib/report-error.ts';

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
