import {
  cleansYumCache,
  hasInstallFlag,
  type PackageInstall,
  parseShellCommands,
  removesAptLists,
  type ShellCommand,
  skipsPipCache,
  skipsRecommends,
  updatesAptLists,
} from '../../data/package-managers.ts';
import type { BuildStage, DockerInstruction } from '../../documents/dockerfile.ts';
import type { Fix, OffsetRange } from '../../types.ts';
import type { DockerfileRuleContext } from '../rule.ts';
import { defineRule } from '../rule.ts';
import {
  absolute,
  basename,
  cacheMountTargets,
  hasCacheMount,
  imageStages,
  type RunScript,
  runScriptsOf,
} from '../run-scripts.ts';

export const containerMinimalPackages = defineRule({
  name: 'container/minimal-packages',
  guideline: '1.2.1',
  description:
    'Package installs bring nothing extra: apt-get --no-install-recommends and no apt lists left, yum/dnf clean all, pip --no-cache-dir, apk --no-cache.',
  defaultSeverity: 'info',
  appliesTo: ['dockerfile'],
  fixable: true,
  judgesRunningContainer: true,
  checkDockerfile,
});

function checkDockerfile(context: DockerfileRuleContext): void {
  // Only the stages images are built on: a build stage's caches and extras go when the build does.
  const scripts = runScriptsOf(imageStages(context.dockerfile));
  const byInstruction = new Map<DockerInstruction, RunScript[]>();
  for (const script of scripts) {
    byInstruction.set(script.instruction, [...(byInstruction.get(script.instruction) ?? []), script]);
  }
  // Stages where a RUN has filled the package lists: a later RUN that only installs adds none of its own.
  const listsFilledIn = new Set<BuildStage>();
  for (const [instruction, instructionScripts] of byInstruction) {
    const commands = instructionScripts.flatMap((script) => script.commands);
    const stage = instruction.stage as BuildStage;
    const fillsLists = updatesAptLists(commands);
    const listsFromEarlierLayer = !fillsLists && listsFilledIn.has(stage);
    if (fillsLists) listsFilledIn.add(stage);
    let lastApt: [RunScript, PackageInstall] | undefined;
    let lastYum: [RunScript, PackageInstall] | undefined;
    for (const script of instructionScripts) {
      for (const install of script.installs) {
        if (install.manager === 'apt') {
          lastApt = [script, install];
          checkRecommends(context, script, install);
        } else if (install.manager === 'yum') {
          lastYum = [script, install];
        } else if (install.manager === 'apk') {
          checkApkCache(context, script, install, commands);
        } else {
          checkPipCache(context, script, install, stage, commands);
        }
      }
    }
    const leavesLists = !removesAptLists(commands) && !hasCacheMount(instruction, /^\/var\/lib\/apt(\/lists)?\/?$/);
    // Lists left by an earlier RUN stay in its layer whatever this one removes: that RUN is where they are reported.
    if (lastApt && !listsFromEarlierLayer && leavesLists) {
      const [script, install] = lastApt;
      const fix = appendFix(script, 'rm -rf /var/lib/apt/lists/*');
      context.report({
        range: commandRange(script, install),
        message:
          'This RUN installs with apt but leaves the package lists in /var/lib/apt/lists (tens of MB in the image, and stale). Remove them in the same RUN: && rm -rf /var/lib/apt/lists/*.',
        ...(fix ? { fix } : {}),
      });
    }
    if (!lastApt && fillsLists && leavesLists) reportListsLeftByUpdate(context, instructionScripts);
    if (lastYum && !cleansYumCache(commands) && !hasCacheMount(instruction, /^\/var\/cache\/(yum|dnf|libdnf5)\/?$/)) {
      const [script, install] = lastYum;
      const tool = basename(install.tool);
      const fix = appendFix(script, `${tool} clean all`);
      context.report({
        range: commandRange(script, install),
        message: `This RUN installs with ${tool} but does not clean its cache, which stays in the image. Run ${tool} clean all at the end of the same RUN.`,
        ...(fix ? { fix } : {}),
      });
    }
  }
}

function checkRecommends(context: DockerfileRuleContext, script: RunScript, install: PackageInstall): void {
  if (skipsRecommends(install)) return;
  const tool = basename(install.tool);
  // aptitude spells it differently and takes no apt-get flag.
  if (tool === 'aptitude') {
    if (hasInstallFlag(install, '-R', '--without-recommends')) return;
    context.report({
      range: commandRange(script, install),
      message:
        'aptitude install also installs recommended packages that the container never uses. Add --without-recommends.',
    });
    return;
  }
  const fix = insertAfterSubcommand(script, install, '--no-install-recommends');
  context.report({
    range: commandRange(script, install),
    message: `${tool} install also installs every recommended package, most of which the container never uses. Add --no-install-recommends and name what you need.`,
    ...(fix ? { fix } : {}),
  });
}

