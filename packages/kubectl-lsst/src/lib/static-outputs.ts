// The outputs of the start-up fast path (src/light.ts) that only oclif or the rule registry can
// make: every help text, the rule catalogue and every rule's explanation. scripts/build.mjs makes
// them with the built oclif bundle, in a process whose output is a pipe (oclif's help is then 80
// columns wide and plain), and bakes them into dist/light.cjs.
import { guidelineSections, rules } from '@lsst-kube/core';
import { renderExplanation } from '../commands/explain.ts';
import { COMMANDS } from '../commands/index.ts';
import { ruleListEntry } from '../commands/rules.ts';
import type { CliIo } from './io.ts';
import { type RecordedRun, type StaticOutputs, userAgentMark } from './static-outputs-shape.ts';

export { type RecordedRun, type StaticOutputs, userAgentMark };

/** Every command line that prints help and nothing else: the root, each command and topic with --help, a topic alone. */
export function helpCommandLines(ids: readonly string[] = Object.keys(COMMANDS)): string[][] {
  const lines: string[][] = [[], ['--help']];
  const topics = new Set<string>();
  for (const id of ids) {
    const words = id.split(':');
    for (let length = 1; length < words.length; length++) topics.add(words.slice(0, length).join(':'));
    lines.push([...words, '--help']);
  }
  for (const topic of topics) {
    const words = topic.split(':');
    if (!ids.includes(topic)) lines.push(words);
    if (!ids.includes(topic)) lines.push([...words, '--help']);
  }
  return lines;
}

/** Runs a command line through oclif with output captured. */
export async function runThroughOclif(
  argv: readonly string[],
  run: (argv: readonly string[], io: CliIo) => Promise<number>,
): Promise<RecordedRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    isTTY: { stdin: false, stdout: false, stderr: false },
  };
  const exitCode = await run(argv, io);
  return { stdout, stderr, exitCode };
}

export async function collectStaticOutputs(
  run: (argv: readonly string[], io: CliIo) => Promise<number>,
  userAgent: string,
): Promise<StaticOutputs> {
  const help: Record<string, RecordedRun> = {};
  for (const argv of helpCommandLines()) {
    const recorded = await runThroughOclif(argv, run);
    help[argv.join(' ')] = {
      stdout: recorded.stdout.replaceAll(userAgent, userAgentMark),
      stderr: recorded.stderr.replaceAll(userAgent, userAgentMark),
      exitCode: recorded.exitCode,
    };
  }
  const explanations: Record<string, [string, string]> = {};
  for (const rule of rules) explanations[rule.name] = [renderExplanation(rule, false), renderExplanation(rule, true)];
  return {
    help,
    rules: rules.map(ruleListEntry),
    sections: guidelineSections.map((entry) => entry.section),
    explanations,
  };
}
