// `kubectl lsst context current` without oclif: it runs at every shell prompt, so it reads only
// the kubeconfig (with `yaml`) and the configuration, and never loads the Kubernetes client.
import { type ContextSummary, describeCurrentContext } from '@lsst-kube/core/kube';
import { contextCurrentFlagSpecs } from '../../lib/context-flags.ts';
import { CliError } from '../../lib/errors.ts';
import { parseFlagsFast } from '../../lib/flag-spec.ts';
import type { CliIo } from '../../lib/io.ts';
import { asCliError, openContextSession } from '../../lib/kube-context.ts';

export const defaultCurrentFormat = '{context} {namespace} {role}';

export interface FastIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export function formatCurrent(summary: ContextSummary, template: string): string {
  const values: Record<string, string> = {
    context: summary.name,
    namespace: summary.namespace,
    role: summary.role,
    cluster: summary.cluster ?? '',
    user: summary.user ?? '',
    configuredCluster: summary.configuredCluster ?? '',
    version: summary.kubernetesVersion ?? '',
  };
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function currentAsJson(summary: ContextSummary): Record<string, unknown> {
  return {
    context: summary.name,
    namespace: summary.namespace,
    role: summary.role,
    cluster: summary.cluster ?? null,
    user: summary.user ?? null,
    server: summary.server ?? null,
    configuredCluster: summary.configuredCluster ?? null,
    kubernetesVersion: summary.kubernetesVersion ?? null,
    file: summary.file,
  };
}

export interface CurrentFlags {
  kubeconfig?: string | undefined;
  config?: string | undefined;
  json?: boolean;
  format?: string | undefined;
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
  if (flags.json === true) session.out(`${JSON.stringify(currentAsJson(summary), null, 2)}\n`);
  else session.out(`${formatCurrent(summary, flags.format ?? defaultCurrentFormat)}\n`);
  return 0;
}

/**
 * Runs `context current` with `argv` = the words after `context current`; returns the exit code.
 * Errors are printed here (one line, what to do), never thrown.
 */
export async function runContextCurrent(argv: string[], io: FastIo): Promise<number> {
  const cliIo: CliIo = {
    stdout: { write: (text: string) => io.stdout(text) },
    stderr: { write: (text: string) => io.stderr(text) },
    stdin: process.stdin,
    env: io.env,
    cwd: process.cwd(),
    isTTY: { stdin: false, stdout: false, stderr: false },
  };
  const parsed = parseFlagsFast(contextCurrentFlagSpecs, argv);
  try {
    if (parsed === undefined || parsed.args.length > 0) {
      throw new CliError(
        `context current: unexpected arguments "${argv.join(' ')}". It takes --kubeconfig FILE, --config FILE, --json and --format TEMPLATE; see \`kubectl lsst context current --help\`.`,
      );
    }
    return await printCurrentContext(cliIo, parsed.flags);
  } catch (error) {
    const exitCode = error instanceof CliError ? error.exitCode : 2;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`kubectl-lsst: ${message}\n`);
    return exitCode;
  }
}
