// What every `context` command shares: finding the kubeconfig and the configuration, printing
// through the credential redactor, and turning kubeconfig errors into messages with exit codes.
import {
  createRedactor,
  isKubeconfigError,
  type Kubeconfig,
  type KubeconfigLocations,
  kubeconfigLocations,
  type LockOptions,
  loadContextConfig,
  loadKubeconfigSettled,
  type Redactor,
  type ResolvedConfig,
  shellGuardVariable,
  withShellGuard,
} from '@lsst-kube/core/kube';
import { visibleLines, visibleText } from '@lsst-kube/core/visible-text';
import { CliError, ExitCode } from './errors.ts';
import type { CliIo } from './io.ts';

export interface ContextCommandFlags {
  kubeconfig?: string | undefined;
  config?: string | undefined;
}

export interface ContextSession {
  io: CliIo;
  locations: KubeconfigLocations;
  kubeconfig: Kubeconfig;
  config: ResolvedConfig;
  redact: Redactor;
  out(text: string): void;
  err(text: string): void;
}

/** What a writer says about kubectl's lock while it waits for it: who holds it, and stale locks removed. */
export function lockNotices(session: Pick<ContextSession, 'err'>): LockOptions {
  return {
    onStaleLockRemoved: (path, reason) => session.err(`Removed a stale lock ${path}: ${reason}.\n`),
    onWaiting: (path, holder) => session.err(`Waiting for the lock ${path}, held by ${holder}...\n`),
  };
}

export async function openContextSession(io: CliIo, flags: ContextCommandFlags): Promise<ContextSession> {
  // Credential shapes are redacted even before the kubeconfig (and its values) is known.
  let redact = createRedactor();
  try {
    const locationOptions = { explicitPath: flags.kubeconfig, env: io.env as NodeJS.ProcessEnv, cwd: io.cwd };
    const locations = kubeconfigLocations(locationOptions);
    const kubeconfig = await loadKubeconfigSettled(locationOptions);
    redact = createRedactor(kubeconfig.secrets);
    // Inside `context shell`, the role of its cluster comes along (it can only make the guard stricter).
    const config = withShellGuard(
      await loadContextConfig({
        explicitPath: flags.config,
        env: io.env as NodeJS.ProcessEnv,
        cwd: io.cwd,
      }),
      io.env[shellGuardVariable],
    );
    const session: ContextSession = {
      io,
      locations,
      kubeconfig,
      config,
      redact,
      // Names and messages from kubeconfigs and clusters carry no control character to the terminal.
      out: (text) => io.stdout.write(visibleLines(session.redact(text))),
      err: (text) => io.stderr.write(visibleLines(session.redact(text))),
    };
    return session;
  } catch (error) {
    throw asCliError(error, redact);
  }
}

/** A kubeconfig problem as the CLI reports it: redacted, exit code 2 (configuration error). */
export function asCliError(error: unknown, redact: Redactor): unknown {
  if (isKubeconfigError(error)) return new CliError(redact(error.message), ExitCode.usage);
  if (error instanceof CliError) return new CliError(redact(error.message), error.exitCode);
  if (error instanceof Error && (error.name === 'ConfigError' || error.name === 'UsageError')) {
    const redacted = new Error(redact(error.message));
    redacted.name = error.name;
    return redacted;
  }
  if (error instanceof Error) {
    // Unknown errors still go through the redactor, stack included.
    const redacted = new Error(redact(error.message));
    if (error.stack !== undefined) redacted.stack = redact(error.stack);
    return redacted;
  }
  return error;
}

/** Runs a command body, reporting kubeconfig errors the CLI way. */
export async function runContextCommand(
  io: CliIo,
  flags: ContextCommandFlags,
  body: (session: ContextSession) => Promise<number>,
): Promise<number> {
  const session = await openContextSession(io, flags);
  try {
    return await body(session);
  } catch (error) {
    throw asCliError(error, session.redact);
  }
}

/** Plain-text columns, padded to the widest cell. */
export function formatTable(header: string[], cells: string[][]): string {
  // One line per row, whatever a cell holds.
  const rows = cells.map((row) => row.map(visibleText));
  // A loop, not Math.max(...rows): a kubeconfig of many contexts would overflow the stack as call arguments.
  const widths = header.map((cell, column) => {
    let width = cell.length;
    for (const row of rows) width = Math.max(width, (row[column] ?? '').length);
    return width;
  });
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
