// `check --changed-since REF`: the files changed since a git ref (committed, staged, unstaged and
// untracked), and which lines of each; which findings that leaves is decided in core.
import { resolve } from 'node:path';
import { type FileChanges, parseUnifiedDiff, unquoteGitPath, visibleText } from '@lsst-kube/core';
import { CliError } from './errors.ts';

export interface ChangedFiles {
  /** What --changed-since named, for messages. */
  ref: string;
  /** By absolute path. */
  files: Map<string, FileChanges | 'all'>;
}

/** Largest diff read: a change beyond it is better checked whole. */
const maxDiffBytes = 256 * 1024 * 1024;

export function readChangedFiles(ref: string, cwd: string, notice: (message: string) => void): ChangedFiles {
  const shownRef = visibleText(ref);
  if (ref.startsWith('-')) throw new CliError(`--changed-since ${shownRef}: a git ref cannot start with -.`);
  // Loaded here: node:child_process costs milliseconds of every start, and most checks have no --changed-since.
  const { execFileSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const git = (args: string[]) =>
    execFileSync('git', ['-c', 'core.quotePath=false', ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: maxDiffBytes,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  let root: string;
  try {
    root = git(['rev-parse', '--show-toplevel']).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliError('--changed-since needs git, which was not found on PATH. Install git, or check without it.');
    }
    throw new CliError(
      `--changed-since ${shownRef}: ${visibleText(cwd)} is not in a git repository. Run it in the repository, or check without it.`,
    );
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    const branch = ref.replace(/^origin\//, '');
    throw new CliError(
      `--changed-since ${shownRef}: this clone has no commit ${shownRef}. A shallow clone (as actions/checkout makes by default) holds only what it fetched: fetch it first (git fetch --depth=1 origin ${visibleText(branch)}), or clone with full history (fetch-depth: 0).`,
    );
  }
  // Against the common ancestor, as a pull request is seen; a shallow clone may not reach it.
  let base = ref;
  try {
    base = git(['merge-base', ref, 'HEAD']).trim();
  } catch {
    notice(
      `--changed-since ${ref}: no common ancestor of ${ref} and HEAD in this clone (shallow?), so the files are compared with ${ref} itself. Fetch more history (fetch-depth: 0) to compare with where the branch started.`,
    );
  }
  const files = new Map<string, FileChanges | 'all'>();
  const diff = git(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-M', '-U0', base, '--']);
  for (const [path, changes] of parseUnifiedDiff(diff)) files.set(resolve(root, path), changes);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '-z', '--full-name']);
  for (const path of untracked.split('\0')) if (path !== '') files.set(resolve(root, unquoteGitPath(path)), 'all');
  return { ref, files };
}
