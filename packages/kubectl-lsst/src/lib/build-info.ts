// The version, commit, data tables' dates and Kubernetes versions of this build, for
// `kubectl lsst version`. scripts/build.mjs defines LSST_BUILD_INFO in the bundles; unbundled
// (tsx, in development) the same facts are read from the repository.
import { createRequire } from 'node:module';

export interface BuildInfo {
  version: string;
  commit: string;
  dataTables: { table: string; compiled: string }[];
  kubernetesVersions: string[];
}

declare const LSST_BUILD_INFO: BuildInfo | undefined;

let cached: BuildInfo | undefined;

export function buildInfo(): BuildInfo {
  if (typeof LSST_BUILD_INFO !== 'undefined') return LSST_BUILD_INFO;
  if (cached) return cached;
  // A path held in a variable: the bundler leaves it alone (bundles never reach this line).
  const collector = new URL('../../../../scripts/build-info.cjs', import.meta.url).pathname;
  const { collectBuildInfo } = createRequire(import.meta.url)(collector) as { collectBuildInfo: () => BuildInfo };
  cached = collectBuildInfo();
  return cached;
}

/** What `kubectl lsst version` and `--version` print. */
export function versionText(info: BuildInfo = buildInfo()): string {
  const width = Math.max(...info.dataTables.map((row) => row.table.length));
  return [
    `kubectl-lsst ${info.version}`,
    `commit: ${info.commit}`,
    `node: ${process.version} (${process.platform}-${process.arch})`,
    `Kubernetes versions known: ${info.kubernetesVersions.join(', ')}`,
    'data tables (compiled):',
    ...info.dataTables.map((row) => `  ${row.table.padEnd(width)}  ${row.compiled}`),
    '',
  ].join('\n');
}
