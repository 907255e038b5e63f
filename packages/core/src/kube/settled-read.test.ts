import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { withKubeconfigLocks } from './lock.ts';
import { readSettledKubeconfig } from './settled-read.ts';

function kubeconfigFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lsst-settled-'));
  const path = join(dir, 'config');
  writeFileSync(path, 'current-context: dev\n');
  return path;
}

test('a lock this process holds is not waited for', { timeout: 30_000 }, async () => {
  const path = kubeconfigFile();
  // Were the lock waited for, the read would take the whole minute and the test would time out.
  const text = await withKubeconfigLocks([path], {}, () =>
    readSettledKubeconfig(path, { maxBytes: 1024, lockWaitMs: 60_000 }),
  );
  assert.equal(text, 'current-context: dev\n');
});

test('a lock left behind by a writer that is gone is waited for only so long, then read past', () => {
  const path = kubeconfigFile();
  writeFileSync(`${path}.lock`, '');
  assert.equal(readSettledKubeconfig(path, { maxBytes: 1024, lockWaitMs: 20 }), 'current-context: dev\n');
});

test('a lock older than the wait was left behind: it is read past at once', () => {
  const path = kubeconfigFile();
  writeFileSync(`${path}.lock`, '');
  const longAgo = new Date(Date.now() - 60_000);
  utimesSync(`${path}.lock`, longAgo, longAgo);
  const started = Date.now();
  assert.equal(readSettledKubeconfig(path, { maxBytes: 1024, lockWaitMs: 5000 }), 'current-context: dev\n');
  assert.ok(Date.now() - started < 2500, 'an old lock is not waited for');
});

test('a fresh lock is waited for until the writer removes it, and the finished file is read', async () => {
  const path = kubeconfigFile();
  writeFileSync(`${path}.lock`, '');
  writeFileSync(path, '');
  // The writer finishes in a child process: this one blocks in the read meanwhile.
  const writer = spawn(
    process.execPath,
    [
      '-e',
      `const fs=require('fs');setTimeout(()=>{fs.writeFileSync(${JSON.stringify(path)},'current-context: prod\\n');fs.unlinkSync(${JSON.stringify(`${path}.lock`)})},1500)`,
    ],
    { stdio: 'ignore' },
  );
  const spawned = new Promise((resolve) => writer.once('spawn', resolve));
  await spawned;
  assert.equal(readSettledKubeconfig(path, { maxBytes: 1024, lockWaitMs: 10_000 }), 'current-context: prod\n');
  await new Promise((resolve) => writer.once('exit', resolve));
});

test('a lock of ours whose process is gone is read past at once, however young', () => {
  const path = kubeconfigFile();
  // A pid that no process has: the writer was killed, and its lock stayed.
  writeFileSync(`${path}.lock`, `kubectl-lsst pid=2147483646 host=${hostname()}\n`);
  const started = Date.now();
  assert.equal(readSettledKubeconfig(path, { maxBytes: 1024, lockWaitMs: 10_000 }), 'current-context: dev\n');
  assert.ok(Date.now() - started < 5000, 'a dead holder is not waited for');
});

test('read errors are the file system errors', () => {
  assert.throws(() => readSettledKubeconfig('/nonexistent/config', { maxBytes: 1024 }), { code: 'ENOENT' });
});
