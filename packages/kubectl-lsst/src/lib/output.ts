// Writes a report as it is made, in pieces of a bounded size: a report of any size is never one string.
import { promises as fileSystem, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors.ts';
import type { TextWriter } from './io.ts';

// Large enough that a big report takes few system calls, small enough to stay a small buffer.
const pieceSize = 64 * 1024;

/** The chunks joined into pieces of about pieceSize characters, in order. */
export function* inPieces(chunks: Iterable<string>): Generator<string> {
  let pending = '';
  for (const chunk of chunks) {
    pending += chunk;
    if (pending.length >= pieceSize) {
      yield pending;
      pending = '';
    }
  }
  if (pending !== '') yield pending;
}

/** Writes the chunks in pieces, waiting when the writer asks to (a full pipe) instead of buffering. */
export async function writeChunks(writer: TextWriter, chunks: Iterable<string>): Promise<void> {
  for (const piece of inPieces(chunks)) {
    writer.write(piece);
    await writer.drained?.();
  }
}

/**
 * Refuses, before any work, an output path that cannot be written: a folder, or a file in a folder
 * that does not exist. `flag` is how the command line named it.
 */
export function assertOutputPath(path: string, cwd: string, flag = '-o'): void {
  const absolute = resolve(cwd, path);
  if (statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new CliError(`${flag} ${path} is a folder: name a file to write to.`);
  }
  const folder = statSync(dirname(absolute), { throwIfNoEntry: false });
  if (!folder?.isDirectory()) {
    throw new CliError(
      `${flag} ${path}: the folder ${dirname(path)} does not exist. Create it first, or name a file in an existing folder.`,
    );
  }
}

/** Writes the report to a file in pieces; a CliError naming the file when that fails. */
export async function writeReportFile(path: string, cwd: string, chunks: Iterable<string>): Promise<void> {
  try {
    await fileSystem.writeFile(resolve(cwd, path), inPieces(chunks));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(`cannot write the report to ${path} (${code}). Check the path and its permissions.`);
  }
}
