import type { Config } from '../../config/model.ts';
import { testRule } from '../testing/rule-tester.ts';
import { clusterApiVersion } from './api-version.ts';

const cronJob = (apiVersion: string) => `apiVersion: ${apiVersion} # nightly
kind: CronJob
metadata:
  name: nightly-backup
  namespace: qserv
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: backup
              image: lsstsqre/backup:1.4
`;

const flowSchema = (version: string) => `apiVersion: flowcontrol.apiserver.k8s.io/${version}
kind: FlowSchema
metadata:
  name: batch-jobs
spec:
  priorityLevelConfiguration:
    name: workload-low
  matchingPrecedence: 1000
`;

/** Two clusters straddling the release that introduced flow-control v1. */
const straddling: Partial<Config> = {
  clusters: [
    { name: 'old', role: 'testing', kubernetesVersion: '1.28' },
    { name: 'new', role: 'production', kubernetesVersion: '1.29' },
  ],
  targets: ['old', 'new'],
};

/** One target cluster running `version`. */
const runningOnly = (version: string): Partial<Config> => ({
  clusters: [{ name: 'edge', role: 'development', kubernetesVersion: version }],
  targets: ['edge'],
});

const podSecurityPolicy = (apiVersion: string) =>
  `apiVersion: ${apiVersion}\nkind: PodSecurityPolicy\nmetadata: { name: restricted }\nspec: {}\n`;

// Boundaries, one release before, at and after each version of the table: batch/v1beta1 CronJob is
// deprecated in 1.21 and removed in 1.25 (batch/v1 served from 1.21); extensions/v1beta1
// PodSecurityPolicy moved to policy/v1beta1, which is itself removed in 1.25.
testRule(clusterApiVersion, {
  valid: [
    {
      name: 'one release before deprecation: nothing to say',
      text: cronJob('batch/v1beta1'),
      config: runningOnly('1.20'),
    },
  ],
  invalid: [
    {
      name: 'at the deprecation release: a warning, fixed to the replacement served from that release',
      text: cronJob('batch/v1beta1'),
      config: runningOnly('1.21'),
      findings: [{ line: 1, column: 13, severity: 'warning', message: 'is deprecated in 1.21 (edge)' }],
      output: cronJob('batch/v1'),
    },
    {
      name: 'one release before removal: still a warning',
      text: cronJob('batch/v1beta1'),
      config: runningOnly('1.24'),
      findings: [{ line: 1, column: 13, severity: 'warning', message: /deprecated in 1\.21 \(edge\).*in 1\.25/ }],
      output: cronJob('batch/v1'),
    },
    {
      name: 'at the removal release: an error',
      text: cronJob('batch/v1beta1'),
      config: runningOnly('1.25'),
      findings: [{ line: 1, column: 13, severity: 'error', message: 'is removed in 1.25 (edge); use batch/v1.' }],
      output: cronJob('batch/v1'),
    },
    {
      name: 'one release after removal: an error',
      text: cronJob('batch/v1beta1'),
      config: runningOnly('1.26'),
      findings: [{ line: 1, column: 13, severity: 'error', message: 'is removed in 1.25 (edge); use batch/v1.' }],
      output: cronJob('batch/v1'),
    },
    {
      name: 'one release before the replacement is removed: the replacement is advised and offered',
      text: podSecurityPolicy('extensions/v1beta1'),
      config: runningOnly('1.24'),
      findings: [{ line: 1, column: 13, severity: 'error', message: 'is removed in 1.16 (edge); use policy/v1beta1.' }],
      output: podSecurityPolicy('policy/v1beta1'),
    },
    {
      name: 'at the release that removes the replacement: neither advised nor offered',
      text: podSecurityPolicy('extensions/v1beta1'),
      config: runningOnly('1.25'),
      findings: [
        { line: 1, column: 13, severity: 'error', message: 'is removed in 1.16 (edge); no replacement API; use Pod' },
      ],
    },
    {
      name: 'one release after the replacement is removed: neither advised nor offered',
      text: podSecurityPolicy('extensions/v1beta1'),
      config: runningOnly('1.26'),
      findings: [
        { line: 1, column: 13, severity: 'error', message: 'is removed in 1.16 (edge); no replacement API; use Pod' },
      ],
    },
    {
      name: 'one release before the replacement is served: no fix, and the message says from when',
      text: flowSchema('v1beta2'),
      config: runningOnly('1.28'),
      findings: [
        {
          line: 1,
          column: 13,
          severity: 'warning',
          message: 'use flowcontrol.apiserver.k8s.io/v1 (served from 1.29; edge runs 1.28)',
        },
      ],
    },
    {
      name: 'at the release that first serves the replacement: fixed',
      text: flowSchema('v1beta2'),
      config: runningOnly('1.29'),
      findings: [
        {
          line: 1,
          column: 13,
          severity: 'error',
          message: 'is removed in 1.29 (edge); use flowcontrol.apiserver.k8s.io/v1.',
        },
      ],
      output: flowSchema('v1'),
    },
  ],
});

