// Writes a report as it is made, in pieces of a bounded size: a report of any size is never one string.
import { createReadStream, promises as fileSystem, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { CheckResult, Report } from '@lsst-kube/core';
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

interface Sink {
  write(piece: string): Promise<void>;
  close(): Promise<void>;
  discard?(): Promise<void>;
}

function writerSink(writer: TextWriter): Sink {
  return {
    async write(piece) {
      writer.write(piece);
      await writer.drained?.();
    },
    async close() {},
  };
}

/** A file written through a temporary file beside it, renamed into place on close (or removed on discard). */
async function fileSink(
  absolute: string,
  describe: (code: string) => CliError,
): Promise<Sink & { discard(): Promise<void> }> {
  const failed = (error: unknown) => describe((error as NodeJS.ErrnoException).code ?? String(error));
  // A device or a pipe (-o /dev/stdout) is written as it is: only a regular file can be replaced.
  const existing = await fileSystem.stat(absolute).catch(() => undefined);
  const inPlace = existing !== undefined && !existing.isFile();
  const temporary = inPlace ? absolute : `${absolute}.${process.pid}.tmp`;
  let handle: Awaited<ReturnType<typeof fileSystem.open>>;
  try {
    handle = await fileSystem.open(temporary, inPlace ? 'w' : 'wx');
  } catch (error) {
    throw failed(error);
  }
  let open = true;
  const closeHandle = async () => {
    if (!open) return;
    open = false;
    await handle.close();
  };
  return {
    async write(piece) {
      try {
        await handle.writeFile(piece);
      } catch (error) {
        throw failed(error);
      }
    },
    async close() {
      try {
        await closeHandle();
        if (!inPlace) await fileSystem.rename(temporary, absolute);
      } catch (error) {
        throw failed(error);
      }
    },
    async discard() {
      await closeHandle().catch(() => {});
      if (!inPlace) await fileSystem.rm(temporary, { force: true });
    },
  };
}

/**
 * A report written as the files are checked: each file's part goes out (in pieces of about
 * pieceSize) once it is checked, and nothing of it is kept. A format whose opening holds the
 * totals (JUnit) writes its body to a private temporary file first, and copies it after the opening.
 */
export class ReportStream {
  private pending = '';
  private constructor(
    private readonly report: Report,
    private readonly target: Sink,
    private readonly body: Sink,
    private readonly spool: string | undefined,
  ) {}

  /** `output`: the -o path (else the writer gets the report). */
  static async open(
    report: Report,
    destination: { output: string | undefined; cwd: string; writer: TextWriter },
  ): Promise<ReportStream> {
    const { output, cwd, writer } = destination;
    const target =
      output === undefined
        ? writerSink(writer)
        : await fileSink(
            resolve(cwd, output),
            (code) =>
              new CliError(`cannot write the report to ${output} (${code}). Check the path and its permissions.`),
          );
    if (!report.openingHoldsTotals) {
      const stream = new ReportStream(report, target, target, undefined);
      stream.pending = report.opening();
      return stream;
    }
    const folder = await fileSystem.mkdtemp(join(tmpdir(), 'kubectl-lsst-report-'));
    const spool = join(folder, 'body');
    const body = await fileSink(
      spool,
      (code) =>
        new CliError(
          `cannot write the report's temporary file in ${folder} (${code}). Set TMPDIR to a writable folder.`,
        ),
    );
    return new ReportStream(report, target, body, spool);
  }

  get summary() {
    return this.report.summary;
  }

  /** Counts and writes one checked file; `text` gives code frames in the terminal format. */
  async add(result: CheckResult, text?: string): Promise<void> {
    this.report.count(result);
    for (const chunk of this.report.render(result, text)) {
      this.pending += chunk;
      if (this.pending.length >= pieceSize) await this.flush(this.body);
    }
  }

  /** Writes the end of the report (with the totals) and closes what it wrote to. */
  async finish(): Promise<void> {
    try {
      if (this.spool === undefined) {
        this.pending += this.report.closing();
        await this.flush(this.target);
      } else {
        await this.flush(this.body);
        await this.body.close();
        await this.target.write(this.report.opening());
        for await (const piece of createReadStream(this.spool, { encoding: 'utf8', highWaterMark: pieceSize })) {
          await this.target.write(piece as string);
        }
        await this.target.write(this.report.closing());
      }
      await this.target.close();
    } catch (error) {
      await this.target.discard?.();
      throw error;
    } finally {
      await this.removeSpool();
    }
  }

  /** After a failure: no report file is left, half written or not, nor a temporary one. */
  async discard(): Promise<void> {
    await this.target.discard?.();
    await this.removeSpool();
  }

  private async removeSpool(): Promise<void> {
    if (this.spool === undefined) return;
    await this.body.discard?.();
    await fileSystem.rm(dirname(this.spool), { recursive: true, force: true });
  }

  private async flush(sink: Sink): Promise<void> {
    if (this.pending === '') return;
    const piece = this.pending;
    this.pending = '';
    await sink.write(piece);
  }
}
