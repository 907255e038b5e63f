// Devices, FIFOs and huge files named where a file is read: a clear message naming the file and
// exit 2, never memory growing without end or a read that waits forever.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { startTestApiServer } from '../../../core/test-support/kube-apiserver/index.ts';
import { binPath, testEnv } from '../check-support.ts';
import { buildOnce } from './build-once.ts';

interface Outcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

// A hang guard only: every case ends in well under a second when it holds.
const watchdogMs = 60_000;

function run(args: string[], cwd: string, env: Record<string, string | undefined>, stdin: 'pipe' | number = 'pipe') {
  return new Promise<Outcome>((resolve, reject) => {
    // Little memory, so that a read without a limit fails at once instead of growing to gigabytes.
    const child = spawn(binPath, args, {
      cwd,
      env: { ...env, NODE_OPTIONS: '--max-old-space-size=256' } as NodeJS.ProcessEnv,
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const watchdog = setTimeout(() => child.kill('SIGKILL'), watchdogMs);
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(watchdog);
      resolve({ exitCode: code, stdout, stderr });
    });
    if (stdin === 'pipe') child.stdin?.end();
  });
}

function folderWithManifest(): string {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-special-'));
  writeFileSync(join(folder, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n');
  return folder;
}

function fifoIn(folder: string, name: string): string {
  const path = join(folder, name);
  const made = spawnSync('mkfifo', [path]);
  assert.equal(made.status, 0, String(made.stderr));
  return path;
}

function assertUsageError(outcome: Outcome, file: string, what: RegExp): void {
  assert.equal(outcome.exitCode, 2, `exit ${outcome.exitCode}; stderr: ${outcome.stderr}`);
  assert.ok(outcome.stderr.includes(file), `names ${file}: ${outcome.stderr}`);
  assert.match(outcome.stderr, what);
  assert.doesNotMatch(outcome.stderr, /\n\s+at /, 'no stack trace');
}

describe('special files where a file is read', () => {
  before(buildOnce);

  test('--config and LSST_CONFIG naming /dev/zero, /dev/urandom or a FIFO', async () => {
    const folder = folderWithManifest();
    const env = testEnv(folder);
    assertUsageError(
      await run(['check', '--config', '/dev/zero', 'pod.yaml'], folder, env),
      '/dev/zero',
      /character device/,
    );
    assertUsageError(
      await run(['check', 'pod.yaml'], folder, { ...env, LSST_CONFIG: '/dev/urandom' }),
      '/dev/urandom',
      /not a regular file/,
    );
    const fifo = fifoIn(folder, 'config-fifo');
    assertUsageError(await run(['check', '--config', fifo, 'pod.yaml'], folder, env), 'config-fifo', /FIFO/);
    assertUsageError(
      await run(['context', 'current'], folder, { ...env, LSST_CONFIG: '/dev/zero' }),
      '/dev/zero',
      /character device/,
    );
  });

  test('KUBECONFIG naming /dev/zero, a FIFO, or a file far larger than any kubeconfig', async () => {
    const folder = folderWithManifest();
    const env = testEnv(folder);
    for (const command of [['context', 'current'], ['context'], ['context', 'use', 'x']]) {
      assertUsageError(
        await run(command, folder, { ...env, KUBECONFIG: '/dev/zero' }),
        '/dev/zero',
        /character device/,
      );
    }
    const fifo = fifoIn(folder, 'kubeconfig-fifo');
    assertUsageError(await run(['context', 'current'], folder, { ...env, KUBECONFIG: fifo }), fifo, /FIFO/);
    const huge = join(folder, 'huge-kubeconfig');
    writeFileSync(huge, `# ${'x'.repeat(5 * 1024 * 1024)}\napiVersion: v1\nkind: Config\n`);
    assertUsageError(
      await run(['context', 'current'], folder, { ...env, KUBECONFIG: huge }),
      huge,
      /over the limit of 4\.0 MiB/,
    );
  });

  test('standard input from /dev/zero is one finding past the file limit, not read further', async () => {
    const folder = folderWithManifest();
    const zero = openSync('/dev/zero', 'r');
    try {
      const outcome = await run(['check', '-', '--format', 'json'], folder, testEnv(folder), zero);
      assert.equal(outcome.exitCode, 1, outcome.stderr);
      assert.match(outcome.stdout, /File too large: more than 10\.0 MiB/);
    } finally {
      closeSync(zero);
    }
  });

  test('a .gitignore that is a FIFO in a checked folder', async () => {
    const folder = folderWithManifest();
    const fifo = fifoIn(folder, '.gitignore');
    assertUsageError(await run(['check', '.'], folder, testEnv(folder)), fifo, /FIFO/);
  });

  test('request-port -f naming /dev/zero', async () => {
    const folder = folderWithManifest();
    assertUsageError(
      await run(['request-port', '-f', '/dev/zero', '--port', '443', '--reason', 'x'], folder, testEnv(folder)),
      '/dev/zero',
      /character device/,
    );
  });

  test('a kubeconfig whose certificate-authority is a FIFO: refused before connecting', async () => {
    const folder = folderWithManifest();
    const server = await startTestApiServer({ users: ['admin'] });
    try {
      const kubeconfigPath = server.writeKubeconfig(folder, 'admin');
      const fifo = fifoIn(folder, 'ca-fifo');
      const text = readFileSync(kubeconfigPath, 'utf8');
      assert.match(text, /certificate-authority-data: /);
      writeFileSync(kubeconfigPath, text.replace(/certificate-authority-data: \S+/, `certificate-authority: ${fifo}`));
      const outcome = await run(['check', '--cluster'], folder, { ...testEnv(folder), KUBECONFIG: kubeconfigPath });
      assertUsageError(outcome, fifo, /certificate-authority file .* FIFO/);
    } finally {
      await server.close();
    }
  });
});
