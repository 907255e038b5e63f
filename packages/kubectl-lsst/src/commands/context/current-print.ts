// The body of `kubectl lsst context current`: read the kubeconfig and the configuration, print.
import type { ContextSummary } from '@lsst-kube/core/kube';
import { describeCurrentContext } from '@lsst-kube/core/kube';
import type { CliIo } from '../../lib/io.ts';
import { asCliError, openContextSession } from '../../lib/kube-context.ts';
import { type CurrentFlags, currentNote, renderCurrent } from './current-format.ts';

/** Reads everything and prints; returns the summary for the prompt cache. */
export async function readCurrentContext(io: CliIo, flags: CurrentFlags): Promise<ContextSummary> {
  const session = await openContextSession(io, flags);
  try {
    return describeCurrentContext(session.kubeconfig, session.config);
  } catch (error) {
    throw asCliError(error, session.redact);
  }
}

/** The command body, shared by the fast path and the oclif class. */
export async function printCurrentContext(io: CliIo, flags: CurrentFlags): Promise<number> {
  const session = await openContextSession(io, flags);
  let summary: ContextSummary;
  try {
    summary = describeCurrentContext(session.kubeconfig, session.config);
  } catch (error) {
    throw asCliError(error, session.redact);
  }
  session.out(renderCurrent(summary, flags));
  session.err(currentNote(summary, flags));
  return 0;
}
