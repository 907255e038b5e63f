// Shell completion for `kubectl lsst`: kubectl (1.26+) runs `kubectl_complete-lsst ARGS... PARTIAL`
// for plugins and reads one candidate per line, then `:<directive>` (cobra's protocol).
import {
  type Kubeconfig,
  listClusterNamespaces,
  loadContextConfig,
  loadKubeconfigSettled,
  type ResolvedConfig,
  resolveContext,
  roleOfContext,
} from '@lsst-kube/core/kube';
import type { CliIo } from './io.ts';

/** cobra's ShellCompDirective values used here. */
export const CompletionDirective = { default: 0, noSpace: 2, noFileCompletion: 4 } as const;

export interface Completions {
  /** `value` or `value\tdescription`. */
  items: string[];
  directive: number;
}

const contextSubcommands: Record<string, string> = {
  current: 'print the current context, namespace and role',
  ns: 'switch to a namespace context',
  shell: 'a shell with a private kubeconfig',
  use: 'switch to another context',
};

const contextFlags = ['--kubeconfig', '--config', '--json', '--yes', '--format', '--no-check', '--timeout'];

function flagValue(words: string[], name: string): string | undefined {
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === name) return words[index + 1];
    if (word.startsWith(`${name}=`)) return word.slice(name.length + 1);
  }
  return undefined;
}

/** Positional words, without flags and their values. */
function positionals(words: string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    if (word === '--') break;
    if (word.startsWith('-')) {
      if (!word.includes('=') && ['--kubeconfig', '--config', '--format', '--timeout'].includes(word)) index++;
      continue;
    }
    result.push(word);
  }
  return result;
}

/**
 * `words` are the plugin's arguments; the last one is being typed (empty for a new word).
 * `commands` are the top-level command names.
 */
export async function complete(words: string[], io: CliIo, commands: string[]): Promise<Completions> {
  const partial = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const noFiles = CompletionDirective.noFileCompletion;
  const filter = (items: string[]) => ({
    items: items.filter((item) => item.startsWith(partial)),
    directive: noFiles,
  });
  const previous = before[before.length - 1];
  if (previous === '--kubeconfig' || previous === '--config')
    return { items: [], directive: CompletionDirective.default };
  if (before.includes('--')) return { items: [], directive: CompletionDirective.default };

  const positional = positionals(before);
  if (positional.length === 0) return filter(commands);
  if (positional[0] !== 'context') return { items: [], directive: CompletionDirective.default };
  if (partial.startsWith('-')) return filter(contextFlags);
  if (positional.length === 1)
    return filter(Object.entries(contextSubcommands).map(([name, summary]) => `${name}\t${summary}`));
  const subcommand = positional[1];
  if (positional.length > 2) return { items: [], directive: noFiles };
  let kubeconfig: Kubeconfig;
  let config: ResolvedConfig;
  try {
    const env = io.env as NodeJS.ProcessEnv;
    kubeconfig = await loadKubeconfigSettled(
      { explicitPath: flagValue(before, '--kubeconfig'), env, cwd: io.cwd },
      500,
    );
    config = await loadContextConfig({ explicitPath: flagValue(before, '--config'), env, cwd: io.cwd });
  } catch {
    // Completion never prints errors into the command line.
    return { items: [], directive: noFiles };
  }
  if (subcommand === 'use' || subcommand === 'shell') {
    const items: string[] = [];
    for (const name of kubeconfig.contexts.keys()) {
      const context = resolveContext(kubeconfig, name);
      if (context === undefined) continue;
      const { role } = roleOfContext(kubeconfig, config, name);
      items.push(`${name}\t${context.namespace} on ${context.cluster ?? '?'} (${role})`);
    }
    return filter(items);
  }
  if (subcommand === 'ns') return filter(await namespaceCandidates(kubeconfig));
  return { items: [], directive: noFiles };
}

/** From the cluster when it answers quickly, else from the namespaces of existing contexts of the same cluster. */
export async function namespaceCandidates(kubeconfig: Kubeconfig): Promise<string[]> {
  const current =
    kubeconfig.currentContext === undefined ? undefined : resolveContext(kubeconfig, kubeconfig.currentContext);
  if (current !== undefined) {
    const fromCluster = await listClusterNamespaces(kubeconfig, current.name, { timeoutMs: 1500 });
    if (fromCluster !== undefined) return fromCluster;
  }
  const names = new Set<string>();
  for (const context of kubeconfig.contexts.values()) {
    if (current === undefined || context.cluster === current.cluster) names.add(context.namespace ?? 'default');
  }
  return [...names].sort();
}

export function formatCompletions(completions: Completions): string {
  return `${completions.items.map((item) => `${item}\n`).join('')}:${completions.directive}\n`;
}
