// Runs `kubectl-lsst` from its sources (tsx) for the cluster end-to-end tests: the shared dist/
// folder is rebuilt by other suites while these run. Asynchronous on purpose: the test API
// server answers from this same process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./run-from-source.mjs', import.meta.url));
// tsx is resolved from the package folder, so the CLI starts there; paths in tests are absolute.
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ClusterCliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runClusterCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; terminal?: boolean } = {},
): Promise<ClusterCliRun> {
  const command = [process.execPath, '--import', 'tsx', entry, ...args];
  const [program, programArgs] = options.terminal
    ? // A real pseudo-terminal (util-linux `script`), for what only happens on a terminal.
      ['script', ['-qec', command.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' '), '/dev/null']]
    : [command[0] as string, command.slice(1)];
  return new Promise((resolve, reject) => {
    const child = spawn(program as string, programArgs as string[], {
      cwd: packageRoot,
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
