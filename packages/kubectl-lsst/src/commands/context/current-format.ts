// How `context current` prints a context: the prompt line, a --format template or --json.
import type { ContextSummary } from '@lsst-kube/core/kube';
import { visibleText } from '@lsst-kube/core/visible-text';

export const defaultCurrentFormat = '{context} {namespace} {role}';

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
  // The kubeconfig's names end up in a shell prompt: no control character of theirs reaches it.
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = values[key];
    return value === undefined ? whole : visibleText(value);
  });
}

export function currentAsJson(summary: ContextSummary): Record<string, unknown> {
  return {
    context: summary.name,
    namespace: summary.namespace,
    role: summary.role,
    guarded: summary.role !== 'unknown',
    roleSource: summary.roleSource ?? null,
    guardHint: summary.guardHint ?? null,
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

export function renderCurrent(summary: ContextSummary, flags: CurrentFlags): string {
  if (flags.json === true) return `${JSON.stringify(currentAsJson(summary), null, 2)}\n`;
  return `${formatCurrent(summary, flags.format ?? defaultCurrentFormat)}\n`;
}

/** For standard error with the default line: an unguarded cluster says so (prompts discard it). */
export function currentNote(summary: ContextSummary, flags: CurrentFlags): string {
  if (flags.json === true || flags.format !== undefined || summary.guardHint === undefined) return '';
  return `Note: ${summary.guardHint}\n`;
}
