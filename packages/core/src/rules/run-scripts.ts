// The shell commands and package installs of RUN instructions, and which stages make up the runtime image:
// shared by the rules that read what a Dockerfile installs and runs.

import {
  PACKAGE_MANAGERS,
  type PackageInstall,
  type PackageManager,
  packageBaseName,
  packageInstallsIn,
  parseShellCommands,
  type ShellCommand,
  type ShellWord,
} from '../data/package-managers.ts';
import {
  type BuildStage,
  type DockerfileModel,
  type DockerInstruction,
  shellScriptsOf,
  stagesUsedByOthers,
} from '../documents/dockerfile.ts';
import type { OffsetRange } from '../types.ts';

export interface RunScript {
  instruction: DockerInstruction;
  stage: BuildStage;
  /** The script with Dockerfile comment lines blanked out (same length, so offsets hold). */
  text: string;
  /** Offset of `text` in the Dockerfile: add it to every range below. */
  offset: number;
  heredoc: boolean;
  /** `RUN ["executable", "arg"]`: no shell, and edits inside it must keep the JSON valid. */
  execForm: boolean;
  commands: ShellCommand[];
  installs: PackageInstall[];
}

/** The stages whose files end up in the runtime image: the final stage and the stages it is built FROM. */
export function runtimeStages(dockerfile: DockerfileModel): BuildStage[] {
  const stages: BuildStage[] = [];
  let stage = dockerfile.finalStage;
  while (stage && !stages.includes(stage)) {
    stages.unshift(stage);
    stage = stage.from.baseStage;
  }
  return stages;
}

// A target named for running the tests (`unit-test`, `tests`, `pytest`): CI builds it to run them, never to deploy it.
const testTargetName = /^(?:.*[-_])?(?:unit[-_]?)?tests?$|^pytest$/i;

/**
 * The stages whose files end up in an image the Dockerfile can build: every stage no other stage uses (the final one,
 * and the other targets of a file that builds several, but for a target that runs the tests), with the stages they
 * are built FROM. A stage that others only copy files out of is left behind with the build. In Dockerfile order.
 */
export function imageStages(dockerfile: DockerfileModel): BuildStage[] {
  const used = stagesUsedByOthers(dockerfile);
  const inImages = new Set<BuildStage>();
  const targets = dockerfile.stages.filter(
    (stage) => stage.isFinal || (!used.has(stage) && !testTargetName.test(stage.name ?? '')),
  );
  for (const target of targets) {
    for (let stage: BuildStage | undefined = target; stage && !inImages.has(stage); stage = stage.from.baseStage) {
      inImages.add(stage);
    }
  }
  return dockerfile.stages.filter((stage) => inImages.has(stage));
}

/** Every RUN script of the given stages, in Dockerfile order. */
export function runScriptsOf(stages: readonly BuildStage[]): RunScript[] {
  return stages.flatMap(stageScripts);
}

// Several rules read the same stages' scripts: parse each stage's shell once per check.
const scriptsByStage = new WeakMap<BuildStage, RunScript[]>();

