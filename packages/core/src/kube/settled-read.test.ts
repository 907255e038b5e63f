import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

test('read errors are the file system errors', () => {
  assert.throws(() => readSettledKubeconfig('/nonexistent/config', { maxBytes: 1024 }), { code: 'ENOENT' });
});
