// Errors that end a command with a chosen exit code and a message for the person at the terminal.

export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  clusterUnreachable: 3,
} as const;

/** An error whose message is complete (what went wrong and what to do); printed without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;

  constructor(message: string, exitCode: number = ExitCode.usage) {
    super(message);
    this.exitCode = exitCode;
  }
}