function stageScripts(stage: BuildStage): RunScript[] {
  const known = scriptsByStage.get(stage);
  if (known) return known;
  const scripts: RunScript[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.keyword !== 'RUN') continue;
    const execForm = /^(?:--[a-z-]+(?:=(?:"[^"]*"|\S+))?\s+)*\[/.test(instruction.argumentsText);
    for (const script of shellScriptsOf(instruction)) {
      const text = script.heredoc ? script.text : blankCommentLines(script.text);
      const commands = parseShellCommands(text);
      scripts.push({
        instruction,
        stage,
        text,
        offset: script.offset,
        heredoc: script.heredoc,
        execForm: execForm && !script.heredoc,
        commands,
        installs: packageInstallsIn(commands),
      });
    }
  }
  scriptsByStage.set(stage, scripts);
  return scripts;
}

/** Docker drops comment lines inside a continued instruction before the shell sees it. */
function blankCommentLines(text: string): string {
  // The pattern looks behind at every position: most scripts have no comment to blank.
  if (!text.includes('#')) return text;
  return text.replace(/(?<=\n)[ \t]*#[^\n]*\n?/g, (comment) => ' '.repeat(comment.length));
}

export function absolute(script: RunScript, range: OffsetRange): [number, number] {
  return [range[0] + script.offset, range[1] + script.offset];
}

/** The flags of an instruction as written: `--mount=type=cache,target=/var/cache/apt`, `--checksum=sha256:...`. */
export function instructionFlags(instruction: DockerInstruction): string[] {
  return instruction.flags.map((flag) =>
    flag.value === undefined ? `--${flag.name}` : `--${flag.name}=${flag.value}`,
  );
}

/** True when the RUN mounts a cache at a path the pattern matches: the cache then never lands in the layer. */
export function hasCacheMount(instruction: DockerInstruction, target: RegExp): boolean {
  return cacheMountTargets(instruction).some((value) => target.test(value));
}

/** The folders a RUN mounts caches on (`--mount=type=cache,target=/root/.cache/pip`), as written. */
export function cacheMountTargets(instruction: DockerInstruction): string[] {
  const targets: string[] = [];
  for (const flag of instructionFlags(instruction)) {
    if (!flag.startsWith('--mount=')) continue;
    const options = flag.slice('--mount='.length).replace(/^"|"$/g, '').split(',');
    if (!options.includes('type=cache')) continue;
    for (const option of options) {
      const [key, value] = option.split('=');
      if ((key === 'target' || key === 'dst' || key === 'destination') && value !== undefined) targets.push(value);
    }
  }
  return targets;
}

const wrappers = new Set(['sudo', 'env', 'command', 'exec', 'nice', 'nohup', 'time', 'eatmydata', 'gosu', 'su-exec']);

export function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The words of a command from its real executable on (`sudo -E`, `env A=1`, `exec` left out). */
export function realWords(words: readonly ShellWord[]): ShellWord[] {
  let index = 0;
  while (index < words.length) {
    const name = basename((words[index] as ShellWord).text);
    if (!wrappers.has(name)) break;
    index++;
    // gosu and su-exec take the user first.
    if (name === 'gosu' || name === 'su-exec') index++;
    while (index < words.length) {
      const word = (words[index] as ShellWord).text;
      if (word === '--') {
        index++;
        break;
      }
      if (word.startsWith('-') || (name === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word))) {
        index += name === 'sudo' && ['-u', '-g', '--user', '--group'].includes(word) ? 2 : 1;
      } else break;
    }
  }
  return words.slice(index);
}

/** One package that a RUN installs, with its absolute range. */
export interface InstalledWord {
  script: RunScript;
  install: PackageInstall;
  manager: PackageManager;
  /** The package as written (quotes removed). */
  name: string;
  range: OffsetRange;
}

// Two rules read the packages the running image keeps: worked out once per Dockerfile.
const runtimeInstalled = new WeakMap<DockerfileModel, readonly InstalledWord[]>();

/** The packages the runtime stages (the final stage and those it builds on) install and leave installed. */
export function runtimePackagesLeftInstalled(dockerfile: DockerfileModel): readonly InstalledWord[] {
  const known = runtimeInstalled.get(dockerfile);
  if (known) return known;
  const installed = packagesLeftInstalled(runScriptsOf(runtimeStages(dockerfile)));
  runtimeInstalled.set(dockerfile, installed);
  return installed;
}

/**
 * The packages the given stages install and do not remove again: a later `apt-get purge`, `apk del` (of the
 * package or of its `--virtual` group), `yum remove` or `pip uninstall` in the same stages, or the
 * `apt-mark auto` + `apt-get purge --auto-remove` idiom of the official images, which removes everything the
 * RUN installed.
 */
export function packagesLeftInstalled(scripts: readonly RunScript[]): InstalledWord[] {
  // From the last script back, collecting what later instructions remove, so that each package is looked up
  // once instead of against every later script (which was quadratic in the number of RUNs).
  const removedLater = emptyRemovals();
  const leftByScript: InstalledWord[][] = scripts.map(() => []);
  let groupEnd = scripts.length;
  while (groupEnd > 0) {
    // The scripts of one instruction (a RUN with several heredocs) are next to each other.
    const instruction = scripts[groupEnd - 1]?.instruction;
    let groupStart = groupEnd - 1;
    while (groupStart > 0 && scripts[groupStart - 1]?.instruction === instruction) groupStart--;
    for (let scriptIndex = groupStart; scriptIndex < groupEnd; scriptIndex++) {
      const script = scripts[scriptIndex] as RunScript;
      const sameInstruction = scripts.slice(scriptIndex, groupEnd);
      for (const install of script.installs) {
        for (const item of install.packages) {
          if (item.word.expansion) continue;
          const removed =
            removedByLater(removedLater, install, item.name) ||
            sameInstruction.some((later) => removes(later, install, item.name, true));
          if (!removed) {
            leftByScript[scriptIndex]?.push({
              script,
              install,
              manager: install.manager,
              name: item.name,
              range: absolute(script, item.range),
            });
          }
        }
      }
    }
    for (let scriptIndex = groupStart; scriptIndex < groupEnd; scriptIndex++) {
      addRemovals(removedLater, scripts[scriptIndex] as RunScript);
    }
    groupEnd = groupStart;
  }
  return leftByScript.flat();
}

/** What scripts remove by name, as `removes` reads it for a script of another instruction. */
interface Removals {
  /** Base names (after `packageBaseName` of that manager) removed, per manager. */
  named: Record<PackageManager, Set<string>>;
  /** Words given to `apk del`, which removes a `--virtual` group by its name. */
  apkDeleted: Set<string>;
}

function emptyRemovals(): Removals {
  return { named: { apt: new Set(), apk: new Set(), yum: new Set(), pip: new Set() }, apkDeleted: new Set() };
}

function addRemovals(removals: Removals, script: RunScript): void {
  for (const { tool, operands, subcommand, names } of commandsOf(script).commands) {
    const add = (manager: PackageManager, removed: readonly string[]) => {
      for (const word of removed) removals.named[manager].add(packageBaseName(manager, word));
    };
    if (
      PACKAGE_MANAGERS.apt.executables.includes(tool) &&
      ['purge', 'remove', 'autoremove'].includes(subcommand ?? '')
    ) {
      add('apt', names);
    }
    if (tool === 'apk' && subcommand === 'del') {
      add('apk', names);
      for (const word of names) removals.apkDeleted.add(word);
    }
    if (
      PACKAGE_MANAGERS.yum.executables.includes(tool) &&
      ['remove', 'erase', 'autoremove'].includes(subcommand ?? '')
    ) {
      add('yum', names);
    }
    if ((/^pip\d*(\.\d+)?$/.test(tool) || tool === 'uv') && operands.includes('uninstall')) {
      add('pip', operands.slice(operands.indexOf('uninstall') + 1));
    }
  }
}

/** A command of a script as the removal checks read it: its real tool and the words that are not options. */
interface CommandOperands {
  tool: string;
  operands: string[];
  subcommand: string | undefined;
  names: string[];
}

// Every package installed is checked against every script after it: each script's commands are read once.
const commandsByScript = new WeakMap<RunScript, { commands: CommandOperands[]; aptMarkAuto: boolean }>();

function commandsOf(script: RunScript): { commands: CommandOperands[]; aptMarkAuto: boolean } {
  const known = commandsByScript.get(script);
  if (known) return known;
  let aptMarkAuto = false;
  const commands = script.commands.map((command) => {
    const words = realWords(command.words);
    const tool = basename(words[0]?.text ?? '');
    if (tool === 'apt-mark' && words[1]?.text === 'auto') aptMarkAuto = true;
    const operands = words
      .slice(1)
      .map((word) => word.text)
      .filter((word) => !word.startsWith('-'));
    const [subcommand, ...names] = operands;
    return { tool, operands, subcommand, names };
  });
  const read = { commands, aptMarkAuto };
  commandsByScript.set(script, read);
  return read;
}

function removedByLater(removals: Removals, install: PackageInstall, name: string): boolean {
  if (removals.named[install.manager].has(packageBaseName(install.manager, name))) return true;
  if (install.manager !== 'apk') return false;
  const virtual = install.flags.find((flag) => flag.name === '--virtual' || flag.name === '-t')?.value;
  return virtual !== undefined && removals.apkDeleted.has(virtual);
}

function removes(script: RunScript, install: PackageInstall, name: string, sameInstruction: boolean): boolean {
  const baseName = packageBaseName(install.manager, name);
  const virtual = install.flags.find((flag) => flag.name === '--virtual' || flag.name === '-t')?.value;
  const { commands, aptMarkAuto } = commandsOf(script);
  for (const { tool, operands, subcommand, names } of commands) {
    const named = names.some((word) => packageBaseName(install.manager, word) === baseName);
    switch (install.manager) {
      case 'apt':
        if (!PACKAGE_MANAGERS.apt.executables.includes(tool)) break;
        if (subcommand !== 'purge' && subcommand !== 'remove' && subcommand !== 'autoremove') break;
        if (named) return true;
        if (sameInstruction && aptMarkAuto) return true;
        break;
      case 'apk':
        if (tool === 'apk' && subcommand === 'del' && (named || (virtual !== undefined && names.includes(virtual))))
          return true;
        break;
      case 'yum':
        if (!PACKAGE_MANAGERS.yum.executables.includes(tool)) break;
        if ((subcommand === 'remove' || subcommand === 'erase' || subcommand === 'autoremove') && named) return true;
        if (sameInstruction && subcommand === 'history' && names[0] === 'undo') return true;
        break;
      case 'pip':
        if ((/^pip\d*(\.\d+)?$/.test(tool) || tool === 'uv') && operands.includes('uninstall')) {
          const after = operands.slice(operands.indexOf('uninstall') + 1);
          if (after.some((word) => packageBaseName('pip', word) === baseName)) return true;
        }
        break;
    }
  }
  return false;
}
