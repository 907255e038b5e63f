// Writers queued behind a live holder keep waiting while the lock passes from one live writer to
// the next, mixed with kubectl's own writes, and never advise removing a lock that is in use.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { binPath } from '../check-support.ts';
import { buildOnce } from './build-once.ts';

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
  user: {token: tok-holders-0123456789}
`;

/**
 * Live writers of ours that hold the lock one after the other, `ms` each, handing it on with no gap
 * (as a queue of slow \`context ns\` would). The relay goes on until it reads a line on stdin (every
 * waiter is queued: on a loaded machine they can take many seconds to start), then hands on
 * `holders` more times and releases the lock.
 */
const holderRelay = (lockPath: string, holders: number, ms: number) => `
const fs = require('node:fs');
const os = require('node:os');
const lock = ${JSON.stringify(lockPath)};
const owner = () => 'kubectl-lsst pid=' + process.pid + ' host=' + os.hostname() + '\\n';
const fd = fs.openSync(lock, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
fs.writeSync(fd, owner());
fs.closeSync(fd);
process.stdout.write('held\\n');
let left = Number.POSITIVE_INFINITY;
process.stdin.once('data', () => {
  left = ${holders};
  process.stdin.destroy();
});
const timer = setInterval(() => {
  if (left-- <= 0) {
    clearInterval(timer);
    fs.unlinkSync(lock);
    return;
  }
  fs.writeFileSync(lock + '.next', owner());
  fs.renameSync(lock + '.next', lock);
}, ${ms});
`;

/** Runs the built plugin, calling `onWaiting` once when it says it waits for the lock. */
function runWriter(
  args: string[],
  env: Record<string, string>,
  onWaiting: () => void,
): Promise<{ exitCode: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(binPath, args, { cwd: env.HOME, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let told = false;
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      if (!told && stderr.includes('Waiting for the lock')) {
        told = true;
        onWaiting();
      }
    });
    child.on('close', (code) => resolve({ exitCode: code, stderr }));
  });
}

function kubectl(env: Record<string, string>, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('kubectl', args, {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('writers behind live holders', () => {
  // The built plugin: it starts in a fraction of a second, so the writers are all waiting early.
  before(buildOnce);

  it('15 `context ns` queued behind three live holders of 9 s each, mixed with kubectl set-context: none gives up, nothing is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-lock-holders-'));
    const path = join(dir, 'config');
    writeFileSync(path, kubeconfig, { mode: 0o600 });
    // The shortest wait for one holder (20 s): the stale time only judges ownerless (kubectl) locks.
    const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: path, KUBECTL_LSST_LOCK_STALE_SECONDS: '1' };
    // Three live holders of 9 s each once every writer waits: longer than the wait (20 s) in all, shorter each.
    const holder = spawn(process.execPath, ['-e', holderRelay(`${path}.lock`, 3, 9_000)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    const holderDone = new Promise((resolve) => holder.on('exit', resolve));

    const count = 15;
    let waiting = 0;
    const ours = Promise.all(
      Array.from({ length: count }, (_unused, index) =>
        runWriter(['context', 'ns', `q-${index}`, '--no-check'], env, () => {
          waiting += 1;
          // The relay's last three holders start when the whole queue waits behind them.
          if (waiting === count) holder.stdin.end('go\n');
        }),
      ),
    );
    let finished = false;
    void ours.then(() => {
      finished = true;
    });
    const theirs: Array<{ name: string; code: number | null; stderr: string }> = [];
    for (let next = 0; !finished; next++) {
      const name = `k-${next}`;
      theirs.push({
        name,
        ...(await kubectl(env, ['config', 'set-context', name, '--cluster=lsst-dev', `--namespace=${name}`])),
      });
      await sleep(300);
    }
    const runs = await ours;
    await holderDone;

    for (const [index, run] of runs.entries()) {
      assert.equal(run.exitCode, 0, `writer ${index} waits for the queue: ${run.stderr}`);
      assert.doesNotMatch(run.stderr, /rm '/, 'no advice to remove a lock in use');
    }
    assert.ok(
      runs.some((run) =>
        /Waiting for the lock .*config\.lock, held by kubectl lsst, process \d+, still running/.test(run.stderr),
      ),
      'a waiter says who holds the lock',
    );
    const view = spawnSync('kubectl', ['config', 'view', '-o', 'json'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(view.status, 0, view.stderr);
    const contexts = new Set(
      (JSON.parse(view.stdout) as { contexts: Array<{ name: string }> }).contexts.map((entry) => entry.name),
    );
    for (let index = 0; index < count; index++) assert.ok(contexts.has(`lsst-dev/q-${index}`), `q-${index} is kept`);
    for (const run of theirs.filter((result) => result.code !== 0))
      assert.match(run.stderr, /\.lock/, 'kubectl fails only on the lock');
    assert.deepEqual(
      readdirSync(dir).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp')),
      [],
    );
  });
});
