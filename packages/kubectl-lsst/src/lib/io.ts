// What a command may touch of the outside world, passed in so that tests run commands in-process.
import type { Readable } from 'node:stream';

export interface TextWriter {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: TextWriter;
  stderr: TextWriter;
  stdin: Readable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  isTTY: { stdin: boolean; stdout: boolean; stderr: boolean };
}

/** The io of the running process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Creating process.stdin costs milliseconds at start-up: only when a command reads it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    // Getters: each standard stream is set up on first use only.
    isTTY: {
      get stdin() {
        return Boolean(process.stdin.isTTY);
      },
      get stdout() {
        return Boolean(process.stdout.isTTY);
      },
      get stderr() {
        return Boolean(process.stderr.isTTY);
      },
    },
  };
}

/** Whether output to a stream may be coloured: a terminal, and NO_COLOR not set (https://no-color.org). */
export function colorAllowed(io: CliIo, stream: 'stdout' | 'stderr'): boolean {
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY[stream];
}

/** Reads a whole stream as UTF-8 text. */
export async function readAllText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

// The io of the command run in progress, for oclif command classes, which oclif constructs itself.
let activeIo: CliIo | undefined;

export function setActiveIo(io: CliIo | undefined): void {
  activeIo = io;
}

export function currentIo(): CliIo {
  return activeIo ?? processIo();
}
