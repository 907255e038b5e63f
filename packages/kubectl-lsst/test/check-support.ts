// Runs `kubectl lsst` in a fresh folder, in-process through main() or as the built binary.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../src/main.ts';

export const packageRoot = new URL('..', import.meta.url).pathname;
export const binPath = join(packageRoot, 'bin', 'kubectl-lsst');

let copyForOtherUsers: string | undefined;

/**
 * The built plugin (bin and bundles) copied into a folder any user may enter, for tests that run
 * it as nobody: the checkout itself may sit in a folder only its owner can enter.
 */
export function binPathForOtherUsers(): string {
  if (copyForOtherUsers) return copyForOtherUsers;
  const folder = mkdtempSync(join('/tmp', 'kubectl-lsst-shared-'));
  chmodSync(folder, 0o755);
  cpSync(join(packageRoot, 'bin'), join(folder, 'bin'), { recursive: true });
  mkdirSync(join(folder, 'dist'), { mode: 0o755 });
  // Every bundle and the data beside them (the small bundle's help and rule texts), not the caches or maps.
  for (const name of readdirSync(join(packageRoot, 'dist'))) {
    if (name.endsWith('.cjs') || name.endsWith('.json'))
      cpSync(join(packageRoot, 'dist', name), join(folder, 'dist', name));
  }
  copyForOtherUsers = join(folder, 'bin', 'kubectl-lsst');
  return copyForOtherUsers;
}

export interface RunOutcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function makeFolder(files: Record<string, string | Buffer>): string {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-check-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  return folder;
}

/** An environment that finds no configuration outside the test folder. */
export function testEnv(home: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, HOME: home, NO_COLOR: '1' };
  delete env.LSST_CONFIG;
  delete env.LSST_NOW;
  delete env.FORCE_COLOR;
  return env;
}

export async function runInProcess(args: string[], cwd: string, stdin = '', env = testEnv(cwd)): Promise<RunOutcome> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from([Buffer.from(stdin)]),
    env,
    cwd,
    isTTY: { stdin: false, stdout: false, stderr: false },
  });
  return { exitCode, stdout, stderr };
}

export function runBinary(
  args: string[],
  cwd: string,
  stdin = '',
  env = testEnv(cwd),
  command: string[] = [binPath],
): Promise<RunOutcome> {
  return new Promise((resolve, reject) => {
    const [file, ...prefix] = command as [string, ...string[]];
    const child = spawn(file, [...prefix, ...args], { cwd, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
