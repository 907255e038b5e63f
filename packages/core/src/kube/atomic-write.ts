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

/** Throws a clear error when `path` exists and must not be changed; run before any write of a batch. */
export function assertWritable(path: string): void {
  const existing = existingFile(path);
  if (existing === undefined) return;
  // A file with no write bit is meant to stay as it is, even for root (who could write it).
  let writable = (existing.mode & 0o222) !== 0;
  try {
    accessSync(existing.target, constants.W_OK);
  } catch {
    writable = false;
  }
  if (!writable) {
    throw new KubeconfigError(
      'read-only',
      `this kubeconfig is read-only (mode ${existing.mode.toString(8).padStart(4, '0')})`,
      {
        file: path,
        hint: 'Nothing was changed. Make it writable (chmod u+w), pass a writable file with --kubeconfig, or use `kubectl lsst context shell NAME` for a private copy',
      },
    );
  }
}

export function writeFileAtomic(path: string, text: string): void {
  assertWritable(path);
  const existing = existingFile(path);
  const target = existing?.target ?? path;
  const folder = dirname(target);
  const temp = join(folder, `.${basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, newFileMode);
  } catch (error) {
    throw new KubeconfigError(
      'read-only',
      `cannot write in the folder ${folder} (${(error as NodeJS.ErrnoException).code})`,
      {
        file: path,
        hint: 'Nothing was changed. The folder must be writable for a safe (atomic) update',
      },
    );
  }
  try {
    try {
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      if (existing !== undefined) {
        fchmodSync(fd, existing.mode);
        if (process.getuid?.() === 0) fchownSync(fd, existing.uid, existing.gid);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // The temp file is already gone.
    }
    throw new KubeconfigError(
      'write-failed',
      `could not write the kubeconfig (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      {
        file: path,
        hint: 'The original file was left as it was',
      },
    );
  }
  syncFolder(folder);
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
