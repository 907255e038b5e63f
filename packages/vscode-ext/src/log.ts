// One output channel for everything the extension wants to say; nothing is thrown into the editor.
import * as vscode from 'vscode';

export interface Log {
  info(message: string): void;
  error(message: string, error?: unknown): void;
  readonly channel: vscode.OutputChannel;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('LSST Guidelines');
  const stamp = () => new Date().toISOString().slice(11, 23);
  return {
    channel,
    info(message) {
      channel.appendLine(`[${stamp()}] ${message}`);
    },
    error(message, error) {
      const reason = error === undefined ? '' : `: ${describeError(error)}`;
      channel.appendLine(`[${stamp()}] error: ${message}${reason}`);
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
