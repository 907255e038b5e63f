// Writes a file the CLI changes (`check --fix`, `request-port -f`) so that it is the old version or
// the new one, never a mix: core's atomic replacement, whose write loop survives short writes on a
// full disk (write-file-atomic issues one write and renames whatever landed).
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from './errors.ts';

/**
 * Whether two paths name the same file, however spelled: through symlinks, hard links, relative or
 * absolute. Existing files compare by device and inode; a path yet to be created by where it would land.
 */
export function isSameFile(first: string, second: string): boolean {
  const firstStat = statOrUndefined(first);
  const secondStat = statOrUndefined(second);
  if (firstStat !== undefined && secondStat !== undefined)
    return firstStat.dev === secondStat.dev && firstStat.ino === secondStat.ino;
  if (firstStat !== undefined || secondStat !== undefined) return false;
  return landingPath(first) === landingPath(second);
}

function statOrUndefined(path: string): { dev: number; ino: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function landingPath(path: string): string {
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}

/** The mode of `path` when it must not be replaced (no write bit, or no permission), else undefined. */
export async function readOnlyModeOf(path: string): Promise<number | undefined> {
  const { readOnlyMode } = await import('@lsst-kube/core/kube');
  return readOnlyMode(path);
}

export function describeMode(mode: number): string {
  return `mode ${mode.toString(8).padStart(4, '0')}`;
}

/**
 * Replaces `path` atomically; a CliError naming `shown` when that fails (the file is then unchanged),
 * or when the file no longer holds `expectedText` (someone edited it meanwhile: their version stays).
 */
export async function writeFileAtomically(
  path: string,
  text: string,
  shown: string,
  expectedText?: string,
): Promise<void> {
  const { AtomicWriteError, FileChangedError, replaceFileAtomically } = await import('@lsst-kube/core/kube');
  try {
    replaceFileAtomically(path, text, expectedText === undefined ? {} : { expectedText });
  } catch (error) {
    if (error instanceof FileChangedError) {
      throw new CliError(
        `${shown} changed while this command ran: your version was kept and the changes were not written. Run the command again to make them on the new version.`,
      );
    }
    if (!(error instanceof AtomicWriteError)) throw error;
    const reason =
      error.stage === 'create'
        ? `no file can be created in its folder (${error.code}), and a safe write needs one`
        : `the write failed (${reasonOf(error.code)})`;
    throw new CliError(
      `cannot write ${shown}: ${reason}. It was left as it was; free space or fix permissions and run again.`,
    );
  }
}

function reasonOf(code: string): string {
  switch (code) {
    case 'ENOSPC':
      return 'ENOSPC, the disk is full';
    case 'EDQUOT':
      return 'EDQUOT, the disk quota is used up';
    case 'EFBIG':
      return 'EFBIG, the file is larger than allowed';
    case 'EACCES':
    case 'EPERM':
      return `${code}, permission denied`;
    case 'EROFS':
      return 'EROFS, read-only file system';
    default:
      return code;
  }
}
