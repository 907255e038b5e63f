// kubectl writes a kubeconfig in place (truncate, then write) while it holds `<file>.lock`, so a
// reader that ignores the lock can see half a file: no current context, or no file at all.
// A settled read is taken while no lock is held and while the file stays the same from before
// the read to after it; otherwise it is taken again.
import { type BigIntStats, statSync } from 'node:fs';
import { readBoundedTextFile } from './bounded-read.ts';
import { isLockHeldByThisProcess, isLockLeftByDeadProcess, lockPathOf } from './lock.ts';

export interface SettledReadOptions {
  /** Larger files are refused (BoundedReadError), as are FIFOs and devices. */
  maxBytes: number;
  /**
   * How old a lock may be and still be waited for: younger, it belongs to a writer at work (kubectl
   * writes in milliseconds, but a loaded machine can pause it for seconds); older, it was left
   * behind by a writer that is gone, and is read past.
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
  const lockWaitMs = options.lockWaitMs ?? 10_000;
  const settleDeadline = started + (options.settleWaitMs ?? 2 * lockWaitMs);
  // Judged by the lock's own age, so that a new writer's lock is waited for however long this read
  // has waited already; a lock whose holder (ours, which records it) is gone is not waited for.
  const lockHeld = () => {
    const age = lockAgeMs(lockPath);
    if (age === undefined || age >= lockWaitMs || Date.now() >= started + 2 * lockWaitMs) return false;
    return !isLockLeftByDeadProcess(lockPath);
  };
  for (;;) {
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
