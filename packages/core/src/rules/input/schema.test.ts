import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { proseExamples, readProse } from '../../../scripts/generate-rule-docs.ts';
import { defaultResolvedConfig } from '../../config/load.ts';
import { checkText, fixText } from '../../engine/check.ts';
import { formatResults } from '../../format/index.ts';
import { rules } from '../index.ts';
import { testRule } from '../testing/rule-tester.ts';
import { inputSchema } from './schema.ts';

const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: portal
  namespace: portal
spec:
  selector:
    matchLabels: { app: portal }
  template:
    metadata:
      labels: { app: portal }
    spec:
${spec}`;

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.org
spec:
  group: example.org
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: { type: integer }
                mode: { type: string, enum: [fast, safe] }
                port: { x-kubernetes-int-or-string: true }
                extra: { type: object, x-kubernetes-preserve-unknown-fields: true }
`;

testRule(inputSchema, {
  valid: [
    {
      name: 'a Deployment as the API server takes it: int-or-string, quantities, YAML 1.1 booleans',
      text: `${deployment(`      automountServiceAccountToken: yes
      containers:
        - name: portal
          image: lsstsqre/portal:2.1.0
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
              protocol: TCP
          readinessProbe:
            httpGet: { path: /health, port: http }
          livenessProbe:
            tcpSocket: { port: 8080 }
          resources:
            requests: { cpu: 1, memory: 1Gi }
            limits: { cpu: 500m, memory: "2Gi" }
          env:
            - name: EMPTY
              value:
`)}`,
    },
    {
      name: 'null, empty and generated fields are accepted',
      text: `apiVersion: v1
kind: Service
metadata:
  name: portal
  namespace: portal
  creationTimestamp: null
  labels: {}
spec:
  ports:
    - port: 80
      targetPort: 8080
  selector:
    app: portal
status:
  loadBalancer: {}
`,
    },
    {
      name: 'a field the old documents call required but no server asks for: StatefulSet serviceName on 1.29',
      targets: ['prod'],
      text: `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: portal }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - { name: db, image: postgres:16.4 }
`,
    },
    {
      // A {{placeholder}} makes the whole file a template, which is not checked at all (engine/check.test.ts).
      name: 'a {placeholder} of a file a program fills in is not judged',
      text: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: small
  namespace: {namespace}
  generation: {generation}
  managedFields: {any}
spec:
  ingressClassName: nginx
status: {any}
`,
    },
    {
      name: 'a kind that never reaches a cluster is not validated',
      text: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deployment.yaml]
`,
    },
    {
      name: 'a removed API is left to cluster/api-version',
      text: `apiVersion: extensions/v1beta1
kind: Ingress
metadata: { name: portal, namespace: portal }
spec:
  backend: { serviceName: portal, servicePort: 80 }
`,
    },
    {
      name: 'an object of a CRD in the same file, with int-or-string and preserved unknown fields',
      text: `${crd}---
apiVersion: example.org/v1
kind: Widget
metadata: { name: w, namespace: portal }
spec:
  size: 3
  mode: safe
  port: http
  extra: { anything: [1, 2], goes: here }
`,
    },
    {
      name: 'a field the newer target knows, checked on that target only',
      targets: ['dev'],
      text: deployment(`      containers:
        - name: portal
          image: lsstsqre/portal:2.1.0
      volumes:
        - name: data
          image: { reference: lsstsqre/data:1 }
`),
    },
  ],
  invalid: [
    {
      name: 'the newcomer mistakes: a misspelt key, a quoted integer, an unknown enum value',
      text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: portal
  namespace: portal
spec:
  replicas: "three"
  selector:
    matchLabels: { app: portal }
  template:
    metadata:
      labels: { app: portal }
    spec:
      contaners:
        - name: portal
          image: lsstsqre/portal:2.1.0
          imagePullPolicy: Sometimes
`,
      findings: [
        {
          line: 7,
          column: 13,
          endColumn: 20,
          message: 'spec.replicas must be an integer, but "three" is a quoted string.',
        },
        { line: 14, column: 7, endColumn: 16, message: 'Unknown field "contaners" in Deployment spec.template.spec' },
        {
          line: 17,
          column: 28,
          endColumn: 37,
          message:
            'imagePullPolicy is Sometimes, which the API server does not accept: use one of Always, IfNotPresent, Never.',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: portal
  namespace: portal
spec:
  replicas: "three"
  selector:
    matchLabels: { app: portal }
  template:
    metadata:
      labels: { app: portal }
    spec:
      containers:
        - name: portal
          image: lsstsqre/portal:2.1.0
          imagePullPolicy: Sometimes
`,
    },
    {
      name: 'a misspelt field at every depth: metadata, pod spec, container, volume',
      text: deployment(`      restartPolicy: Always
      containers:
        - name: portal
          image: lsstsqre/portal:2.1.0
          volumeMount:
            - { name: data, mountPath: /data }
      volumes:
        - name: data
          emptyDirr: {}
`).replace('  namespace: portal\n', '  namespace: portal\n  label:\n    app: portal\n'),
      findings: [
        { line: 6, column: 3, endColumn: 8, message: 'Unknown field "label" in Deployment metadata' },
        { line: 19, column: 11, endColumn: 22, message: 'Did you mean "volumeMounts"?' },
        { line: 23, column: 11, endColumn: 20, message: 'Did you mean "emptyDir"?' },
      ],
      output: deployment(`      restartPolicy: Always
      containers:
        - name: portal
          image: lsstsqre/portal:2.1.0
          volumeMounts:
            - { name: data, mountPath: /data }
      volumes:
        - name: data
          emptyDir: {}
`).replace('  namespace: portal\n', '  namespace: portal\n  labels:\n    app: portal\n'),
    },
    {
      name: 'YAML 1.1 scalars as the API server reads them: a quoted port, a bare number and boolean in string maps',
      text: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: portal
  labels:
    version: 1.0
data:
  debug: yes
---
apiVersion: v1
kind: Service
metadata: { name: portal, namespace: portal }
spec:
  ports:
    - port: "80"
      targetPort: 8.5
`,
      findings: [
        { line: 7, column: 14, endColumn: 17, message: 'must be a string, but 1.0 is a number. Quote it ("1.0")' },
        { line: 9, column: 10, endColumn: 13, message: 'data.debug must be a string, but yes is a boolean.' },
        {
          line: 16,
          column: 13,
          endColumn: 17,
          message: 'spec.ports[0].port must be an integer, but "80" is a quoted string. Remove the quotes.',
        },
        {
          line: 17,
          column: 19,
          endColumn: 22,
          message: 'spec.ports[0].targetPort must be an integer or a string, but 8.5 is a number.',
        },
      ],
    },
    {
      name: 'plain scalars YAML 1.1 reads as numbers but the API server as strings (e2, base 60) are strings',
      text: `apiVersion: v1
kind: ConfigMap
metadata:
  name: e3
  namespace: portal
  labels:
    cloud.google.com/machine-family: e2
data:
  exponent: E10
  signed: +e5
  dot: .
  sexagesimal: 1:30
  number: 1e3
  hex: 0x1F
---
${deployment(`      containers:
        - name: portal
          image: lsstsqre/portal:2.1.0
`).replace('spec:\n  selector:', 'spec:\n  replicas: e2\n  selector:')}`,
      findings: [
        {
          line: 13,
          column: 11,
          endColumn: 14,
          message: 'data.number must be a string, but 1e3 is a number. Quote it ("1e3")',
        },
        {
          line: 14,
          column: 8,
          endColumn: 12,
          message: 'data.hex must be a string, but 0x1F is a number. Quote it ("0x1F")',
        },
        { line: 22, column: 13, endColumn: 15, message: 'spec.replicas must be an integer, but e2 is a string.' },
      ],
    },
    {
      name: 'a map where a list belongs, and a missing required field',
      text: deployment(`      containers:
        name: portal
        image: lsstsqre/portal:2.1.0
`).replace('  selector:\n    matchLabels: { app: portal }\n', ''),
      findings: [
        { line: 6, column: 1, endColumn: 5, message: 'spec lacks the required field "selector"' },
        {
          line: 12,
          column: 9,
          endLine: 14,
          endColumn: 1,
          message: 'spec.template.spec.containers must be a list, not a mapping.',
        },
      ],
    },
    {
      name: 'a field only newer clusters know names the older target',
      targets: ['dev', 'prod'],
      text: deployment(`      containers:
        - name: portal
          image: lsstsqre/portal:2.1.0
      volumes:
        - name: data
          image: { reference: lsstsqre/data:1 }
`),
      findings: [
        {
          line: 18,
          column: 11,
          endColumn: 16,
          message:
            /^Unknown field "image" in Deployment spec\.template\.spec\.volumes\[0\]: .* Only on prod \(Kubernetes 1\.29\); dev accepts it\.$/,
          clusters: ['prod'],
        },
      ],
    },
    {
      name: 'a kind the API does not serve, with a near name',
      text: `apiVersion: apps/v1
kind: Deploymnet
metadata: { name: portal, namespace: portal }
---
apiVersion: apps/v2
kind: Deployment
metadata: { name: portal, namespace: portal }
`,
      findings: [
        {
          line: 2,
          column: 7,
          endColumn: 17,
          message: 'Kubernetes 1.31 has no kind Deploymnet in apps/v1. Did you mean Deployment?',
        },
        {
          line: 5,
          column: 13,
          endColumn: 20,
          message: 'apps/v2 Deployment is not served by Kubernetes 1.31; it serves Deployment as apps/v1.',
        },
      ],
    },
    {
      name: 'an object of a CRD in the same file: a missing required field, a wrong type, an enum, an unknown field',
      text: `${crd}---
apiVersion: example.org/v1
kind: Widget
metadata: { name: w, namespace: portal }
spec:
  mode: quick
  port: 1.5
  colour: red
`,
      findings: [
        { line: 29, column: 1, endColumn: 5, message: 'spec lacks the required field "size"' },
        {
          line: 30,
          column: 9,
          endColumn: 14,
          message: 'spec.mode is quick, which the API server does not accept: use one of fast, safe.',
        },
        { line: 31, column: 9, endColumn: 12, message: 'spec.port must be an integer or a string' },
        { line: 32, column: 3, endColumn: 9, message: 'Unknown field "colour" in Widget spec' },
      ],
    },
    {
      name: 'a kind no target serves names every version checked',
      targets: ['dev', 'prod'],
      text: `apiVersion: apps/v2
kind: Deployment
metadata: { name: portal, namespace: portal }
`,
      findings: [
        {
          line: 1,
          column: 13,
          endColumn: 20,
          message: 'apps/v2 Deployment is not served by Kubernetes 1.29, 1.31; it serves Deployment as apps/v1.',
        },
      ],
    },
    {
      name: 'an unknown custom kind is one info per file, not one per object',
      text: `apiVersion: example.org/v1
kind: Gadget
metadata: { name: a, namespace: portal }
---
apiVersion: example.org/v1
kind: Gadget
metadata: { name: b, namespace: portal }
`,
      findings: [
        {
          line: 2,
          column: 7,
          endColumn: 13,
          severity: 'info',
          message: 'No schema for the custom kind Gadget (example.org/v1)',
        },
      ],
    },
  ],
});

describe('input/schema on the valid manifests of the project', () => {
  test('no prose example of any rule is refused by the schema, except the incorrect ones of input/schema', () => {
    const refused: string[] = [];
    for (const rule of rules) {
      const { incorrect, correct } = proseExamples(readProse(rule));
      const examples = rule.name === 'input/schema' ? correct : [...incorrect, ...correct];
      for (const example of examples) {
        if (example.kind === 'dockerfile') continue;
        const result = checkText(
          { path: 'example.yaml', text: example.text, kind: 'manifest' },
          {
            config: defaultResolvedConfig(),
            rules: [inputSchema],
            ...(example.targets ? { targets: example.targets } : {}),
          },
        );
        for (const finding of result.findings) {
          if (finding.rule === 'input/schema') refused.push(`${rule.name}: ${finding.start.line}: ${finding.message}`);
        }
      }
    }
    assert.deepEqual(refused, []);
  });
});

describe('input/schema fixes with the other rules', () => {
  test('a misspelt key is renamed before other rules insert the field it meant, so it is not added twice', () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namspace: portal
data:
  mode: batch
`;
    const fixed = fixText(
      { path: 'settings.yaml', text },
      { config: defaultResolvedConfig(), contextNamespace: 'other' },
    );
    assert.equal(fixed.text, text.replace('namspace', 'namespace'));
    assert.deepEqual(
      fixed.result.findings.filter((finding) => finding.rule === 'input/invalid' || finding.rule === 'input/schema'),
      [],
    );
  });
});

