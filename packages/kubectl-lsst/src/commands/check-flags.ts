// The flags of `kubectl lsst check`, as data: read by the oclif command and by the fast path.
import { clusterConnectionFlagSpecs } from '../lib/cluster-flags.ts';
import type { FlagSpecs } from '../lib/flag-spec.ts';

export const checkFlagSpecs = {
  format: {
    type: 'string',
    summary: 'Output format.',
    helpValue: 'stylish|json|sarif|github|junit',
    default: 'stylish',
  },
  output: {
    type: 'string',
    char: 'o',
    summary: 'Write the report to this file instead of standard output.',
    helpValue: 'FILE',
  },
  target: {
    type: 'string',
    char: 't',
    summary: 'Clusters to check against, by name (comma-separated or repeated); default: the configured targets.',
    helpValue: 'NAME[,NAME]',
    multiple: true,
  },
  'all-targets': { type: 'boolean', summary: 'Check against every configured cluster.' },
  config: {
    type: 'string',
    char: 'c',
    summary:
      "The project's configuration file, merged over the system's and yours (default: the nearest .lsst.yaml upward).",
    helpValue: 'FILE',
  },
  kustomize: {
    type: 'string',
    char: 'k',
    summary: 'Render this kustomization with `kubectl kustomize` and check the result.',
    helpValue: 'DIR',
    multiple: true,
  },
  crd: {
    type: 'string',
    summary:
      'CustomResourceDefinitions to validate custom objects with (input/schema): a file or a folder of them (repeatable). CRDs among the checked files count too.',
    helpValue: 'PATH',
    multiple: true,
  },
  'stdin-filename': {
    type: 'string',
    summary: 'Name (and kind: Dockerfile or YAML) of the text read from standard input with `-`.',
    helpValue: 'PATH',
  },
  'helm-chart': {
    type: 'string',
    summary: 'Render this Helm chart (a folder with Chart.yaml) and check the objects rendered.',
    helpValue: 'DIR',
    multiple: true,
  },
  'no-render': {
    type: 'boolean',
    summary: 'Do not render Helm charts: check their files as plain YAML, as before charts were understood.',
  },
  values: {
    type: 'string',
    char: 'f',
    summary: "Helm values file for every chart rendered, after the environment's (repeatable, in order).",
    helpValue: 'FILE',
    multiple: true,
  },
  set: {
    type: 'string',
    summary: 'Helm value for every chart rendered, as helm --set takes it (repeatable).',
    helpValue: 'KEY=VALUE',
    multiple: true,
  },
  'release-name': { type: 'string', summary: "Helm release name (default: the chart's name).", helpValue: 'NAME' },
  helm: {
    type: 'string',
    summary: 'The helm 3 program (default: helm.binary in .lsst.yaml, else helm on PATH).',
    helpValue: 'PATH',
  },
  verbose: { type: 'boolean', summary: 'List the files skipped as not Kubernetes manifests, and the charts rendered.' },
  fix: { type: 'boolean', summary: 'Apply the fixes to the files in place, then report what is left.' },
  'follow-symlinks': {
    type: 'boolean',
    summary: 'Follow symbolic links that lead out of a checked folder (by default each is reported and skipped).',
  },
  jobs: {
    type: 'integer',
    summary:
      'Check files in this many worker threads side by side (default: 2 for 64 files or more on a machine with 4 CPUs or more, else 1); the report is the same as with --jobs 1.',
    helpValue: 'N',
  },
  'show-suppressed': { type: 'boolean', summary: 'List suppressed findings too, with their reasons.' },
  'max-warnings': {
    type: 'integer',
    summary: 'Exit with 1 when there are more warnings than this (default: no limit).',
    helpValue: 'N',
  },
  'changed-since': {
    type: 'string',
    summary:
      'Check only the files changed since this git ref (a branch, tag or commit), and report only findings on changed lines or in objects the change touched.',
    helpValue: 'REF',
  },
  baseline: {
    type: 'string',
    summary:
      'Report only findings not recorded in this baseline file (default: baseline in .lsst.yaml), and list the entries fixed since.',
    helpValue: 'FILE',
  },
  'write-baseline': {
    type: 'string',
    summary: "Record this run's findings in a baseline file (sorted JSON, for review), to check later with --baseline.",
    helpValue: 'FILE',
  },
  'prune-baseline': {
    type: 'boolean',
    summary: 'Remove the entries whose finding is gone from the baseline file, and keep the others current.',
  },
  now: {
    type: 'string',
    summary: 'The check date, for reproducible runs (expiry, end of life); default: LSST_NOW, else today.',
    helpValue: 'YYYY-MM-DD',
  },
  'context-aware': {
    type: 'boolean',
    summary:
      "Compare the files with the kube context in use, as the editor does: objects in another namespace than the context's are reported (namespace/matches-context), and the namespace fix inserts the context's. --context and --kubeconfig choose the context.",
  },
  quiet: { type: 'boolean', char: 'q', summary: 'Report errors only.' },
  debug: { type: 'boolean', summary: 'Show stack traces of unexpected errors.' },
  // Checking what is deployed (lib/check-cluster.ts).
  cluster: { type: 'boolean', summary: 'Check what is deployed in the cluster of the kube context instead of files.' },
  namespace: {
    type: 'string',
    char: 'n',
    summary:
      "With --cluster: the namespace to check (default: the context's). With files: the release namespace of the Helm charts rendered.",
    helpValue: 'NS',
  },
  'all-namespaces': { type: 'boolean', char: 'A', summary: 'With --cluster: every namespace you may read.' },
  ...clusterConnectionFlagSpecs,
} as const satisfies FlagSpecs;

export type CheckFlagSpecs = typeof checkFlagSpecs;
