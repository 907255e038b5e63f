// Reads one file to check, refusing what is not text (NUL bytes, invalid UTF-8) and what is too
// large, without reading a too-large regular file at all.

import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { describeError } from './collect-files.ts';

export type ReadOutcome =
  | { ok: true; text: string }
  | {
      ok: false;
      /** What is wrong and what to do. */
      message: string;
      /** 1-based position of the offending byte, when there is one. */
      line: number;
      column: number;
    };

type ReadFailure = Extract<ReadOutcome, { ok: false }>;
export type BytesOutcome = { ok: true; bytes: Buffer } | ReadFailure;

const chunkSize = 64 * 1024;
// Most files fit in one chunk: read into this one, and decoded before the next read reuses it.
let scratch: Buffer | undefined;

export async function readInputFile(path: string, maxBytes: number): Promise<ReadOutcome> {
  const outcome = readInputBytes(path, maxBytes);
  return outcome.ok ? decodeText(outcome.bytes) : outcome;
}

/**
 * The bytes of a file, refused past `maxBytes`. They may lie in a buffer the next call reuses: decode or
 * copy them before reading another file.
 */
export function readInputBytes(path: string, maxBytes: number): BytesOutcome {
  // Synchronous reads: one file at a time, and node:fs/promises would cost a millisecond and a half to load.
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    return problem(`Cannot read the file: ${describeError(error)}. Check the path and its permissions.`);
  }
  try {
    const stats = fstatSync(descriptor);
    if (stats.isDirectory())
      return problem('A folder where a file was expected. Name the folder itself to check the files in it.');
    if (stats.isFile() && stats.size > maxBytes) return tooLarge(stats.size, maxBytes);
    // Pipes and devices have no size up front: read in chunks and stop past the limit.
    scratch ??= Buffer.allocUnsafe(chunkSize);
    let filled = 0;
    while (filled < chunkSize) {
      const bytesRead = readSync(descriptor, scratch, filled, chunkSize - filled, null);
      if (bytesRead === 0) return { ok: true, bytes: scratch.subarray(0, filled) };
      filled += bytesRead;
      if (filled > maxBytes) return tooLarge(filled, maxBytes, true);
    }
    // Longer than a chunk: the rest in chunks of their own.
    const chunks: Buffer[] = [Buffer.from(scratch)];
    let total = chunkSize;
    for (;;) {
      const buffer = Buffer.allocUnsafe(chunkSize);
      const bytesRead = readSync(descriptor, buffer, 0, chunkSize, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) return tooLarge(total, maxBytes, true);
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (error) {
    return problem(`Cannot read the file: ${describeError(error)}. Check the path and its permissions.`);
  } finally {
    closeSync(descriptor);
  }
}

/** Text from bytes, or why the bytes are not text (with the position of the first bad byte). */
export function decodeText(bytes: Buffer): ReadOutcome {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return problemAt(
      bytes,
      nul,
      'Binary file (a NUL byte here), not text: not checked. Name YAML manifests and Dockerfiles only.',
    );
  }
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes);
    return problemAt(bytes, bad, 'Not valid UTF-8 text (an invalid byte here): not checked. Save the file as UTF-8.');
  }
  return { ok: true, text: bytes.toString('utf8') };
}

/** Why a text of `size` bytes (at least, when read from a stream) was not checked. */
export function tooLarge(size: number, maxBytes: number, atLeast = false): ReadFailure {
  return problem(
    `File too large: ${atLeast ? 'more than ' : ''}${megabytes(size)}, over the limit of ${megabytes(maxBytes)} (limits.maxFileSize); not checked. Split it, or raise limits.maxFileSize in .lsst.yaml.`,
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function problem(message: string): ReadFailure {
  return { ok: false, message, line: 1, column: 1 };
}

function problemAt(bytes: Buffer, offset: number, message: string): ReadOutcome {
  const before = bytes.subarray(0, offset);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  let line = 1;
  for (let index = before.indexOf(0x0a); index !== -1; index = before.indexOf(0x0a, index + 1)) line += 1;
  const column = before.subarray(lineStart).toString('utf8').length + 1;
  return { ok: false, message, line, column };
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead < 0xe0
          ? 2
          : lead >= 0xe0 && lead < 0xf0
            ? 3
            : lead >= 0xf0 && lead < 0xf5
              ? 4
              : 0;
    if (length === 0 || index + length > bytes.length) return index;
    if (!isUtf8(bytes.subarray(index, index + length))) return index;
    index += length;
  }
  return bytes.length;
}
