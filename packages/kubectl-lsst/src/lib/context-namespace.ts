// `check --context-aware`: the namespace of the kube context, read with the same core code as the
// editor's status bar, so that the terminal and the editor compare manifests with the same namespace.
import {
  createRedactor,
  loadKubeconfigSettled,
  requireCurrentContext,
  resolveContext,
  unknownContext,
} from '@lsst-kube/core/kube';
import type { CliIo } from './io.ts';
import { asCliError } from './kube-context.ts';

export interface ContextNamespaceFlags {
  kubeconfig?: string | undefined;
  context?: string | undefined;
}

/** The namespace of `--context` (default: the current context), `default` when the context names none, as kubectl uses. */
export async function contextNamespace(flags: ContextNamespaceFlags, io: CliIo): Promise<string> {
  let redact = createRedactor();
  try {
    const kubeconfig = await loadKubeconfigSettled({
      explicitPath: flags.kubeconfig,
      env: io.env as NodeJS.ProcessEnv,
      cwd: io.cwd,
    });
    redact = createRedactor(kubeconfig.secrets);
    if (flags.context === undefined) return requireCurrentContext(kubeconfig).namespace;
    const context = resolveContext(kubeconfig, flags.context);
    if (context === undefined) throw unknownContext(kubeconfig, flags.context);
    return context.namespace;
  } catch (error) {
    throw asCliError(error, redact);
  }
}
