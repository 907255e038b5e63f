// Whether a `check` command line asks for the cluster: kept apart from check-cluster.ts so that
// checking files never loads the cluster code.
import type { CheckFlags } from './run-check.ts';

/** The flags of `check` that only make sense with --cluster (--context and --kubeconfig also choose the context of --context-aware). */
export function usesClusterFlags(flags: CheckFlags): boolean {
  return (
    flags.cluster ||
    flags.namespace !== undefined ||
    flags['all-namespaces'] ||
    (!flags['context-aware'] && (flags.context !== undefined || flags.kubeconfig !== undefined)) ||
    flags['request-timeout'] !== undefined
  );
}
