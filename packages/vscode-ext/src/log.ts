// One output channel for everything the extension and its language server say; nothing is thrown into the editor.
import * as vscode from 'vscode';

export interface Log {
  info(message: string): void;
  error(message: string, error?: unknown): void;
  /** A log channel: the language client writes the server's messages here too. */
  readonly channel: vscode.LogOutputChannel;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('LSST Guidelines', { log: true });
  return {
    channel,
    info(message) {
      channel.info(message);
    },
    error(message, error) {
      const reason = error === undefined ? '' : `: ${describeError(error)}`;
      channel.error(`${message}${reason}`);
    },
  };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs an event handler so that a failure is logged, never thrown into the editor. */
export function guarded<A extends unknown[]>(
  log: Log,
  what: string,
  handler: (...args: A) => unknown,
): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = handler(...args);
      if (result instanceof Promise) result.catch((error: unknown) => log.error(what, error));
    } catch (error) {
      log.error(what, error);
    }
  };
}
