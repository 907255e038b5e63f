// Flags every `context` command takes, as plain specs (oclif builds its flags from them, and the
// `context current` fast path parses them without oclif).
import type { FlagSpecs } from './flag-spec.ts';

export const kubeconfigFlagSpecs = {
  kubeconfig: {
    type: 'string',
    summary: 'The kubeconfig file to use (default: KUBECONFIG, then ~/.kube/config).',
    helpValue: 'FILE',
  },
  config: {
    type: 'string',
    summary:
      "The project's configuration instead of the nearest .lsst.yaml, merged over yours; it can raise roles, not lower them.",
    helpValue: 'FILE',
  },
} as const satisfies FlagSpecs;

export const contextCurrentFlagSpecs = {
  ...kubeconfigFlagSpecs,
  json: { type: 'boolean', summary: 'Print a JSON object instead of the line.' },
  format: {
    type: 'string',
    summary: 'The line, with {context} {namespace} {role} {cluster} {user} {configuredCluster} {version}.',
    helpValue: 'TEMPLATE',
  },
} as const satisfies FlagSpecs;
