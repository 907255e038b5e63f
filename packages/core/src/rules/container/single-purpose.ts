import { isScalar, type Node } from 'yaml';
import { PROCESS_SUPERVISORS, type ServiceDaemon, serviceOfPackage, serviceStartOf } from '../../data/daemons.ts';
import { parseShellCommands, type ShellCommand } from '../../data/package-managers.ts';
import type { BuildStage, DockerInstruction } from '../../documents/dockerfile.ts';
import type { ContainerRef } from '../../documents/workloads.ts';
import { getNode, getSeq, nodeRange } from '../../documents/yaml.ts';
import type { OffsetRange } from '../../types.ts';
import { type DockerfileRuleContext, defineRule, type ManifestRuleContext } from '../rule.ts';
import {
  basename,
  type InstalledWord,
  realWords,
  runtimePackagesLeftInstalled,
  runtimeStages,
} from '../run-scripts.ts';

const why =
  'Each container should have one purpose, so that each part can be upgraded on its own: run each service in its own container (in the same pod if they must share the network or volumes) and let Kubernetes start and restart them.';

export const containerSinglePurpose = defineRule({
  name: 'container/single-purpose',
  guideline: '1.2.1',
  description:
    'A container has one purpose: one service, no process supervisor, and a command that starts one long-running process.',
  defaultSeverity: 'warning',
  appliesTo: ['manifest', 'dockerfile'],
  fixable: false,
  judgesRunningContainer: true,
  checkDockerfile,
  checkManifest,
});

// ---------------------------------------------------------------------------------------------------------------
// Dockerfile: what the runtime image installs, and what its CMD/ENTRYPOINT start

function checkDockerfile(context: DockerfileRuleContext): void {
  const stages = runtimeStages(context.dockerfile);
  const daemons: Array<{ installed: InstalledWord; daemon: ServiceDaemon }> = [];
  for (const installed of runtimePackagesLeftInstalled(context.dockerfile)) {
    const daemon = serviceOfPackage(installed.manager, installed.name);
    if (daemon) daemons.push({ installed, daemon });
  }
  const reportedSupervisors = new Set<string>();
  for (const { installed, daemon } of daemons) {
    if (!PROCESS_SUPERVISORS.includes(daemon) || reportedSupervisors.has(daemon.service)) continue;
    reportedSupervisors.add(daemon.service);
    context.report({
      range: installed.range,
      message: `"${installed.name}" installs ${daemon.label}, a process supervisor: an image that needs one runs several processes in one container. ${why}`,
    });
  }
  const services = new Map<string, { installed: InstalledWord; daemon: ServiceDaemon }>();
  for (const entry of daemons) {
    if (!PROCESS_SUPERVISORS.includes(entry.daemon) && !services.has(entry.daemon.service))
      services.set(entry.daemon.service, entry);
  }
  const [, second] = [...services.values()];
  if (second) {
    const names = [...services.values()].map(({ installed, daemon }) => `${daemon.label} ("${installed.name}")`);
    context.report({
      range: second.installed.range,
      message: `The runtime image installs ${names.length} services: ${names.join(', ')}. ${why}`,
    });
  }
  for (const instruction of startInstructions(stages)) {
    for (const problem of execProblems(execArgumentsOf(instruction))) {
      context.report({ range: problem.range, message: problem.message });
    }
  }
}

/** The CMD and ENTRYPOINT that take effect: the last of each in the final stage or the stages it builds on. */
function startInstructions(stages: readonly BuildStage[]): DockerInstruction[] {
  const found: DockerInstruction[] = [];
  for (const keyword of ['ENTRYPOINT', 'CMD']) {
    const all = stages.flatMap((stage) => stage.instructions.filter((instruction) => instruction.keyword === keyword));
    const last = all[all.length - 1];
    if (last) found.push(last);
  }
  return found;
}

/** A command as an argument vector with the range of each argument, or a shell-form script. */
type ExecArguments =
  | { form: 'exec'; items: ArgumentItem[] }
  | { form: 'shell'; script: string; locate: (range: OffsetRange) => OffsetRange };

interface ArgumentItem {
  value: string;
  range: OffsetRange;
  /** Maps a range inside `value` to the text; undefined when the value is not written verbatim. */
  locate?: (range: OffsetRange) => OffsetRange;
}

function execArgumentsOf(instruction: DockerInstruction): ExecArguments {
  const text = instruction.argumentsText;
  const base = instruction.argumentsRange[0];
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    try {
      const values = JSON.parse(trimmed) as unknown;
      if (Array.isArray(values) && values.every((value) => typeof value === 'string')) {
        const items: ArgumentItem[] = [];
        let searchFrom = 0;
        for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
          if ((match.index ?? 0) < searchFrom) continue;
          const start = base + (match.index ?? 0);
          const raw = match[1] ?? '';
          const value = JSON.parse(match[0]) as string;
          const item: ArgumentItem = { value, range: [start, start + match[0].length] };
          if (raw === value) item.locate = (range) => [start + 1 + range[0], start + 1 + range[1]];
          items.push(item);
          searchFrom = (match.index ?? 0) + match[0].length;
        }
        return { form: 'exec', items };
      }
    } catch {
      // Not JSON: Docker runs it with a shell.
    }
  }
  return { form: 'shell', script: text, locate: (range) => [base + range[0], base + range[1]] };
}

interface Problem {
  range: OffsetRange;
  message: string;
}

const shells = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

