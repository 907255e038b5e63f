// The full oclif path: help, flag errors and every command without a fast path. Loaded lazily,
// because oclif's start-up alone costs more than the whole check of a small file.
import { fileURLToPath } from 'node:url';
import { didYouMean } from '@lsst-kube/core';
import { Config, run, settings } from '@oclif/core';
import { COMMANDS } from './commands/index.ts';
import { buildInfo } from './lib/build-info.ts';
import { CliError, ExitCode, tutorialUrl } from './lib/errors.ts';
import { type CliIo, setActiveIo } from './lib/io.ts';
import { collectStaticOutputs, type StaticOutputs } from './lib/static-outputs.ts';

// Commands are TypeScript run by tsx in development and bundled JavaScript in production; never transpile.
settings.enableAutoTranspile = false;

const here = fileURLToPath(import.meta.url);
const bundled = here.endsWith('.cjs');
/** The package folder: dist/oclif.cjs or src/oclif-runner.ts sit one level below it. */
const packageRoot = fileURLToPath(new URL('..', import.meta.url));

let loadedConfig: Promise<Config> | undefined;

function loadConfig(): Promise<Config> {
  loadedConfig ??= Config.load({
    root: packageRoot,
    pjson: {
      name: 'kubectl-lsst',
      version: buildInfo().version,
      // The first thing `kubectl lsst --help` says: where a newcomer starts.
      description: `Checks manifests and Dockerfiles against the LSST container guidelines (DMTN-095), switches namespace contexts safely, and asks the sysadmins for public ports.\n\nNew here? The tutorial takes you through every command: ${tutorialUrl}\nWhat a rule asks, and why: \`kubectl lsst explain RULE\` (\`kubectl lsst rules\` lists them).`,
      oclif: {
        bin: 'kubectl lsst',
        dirname: 'kubectl-lsst',
        topicSeparator: ' ',
        commands: {
          strategy: 'explicit',
          // The bundle (dist/oclif.cjs) exports COMMANDS itself; in development the registry module is loaded.
          target: bundled ? here : fileURLToPath(new URL('./commands/index.ts', import.meta.url)),
          identifier: 'COMMANDS',
        },
      },
    },
  });
  return loadedConfig;
}

export { COMMANDS };

/** Runs a command line with a configuration of its own: oclif's `run` changes the one it is given (after `context --help`, `context current --help` is not found). */
export async function runOclifWithNewConfig(argv: readonly string[], io: CliIo): Promise<number> {
  loadedConfig = undefined;
  try {
    return await runOclif(argv, io);
  } finally {
    loadedConfig = undefined;
  }
}

/** The start-up fast path's outputs, made by oclif itself (scripts/build.mjs bakes them into dist/light.cjs). */
export async function staticOutputs(): Promise<StaticOutputs> {
  const { userAgent } = await loadConfig();
  return collectStaticOutputs(runOclifWithNewConfig, userAgent);
}

export async function runOclif(argv: readonly string[], io: CliIo): Promise<number> {
  const config = await loadConfig();
  const commandWords = argv.filter((word) => !word.startsWith('-'));
  if (commandWords.length > 0 && !argv[0]?.startsWith('-') && !findsCommand(config, commandWords)) {
    const ids = config.commandIDs.map((id) => id.replaceAll(':', ' '));
    const typed = argv[0] ?? '';
    throw new CliError(
      `unknown command "${typed}".${didYouMean(typed, ids)} Commands: ${ids.join(', ')}. Run \`kubectl lsst --help\` for more.`,
      ExitCode.usage,
      { guide: true },
    );
  }
  setActiveIo(io);
  const restore = redirectProcessOutput(io);
  // oclif sets process.exitCode when a command fails; the caller decides what the process does.
  const previousExitCode = process.exitCode;
  try {
    const result = await run([...argv], config);
    return typeof result === 'number' ? result : ExitCode.ok;
  } catch (error) {
    const exit = (error as { oclif?: { exit?: number } }).oclif?.exit;
    if (exit !== undefined && (error as Error).message.startsWith('EEXIT')) return exit;
    throw error;
  } finally {
    process.exitCode = previousExitCode;
    restore();
    setActiveIo(undefined);
  }
}

function findsCommand(config: Config, words: readonly string[]): boolean {
  for (let length = words.length; length > 0; length--) {
    const id = words.slice(0, length).join(':');
    if (config.findCommand(id) || config.findTopic(id)) return true;
  }
  return false;
}

/**
 * oclif writes its text to process.stdout/stderr; this sends it to the command's own writers
 * (descriptor writers in the CLI, buffers in tests). Only text is taken: binary chunks pass through,
 * since they are not oclif's (node's test runner reports over a child's stdout in binary messages).
 */
function redirectProcessOutput(io: CliIo): () => void {
  if (io.stdout === process.stdout && io.stderr === process.stderr) return () => {};
  const originalOut = process.stdout.write;
  const originalErr = process.stderr.write;
  const redirect =
    (stream: NodeJS.WriteStream, original: typeof process.stdout.write, writer: CliIo['stdout']) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      if (typeof chunk !== 'string') return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
      writer.write(chunk);
      return true;
    };
  process.stdout.write = redirect(process.stdout, originalOut, io.stdout) as typeof process.stdout.write;
  process.stderr.write = redirect(process.stderr, originalErr, io.stderr) as typeof process.stderr.write;
  return () => {
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  };
}
