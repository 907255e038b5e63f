// The real kubectl rewrites a kubeconfig in place while it holds the lock; a settled read never
// sees the half-written file that a plain read sees a few times in a hundred.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readKubeconfigFile } from './kubeconfig-file.ts';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: lsst-dev
  cluster: {server: https://dev.example.invalid:6443}
contexts:
- name: dev
  context: {cluster: lsst-dev, user: alice, namespace: team}
current-context: dev
users:
- name: alice
  user: {token: tok-settled-read}
`;

test('reads taken while kubectl writes the same kubeconfig always see a whole file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lsst-settled-read-'));
  const path = join(dir, 'config');
  const done = join(dir, 'done');
  writeFileSync(path, kubeconfig, { mode: 0o600 });
  const writes = 40;
  const script = `for i in $(seq 1 ${writes}); do kubectl config set-context "k-$i" --cluster=lsst-dev --user=alice --namespace="k-$i" >/dev/null 2>&1; done; touch "$DONE"`;
  spawn('sh', ['-c', script], { env: { PATH: process.env.PATH ?? '', KUBECONFIG: path, DONE: done }, stdio: 'ignore' });
  let reads = 0;
  const torn: string[] = [];
  // The reads are synchronous, so the marker file (not the child's exit event) says kubectl is done.
  while (!existsSync(done)) {
    const file = readKubeconfigFile(path);
    reads++;
    if (file.currentContext !== 'dev') torn.push(file.text);
  }
  const final = readKubeconfigFile(path);
  assert.equal(final.contexts.length, writes + 1, 'every kubectl write landed');
  assert.ok(reads > writes, `reads overlapped the writes (${reads} reads)`);
  assert.deepEqual(torn.slice(0, 1), [], `${torn.length} of ${reads} reads saw a half-written file`);
});
