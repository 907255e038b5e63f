// What a command may touch of the outside world, passed in so that tests run commands in-process.
import { fstatSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';

// node:tty brings node:net and the stream machinery with it (milliseconds of every start). On
// Linux a terminal is a character device of the tty (4), console (5) or pseudo-terminal (136-143)
// majors, which fstat tells without it; elsewhere node:tty answers. (Not createRequire(import.meta.url):
// the bundle's file URL is computed on demand, and this ran on every start.)
function isatty(fd: number): boolean {
  if (process.platform !== 'linux')
    return (process.getBuiltinModule('node:tty') as typeof import('node:tty')).isatty(fd);
  try {
    const stats = fstatSync(fd);
    if (!stats.isCharacterDevice()) return false;
    const major = (stats.rdev >> 8) & 0xfff;
    return major === 4 || major === 5 || (major >= 136 && major <= 143);
  } catch {
    return false;
  }
}

export interface TextWriter {
  write(text: string): unknown;
  /** Resolves once what was written has been handed on, so that a long output is not all buffered. */
  drained?(): Promise<void>;
}

export interface CliIo {
  stdout: TextWriter;
  stderr: TextWriter;
  stdin: Readable;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  isTTY: { stdin: boolean; stdout: boolean; stderr: boolean };
}

/**
 * Writes straight to a file descriptor: setting up process.stdout's stream machinery costs
 * milliseconds of every start. A pipe that is full (EAGAIN) hands the rest to the stream, which
 * waits; a reader that went away (EPIPE, as with `| head`) ends the output quietly.
 */
export function descriptorWriter(fd: number, stream: () => NodeJS.WriteStream): TextWriter {
  let fallback: NodeJS.WriteStream | undefined;
  let closed = false;
  return {
    write(text: string) {
      if (closed) return false;
      if (fallback) return fallback.write(text);
      let bytes: Buffer | undefined;
      let written = 0;
      try {
        // Most writes complete at once: the text is encoded straight into the write, without a Buffer.
        written = writeSync(fd, text);
        if (written < Buffer.byteLength(text, 'utf8')) {
          bytes = Buffer.from(text, 'utf8');
          while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
        }
        return true;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed = true;
          return false;
        }
        if (code !== 'EAGAIN') throw error;
        fallback = stream();
        // What the descriptor did not take: all of it, or the rest of a write it took part of.
        if (written === 0) return fallback.write(text);
        return fallback.write((bytes ?? Buffer.from(text, 'utf8')).subarray(written));
      }
    },
    drained() {
      const waiting = fallback;
      if (!waiting?.writableNeedDrain) return Promise.resolve();
      // A reader that goes away closes the stream instead: stop waiting then too.
      return new Promise((resolve) => {
        const done = () => {
          waiting.off('drain', done).off('close', done).off('error', done);
          resolve();
        };
        waiting.on('drain', done).on('close', done).on('error', done);
      });
    },
  };
}

/** The io of the running process. */
export function processIo(): CliIo {
  return {
    stdout: descriptorWriter(1, () => process.stdout),
    stderr: descriptorWriter(2, () => process.stderr),
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
        return isatty(1);
      },
      get stderr() {
        return isatty(2);
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
