// Runs the built `kubectl-lsst` (bin/kubectl-lsst over dist/) for the cluster end-to-end tests.
// Asynchronous on purpose: the test API server answers from this same process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildOnce } from './build-once.ts';

const bin = fileURLToPath(new URL('../../bin/kubectl-lsst', import.meta.url));

export interface ClusterCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBuiltCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd: string },
): Promise<ClusterCliRun> {
  buildOnce();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
