// Expands the paths given to `check` into the files to check: folders recursively, by name,
// honouring .gitignore files below a named folder (never for the files `kubectl apply -f FOLDER`
// reads), skipping node_modules and .git, and never looping on symlinks.
// A symlink that leads out of the folder being checked is reported and not followed (a checked
// repository must not make the tool read files elsewhere), unless --follow-symlinks.
import type { Dirent, Stats } from 'node:fs';
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { BoundedReadError, readBoundedTextFile } from '@lsst-kube/core/kube/bounded-read';
import { visibleText } from '@lsst-kube/core/visible-text';
import ignore, { type Ignore } from 'ignore';
import { CliError, ExitCode } from './errors.ts';

// Synchronous calls behind promises: the CLI reads one thing at a time anyway, and loading
// node:fs/promises (with the readline and watcher modules it brings) costs a millisecond and a half.
const fileSystem = {
  stat: async (path: string): Promise<Stats> => statSync(path),
  realpath: async (path: string): Promise<string> => realpathSync(path),
  readdir: async (path: string, options: { withFileTypes: true }): Promise<Dirent[]> => readdirSync(path, options),
};

/**
 * Names checked when found in a folder (every name `kubectl apply -f FOLDER` reads, and Dockerfiles);
 * files named on the command line are checked whatever their name. `s`: a name may hold a newline.
 */
const checkedName =
  /^(?:.*\.ya?ml|.*\.json|Dockerfile|Dockerfile\..+|.+\.Dockerfile|Containerfile|Containerfile\..+)$/is;
const skippedFolders = new Set(['node_modules', '.git']);

/** A .gitignore is a few kilobytes; this is far past any real one. */
const maxIgnoreFileBytes = 1024 * 1024;

export function isCheckedName(name: string): boolean {
  return checkedName.test(name);
}

interface IgnoreLevel {
  /** Folder holding the .gitignore; its patterns are relative to it. */
  base: string;
  rules: Ignore;
}

export interface CollectOptions {
  cwd: string;
  /** Told about what was skipped and why (a symlink loop, a socket), once each. */
  notice: (message: string) => void;
  /** Follow symlinks that lead out of the named folder (by default they are reported and skipped). */
  followSymlinks?: boolean;
  /**
   * What a named folder's walk leaves out (the configuration's `exclude`): a matcher on paths relative to that
   * folder. Files and folders named themselves are never left out.
   */
  excludeFor?: (folder: string) => Promise<((relativePath: string) => boolean) | undefined>;
  /** Told about each file or folder left out by `excludeFor`, as shown. */
  excluded?: (shown: string) => void;
}

/** A named path that does not exist: a usage error, raised before anything is checked. */
export async function assertPathsExist(paths: readonly string[], cwd: string): Promise<void> {
  const missing: string[] = [];
  for (const path of paths) {
    try {
      await fileSystem.stat(resolve(cwd, path));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(path);
      else if (code === 'ELOOP')
        throw new CliError(`${visibleText(path)}: symbolic link loop. Point the link at a real file.`);
      // Other errors (permission) surface when the file is read, with its name.
    }
  }
  if (missing.length > 0) {
    const list = missing.map((path) => `"${visibleText(path)}"`).join(', ');
    throw new CliError(
      `${missing.length === 1 ? 'path' : 'paths'} not found: ${list}. Check the spelling, or run from the folder they are relative to.`,
      ExitCode.usage,
    );
  }
}

/**
 * Yields the files to check, in a stable order: each named path in turn, a folder's entries
 * sorted by name. Paths are given as the user named them (joined for folder entries).
 */
export async function* collectFiles(paths: readonly string[], options: CollectOptions): AsyncGenerator<string> {
  const visited = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(options.cwd, path);
    let stats: Stats;
    try {
      stats = await fileSystem.stat(absolute);
    } catch {
      // Named files that cannot be inspected are read anyway, so that the reader reports why.
      yield path;
      continue;
    }
    if (!stats.isDirectory()) {
      yield path;
      continue;
    }
    const levels = await ancestorIgnores(absolute);
    let root: string;
    try {
      root = await fileSystem.realpath(absolute);
    } catch {
      root = absolute;
    }
    const isExcluded = await options.excludeFor?.(absolute);
    const exclude = isExcluded ? { base: absolute, matches: isExcluded } : undefined;
    yield* walk(path, absolute, levels, [], visited, { ...options, root, ...(exclude ? { exclude } : {}) });
  }
}

/**
 * Whether the walk leaves this entry out, by its path relative to the named folder. Never inside a Helm chart:
 * a chart is rendered whole (its templates/tests are pods `helm test` runs in the cluster).
 */
function isExcludedEntry(absolute: string, options: WalkOptions, inChart: boolean): boolean {
  if (!options.exclude || inChart) return false;
  const path = relative(options.exclude.base, absolute).split(sep).join('/');
  return path !== '' && !path.startsWith('..') && options.exclude.matches(path);
}

type WalkOptions = CollectOptions & {
  root: string;
  exclude?: { base: string; matches: (relativePath: string) => boolean };
  /** The walk is inside a Helm chart's folder. */
  inChart?: boolean;
};

