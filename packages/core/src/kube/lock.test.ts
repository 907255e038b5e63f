// The lock's stale policy: a lock left by a crash delays the next writer but never fails it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
