// Reading a file we did not write (configuration, kubeconfig, a cache): only a regular file, and at
// most a limit. A device (/dev/zero, /dev/urandom) or a FIFO named by mistake would otherwise grow
// memory without end or block forever.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export type BoundedReadProblem = 'not-a-file' | 'too-large';

export class BoundedReadError extends Error {
  override readonly name = 'BoundedReadError';

  constructor(
    readonly path: string,
    readonly problem: BoundedReadProblem,
    /** What the path is (`a FIFO`, `a folder`), or how large it is (`12.0 MiB`), for the message. */
    readonly detail: string,
    readonly maxBytes: number,
  ) {
    super(
      `${path}: ${problem === 'not-a-file' ? `${detail}, not a regular file` : `${detail}, over the limit of ${mebibytes(maxBytes)}`}`,
    );
  }

  /** `it is a FIFO (named pipe), not a regular file`: the problem without the path. */
  get reason(): string {
    return this.problem === 'not-a-file'
      ? `it is ${this.detail}, not a regular file`
      : `it is ${this.detail}, over the limit of ${mebibytes(this.maxBytes)}`;
  }
}

/** `12.0 MiB`. */
export function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/**
 * The bytes of a regular file of at most `maxBytes`. Throws BoundedReadError for anything else, and
 * the system's error (ENOENT, EACCES, ...) when the file cannot be opened.
 */
export function readBoundedFile(path: string, maxBytes: number): Buffer {
  // Non-blocking: opening a FIFO without a writer would otherwise wait before fstat can tell.
  const descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new BoundedReadError(path, 'not-a-file', describeType(stats), maxBytes);
    if (stats.size > maxBytes) throw new BoundedReadError(path, 'too-large', mebibytes(stats.size), maxBytes);
    // One byte more than allowed tells a file that grew past the limit since fstat.
    let buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > maxBytes) throw new BoundedReadError(path, 'too-large', `over ${mebibytes(maxBytes)}`, maxBytes);
        const larger = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(larger);
        buffer = larger;
      }
      const read = readSync(descriptor, buffer, total, buffer.length - total, null);
      if (read === 0) return buffer.subarray(0, total);
      total += read;
    }
  } finally {
    closeSync(descriptor);
  }
}

/** The same as text (UTF-8). */
export function readBoundedTextFile(path: string, maxBytes: number): string {
  return readBoundedFile(path, maxBytes).toString('utf8');
}

function describeType(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}
