// Realistic check results for the format tests, built on real texts so that ranges and positions agree.

import { LineIndex } from '../documents/source.ts';
import type { CheckResult } from '../engine/check.ts';
import { ruleDocsUrl } from '../meta.ts';
import type { Finding, RuleMeta } from '../types.ts';
import type { FormatInput } from './index.ts';

export const cwd = '/work/project';

export const webManifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:latest
          securityContext:
            runAsUser: 0
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: lsst-dev
spec:
  # lsst-ignore network/public-exposure -- reviewed by the network team, request PR-12
  type: NodePort
`;

// No line break at the end, on purpose.
export const backupManifest = `apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: nightly-backup
  namespace: lsst-dev`;

export const dockerfile = `FROM python:3.8 AS app
RUN echo "Grüße 🚀 日本" > /etc/motd && apt-get install -y gcc
RUN apt-get update && \\
\tapt-get install -y make
USER root`;

/** Short numbered lines, for ranges over several lines. */
export const letters = 'a: 1\nb: 2\nc: 3\nd: 4\ne: 5\nf: 6\ng: 7\nh: 8\ni: 9\nj: 10\nk: 11\n';

export const rules: (RuleMeta & { helpUri: string })[] = [
  rule('cluster/api-version', '1.1', 'Use API versions that every target cluster serves.', 'error', ['manifest'], true),
  rule(
    'container/minimal-packages',
    '1.2.1',
    'Install only the packages the image needs, and no caches.',
    'info',
    ['dockerfile'],
    true,
  ),
  rule(
    'container/no-build-tools',
    '1.2.1',
    'Keep compilers and build tools out of the final image.',
    'warning',
    ['dockerfile'],
    false,
  ),
  rule('image/pinned', '1.2.2', 'Pin images to a tag other than latest.', 'error', ['manifest', 'dockerfile'], false),
  rule(
    'image/supported-base',
    '1.2.2',
    'Build on base images that are still supported.',
    'warning',
    ['manifest', 'dockerfile'],
    false,
  ),
  rule(
    'namespace/explicit',
    '1.2.6',
    'Put every namespaced object in an explicit, non-system namespace.',
    'warning',
    ['manifest'],
    true,
  ),
  rule(
    'network/public-exposure',
    '1.2.3',
    'Expose ports publicly only through an approved port request.',
    'error',
    ['manifest'],
    false,
  ),
  rule(
    'security/no-privilege-escalation',
    '1.2.4',
    'Do not let containers gain privileges.',
    'error',
    ['manifest'],
    true,
  ),
  rule(
    'security/run-as-non-root',
    '1.2.4',
    'Run containers as a user other than root.',
    'error',
    ['manifest', 'dockerfile'],
    true,
  ),
];

function rule(
  name: string,
  guideline: string,
  description: string,
  defaultSeverity: RuleMeta['defaultSeverity'],
  appliesTo: RuleMeta['appliesTo'],
  fixable: boolean,
): RuleMeta & { helpUri: string } {
  return { name, guideline, description, defaultSeverity, appliesTo, fixable, helpUri: ruleDocsUrl(name) };
}

/** A finding on the `occurrence`-th match of `needle` in `text`, with positions computed from the offsets. */
export function findingAt(
  file: string,
  text: string,
  needle: string,
  fields: Omit<Finding, 'file' | 'range' | 'start' | 'end' | 'guideline' | 'helpUri'>,
  occurrence = 1,
): Finding {
  let start = -1;
  for (let seen = 0; seen < occurrence; seen += 1) {
    start = text.indexOf(needle, start + 1);
    if (start === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence} times in ${file}`);
  }
  const end = start + needle.length;
  const lines = new LineIndex(text);
  const meta = rules.find((candidate) => candidate.name === fields.rule);
  return {
    ...fields,
    file,
    range: [start, end],
    start: lines.positionAt(start),
    end: lines.positionAt(end),
    guideline: meta?.guideline ?? '1.2',
    helpUri: ruleDocsUrl(fields.rule),
  };
}

/** An insertion or replacement at the `occurrence`-th match of `needle`. */
export function editAt(text: string, needle: string, replacement: string, occurrence = 1) {
  let start = -1;
  for (let seen = 0; seen < occurrence; seen += 1) start = text.indexOf(needle, start + 1);
  return { range: [start, start + needle.length] as const, text: replacement };
}