testRule(clusterApiVersion, {
  valid: [
    {
      name: 'a current apiVersion on every cluster',
      text: cronJob('batch/v1'),
      targets: ['dev', 'test', 'preprod', 'prod'],
    },
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: hub, namespace: jupyter-lsst }
spec:
  selector: { matchLabels: { app: hub } }
  template:
    metadata: { labels: { app: hub } }
    spec:
      containers: [{ name: hub, image: "lsstsqre/hub:2.1" }]
`,
    {
      name: 'listed, but not yet deprecated in the target version',
      text: 'apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: { name: db, namespace: qserv }\nspec: { minAvailable: 1 }\n',
      config: { clusters: [{ name: 'legacy', role: 'development', kubernetesVersion: '1.20' }], targets: ['legacy'] },
    },
    {
      name: 'a custom resource is not in the table',
      text: 'apiVersion: example.org/v1beta1\nkind: CronJob\nmetadata: { name: x, namespace: y }\n',
    },
  ],
  invalid: [
    {
      name: 'removed on every target: one finding naming the clusters, fixed as a pure rename',
      text: cronJob('batch/v1beta1'),
      targets: ['test', 'prod'],
      findings: [
        {
          line: 1,
          column: 13,
          endLine: 1,
          endColumn: 26,
          severity: 'error',
          clusters: ['test', 'prod'],
          message: 'batch/v1beta1 CronJob is removed in 1.25 (test, prod); use batch/v1.',
        },
      ],
      output: cronJob('batch/v1'),
    },
    {
      name: 'clusters that differ say so per cluster; the worst state sets the severity',
      text: flowSchema('v1beta3'),
      targets: ['test', 'prod'],
      findings: [
        {
          line: 1,
          column: 13,
          endColumn: 49,
          severity: 'error',
          clusters: ['test', 'prod'],
          message: 'is removed in 1.32 (test); deprecated in 1.29 (prod); use flowcontrol.apiserver.k8s.io/v1.',
        },
      ],
      output: flowSchema('v1'),
    },
    {
      name: 'deprecated only: a warning',
      text: flowSchema('v1beta3'),
      targets: ['prod'],
      findings: [
        {
          line: 1,
          column: 13,
          severity: 'warning',
          clusters: ['prod'],
          message: /deprecated in 1\.29 \(prod\).*will stop serving it in 1\.32/,
        },
      ],
      output: flowSchema('v1'),
    },
    {
      name: 'the default target alone',
      text: cronJob('batch/v1beta1'),
      findings: [{ line: 1, column: 13, severity: 'error', clusters: ['dev'], message: 'removed in 1.25 (dev)' }],
      output: cronJob('batch/v1'),
    },
    {
      name: 'no fix when a target cluster does not serve the replacement yet',
      text: flowSchema('v1beta2'),
      config: straddling,
      findings: [
        {
          line: 1,
          column: 13,
          severity: 'error',
          clusters: ['old', 'new'],
          message:
            'is removed in 1.29 (new); deprecated in 1.26 (old); use flowcontrol.apiserver.k8s.io/v1 (served from 1.29; old runs 1.28).',
        },
      ],
    },
    {
      name: 'no fix when the move is more than a rename; the message says what else changes',
      text: `apiVersion: extensions/v1beta1
kind: Ingress
metadata: { name: portal, namespace: portal }
spec:
  backend: { serviceName: portal, servicePort: 80 }
`,
      findings: [
        {
          line: 1,
          column: 13,
          endColumn: 31,
          message:
            /use networking\.k8s\.io\/v1\..*Changing apiVersion alone is not enough: spec\.backend becomes spec\.defaultBackend/,
        },
      ],
    },
    {
      name: 'a replacement that is itself removed is not suggested',
      text: 'apiVersion: extensions/v1beta1\nkind: PodSecurityPolicy\nmetadata: { name: restricted }\nspec: {}\n',
      findings: [
        { line: 1, column: 13, message: 'is removed in 1.16 (dev); no replacement API; use Pod Security Admission' },
      ],
    },
    {
      name: 'a deprecated kind without a replacement',
      text: 'apiVersion: v1\nkind: ComponentStatus\nmetadata: { name: etcd-0 }\n',
      findings: [
        {
          line: 1,
          column: 13,
          endColumn: 15,
          severity: 'warning',
          message: 'v1 ComponentStatus is deprecated in 1.19 (dev); no replacement API',
        },
      ],
    },
    {
      name: 'a replacement of another kind',
      text: 'apiVersion: v1\nkind: Endpoints\nmetadata: { name: legacy, namespace: db }\nsubsets: []\n',
      config: { clusters: [{ name: 'next', role: 'development', kubernetesVersion: '1.33' }], targets: ['next'] },
      findings: [{ line: 1, column: 13, severity: 'warning', message: 'use discovery.k8s.io/v1 EndpointSlice.' }],
    },
    {
      name: 'quotes are kept',
      text: 'apiVersion: "rbac.authorization.k8s.io/v1beta1"\nkind: Role\nmetadata: { name: dev, namespace: dev }\nrules: []\n',
      findings: [{ line: 1, column: 13, endColumn: 48 }],
      output:
        'apiVersion: "rbac.authorization.k8s.io/v1"\nkind: Role\nmetadata: { name: dev, namespace: dev }\nrules: []\n',
    },
    {
      name: 'items of a List',
      text: `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1beta1
    kind: RoleBinding
    metadata: { name: dev, namespace: dev }
    roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: dev }
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: settings, namespace: dev }
`,
      findings: [{ line: 4, column: 17, endColumn: 50, clusters: ['dev'] }],
      output: `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: { name: dev, namespace: dev }
    roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: dev }
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: settings, namespace: dev }
`,
    },
    {
      name: 'a flow-style object',
      text: '{ apiVersion: node.k8s.io/v1beta1, kind: RuntimeClass, metadata: { name: gvisor }, handler: runsc }\n',
      findings: [{ line: 1, column: 15, endColumn: 34 }],
      output: '{ apiVersion: node.k8s.io/v1, kind: RuntimeClass, metadata: { name: gvisor }, handler: runsc }\n',
    },
    {
      name: 'each document of a file on its own',
      text: `${cronJob('batch/v1beta1')}---\n${flowSchema('v1beta3')}`,
      targets: ['test'],
      findings: [
        { line: 1, column: 13, clusters: ['test'] },
        { line: 17, column: 13, clusters: ['test'], message: 'removed in 1.32 (test)' },
      ],
      output: `${cronJob('batch/v1')}---\n${flowSchema('v1')}`,
    },
  ],
});
