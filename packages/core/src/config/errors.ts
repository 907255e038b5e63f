// Errors about the configuration and the command line: the CLI maps both to exit code 2.
import type { OffsetRange } from '../types.ts';

/** One thing wrong in a configuration file, located for an editor or a terminal. */
export interface ConfigProblem {
  /** What is wrong and what to do, without the location prefix. */
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** 0-based offsets of the offending key or value. */
  range: OffsetRange;
}

/**
 * A configuration that cannot be used. `message` is `file:line:column: what to do` for the first
 * problem, one line per further problem; `problems` holds them all (empty when the error has no
 * position, e.g. a missing file).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  /** 1-based line of the first problem, when it has one. */
  readonly line: number | undefined;
  /** 1-based column of the first problem, when it has one. */
  readonly column: number | undefined;
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, problems: readonly ConfigProblem[] | string) {
    const list = typeof problems === 'string' ? [] : problems;
    const message =
      typeof problems === 'string'
        ? `${file}: ${problems}`
        : list.map((problem) => `${file}:${problem.line}:${problem.column}: ${problem.message}`).join('\n');
    super(message);
    this.file = file;
    this.problems = list;
    this.line = list[0]?.line;
    this.column = list[0]?.column;
  }
}

/** A wrong command-line choice (an unknown `--target` name); says which names are known. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
