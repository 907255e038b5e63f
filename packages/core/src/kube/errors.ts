// Errors of the kubeconfig layer: each one names the file (and line when known) and says what to do.

export type KubeconfigErrorCode =
  | 'malformed'
  | 'not-found'
  | 'unreadable'
  | 'read-only'
  | 'lock-timeout'
  | 'write-failed'
  | 'unknown-context'
  | 'no-current-context'
  | 'verification-failed'
  | 'unsupported-layout'
  | 'guard-changed';

export class KubeconfigError extends Error {
  readonly code: KubeconfigErrorCode;
  readonly file: string | undefined;
  /** 1-based, when the problem has a position. */
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** What the user can do about it, one sentence. */
  readonly hint: string | undefined;

  constructor(
    code: KubeconfigErrorCode,
    problem: string,
    where: { file?: string; line?: number; column?: number; hint?: string } = {},
  ) {
    const location =
      where.file === undefined
        ? ''
        : `${where.file}${where.line === undefined ? '' : `:${where.line}${where.column === undefined ? '' : `:${where.column}`}`}: `;
    super(`${location}${problem}${where.hint === undefined ? '' : `. ${where.hint}`}`);
    this.name = 'KubeconfigError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.hint = where.hint;
  }
}

export function isKubeconfigError(error: unknown): error is KubeconfigError {
  return error instanceof KubeconfigError;
}
