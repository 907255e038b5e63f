// A writer ended by a signal it can catch (Ctrl-C, kill, a closed terminal) releases kubectl's lock
// first, at any point of the write, and ends by that signal: kubectl is never left blocked.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliCommand } from './context-cli.ts';

const head = `apiVersion: v1
kind: Config
clusters:
- name: lsst-dev
  cluster: {server: https://dev.example.invalid:6443}
users:
- name: alice
  user: {token: tok-signals-0123456789}
current-context: dev
contexts:
- name: dev
  context: {cluster: lsst-dev, user: alice, namespace: team}
`;

/** A kubeconfig large enough that the write under the lock takes a noticeable time. */
function largeKubeconfig(contexts: number): string {
  const entries: string[] = [];
  for (let index = 0; index < contexts; index++)
    entries.push(
      `- name: ctx-${index}\n  context:\n    cluster: lsst-dev\n    user: alice\n    namespace: ns-${index} # ${index}\n`,
    );
  return head + entries.join('');
}

function start(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const [program, programArgs] = cliCommand(args);
  const child = spawn(program, programArgs, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, exit };
}

/** Sends `signal` as soon as `path` exists (polled every 2 ms). */
async function signalWhenExists(child: ChildProcess, path: string, signal: NodeJS.Signals): Promise<void> {
  for (;;) {
    if (existsSync(path)) {
      child.kill(signal);
      return;
    }
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the writer ended before ${path} appeared`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function kubectl(env: Record<string, string>, args: string[]) {
  return spawnSync('kubectl', args, { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp'));
}

describe('a signal during a kubeconfig write', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal} while the lock is held: the lock is released and the process ends by ${signal}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lsst-signal-'));
      const path = join(dir, 'config');
      const original = largeKubeconfig(8000);
      writeFileSync(path, original, { mode: 0o600 });
      const env = { HOME: dir, KUBECONFIG: path };
      const writer = start(['context', 'ns', 'interrupted', '--no-check'], env);
      await signalWhenExists(writer.child, `${path}.lock`, signal);
      const outcome = await writer.exit;
      assert.equal(outcome.signal, signal, `ended by the signal, not lost (exit ${outcome.code}): ${outcome.stderr}`);
      assert.deepEqual(leftovers(dir), [], 'no lock or temp file is left');
      // The file is the old one or the new one, whole, and kubectl can change it at once.
      const after = readFileSync(path, 'utf8');
      assert.ok(after === original || after.includes('lsst-dev/interrupted'), 'old or new, whole');
      const set = kubectl(env, ['config', 'set-context', 'after', '--cluster=lsst-dev', '--user=alice']);
      assert.equal(set.status, 0, set.stderr);
    });
  }

  it('SIGTERM while waiting for the second of two locks releases the first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-signal-'));
    const first = join(dir, 'a-config');
    const second = join(dir, 'b-config');
    writeFileSync(first, head, { mode: 0o600 });
    writeFileSync(second, 'apiVersion: v1\nkind: Config\n', { mode: 0o600 });
    // The second file's lock is held by a live process of ours: it is not stale, so the writer waits.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      writeFileSync(`${second}.lock`, `kubectl-lsst pid=${holder.pid} host=${hostname()}\n`);
      const env = { HOME: dir, KUBECONFIG: `${first}:${second}` };
      const writer = start(['context', 'ns', 'waiting', '--no-check'], env);
      await signalWhenExists(writer.child, `${first}.lock`, 'SIGTERM');
      const outcome = await writer.exit;
      assert.equal(outcome.signal, 'SIGTERM', outcome.stderr);
      assert.equal(existsSync(`${first}.lock`), false, 'the lock it held is released');
      assert.equal(existsSync(`${second}.lock`), true, "the other process's lock is left alone");
      assert.equal(readFileSync(first, 'utf8'), head);
    } finally {
      holder.kill();
    }
  });
});
