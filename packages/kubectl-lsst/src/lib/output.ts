// Writes a report as it is made, in pieces of a bounded size: a report of any size is never one string.
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