describe('input/schema on a kustomize base', () => {
  test('a missing required field is not reported where kustomize may add it; an unknown field still is', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: { name: dataserver }
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: nginx
          image: nginxinc/nginx-unprivileged:1.20
          imagePullPolicy: Sometimes
`;
    const messages = (kustomizeBase: boolean) =>
      checkText(
        { path: 'dataserver.yaml', text },
        { config: defaultResolvedConfig(), rules: [inputSchema], ...(kustomizeBase ? { kustomizeBase } : {}) },
      ).findings.map((finding) => finding.message.split(':')[0]);
    assert.deepEqual(messages(false), [
      'spec lacks the required field "selector"',
      'spec.template.spec.containers[0].imagePullPolicy is Sometimes, which the API server does not accept',
    ]);
    assert.deepEqual(messages(true), [
      'spec.template.spec.containers[0].imagePullPolicy is Sometimes, which the API server does not accept',
    ]);
  });
});

describe('input/schema in the machine-readable formats', () => {
  test('SARIF and JSON carry the finding at the misspelt key, with the rename as their fix', () => {
    const text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namspace: portal }\ndata: { mode: batch }\n';
    const result = checkText(
      { path: 'settings.yaml', text },
      { config: defaultResolvedConfig(), rules: [inputSchema] },
    );
    const input = {
      results: [result],
      rules: [{ ...inputSchema, helpUri: 'https://example.org/input/schema' }],
      cwd: '.',
      texts: new Map<string, string>(),
      showSuppressed: false,
      color: false,
    };
    const sarif = JSON.parse(formatResults('sarif', input));
    const [sarifResult] = sarif.runs[0].results;
    assert.equal(sarifResult.ruleId, 'input/schema');
    assert.deepEqual(sarifResult.locations[0].physicalLocation.region, {
      startLine: 3,
      startColumn: 29,
      endLine: 3,
      endColumn: 37,
      charOffset: 59,
      charLength: 8,
    });
    assert.equal(sarifResult.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'namespace');
    const json = JSON.parse(formatResults('json', input));
    const [finding] = json.results[0].findings;
    assert.equal(finding.rule, 'input/schema');
    assert.deepEqual(finding.fix.edits, [{ range: [59, 67], text: 'namespace' }]);
  });
});
