// `kubectl lsst init`: writes a commented `.lsst.yaml` holding the embedded defaults, never over an existing file.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { configTemplate, loadConfig, repositoryUrl, rules, UsageError } from '@lsst-kube/core';
import { Args, Command, Flags } from '@oclif/core';
import { ExitCode } from '../lib/errors.ts';
import { currentIo } from '../lib/io.ts';

export const configReferenceUrl = `${repositoryUrl}/blob/main/docs/configuration.md`;

export default class Init extends Command {
  static override summary = 'Write a commented .lsst.yaml to start from: every key, explained, set to the defaults.';
  static override description =
    'The file holds the embedded defaults (the guidelines as written), so it changes nothing until you edit it; every key carries a comment saying what it does. It refuses to replace an existing file (exit code 2) unless --force is given, and it writes atomically: a file appears whole or not at all. PATH is the file to write, or a folder to write .lsst.yaml into; the default is .lsst.yaml in the current folder.';

  static override examples = [
    '<%= config.bin %> init',
    '<%= config.bin %> init deploy/',
    '<%= config.bin %> init --stdout > ~/.lsst.yaml.new',
    '<%= config.bin %> init --force',
  ];

  static override args = {
    path: Args.string({
      description: 'The file to write, or a folder to write .lsst.yaml into (default: .lsst.yaml).',
    }),
  };

  static override flags = {
    force: Flags.boolean({ char: 'f', summary: 'Replace an existing file.' }),
    stdout: Flags.boolean({ summary: 'Print the file instead of writing it.' }),
  };

  async run(): Promise<number> {
    const { args, flags } = await this.parse(Init);
    const io = currentIo();
    const text = configTemplate({ rules, docsUrl: configReferenceUrl });
    // The template must load as it is: a broken starting file would greet the user with errors.
    loadConfig(text, { file: '.lsst.yaml', knownRules: rules.map((rule) => rule.name) });
    if (flags.stdout) {
      io.stdout.write(text);
      return ExitCode.ok;
    }
    const target = targetPath(io.cwd, args.path);
    const shown = relative(io.cwd, target) || target;
    writeConfigFile(target, shown, text, flags.force);
    io.stdout.write(
      `Wrote ${shown}: the embedded defaults, every key explained. Edit what differs for your clusters, then run \`kubectl lsst check\`.\n`,
    );
    return ExitCode.ok;
  }
}

function targetPath(cwd: string, given: string | undefined): string {
  const path = resolve(cwd, given ?? '.lsst.yaml');
  try {
    if (statSync(path).isDirectory()) return join(path, '.lsst.yaml');
  } catch {
    // Not there yet: it is the file to create.
  }
  return path;
}

/**
 * Writes `text` to a temporary file in the target's folder, then puts it in place in one step: a
 * hard link, which fails when the target exists (so nothing is ever replaced by accident, even by
 * a race), or with `force` a rename over it.
 */
function writeConfigFile(target: string, shown: string, text: string, force: boolean): void {
  const folder = dirname(target);
  const temporary = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const descriptor = openSync(temporary, 'wx', 0o644);
    try {
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    throw writeError(error, folder, shown);
  }
  try {
    if (force) {
      renameSync(temporary, target);
      return;
    }
    try {
      linkSync(temporary, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw alreadyExists(shown);
      // File systems without hard links: check, then rename (the check and the rename are not one step).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
      if (exists(target)) throw alreadyExists(shown);
      renameSync(temporary, target);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw writeError(error, folder, shown);
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed into place.
    }
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function alreadyExists(shown: string): UsageError {
  return new UsageError(
    `${shown} already exists; it was left as it is. Edit it, run \`kubectl lsst init --force\` to replace it, or \`kubectl lsst init --stdout\` to print a fresh one.`,
  );
}

function writeError(error: unknown, folder: string, shown: string): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new UsageError(`cannot write ${shown}: the folder ${folder} does not exist. Create it first.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new UsageError(
      `cannot write ${shown}: no permission to write in ${folder}. Choose another path, or use --stdout.`,
    );
  if (code === 'EISDIR') return new UsageError(`cannot write ${shown}: it is a folder.`);
  const message = error instanceof Error ? error.message : String(error);
  return new UsageError(`cannot write ${shown}: ${message}`);
}
