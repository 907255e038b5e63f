// Spawns `kubectl-lsst` (from source) for the context end-to-end tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./run-from-source.mjs', import.meta.url));
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
}

// Absolute, so that the command also runs from folders outside the repository.
const tsxLoader = import.meta.resolve('tsx');

export function cliCommand(args: string[]): [string, string[]] {
  return [process.execPath, ['--import', tsxLoader, entry, ...args]];
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  const [program, programArgs] = cliCommand(args);
  return new Promise((resolve, reject) => {
    const child = spawn(program, programArgs, {
      cwd: options.cwd ?? packageRoot,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
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
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command line in a real pseudo-terminal (util-linux `script`), typing `input`. */
export function runCliInTerminal(
  args: string[],
  input: string,
  env: Record<string, string | undefined>,
): Promise<CliRun> {
  const [program, programArgs] = cliCommand(args);
  const quoted = [program, ...programArgs].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', quoted, '/dev/null'], {
      cwd: packageRoot,
      env: { PATH: process.env.PATH, TERM: 'dumb', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
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
    // The terminal keeps typed lines until the prompt reads them.
    child.stdin.end(input);
  });
}

export interface TerminalStep {
  /** Output (since the previous step typed) to wait for before typing. */
  after: RegExp;
  /** Keys to type, as a terminal sends them (`\r` for Enter, `\x1b[B` for the down arrow). */
  type: string;
}

/**
 * Runs a command line in a real pseudo-terminal and types each step's keys once its prompt has
 * been drawn, as a person would. Fails after `timeoutMs` if a prompt never comes.
 */
export function runCliInteractively(
  args: string[],
  steps: TerminalStep[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<CliRun> {
  const [program, programArgs] = cliCommand(args);
  const quoted = [program, ...programArgs].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', quoted, '/dev/null'], {
      cwd: packageRoot,
      env: { PATH: process.env.PATH, TERM: 'xterm', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let seenUpTo = 0;
    let next = 0;
    const timer = setTimeout(() => {
      if (child.pid !== undefined) child.kill('SIGKILL');
      reject(
        new Error(`no prompt matching ${steps[next]?.after} within ${timeoutMs} ms; the terminal showed:\n${stdout}`),
      );
    }, timeoutMs);
    const typeWhenPrompted = () => {
      const step = steps[next];
      if (step === undefined || !step.after.test(stdout.slice(seenUpTo))) return;
      seenUpTo = stdout.length;
      next++;
      child.stdin.write(step.type);
      typeWhenPrompted();
    };
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      typeWhenPrompted();
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
