// The engine's public entry point: pure, no I/O. Kubeconfig and cluster code live in `./kube`.

export {
  type AdmissionSubject,
  type AdmissionVerdict,
  deniedBy,
  evaluatePolicies,
} from './admission/evaluate.ts';
export { objectJson } from './admission/object-json.ts';
export {
  type ActionChoice,
  admissionApiVersion,
  exportPolicies,
  type NotExported,
  type PolicyExport,
  type PolicyExportOptions,
  policyName,
  type ValidationAction,
} from './admission/policies.ts';
export { policyDocuments, readPolicyObjects } from './admission/policy-yaml.ts';
export * from './baseline/index.ts';
export * from './config/index.ts';
export { type ConfigTemplateOptions, configTemplate } from './config/template.ts';
export {
  type GuidelineSection,
  guidelineSection,
  guidelineSections,
  guidelineSubsections,
  guidelinesDocument,
} from './data/guidelines.ts';
export { isCalendarDate, isoDay, parseIsoDay } from './dates.ts';
export { type DockerfileModel, parseDockerfile } from './documents/dockerfile.ts';
export {
  dockerHubOrganization,
  type ImageReference,
  parseImageReference,
  repositoryName,
} from './documents/image-reference.ts';
export { LineIndex } from './documents/source.ts';
export { allContainers, type ContainerRef, containersOf, type PodSpecRef, podSpecOf } from './documents/workloads.ts';
export { type KubeObject, type ManifestDocument, type ParsedManifest, parseManifest } from './documents/yaml.ts';
export {
  type ChartFileReader,
  type ChartRender,
  chartRenderFailure,
  checkChartRender,
  mergeChartFindings,
} from './engine/chart.ts';
export {
  type CheckInput,
  type CheckOptions,
  type CheckResult,
  checkText,
  detectDocumentKind,
  type FixedText,
  fixText,
  keepFirstPerFile,
} from './engine/check.ts';
export { IncrementalManifestChecker, splitDocuments } from './engine/incremental.ts';
export { type AppliedFixes, applyEdits, applyFixes, minimalReplacement } from './fix/apply.ts';
export * from './format/index.ts';
export { visibleLines, visibleText } from './format/visible-text.ts';
export * from './meta.ts';
export { rules, rulesByName } from './rules/index.ts';
export { proseSections, type RuleProse, ruleProse } from './rules/prose.ts';
export type { PortRequestStatus, Rule } from './rules/rule.ts';
export {
  addDefinition,
  addDefinitionsFromText,
  CustomResourceCatalog,
  type CustomResourceKind,
  isCustomResourceDefinition,
} from './schema/custom-resources.ts';
export { type FieldsAtOptions, fieldAt, fieldsAt, type SchemaField } from './schema/fields.ts';
export * from './suggest.ts';
export * from './types.ts';
