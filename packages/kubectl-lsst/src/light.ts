// The start-up fast path (dist/light.cjs): bin/kubectl-lsst tries it before the main bundle for the
// commands a person runs most, so that they load neither oclif nor the rule engine (the shell
// prompt's `context current` has a bundle of its own, src/current.ts). Help texts, the rule
// catalogue and the explanations were made by oclif and the registry at build time
// (lib/static-outputs.ts); `version` and `context` run their own code. It answers only command lines it fully understands; for anything else `run` returns
// undefined and the main bundle takes the command line as it is.
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { buildInfo, versionText } from './lib/build-info.ts';
import { ExitCode } from './lib/errors.ts';
import { type FlagSpecs, parseFlagsFast } from './lib/flag-spec.ts';
import { type CliIo, colorAllowed, processIo } from './lib/io.ts';
import { reportError } from './lib/report-error.ts';
import { guidelineFilter, renderRules } from './lib/rules-output.ts';
import { type StaticOutputs, userAgentMark } from './lib/static-outputs-shape.ts';

// Set in dist/light.cjs only: the build writes each part of the outputs beside it (light-help.json,
// light-rules.json ...), so that a command reads only the part it prints.
declare const LSST_STATIC_OUTPUTS_FILE: string | undefined;

/** Reads one part of the build's outputs. */
export type StaticOutputsSource = <Part extends keyof StaticOutputs>(part: Part) => StaticOutputs[Part];

/** The source for outputs already in memory. */
export function outputsInMemory(outputs: StaticOutputs): StaticOutputsSource {
  return (part) => outputs[part];
}

// The flags of `rules` and `version` (their oclif definitions hold the help texts).
const rulesFlagSpecs = {
  json: { type: 'boolean', summary: '' },
  guideline: { type: 'string', summary: '' },
} as const satisfies FlagSpecs;
const versionFlagSpecs = { json: { type: 'boolean', summary: '' } } as const satisfies FlagSpecs;

/** Whether oclif would print help as it did at build time: 80 columns, no colour (its rules, ux/supports-color and screen). */
export function helpAsBuilt(env: Readonly<Record<string, string | undefined>>, stdoutIsTTY: boolean): boolean {
  if (stdoutIsTTY || 'FORCE_COLOR' in env || env.OCLIF_COLUMNS) return false;
  // oclif reads colour flags from the whole command line; the help command lines have none.
  return !process.argv.some((arg) => arg.startsWith('--color') || arg.startsWith('--colors'));
}

/** What oclif calls its user agent; undefined where oclif would name the platform otherwise (WSL). */
function oclifUserAgent(): string | undefined {
  if (process.platform === 'linux' && release().toLowerCase().includes('microsoft')) return undefined;
  if (process.platform === 'win32') return undefined;
  const arch = process.arch === 'ia32' ? 'x86' : process.arch;
  return `kubectl-lsst/${buildInfo().version} ${process.platform}-${arch} node-${process.version}`;
}

export async function runLight(
  argv: readonly string[],
  io: CliIo,
  outputs: StaticOutputsSource,
  // oclif asks process.stdout; io answers from the descriptor, without setting up the stream (milliseconds).
  stdoutIsTTY = io.isTTY.stdout,
): Promise<number | undefined> {
  if (argv.includes('--debug')) return undefined;
  const [command, ...rest] = argv;
  try {
    const code = await runLive(command, rest, io);
    if (code !== undefined) return code;
  } catch (error) {
    return reportError(error, io, false);
  }
  const help = outputs('help')[argv.join(' ')];
  if (help !== undefined && argv.every((word) => !word.includes(' '))) {
    if (!helpAsBuilt(io.env, stdoutIsTTY)) return undefined;
    let { stdout, stderr } = help;
    if (stdout.includes(userAgentMark) || stderr.includes(userAgentMark)) {
      const userAgent = oclifUserAgent();
      if (userAgent === undefined) return undefined;
      stdout = stdout.replaceAll(userAgentMark, userAgent);
      stderr = stderr.replaceAll(userAgentMark, userAgent);
    }
    if (stdout !== '') io.stdout.write(stdout);
    if (stderr !== '') io.stderr.write(stderr);
    return help.exitCode;
  }
  if (command === 'rules') {
    const parsed = parseFlagsFast(rulesFlagSpecs, rest);
    if (!parsed || parsed.args.length > 0) return undefined;
    const filter = guidelineFilter(parsed.flags.guideline);
    // An unknown section is an error, which oclif reports.
    if (filter !== undefined && !outputs('sections').includes(filter)) return undefined;
    io.stdout.write(renderRules(outputs('rules'), filter, parsed.flags.json, colorAllowed(io, 'stdout')));
    return ExitCode.ok;
  }
  if (command === 'explain') {
    const name = rest[0];
    const explanations = outputs('explanations');
    if (rest.length !== 1 || name === undefined || !Object.hasOwn(explanations, name)) return undefined;
    const [plain, colored] = explanations[name] as [string, string];
    io.stdout.write(colorAllowed(io, 'stdout') ? colored : plain);
    return ExitCode.ok;
  }
  return undefined;
}

/** The commands that run their own code (no build-time outputs); undefined for a command line they do not take. */
async function runLive(command: string | undefined, rest: readonly string[], io: CliIo): Promise<number | undefined> {
  if (command === 'version' || (command === '--version' && rest.length === 0)) {
    const parsed = parseFlagsFast(versionFlagSpecs, command === 'version' ? rest : []);
    if (!parsed || parsed.args.length > 0) return undefined;
    const info = buildInfo();
    if (parsed.flags.json) io.stdout.write(`${JSON.stringify({ ...info, node: process.version }, null, 2)}\n`);
    else io.stdout.write(versionText(info));
    return ExitCode.ok;
  }
  // `context current` is dist/current.cjs's (src/current.ts): as a list it has an argument, which is left alone below.
  if (command !== 'context' || rest.includes('--help') || rest.includes('-h')) return undefined;
  const { listFlagSpecs, runContextList } = await import('./commands/context/list-run.ts');
  const parsed = parseFlagsFast(listFlagSpecs, rest);
  if (!parsed || parsed.args.length > 0) return undefined;
  return await runContextList(io, parsed.flags);
}

/** For bin/kubectl-lsst: the exit code, or undefined when the main bundle is to run the command line. */
export async function run(): Promise<number | undefined> {
  if (typeof LSST_STATIC_OUTPUTS_FILE === 'undefined') return undefined;
  const pattern = LSST_STATIC_OUTPUTS_FILE;
  const read: StaticOutputsSource = (part) =>
    JSON.parse(readFileSync(new URL(pattern.replace('PART', part), import.meta.url), 'utf8'));
  return runLight(process.argv.slice(2), processIo(), read);
}
