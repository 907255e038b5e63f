// The lock's stale policy: a lock left by a crash delays the next writer but never fails it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { KubeconfigError } from './errors.ts';
import { acquireKubeconfigLocks, lockTimings } from './lock.ts';

describe('lock timings', () => {
  it('waits longer than the stale time by default, so a fresh ownerless lock is outlasted', () => {
    const defaults = lockTimings({}, {});
    assert.equal(defaults.staleAfterMs, 30_000);
    assert.ok(defaults.timeoutMs > defaults.staleAfterMs, JSON.stringify(defaults));
    const long = lockTimings({ staleAfterMs: 60_000 }, {});
    assert.ok(long.timeoutMs > long.staleAfterMs, JSON.stringify(long));
  });

  it('takes the stale time from KUBECTL_LSST_LOCK_STALE_SECONDS, and ignores a value that is not a number', () => {
    assert.equal(lockTimings({}, { KUBECTL_LSST_LOCK_STALE_SECONDS: '2' }).staleAfterMs, 2000);
    assert.equal(lockTimings({}, { KUBECTL_LSST_LOCK_STALE_SECONDS: '0.5' }).staleAfterMs, 500);
    assert.equal(lockTimings({}, { KUBECTL_LSST_LOCK_STALE_SECONDS: 'soon' }).staleAfterMs, 30_000);
    // Explicit options win over the environment.
    assert.equal(lockTimings({ staleAfterMs: 10 }, { KUBECTL_LSST_LOCK_STALE_SECONDS: '2' }).staleAfterMs, 10);
    assert.equal(lockTimings({ timeoutMs: 200 }, {}).timeoutMs, 200);
  });
});

describe('stale locks', () => {
  it('a fresh ownerless lock (a writer killed right after creating it) is removed once stale, with no timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-lock-'));
    const file = join(dir, 'config');
    writeFileSync(`${file}.lock`, '');
    const removed: string[] = [];
    const held = await acquireKubeconfigLocks([file], {
      staleAfterMs: 300,
      onStaleLockRemoved: (_path, reason) => removed.push(reason),
    });
    try {
      assert.equal(removed.length, 1);
      assert.match(removed[0] ?? '', /s old/);
      assert.ok(existsSync(`${file}.lock`), 'the lock is ours now');
    } finally {
      held.release();
    }
    assert.equal(existsSync(`${file}.lock`), false);
  });

  it('a lock of ours whose process was killed is removed at once, whatever its age', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-lock-'));
    const file = join(dir, 'config');
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    writeFileSync(`${file}.lock`, `kubectl-lsst pid=${child.stdout} host=${(await import('node:os')).hostname()}\n`);
    const removed: string[] = [];
    // A stale time far beyond the timeout: only the dead owner can make this succeed.
    const held = await acquireKubeconfigLocks([file], {
      staleAfterMs: 3_600_000,
      timeoutMs: 2_000,
      onStaleLockRemoved: (_path, reason) => removed.push(reason),
    });
    held.release();
    assert.match(removed[0] ?? '', new RegExp(`process ${child.stdout}\\) is no longer running`));
  });
});

describe('a live holder is told from a dead one', () => {
  const lockOwner = (pid: number, extra = '') => `kubectl-lsst pid=${pid} host=${hostname()}${extra}\n`;

  it('keeps waiting while the lock passes from one live writer to the next, past the timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-lock-'));
    const file = join(dir, 'config');
    // Live writers hand the lock on (a new lock file each time, never absent) every 150 ms, for 1.2 s.
    writeFileSync(`${file}.lock`, lockOwner(process.pid));
    let handovers = 0;
    const relay = setInterval(() => {
      if (++handovers > 8) {
        clearInterval(relay);
        unlinkSync(`${file}.lock`);
        return;
      }
      writeFileSync(`${file}.next`, lockOwner(process.pid));
      renameSync(`${file}.next`, `${file}.lock`);
    }, 150);
    const started = Date.now();
    const held = await acquireKubeconfigLocks([file], { staleAfterMs: 3_600_000, timeoutMs: 500 });
    held.release();
    assert.ok(Date.now() - started >= 1_000, 'it waited for the whole queue');
    assert.equal(handovers, 9);
  });

  it('gives up on one live holder that keeps the lock, and does not advise removing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-lock-'));
    const file = join(dir, 'config');
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)'], { stdio: 'ignore' });
    try {
      writeFileSync(`${file}.lock`, lockOwner(holder.pid ?? 0));
      const waited: string[] = [];
      await assert.rejects(
        acquireKubeconfigLocks([file], {
          staleAfterMs: 3_600_000,
          timeoutMs: 300,
          onWaiting: (_path, who) => waited.push(who),
        }),
        (error: KubeconfigError) => {
          assert.equal(error.code, 'lock-timeout');
          assert.match(
            error.message,
            new RegExp(`process ${holder.pid} \\(kubectl lsst\\) has held .* and is still running`),
          );
          assert.match(error.hint ?? '', /do not remove the lock while it runs/);
          assert.doesNotMatch(error.hint ?? '', /rm '/);
          return true;
        },
      );
      assert.ok(existsSync(`${file}.lock`), "the live holder's lock is left alone");
    } finally {
      holder.kill();
    }
  });

  it('a lock naming a live pid with another start time (a reused pid) is stale at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-lock-'));
    const file = join(dir, 'config');
    writeFileSync(`${file}.lock`, lockOwner(process.pid, ' start=1'));
    const removed: string[] = [];
    const held = await acquireKubeconfigLocks([file], {
      staleAfterMs: 3_600_000,
      timeoutMs: 2_000,
      onStaleLockRemoved: (_path, reason) => removed.push(reason),
    });
    held.release();
    assert.match(removed[0] ?? '', /is no longer running/);
  });

  it('our lock records the start time of its process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-lock-'));
    const file = join(dir, 'config');
    const held = await acquireKubeconfigLocks([file]);
    try {
      const start = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[19];
      assert.equal(readFileSync(`${file}.lock`, 'utf8'), lockOwner(process.pid, ` start=${start}`));
    } finally {
      held.release();
    }
  });

  it('an ownerless lock (kubectl) that outlasts the wait is named as possibly left by a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-lock-'));
    const file = join(dir, 'config');
    writeFileSync(`${file}.lock`, '');
    await assert.rejects(
      acquireKubeconfigLocks([file], { staleAfterMs: 3_600_000, timeoutMs: 200 }),
      (error: KubeconfigError) => /another program has held/.test(error.message) && /rm '/.test(error.hint ?? ''),
    );
  });
});