async function* walk(
  shown: string,
  absolute: string,
  levels: readonly IgnoreLevel[],
  ancestors: readonly string[],
  visited: Set<string>,
  options: WalkOptions,
): AsyncGenerator<string> {
  let real: string;
  try {
    real = await fileSystem.realpath(absolute);
  } catch (error) {
    options.notice(`${shown}: skipped, ${describeError(error)}.`);
    return;
  }
  if (ancestors.includes(real)) {
    options.notice(
      `${shown}: skipped, symbolic link loop (it leads back to ${relativeOrAbsolute(real, options.cwd)}).`,
    );
    return;
  }
  // A folder reached twice through different links is checked once.
  if (visited.has(real)) return;
  visited.add(real);
  const chain = [...ancestors, real];

  let entries: Dirent[];
  try {
    entries = await fileSystem.readdir(absolute, { withFileTypes: true });
  } catch (error) {
    options.notice(`${shown}: folder skipped, ${describeError(error)}.`);
    return;
  }
  const here = await loadIgnore(absolute);
  const active = here ? [...levels, here] : levels;
  entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  const inChart = options.inChart === true || entries.some((entry) => entry.name === 'Chart.yaml');

  for (const entry of entries) {
    const entryAbsolute = join(absolute, entry.name);
    const entryShown = shown === '.' ? entry.name : join(shown, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await fileSystem.stat(entryAbsolute);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') options.notice(`${entryShown}: skipped, symbolic link loop.`);
        else if (code !== 'ENOENT') options.notice(`${entryShown}: skipped, ${describeError(error)}.`);
        // A dangling link in a folder is not something to check.
        continue;
      }
      if (!options.followSymlinks) {
        const target = await fileSystem.realpath(entryAbsolute).catch(() => entryAbsolute);
        if (!isInside(target, options.root)) {
          options.notice(
            `${entryShown}: skipped, symbolic link to ${target}, outside the checked folder "${relativeOrAbsolute(options.root, options.cwd)}". Pass --follow-symlinks to check it.`,
          );
          continue;
        }
      }
    }
    if (isDirectory) {
      if (skippedFolders.has(entry.name)) continue;
      if (isIgnored(active, entryAbsolute, true)) continue;
      if (isExcludedEntry(entryAbsolute, options, inChart)) {
        options.excluded?.(entryShown);
        continue;
      }
      yield* walk(entryShown, entryAbsolute, active, chain, visited, inChart ? { ...options, inChart } : options);
      continue;
    }
    if (!isCheckedName(entry.name)) continue;
    if (isExcludedEntry(entryAbsolute, options, inChart)) {
      options.excluded?.(entryShown);
      continue;
    }
    // `kubectl apply -f FOLDER` reads the folder's own files whatever .gitignore says: so does the check.
    if (ancestors.length > 0 && isIgnored(active, entryAbsolute, false)) continue;
    if (!isFile) {
      // Reading a FIFO found in a folder could block for ever.
      options.notice(`${entryShown}: skipped, not a regular file.`);
      continue;
    }
    yield entryShown;
  }
}

function isIgnored(levels: readonly IgnoreLevel[], absolute: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const path = relative(level.base, absolute).split(sep).join('/');
    if (path === '' || path.startsWith('..')) continue;
    const verdict = level.rules.test(isDirectory ? `${path}/` : path);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

async function loadIgnore(folder: string): Promise<IgnoreLevel | undefined> {
  const path = join(folder, '.gitignore');
  let text: string;
  try {
    text = readBoundedTextFile(path, maxIgnoreFileBytes);
  } catch (error) {
    // A .gitignore that is a FIFO or a device would hang or fill memory; skipping it would check other files.
    if (error instanceof BoundedReadError) {
      throw new CliError(`${path}: cannot read it: ${error.reason}. Make it a small text file, or remove it.`);
    }
    return undefined;
  }
  return { base: folder, rules: ignore().add(text) };
}

/** The .gitignore files above a checked folder, up to the repository's top (the folder with `.git`). */
async function ancestorIgnores(folder: string): Promise<IgnoreLevel[]> {
  const chain: string[] = [];
  let current = dirname(folder);
  let top: string | undefined;
  if (await exists(join(folder, '.git'))) return [];
  while (current !== dirname(current)) {
    chain.unshift(current);
    if (await exists(join(current, '.git'))) {
      top = current;
      break;
    }
    current = dirname(current);
  }
  if (top === undefined) return [];
  const levels: IgnoreLevel[] = [];
  for (const ancestor of chain) {
    const level = await loadIgnore(ancestor);
    if (level) levels.push(level);
  }
  return levels;
}

async function exists(path: string): Promise<boolean> {
  try {
    await fileSystem.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether the path is the folder or below it. */
export function isInside(path: string, folder: string): boolean {
  const relativePath = relative(folder, path);
  return relativePath === '' || (!relativePath.startsWith('..') && !isAbsolute(relativePath));
}

function relativeOrAbsolute(path: string, cwd: string): string {
  const relativePath = relative(cwd, path);
  return relativePath === '' ? '.' : relativePath.startsWith('..') ? path : relativePath;
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'not found';
    case 'EISDIR':
      return 'it is a folder';
    case 'ELOOP':
      return 'symbolic link loop';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
