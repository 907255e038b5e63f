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
import { readBoundedTextFile } from './bounded-read.ts';
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
  /** Told once when the wait grows long, with who holds the lock (the CLI prints it). */
  onWaiting?: (lockPath: string, holder: string) => void;
}

export interface HeldLocks {
  paths: string[];
  release(): void;
}

const ownerPrefix = 'kubectl-lsst';
const ownerPattern = new RegExp(`^${ownerPrefix} pid=(\\d+) host=(\\S+)(?: start=(\\d+))?`);

/** After this long, a waiter says who it is waiting for. */
const waitNoticeAfterMs = 3_000;

/**
 * Signals that end a process by default and can be caught: the locks are released before the
 * process ends by them. SIGPIPE is not among them: Node ignores it (a write fails with EPIPE instead).
 */
const releasingSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/** Lock files this process holds now: its own reads need not wait for them. */
const heldByThisProcess = new Set<string>();

export function isLockHeldByThisProcess(lockPath: string): boolean {
  return heldByThisProcess.has(lockPath);
}

export function lockPathOf(file: string): string {
  return `${file}.lock`;
}

/** Takes the locks of all `files` in sorted order (as kubectl does, so that no two writers deadlock). */
export async function acquireKubeconfigLocks(
  files: string[],
  options: LockOptions = {},
  /** Filled as each lock is taken, so that a signal handler can release what is held so far. */
  held: string[] = [],
): Promise<HeldLocks> {
  const sorted = [...new Set(files)].sort();
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

/**
 * Lets signals that arrived during synchronous work reach their handlers: JavaScript runs a signal
 * handler only when the event loop turns, so long synchronous steps call this between them.
 */
export type SignalCheckpoint = () => Promise<void>;

const signalCheckpoint: SignalCheckpoint = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `work` holding the locks. A catchable signal at any point, from the first lock taken to the
 * last released, releases the locks and then ends the process by that signal, as it would have
 * without us; `work` calls the checkpoint between its synchronous steps, so that the signal is
 * honoured after the current step rather than after the whole write (or never).
 */
export async function withKubeconfigLocks<T>(
  files: string[],
  options: LockOptions,
  work: (checkpoint: SignalCheckpoint) => T | Promise<T>,
): Promise<T> {
  const held: string[] = [];
  const releaseHeld = () => {
    for (const path of held.splice(0).reverse()) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone: nothing left to release.
      }
    }
  };
  const stopListening = () => {
    for (const signal of releasingSignals) process.off(signal, onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    releaseHeld();
    stopListening();
    // With no listener left, the signal's default action applies: the process ends by it.
    process.kill(process.pid, signal);
  };
  for (const signal of releasingSignals) process.on(signal, onSignal);
  try {
    await acquireKubeconfigLocks(files, options, held);
    await signalCheckpoint();
    const result = await work(signalCheckpoint);
    // A signal that came during the last step is honoured now, not dropped with the listener.
    await signalCheckpoint();
    return result;
  } finally {
    releaseHeld();
    stopListening();
  }
}

/**
 * Waits for one lock. The timeout counts from when the present holder took it: while the lock
 * passes from one live writer to the next, the queue moves and we keep waiting.
 */
async function acquireOne(file: string, options: LockOptions): Promise<string> {
  const lockPath = lockPathOf(file);
  const { timeoutMs, staleAfterMs } = lockTimings(options);
  const started = Date.now();
  let holderIdentity: string | undefined;
  let holderSeen = started;
  let toldWaiting = false;
  let delay = 5;
  mkdirSync(dirname(file), { recursive: true });
  for (;;) {
    if (tryCreate(lockPath)) return lockPath;
    const stale = staleReason(lockPath, staleAfterMs);
    if (stale !== undefined) {
      if (removeStaleLock(lockPath, stale.identity)) options.onStaleLockRemoved?.(lockPath, stale.reason);
      continue;
    }
    const identity = identityOf(lockPath);
    if (identity !== holderIdentity) {
      holderIdentity = identity;
      holderSeen = Date.now();
    }
    const now = Date.now();
    if (!toldWaiting && now - started >= waitNoticeAfterMs) {
      toldWaiting = true;
      options.onWaiting?.(lockPath, describeHolder(lockPath));
    }
    if (now - holderSeen >= timeoutMs) throw lockTimeout(file, lockPath, Math.round((now - holderSeen) / 1000));
    // Exponential backoff with jitter, so that many waiters do not retry in step.
    await sleep(delay / 2 + Math.random() * delay);
    delay = Math.min(delay * 1.6, 200);
  }
}

/**
 * Which lock file this is: a freed inode number is soon given to the next lock, so its write time
 * (in nanoseconds, and kept by a rename) counts too.
 */