/** What is wrong with a container's command: a supervisor as the process, or a shell script starting several. */
function execProblems(command: ExecArguments): Problem[] {
  if (command.form === 'shell') return scriptProblems(command.script, command.locate);
  const { items } = command;
  const first = items[0];
  if (!first) return [];
  if (shells.has(basename(first.value))) {
    const flag = items.findIndex((item, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(item.value));
    const script = flag === -1 ? undefined : items[flag + 1];
    if (!script) return [];
    const whole = script.range;
    return scriptProblems(script.value, script.locate ?? (() => whole));
  }
  const start = serviceStartOf(items.map((item) => item.value));
  if (start?.daemon && PROCESS_SUPERVISORS.includes(start.daemon)) {
    const range = first.locate ? first.locate([0, first.value.length]) : first.range;
    return [{ range, message: supervisorMessage(first.value, start.daemon) }];
  }
  return [];
}

function supervisorMessage(executable: string, daemon: ServiceDaemon): string {
  return `The container's process is "${executable}" (${daemon.label}), a process supervisor that runs several processes in one container. ${why}`;
}

/** Commands that end quickly or only keep the container alive: they are not a second service. */
const incidental = new Set([
  'wait',
  'trap',
  'echo',
  'printf',
  'sleep',
  'true',
  'false',
  'exit',
  'set',
  'export',
  'kill',
  'cd',
  ':',
  'test',
  '[',
  'tail',
  'cat',
  'tee',
  'unset',
  'shift',
  'mkdir',
  'chown',
  'chmod',
  'rm',
  'cp',
  'mv',
  'ln',
  'touch',
  'envsubst',
  'sed',
  'read',
  'umask',
  'ulimit',
  'date',
  'logger',
]);

interface LongRunning {
  command: ShellCommand;
  label: string;
}

/**
 * A shell script that starts several long-running processes: services started with `service`/`systemctl`/
 * init scripts or daemon executables, background jobs (`&`), and the last foreground command, which is the
 * container's main process. A process supervisor is reported on its own.
 */
function scriptProblems(script: string, locate: (range: OffsetRange) => OffsetRange): Problem[] {
  const problems: Problem[] = [];
  const commands = parseShellCommands(script);
  const processes: LongRunning[] = [];
  const lastForeground = [...commands].reverse().find((command) => command.terminator !== '&');
  for (const command of commands) {
    const words = realWords(command.words);
    const executable = words[0];
    if (!executable) continue;
    const start = serviceStartOf(words.map((word) => word.text));
    if (start?.daemon && PROCESS_SUPERVISORS.includes(start.daemon)) {
      problems.push({ range: locate(command.range), message: supervisorMessage(executable.text, start.daemon) });
      continue;
    }
    const name = basename(executable.text);
    if (start && start.form !== 'executable') {
      processes.push({ command, label: `${start.name ?? name} (${start.form} start)` });
    } else if (command.terminator === '&' && !incidental.has(name)) {
      processes.push({ command, label: `${name} (in the background)` });
    } else if (start) {
      processes.push({ command, label: name });
    } else if (command === lastForeground && !incidental.has(name)) {
      processes.push({ command, label: name });
    }
  }
  const second = processes[1];
  if (second) {
    problems.push({
      range: locate(second.command.range),
      message: `This command starts ${processes.length} long-running processes in one container: ${processes.map((process) => process.label).join(', ')}. ${why}`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Manifests: a container's command and args

function checkManifest(context: ManifestRuleContext): void {
  for (const container of context.containers) {
    if (!runsForLong(container)) continue;
    const command = argumentItems(context.text, getSeq(container.map, 'command')?.items);
    const args = argumentItems(context.text, getSeq(container.map, 'args')?.items);
    let argv: ArgumentItem[];
    if (command.length > 0) argv = [...command, ...args];
    else {
      // Without a command, args go to the image's entrypoint: judge them only when they name the program.
      const first = basename(args[0]?.value ?? '');
      const startsProgram = shells.has(first) || serviceStartOf(args.map((item) => item.value)) !== undefined;
      argv = startsProgram ? args : [];
    }
    for (const problem of execProblems({ form: 'exec', items: argv })) {
      context.report({ ...problem, ...(container.name ? { container: container.name } : {}) });
    }
  }
}

/** App containers and sidecars (init containers with restartPolicy: Always); init and debug containers end. */
function runsForLong(container: ContainerRef): boolean {
  if (container.group === 'containers') return true;
  if (container.group !== 'initContainers') return false;
  const policy = getNode(container.map, 'restartPolicy');
  return isScalar(policy) && policy.value === 'Always';
}

function argumentItems(text: string, nodes: readonly unknown[] | undefined): ArgumentItem[] {
  const items: ArgumentItem[] = [];
  for (const node of nodes ?? []) {
    if (!isScalar(node) || node.value === null || node.value === undefined) continue;
    const value = typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
    const range = nodeRange(node as Node);
    items.push({ value, range, locate: locatorIn(text, range, value) });
  }
  return items;
}

/** Maps offsets in a scalar's value to the text: directly when written verbatim, else by finding a one-line snippet. */
function locatorIn(text: string, range: OffsetRange, value: string): (inner: OffsetRange) => OffsetRange {
  const source = text.slice(range[0], range[1]);
  const verbatim = source.indexOf(value);
  if (verbatim !== -1 && value !== '') {
    return (inner) => [range[0] + verbatim + inner[0], range[0] + verbatim + inner[1]];
  }
  return (inner) => {
    const snippet = value.slice(inner[0], inner[1]);
    const at = snippet.includes('\n') ? -1 : source.indexOf(snippet);
    return at === -1 ? range : [range[0] + at, range[0] + at + snippet.length];
  };
}
