// The `<file>.lock` protocol of kubectl (client-go clientcmd: lockFile creates it with
// O_CREATE|O_EXCL, unlockFile removes it), so that kubectl and this tool exclude each other.
// kubectl fails at once when the lock exists; we wait with backoff instead, and recover stale locks.
import {
  closeSync,
  constants,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeconfigError } from './errors.ts';

export interface LockOptions {
  /** Give up after waiting this long for another writer. Default: the stale time plus 5 s, at least 20 s. */
  timeoutMs?: number;
  /**
   * A lock older than this whose owner is unknown (kubectl writes an empty lock) is taken as left
   * behind by a crashed process. kubectl holds its lock for one file write. Default 30 s, or
   * KUBECTL_LSST_LOCK_STALE_SECONDS.
   */
  staleAfterMs?: number;
  /** Told when a stale lock is removed (the CLI prints it). */
  onStaleLockRemoved?: (lockPath: string, reason: string) => void;
  /** Told once per lock when another writer holds it and the wait begins (the CLI says so). */
  onWaiting?: (lockPath: string) => void;
}

export interface HeldLocks {
  paths: string[];
  release(): void;
}

const ownerPrefix = 'kubectl-lsst';
const ownerPattern = new RegExp(`^${ownerPrefix} pid=(\\d+) host=(\\S+)`);

/** Lock files this process holds now: its own reads need not wait for them. */
const heldByThisProcess = new Set<string>();

export function isLockHeldByThisProcess(lockPath: string): boolean {
  return heldByThisProcess.has(lockPath);
}

export function lockPathOf(file: string): string {
  return `${file}.lock`;
}

/** Takes the locks of all `files` in sorted order (as kubectl does, so that no two writers deadlock). */
export async function acquireKubeconfigLocks(files: string[], options: LockOptions = {}): Promise<HeldLocks> {
  const sorted = [...new Set(files)].sort();
  const held: string[] = [];
  const release = () => {
    for (const path of held.splice(0).reverse()) {
      heldByThisProcess.delete(path);
      try {
        unlinkSync(path);
      } catch {
        // Already gone: nothing left to release.
      }
    }
  };
  try {
    for (const file of sorted) {
      const lockPath = await acquireOne(file, options);
      held.push(lockPath);
      heldByThisProcess.add(lockPath);
    }
  } catch (error) {
    release();
    throw error;
  }
  return { paths: [...held], release };
}

export async function withKubeconfigLocks<T>(
  files: string[],
  options: LockOptions,
  work: () => T | Promise<T>,
): Promise<T> {
  const locks = await acquireKubeconfigLocks(files, options);
  // Release even when the process is interrupted while holding the lock.
  const onSignal = (signal: NodeJS.Signals) => {
    locks.release();
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    locks.release();
  }
}

async function acquireOne(file: string, options: LockOptions): Promise<string> {
  const lockPath = lockPathOf(file);
  const { timeoutMs, staleAfterMs } = lockTimings(options);
  const started = Date.now();
  let delay = 5;
  let waiting = false;
  mkdirSync(dirname(file), { recursive: true });
  for (;;) {
    if (tryCreate(lockPath)) return lockPath;
    if (!waiting) options.onWaiting?.(lockPath);
    waiting = true;
    const stale = staleReason(lockPath, staleAfterMs);
    if (stale !== undefined) {
      if (removeStaleLock(lockPath, stale.inode)) options.onStaleLockRemoved?.(lockPath, stale.reason);
      continue;
    }
    if (Date.now() - started >= timeoutMs) {
      throw new KubeconfigError(
        'lock-timeout',
        `another program has held ${lockPath} for ${Math.round((Date.now() - started) / 1000)} s`,
        {
          file,
          hint: `If no kubectl or kubectl lsst is running, the lock was left by a crash: remove it (rm '${lockPath}') and retry`,
        },
      );
    }
    // Exponential backoff with jitter, so that many waiters do not retry in step.
    await sleep(delay / 2 + Math.random() * delay);
    delay = Math.min(delay * 1.6, 200);
  }
}

function tryCreate(lockPath: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new KubeconfigError(
        'read-only',
        `cannot create the lock file ${lockPath} (${code === 'EROFS' ? 'read-only file system' : 'permission denied'})`,
        {
          file: lockPath,
          hint: 'The folder of the kubeconfig must be writable to change it; use --kubeconfig with a writable copy, or `kubectl lsst context shell`',
        },
      );
    }
    throw error;
  }
  try {
    // kubectl ignores the content; ours lets a later process tell a crashed owner from a live one.
    writeSync(fd, `${ownerPrefix} pid=${process.pid} host=${hostname()}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function staleReason(lockPath: string, staleAfterMs: number): { reason: string; inode: number } | undefined {
  let inode: number;
  let ageMs: number;
  let content: string;
  try {
    const stat = statSync(lockPath);
    inode = stat.ino;
    ageMs = Date.now() - stat.mtimeMs;
    content = readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
  const owner = ownerPattern.exec(content);
  if (owner !== null && owner[2] === hostname()) {
    const pid = Number(owner[1]);
    if (!isAlive(pid)) return { reason: `its owner (process ${pid}) is no longer running`, inode };
    return undefined;
  }
  if (ageMs > staleAfterMs)
    return { reason: `it is ${Math.round(ageMs / 1000)} s old and no writer holds a lock that long`, inode };
  return undefined;
}

/** The wait and stale times in force: the options, else KUBECTL_LSST_LOCK_STALE_SECONDS, else the defaults. */
export function lockTimings(
  options: LockOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): { timeoutMs: number; staleAfterMs: number } {
  const staleAfterMs = options.staleAfterMs ?? staleAfterFromEnvironment(env) ?? 30_000;
  // Outlasts the stale time, so that a fresh lock left by a crash delays the next write but never fails it.
  const timeoutMs = options.timeoutMs ?? Math.max(20_000, staleAfterMs + 5_000);
  return { timeoutMs, staleAfterMs };
}

function staleAfterFromEnvironment(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.KUBECTL_LSST_LOCK_STALE_SECONDS;
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value) * 1000;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves the stale lock aside atomically; if another process replaced it meanwhile (a different
 * inode), the moved file is the live lock and goes back where it was.
 */
function removeStaleLock(lockPath: string, staleInode: number): boolean {
  const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return false;
  }
  try {
    if (statSync(aside).ino !== staleInode) {
      try {
        linkSync(aside, lockPath);
      } catch {
        // The path was taken again meanwhile: that process holds it now.
      }
      return false;
    }
    return true;
  } finally {
    try {
      unlinkSync(aside);
    } catch {
      // Nothing to clean.
    }
  }
}
