// A second entry point (Node only), beside kube/: runs helm and checks the charts it renders.

export {
  type ChartFileRole,
  type ChartRenderRequest,
  chartDirectoryOf,
  chartFileRole,
  LatestOnly,
  type RenderedChart,
  renderChartFindings,
} from './chart-files.ts';
export {
  type ApplicationChart,
  applicationNamespaces,
  type Chart,
  type ChartCheckOptions,
  type ChartCheckOutcome,
  chartEnvironments,
  chartHolding,
  checkCharts,
  outermostChartDirectories,
  type RepositoryApplications,
  readChart,
  repositoryApplications,
  repositoryRootOf,
} from './charts.ts';
export { configuredCustomResources } from './custom-resource-files.ts';
export {
  type BaselineRead,
  BaselineReader,
  baselinedFindings,
  baselineFileOf,
  baselinePathOf,
  baselineWithFinding,
} from './editor-baseline.ts';
export { FolderManifests } from './folder-manifests.ts';
// helm.ts (and node:child_process with it) is loaded by checkCharts when a chart is rendered, not by this entry point.
export type { RenderOutcome, RenderRequest } from './helm.ts';
export { KustomizeBases } from './kustomize-bases.ts';
export { SiblingImages } from './sibling-images.ts';
