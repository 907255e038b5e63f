// Flags of the commands that talk to a cluster (request-port, check --cluster), as plain specs.
import type { FlagSpecs } from './flag-spec.ts';

export const clusterConnectionFlagSpecs = {
  context: { type: 'string', summary: 'The kube context to use (default: the current context).', helpValue: 'NAME' },
  kubeconfig: {
    type: 'string',
    summary: 'The kubeconfig file to use (default: KUBECONFIG, then ~/.kube/config).',
    helpValue: 'FILE',
  },
  'request-timeout': {
    type: 'string',
    summary:
      'How long to wait for each answer of the API server, e.g. 10s, 500ms, 1h (more than 0, at most 24h; default 10s).',
    helpValue: 'DURATION',
  },
} as const satisfies FlagSpecs;