export function sampleResults(): CheckResult[] {
  const web = 'deploy/web.yaml';
  const backup = 'deploy/nightly backup.yaml';
  const image = `${cwd}/images/Dockerfile`;
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' };
  return [
    {
      path: web,
      kind: 'manifest',
      findings: [
        findingAt(web, webManifest, 'default', {
          rule: 'namespace/explicit',
          severity: 'error',
          message: 'Deployment web is in the namespace default; use a namespace of your team.',
          fix: { description: 'Set namespace: lsst-dev', edits: [editAt(webManifest, 'default', 'lsst-dev')] },
          object: deployment,
        }),
        findingAt(web, webManifest, 'nginx:latest', {
          rule: 'image/pinned',
          severity: 'error',
          message: 'Image nginx:latest uses the tag latest; pin a version.',
          object: { ...deployment, container: 'app' },
        }),
        findingAt(web, webManifest, 'runAsUser: 0', {
          rule: 'security/run-as-non-root',
          severity: 'error',
          message: 'Container app runs as root (runAsUser: 0).',
          fix: {
            description: 'Set runAsNonRoot: true',
            edits: [editAt(webManifest, 'runAsUser: 0', 'runAsNonRoot: true')],
          },
          object: { ...deployment, container: 'app' },
        }),
        findingAt(web, webManifest, 'NodePort', {
          rule: 'network/public-exposure',
          severity: 'error',
          message: 'Service web is of type NodePort without an approved port request.',
          object: { apiVersion: 'v1', kind: 'Service', namespace: 'lsst-dev', name: 'web' },
          suppression: { kind: 'inline', reason: 'reviewed by the network team, request PR-12' },
        }),
      ],
    },
    {
      path: backup,
      kind: 'manifest',
      findings: [
        findingAt(backup, backupManifest, 'batch/v1beta1', {
          rule: 'cluster/api-version',
          severity: 'error',
          message: 'CronJob batch/v1beta1 is removed in Kubernetes 1.25; use batch/v1.',
          fix: { description: 'Use apiVersion batch/v1', edits: [editAt(backupManifest, 'batch/v1beta1', 'batch/v1')] },
          object: { apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'lsst-dev', name: 'nightly-backup' },
          clusters: ['dev', 'prod'],
        }),
      ],
    },
    { path: 'deploy/quiet.yaml', kind: 'manifest', findings: [] },
    {
      path: image,
      kind: 'dockerfile',
      findings: [
        findingAt(image, dockerfile, 'python:3.8', {
          rule: 'image/supported-base',
          severity: 'warning',
          message: 'python:3.8 reached its end of life on 2024-10-07.',
        }),
        findingAt(image, dockerfile, 'apt-get install', {
          rule: 'container/minimal-packages',
          severity: 'info',
          message: 'apt-get install without --no-install-recommends.',
          fix: {
            description: 'Add --no-install-recommends',
            edits: [editAt(dockerfile, 'install', 'install --no-install-recommends')],
          },
        }),
        findingAt(image, dockerfile, 'gcc', {
          rule: 'container/no-build-tools',
          severity: 'warning',
          message: 'The final stage installs gcc; build in an earlier stage.',
        }),
        findingAt(image, dockerfile, 'make', {
          rule: 'container/no-build-tools',
          severity: 'warning',
          message: 'The final stage installs make; build in an earlier stage.',
        }),
        findingAt(image, dockerfile, 'root', {
          rule: 'security/run-as-non-root',
          severity: 'error',
          message: 'The final stage runs as root.',
          fix: { description: 'Run as user 1000', edits: [editAt(dockerfile, 'root', '1000')] },
        }),
      ],
    },
    {
      path: 'cluster:prod',
      kind: 'manifest',
      findings: [
        {
          rule: 'security/no-privilege-escalation',
          severity: 'error',
          message: 'Container notebook is privileged.',
          file: 'cluster:prod',
          range: [412, 428],
          start: { line: 21, column: 13 },
          end: { line: 21, column: 29 },
          guideline: '1.2.4',
          helpUri: ruleDocsUrl('security/no-privilege-escalation'),
          object: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            namespace: 'nb-science',
            name: 'jupyter',
            container: 'notebook',
          },
          clusters: ['prod'],
        },
        {
          rule: 'namespace/explicit',
          severity: 'warning',
          message: 'ConfigMap settings is in the namespace default.',
          file: 'cluster:prod',
          range: [60, 67],
          start: { line: 5, column: 14 },
          end: { line: 5, column: 21 },
          guideline: '1.2.6',
          helpUri: ruleDocsUrl('namespace/explicit'),
          object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'settings' },
          suppression: { kind: 'configuration', reason: 'legacy settings, moved in Q3', until: '2030-06-30' },
        },
      ],
    },
  ];
}

export function sampleInput(overrides: Partial<FormatInput> = {}): FormatInput {
  const results = sampleResults();
  return {
    results,
    rules,
    cwd,
    texts: new Map([
      ['deploy/web.yaml', webManifest],
      ['deploy/nightly backup.yaml', backupManifest],
      [`${cwd}/images/Dockerfile`, dockerfile],
    ]),
    showSuppressed: false,
    color: false,
    ...overrides,
  };
}
