// Errors that end a command with a chosen exit code and a message for the person at the terminal.

export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  clusterUnreachable: 3,
} as const;

/** The tutorial, for anyone still learning the commands (a literal: the fast path loads no more of core). */
export const tutorialUrl = 'https://github.com/lsst-dm/kubectl-lsst/blob/main/docs/tutorial.md';

/** Printed after a mistake in how the command was typed, the kind a newcomer makes. */
export const gettingStartedHint = `New to kubectl lsst? The tutorial: ${tutorialUrl}. \`kubectl lsst --help\` lists the commands; \`kubectl lsst explain RULE\` says what a rule asks and why.`;

/** An error whose message is complete (what went wrong and what to do); printed without a stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: number;
  /** A mistake in how the command was typed: the tutorial and `explain` are pointed to. */
  readonly guide: boolean;

  constructor(message: string, exitCode: number = ExitCode.usage, options: { guide?: boolean } = {}) {
    super(message);
    this.exitCode = exitCode;
    this.guide = options.guide ?? false;
  }
}