function checkApkCache(
  context: DockerfileRuleContext,
  script: RunScript,
  install: PackageInstall,
  commands: readonly ShellCommand[],
): void {
  if (hasInstallFlag(install, '--no-cache')) return;
  if (hasCacheMount(script.instruction, /^\/(var\/cache\/apk|etc\/apk\/cache)\/?$/)) return;
  const removesCache = commands.some(
    (command) =>
      basename(command.words[0]?.text ?? '') === 'rm' &&
      command.words.some((word) => /^\/var\/cache\/apk(\/|$)/.test(word.text)),
  );
  if (removesCache) return;
  const fix = insertAfterSubcommand(script, install, '--no-cache');
  context.report({
    range: commandRange(script, install),
    message:
      'apk add keeps the package index in /var/cache/apk, which stays in the image. Add --no-cache (apk add --no-cache ...).',
    ...(fix ? { fix } : {}),
  });
}

function checkPipCache(
  context: DockerfileRuleContext,
  script: RunScript,
  install: PackageInstall,
  stage: BuildStage,
  commands: readonly ShellCommand[],
) {
  const uv = basename(install.tool) === 'uv';
  // uv takes pip's --no-cache-dir as another name for its --no-cache.
  if (uv ? hasInstallFlag(install, '--no-cache', '--no-cache-dir', '-n') : skipsPipCache(install)) return;
  if (uv && install.command.assignments.some((word) => /^UV_NO_CACHE=(1|true|yes|on)$/i.test(word.text))) return;
  if (environmentDisablesCache(stage, script.instruction, uv ? 'UV_NO_CACHE' : 'PIP_NO_CACHE_DIR')) return;
  if (hasCacheMount(script.instruction, /\/\.cache(\/(pip|uv))?\/?$/)) return;
  if (cachesInMount(script.instruction, install, stage, uv ? 'UV_CACHE_DIR' : 'PIP_CACHE_DIR')) return;
  if (removesCacheAfter(commands, install)) return;
  const flag = uv ? '--no-cache' : '--no-cache-dir';
  const fix = insertAfterSubcommand(script, install, flag);
  context.report({
    range: commandRange(script, install),
    message: `${uv ? 'uv pip' : 'pip'} install keeps its download cache in the image, where nothing uses it again. Add ${flag}.`,
    ...(fix ? { fix } : {}),
  });
}

/** The user's cache folder, or pip's or uv's in it, as `rm` names it: `~/.cache/pip`, `$HOME/.cache`, `/root/.cache/uv/*`. */
const userCacheFolder = /^(~|\$HOME|\$\{HOME\}|\/root|\/home\/[^/\s]+)\/\.cache(\/(pip|uv))?\/?\*?$/;

/**
 * True when a command of the same RUN after the install empties the cache, so that no layer keeps it:
 * `rm -rf ~/.cache/pip` (rubintv's images), `pip cache purge`, `python -m pip cache purge`, `uv cache clean`.
 */
function removesCacheAfter(commands: readonly ShellCommand[], install: PackageInstall): boolean {
  const start = commands.indexOf(install.command);
  if (start === -1) return false;
  return commands.slice(start + 1).some((command) => {
    const words = command.words.map((word) => word.text);
    const tool = basename(words[0] ?? '');
    if (tool === 'rm') return words.slice(1).some((word) => userCacheFolder.test(word));
    const rest = /^python[0-9.]*$/.test(tool) && words[1] === '-m' ? words.slice(2) : words;
    const manager = basename(rest[0] ?? '');
    if (/^pip[0-9.]*$/.test(manager)) return rest[1] === 'cache' && rest[2] === 'purge';
    return manager === 'uv' && rest[1] === 'cache' && rest[2] === 'clean';
  });
}

/**
 * True when the cache is moved into a cache mount of the RUN, which stays out of the image: the mount's target is
 * `${PIP_CACHE_DIR}` itself, or the folder `--cache-dir` or that variable (set on the command, or by an ARG or ENV
 * of the stage before the RUN) names, as jupyterhub's hub image does with `ARG PIP_CACHE_DIR=/tmp/pip-cache`.
 */
function cachesInMount(
  instruction: DockerInstruction,
  install: PackageInstall,
  stage: BuildStage,
  variable: string,
): boolean {
  const byVariable = new RegExp(`^\\$(\\{${variable}\\}|${variable})/?$`);
  if (hasCacheMount(instruction, byVariable)) return true;
  const assigned = install.command.assignments
    .map((word) => new RegExp(`^${variable}=["']?([^"']*)`).exec(word.text)?.[1])
    .find((value) => value !== undefined);
  const directory =
    install.flags.find((flag) => flag.name === '--cache-dir')?.value ??
    assigned ??
    stageVariable(stage, instruction, variable);
  if (directory === undefined || directory === '' || directory.includes('$')) return false;
  const folder = directory.replace(/\/+$/, '');
  return cacheMountTargets(instruction).some((target) => target.replace(/\/+$/, '') === folder);
}

