// kubectl writes a kubeconfig in place (truncate, then write) while it holds `<file>.lock`, so a
// reader that ignores the lock can see half a file: no current context, or no file at all.
// A settled read is taken while no lock is held and while the file stays the same from before
// the read to after it; otherwise it is taken again.
import { type BigIntStats, existsSync, statSync } from 'node:fs';
import { readBoundedTextFile } from './bounded-read.ts';
import { isLockHeldByThisProcess, lockPathOf } from './lock.ts';

export interface SettledReadOptions {
  /** Larger files are refused (BoundedReadError), as are FIFOs and devices. */
  maxBytes: number;
  /**
   * How long a held lock is waited for. A lock older than this when first seen was left behind by
   * a writer that is gone, and is read past at once.
   */
  lockWaitMs?: number;
  /** How long the file may keep changing under the reader before the last read is used. */
  settleWaitMs?: number;
}

const pauseMs = 3;
const pauseCell = new Int32Array(new SharedArrayBuffer(4));

function pause(ms: number): void {
  Atomics.wait(pauseCell, 0, 0, ms);
}

function statOf(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
}

function lockAgeMs(lockPath: string): number | undefined {
  try {
    return Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    return undefined;
  }
}

function sameVersion(a: BigIntStats | undefined, b: BigIntStats | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/**
 * Reads a kubeconfig as UTF-8 when no writer is in the middle of it. Errors of the read itself
 * (ENOENT, EACCES) are thrown as node:fs throws them; a file that is not a regular one, or is over
 * `maxBytes`, throws BoundedReadError.
 */
export function readSettledKubeconfig(path: string, options: SettledReadOptions): string {
  const lockPath = lockPathOf(path);
  // Under our own lock no other writer can be at work.
  if (isLockHeldByThisProcess(lockPath)) return readBoundedTextFile(path, options.maxBytes);
  const started = Date.now();
  // A kubectl write takes milliseconds, but on a loaded machine its process can wait seconds for
  // the CPU while it holds the lock: waiting only briefly would read its truncated file.
  const lockWaitMs = options.lockWaitMs ?? 5000;
  const firstLockAge = lockAgeMs(lockPath);
  const lockDeadline = firstLockAge !== undefined && firstLockAge > lockWaitMs ? started : started + lockWaitMs;
  const settleDeadline = started + (options.settleWaitMs ?? lockWaitMs + 2000);
  for (;;) {
    const lockHeld = () => Date.now() < lockDeadline && existsSync(lockPath);
    if (lockHeld()) {
      pause(pauseMs);
      continue;
    }
    const before = statOf(path);
    const text = readBoundedTextFile(path, options.maxBytes);
    const after = statOf(path);
    if ((sameVersion(before, after) && !lockHeld()) || Date.now() >= settleDeadline) return text;
    pause(pauseMs);
  }
}