function identityOf(path: string): string | undefined {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.mtimeNs}`;
  } catch {
    return undefined;
  }
}

interface Holder {
  pid: number;
  host: string;
  /** The process's start time (clock ticks since boot), which tells a reused pid from the holder. */
  start: number | undefined;
}

function holderOf(lockPath: string): Holder | undefined {
  let content: string;
  try {
    // kubectl's own lock is empty and ours is one line: anything larger is no holder we know.
    content = readBoundedTextFile(lockPath, 4096);
  } catch {
    return undefined;
  }
  const owner = ownerPattern.exec(content);
  if (owner === null) return undefined;
  return { pid: Number(owner[1]), host: owner[2] ?? '', start: owner[3] === undefined ? undefined : Number(owner[3]) };
}

/**
 * Whether the lock was left by a process of ours on this host that is no longer running: then no
 * one is writing, and a reader need not wait for it.
 */
export function isLockLeftByDeadProcess(lockPath: string): boolean {
  const holder = holderOf(lockPath);
  return holder !== undefined && holderIsAlive(holder) === false;
}

/** Whether the process that wrote the lock still runs; undefined when this host cannot tell (another host). */
function holderIsAlive(holder: Holder): boolean | undefined {
  if (holder.host !== hostname()) return undefined;
  if (!isAlive(holder.pid)) return false;
  const start = processStartTime(holder.pid);
  return holder.start === undefined || start === undefined || start === holder.start;
}

/** Field 22 of /proc/PID/stat (Linux): fixed for the life of a process, so a reused pid shows. */
function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = Number(fields[19]);
    return Number.isInteger(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

function describeHolder(lockPath: string): string {
  const holder = holderOf(lockPath);
  if (holder === undefined) return 'kubectl or another program (the lock does not say which)';
  const alive = holderIsAlive(holder);
  if (alive === undefined) return `kubectl lsst, process ${holder.pid} on host ${holder.host}`;
  return `kubectl lsst, process ${holder.pid}${alive ? ', still running' : ', no longer running'}`;
}

/** Advises removing the lock only when no live process can be holding it. */
function lockTimeout(file: string, lockPath: string, seconds: number): KubeconfigError {
  const holder = holderOf(lockPath);
  const alive = holder === undefined ? undefined : holderIsAlive(holder);
  if (holder !== undefined && alive === true) {
    return new KubeconfigError(
      'lock-timeout',
      `process ${holder.pid} (kubectl lsst) has held ${lockPath} for ${seconds} s and is still running`,
      {
        file,
        hint: `Nothing was changed. Let it finish (or stop it: kill ${holder.pid}) and retry; do not remove the lock while it runs, or one of the two changes would be lost`,
      },
    );
  }
  if (holder !== undefined && alive === undefined) {
    return new KubeconfigError(
      'lock-timeout',
      `process ${holder.pid} on host ${holder.host} (kubectl lsst) has held ${lockPath} for ${seconds} s`,
      {
        file,
        hint: `Nothing was changed. If that process is no longer running on ${holder.host}, remove the lock (rm '${lockPath}') and retry`,
      },
    );
  }
  return new KubeconfigError('lock-timeout', `another program has held ${lockPath} for ${seconds} s`, {
    file,
    hint: `Nothing was changed. kubectl holds its lock for a moment only: if no kubectl is running, the lock was left by a crash; remove it (rm '${lockPath}') and retry`,
  });
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
    const start = processStartTime(process.pid);
    writeSync(
      fd,
      `${ownerPrefix} pid=${process.pid} host=${hostname()}${start === undefined ? '' : ` start=${start}`}\n`,
    );
  } finally {
    closeSync(fd);
  }
  return true;
}

function staleReason(lockPath: string, staleAfterMs: number): { reason: string; identity: string } | undefined {
  const identity = identityOf(lockPath);
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    return undefined;
  }
  if (identity === undefined) return undefined;
  const holder = holderOf(lockPath);
  const alive = holder === undefined ? undefined : holderIsAlive(holder);
  if (holder !== undefined && alive !== undefined) {
    if (!alive) return { reason: `its owner (process ${holder.pid}) is no longer running`, identity };
    return undefined;
  }
  if (ageMs > staleAfterMs)
    return { reason: `it is ${Math.round(ageMs / 1000)} s old and no writer holds a lock that long`, identity };
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
 * file: inode and write time), the moved file is the live lock and goes back where it was.
 */
function removeStaleLock(lockPath: string, staleIdentity: string): boolean {
  const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return false;
  }
  try {
    if (identityOf(aside) !== staleIdentity) {
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