/** The value an ARG (with a default) or ENV of the stage (or the stages it builds on) before the RUN gives the variable. */
function stageVariable(stage: BuildStage, before: DockerInstruction, variable: string): string | undefined {
  const stages = stagesBuiltOn(stage);
  const pattern = new RegExp(`(?:^|\\s)${variable}(?:=|\\s+)["']?([^\\s"']*)`);
  let value: string | undefined;
  for (const current of stages) {
    for (const instruction of current.instructions) {
      if (instruction === before) return value;
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'ARG') continue;
      const found = pattern.exec(instruction.argumentsText)?.[1];
      if (found !== undefined) value = found;
    }
  }
  return value;
}

/** True when an ENV of the stage (or the stages it builds on) before the RUN sets the variable to a true value. */
function environmentDisablesCache(stage: BuildStage, before: DockerInstruction, variable: string): boolean {
  const stages = stagesBuiltOn(stage);
  const pattern = new RegExp(`(?:^|\\s)${variable}(?:=|\\s+)["']?([^\\s"']*)`);
  let disabled = false;
  for (const current of stages) {
    for (const instruction of current.instructions) {
      if (instruction === before) return disabled;
      if (instruction.keyword !== 'ENV') continue;
      const value = pattern.exec(instruction.argumentsText)?.[1];
      if (value !== undefined) disabled = !/^(0|false|no|off|)$/i.test(value);
    }
  }
  return disabled;
}

/** The stage and the stages it is built FROM, the first base first. */
function stagesBuiltOn(stage: BuildStage): BuildStage[] {
  const stages: BuildStage[] = [];
  for (let current: BuildStage | undefined = stage; current; current = current.from.baseStage) {
    if (stages.includes(current)) break;
    stages.unshift(current);
  }
  return stages;
}

/**
 * A RUN that only updates the lists (`RUN apt-get update`, then `RUN apt-get install ...`): they stay in its layer.
 * No fix: removing them here would leave the next RUN nothing to install from.
 */
function reportListsLeftByUpdate(context: DockerfileRuleContext, scripts: readonly RunScript[]): void {
  for (const script of scripts) {
    const update = script.commands.find((command) => updatesAptLists([command]));
    if (!update) continue;
    context.report({
      range: absolute(script, update.range),
      message:
        'This RUN fetches the package lists into /var/lib/apt/lists and leaves them in its layer (tens of MB in the image, and stale), where no later RUN can remove them. Update, install and remove them in one RUN: apt-get update && apt-get install --no-install-recommends ... && rm -rf /var/lib/apt/lists/*.',
    });
    return;
  }
}

/** From the package manager to its subcommand: `apt-get -y install`, `pip install`, `apk add`. */
function commandRange(script: RunScript, install: PackageInstall): OffsetRange {
  const first = install.words[0];
  const subcommand = subcommandWord(install) ?? first;
  return absolute(script, [
    first?.range[0] ?? install.commandRange[0],
    subcommand?.range[1] ?? install.commandRange[1],
  ]);
}

function subcommandWord(install: PackageInstall) {
  const last = install.subcommand.split(' ').pop();
  return install.words.find((word) => word.text === last && !word.text.startsWith('-'));
}

function insertAfterSubcommand(script: RunScript, install: PackageInstall, flag: string): Fix | undefined {
  if (script.execForm) return undefined;
  const word = subcommandWord(install);
  if (!word) return undefined;
  const at = script.offset + word.range[1];
  return { description: `Add ${flag}`, edits: [{ range: [at, at], text: ` ${flag}` }] };
}

/**
 * Appends `&& <command>` after the last command of a RUN, when that is safe: a plain shell-form script (no
 * heredoc, no exec form) whose last command ends the script (not `;`, `&`, a subshell or a compound command).
 */
function appendFix(script: RunScript, command: string): Fix | undefined {
  if (script.heredoc || script.execForm) return undefined;
  const last = script.commands[script.commands.length - 1];
  if (!last || last.terminator !== undefined) return undefined;
  // An unclosed quote would swallow the appended command: offer the fix only when it parses as its own command.
  const patched = `${script.text.slice(0, last.range[1])} && ${command}${script.text.slice(last.range[1])}`;
  const appended = parseShellCommands(patched).at(-1);
  if (appended?.words.map((word) => word.text).join(' ') !== command) return undefined;
  const at = script.offset + last.range[1];
  return { description: `Append && ${command} to the RUN`, edits: [{ range: [at, at], text: ` && ${command}` }] };
}
