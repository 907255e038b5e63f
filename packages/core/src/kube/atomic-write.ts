// Writes a file so that readers see either the old bytes or the new ones, never a mix: a temp file
// in the same folder, fsync, rename over the original (kept mode and owner), fsync the folder.
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KubeconfigError } from './errors.ts';

/** Mode of a kubeconfig that did not exist before: kubectl creates them 0600. */
const newFileMode = 0o600;

interface Existing {
  /** The real file behind a symlink: written in place of replacing the link. */
  target: string;
  mode: number;
  uid: number;
  gid: number;
}

function existingFile(path: string): Existing | undefined {
  try {
    const target = realpathSync(path);
    const stat = statSync(target);
    return { target, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
  } catch {
    return undefined;
  }
}

/** The mode of `path` when it exists and must not be replaced (no write bit, or no write access). */
export function readOnlyMode(path: string): number | undefined {
  const existing = existingFile(path);
  if (existing === undefined) return undefined;
  // A file with no write bit is meant to stay as it is, even for root (who could write it).
  let writable = (existing.mode & 0o222) !== 0;
  try {
    accessSync(existing.target, constants.W_OK);
  } catch {
    writable = false;
  }
  return writable ? undefined : existing.mode;
}

/** Throws a clear error when `path` exists and must not be changed; run before any write of a batch. */
export function assertWritable(path: string): void {
  const mode = readOnlyMode(path);
  if (mode !== undefined) {
    throw new KubeconfigError('read-only', `this kubeconfig is read-only (mode ${mode.toString(8).padStart(4, '0')})`, {
      file: path,
      hint: 'Nothing was changed. Make it writable (chmod u+w), pass a writable file with --kubeconfig, or use `kubectl lsst context shell NAME` for a private copy',
    });
  }
}

/** Why an atomic replacement failed: `create` (no temp file in the folder) or `write` (the original is intact). */
export class AtomicWriteError extends Error {
  override readonly name = 'AtomicWriteError';
  constructor(
    readonly stage: 'create' | 'write',
    /** The errno code (ENOSPC, EACCES...), or the error's text. */
    readonly code: string,
    readonly folder: string,
  ) {
    super(`${stage === 'create' ? `cannot create a file in ${folder}` : 'write failed'} (${code})`);
  }
}

/** The file no longer holds the text the new one was made from: someone edited it meanwhile. */
export class FileChangedError extends Error {
  override readonly name = 'FileChangedError';
  constructor(readonly path: string) {
    super(`${path} changed while the new version was being made`);
  }
}

export interface ReplaceOptions {
  /** The text the new one was made from: when the file holds something else just before the rename, nothing is written. */
  expectedText?: string;
}

/**
 * Replaces `path` with `text` through a temp file in the same folder (kept mode and owner; a
 * symlink is written through): readers and a crash at any point see the old bytes or the new ones.
 * Throws AtomicWriteError or FileChangedError, after removing the temp file.
 */
export function replaceFileAtomically(path: string, text: string, options: ReplaceOptions = {}): void {
  const existing = existingFile(path);
  const target = existing?.target ?? path;
  const folder = dirname(target);
  const temp = join(folder, `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, newFileMode);
  } catch (error) {
    throw new AtomicWriteError('create', errorCode(error), folder);
  }
  try {
    try {
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      // write(2) may write less than asked (a full disk does that before failing): loop until all is written.
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      if (existing !== undefined) {
        fchmodSync(fd, existing.mode);
        if (process.getuid?.() === 0) fchownSync(fd, existing.uid, existing.gid);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    // Compared last, so that the window in which an edit could still be lost is as short as it can be.
    if (options.expectedText !== undefined && !holds(target, options.expectedText)) throw new FileChangedError(path);
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temp file is already gone.
    }
    if (error instanceof FileChangedError) throw error;
    throw new AtomicWriteError('write', errorCode(error), folder);
  }
  syncFolder(folder);
}

function holds(path: string, text: string): boolean {
  try {
    return readFileSync(path).equals(Buffer.from(text, 'utf8'));
  } catch {
    return false;
  }
}

export function writeFileAtomic(path: string, text: string): void {
  assertWritable(path);
  try {
    replaceFileAtomically(path, text);
    removeTempFilesOfDeadWriters(path);
  } catch (error) {
    if (!(error instanceof AtomicWriteError)) throw error;
    if (error.stage === 'create') {
      throw new KubeconfigError('read-only', `cannot write in the folder ${error.folder} (${error.code})`, {
        file: path,
        hint: 'Nothing was changed. The folder must be writable for a safe (atomic) update',
      });
    }
    throw new KubeconfigError('write-failed', `could not write the kubeconfig (${error.code})`, {
      file: path,
      hint: 'The original file was left as it was',
    });
  }
}

/**
 * Temp files that writers killed mid-write left beside the kubeconfig (`.config.<pid>.<x>.tmp`);
 * run under the kubeconfig's lock, so no live writer of ours is using them.
 */
function removeTempFilesOfDeadWriters(path: string): void {
  const target = existingFile(path)?.target ?? path;
  const folder = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(/^(\d+)\.[a-z0-9]*\.tmp$/.exec(name.slice(prefix.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || processIsAlive(pid)) continue;
    try {
      unlinkSync(join(folder, name));
    } catch {
      // Removed by another writer meanwhile.
    }
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, constants.O_RDONLY);
    fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
