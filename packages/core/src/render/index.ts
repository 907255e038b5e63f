// A second entry point (Node only), beside kube/: runs helm and checks the charts it renders.
export {
  applicationNamespaces,
  type Chart,
  type ChartCheckOptions,
  type ChartCheckOutcome,
  chartEnvironments,
  chartHolding,
  checkCharts,
  outermostChartDirectories,
  readChart,
  repositoryApplicationNamespaces,
  repositoryRootOf,
} from './charts.ts';
export { configuredCustomResources } from './custom-resource-files.ts';
export { helmVersion, type RenderOutcome, type RenderRequest, renderChart } from './helm.ts';
export { KustomizeBases } from './kustomize-bases.ts';
