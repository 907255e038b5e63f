import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultResolvedConfig, mergeConfig } from '../../config/load.ts';
import { type CheckOptions, checkText, fixText } from '../../engine/check.ts';
import { testRule } from '../testing/rule-tester.ts';
import { namespaceExplicit } from './explicit.ts';

const hub = (metadata: string) => `apiVersion: apps/v1
kind: Deployment
${metadata}spec:
  selector: { matchLabels: { app: hub } }
  template:
    metadata: { labels: { app: hub } }
    spec:
      containers: [{ name: hub, image: "lsstsqre/hub:2.1" }]
`;
/** What a folder whose other manifests name these namespaces (and define no ClusterRole) tells a check. */
const folderNaming = (namespaces: readonly string[]) => ({
  namespaces: () => namespaces,
  clusterRole: () => undefined,
});
const withoutNamespace = 'metadata:\n  name: hub # JupyterHub\n  labels: { app: hub }\n';
const withNamespace = (namespace: string) =>
  `metadata:\n  name: hub # JupyterHub\n  namespace: ${namespace}\n  labels: { app: hub }\n`;

testRule(namespaceExplicit, {
  valid: [
    hub(withNamespace('jupyter-lsst')),
    {
      name: 'cluster-scoped kinds need no namespace',
      text: `apiVersion: v1
kind: Namespace
metadata: { name: jupyter-lsst }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: developer }
rules: []
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: datasets }
spec: { capacity: { storage: 1Ti }, accessModes: [ReadOnlyMany], nfs: { server: nfs.example.org, path: /datasets } }
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: fast }
provisioner: csi.example.org
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.org }
`,
    },
    {
      name: 'a kustomization is not an object in the cluster',
      text: 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n',
    },
  ],
  invalid: [
    {
      name: 'no namespace, and nothing in the file names one: an info note at metadata, no fix',
      text: hub(withoutNamespace),
      findings: [
        {
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
          severity: 'info',
          message:
            'Deployment "hub" names no namespace, and nothing else in its file does: it is written for the namespace it is applied in',
        },
      ],
    },
    {
      name: 'another object of the file names its namespace: a warning, and the fix puts the object in that one',
      text: `${hub(withoutNamespace)}---
apiVersion: v1
kind: Service
metadata: { name: hub, namespace: jupyter-lsst }
spec: { selector: { app: hub }, ports: [{ port: 8081 }] }
`,
      contextNamespace: 'nb-alice',
      findings: [
        {
          line: 3,
          column: 1,
          severity: 'warning',
          message:
            'Deployment "hub" has no metadata.namespace, while the other objects of this file name theirs ("jupyter-lsst"): it goes to the namespace it is applied with',
        },
      ],
      output: `${hub(withNamespace('jupyter-lsst'))}---
apiVersion: v1
kind: Service
metadata: { name: hub, namespace: jupyter-lsst }
spec: { selector: { app: hub }, ports: [{ port: 8081 }] }
`,
    },
    {
      name: 'objects of the file in two namespaces: a warning naming both, and the fix only from the context',
      text: `${hub(withoutNamespace)}---
apiVersion: v1
kind: ConfigMap
metadata: { name: a, namespace: butler }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: b, namespace: squash }
`,
      findings: [{ line: 3, column: 1, severity: 'warning', message: 'name theirs ("butler" and "squash")' }],
    },
    {
      name: 'the configured default namespace makes it a warning, inserted after the name',
      text: hub(withoutNamespace),
      config: { namespaces: { science: [], default: 'jupyter-lsst' } },
      findings: [
        {
          line: 3,
          column: 1,
          severity: 'warning',
          message: "while the configuration names the team's (namespaces.default: jupyter-lsst)",
        },
      ],
      output: hub(withNamespace('jupyter-lsst')),
    },
    {
      name: "the kube context's namespace wins over the configured default",
      text: hub(withoutNamespace),
      config: { namespaces: { science: [], default: 'jupyter-lsst' } },
      contextNamespace: 'nb-alice',
      findings: [{ line: 3, column: 1, severity: 'warning', message: 'Set metadata.namespace (nb-alice).' }],
      output: hub(withNamespace('nb-alice')),
    },
    {
      name: "nothing names one, but a context is in play (the editor): the note's fix uses the context's",
      text: hub(withoutNamespace),
      contextNamespace: 'nb-alice',
      findings: [{ line: 3, column: 1, severity: 'info' }],
      output: hub(withNamespace('nb-alice')),
    },
    {
      name: 'a file whose other objects are in default: that is their error, and this one is a note',
      text: `${hub(withoutNamespace)}---
apiVersion: v1
kind: ConfigMap
metadata: { name: a, namespace: default }
`,
      findings: [
        { line: 3, column: 1, severity: 'info' },
        { line: 15, column: 33, severity: 'error' },
      ],
    },
    {
      name: 'a context in "default" is not a target: the configured default is used',
      text: hub(withoutNamespace),
      config: { namespaces: { science: [], default: 'jupyter-lsst' } },
      contextNamespace: 'default',
      findings: [{ line: 3, column: 1 }],
      output: hub(withNamespace('jupyter-lsst')),
    },
    {
      name: 'default and kube-system: an error at the value',
      text: `${hub(withNamespace('default'))}---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: "kube-system" }
`,
      findings: [
        {
          line: 5,
          column: 14,
          endColumn: 21,
          severity: 'error',
          message: 'is in "default", the namespace everything lands in',
        },
        {
          line: 16,
          column: 40,
          endColumn: 53,
          severity: 'error',
          message: "reserved for the cluster's own components",
        },
      ],
    },
    {
      name: 'flow-style metadata',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, labels: { app: hub } }\ndata: { mode: batch }\n',
      config: { namespaces: { science: [], default: 'jupyter-lsst' } },
      findings: [{ line: 3, column: 1, endColumn: 51 }],
      output:
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: jupyter-lsst, labels: { app: hub } }\ndata: { mode: batch }\n',
    },
    {
      name: 'an empty namespace value is filled in',
      text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace:\ndata: {}\n',
      contextNamespace: 'qserv',
      findings: [{ line: 3, column: 1, endColumn: 9 }],
      output: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: qserv\ndata: {}\n',
    },
    {
      name: 'no metadata at all: at the kind line; the fix adds metadata',
      text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  mode: batch\n',
      contextNamespace: 'qserv',
      findings: [{ line: 2, column: 1, endColumn: 16 }],
      output: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  mode: batch\nmetadata:\n  namespace: qserv\n',
    },
    {
      name: 'a namespace YAML 1.1 would read as a boolean is quoted',
      text: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\n',
      config: { namespaces: { science: [], default: 'on' } },
      findings: [{ line: 3, column: 1 }],
      output: 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\n  namespace: "on"\n',
    },
    {
      name: 'items of a List, and a Role (namespaced, unlike ClusterRole)',
      text: `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: developer
    rules: []
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: { name: viewer }
`,
      contextNamespace: 'qserv',
      findings: [{ line: 6, column: 5, endColumn: 13, message: 'Role "developer"' }],
      output: `apiVersion: v1
kind: List
items:
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata:
      name: developer
      namespace: qserv
    rules: []
  - apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: { name: viewer }
`,
    },
  ],
});

describe('namespace/explicit and kustomize', () => {
  const check = (text: string, options: Partial<CheckOptions>) =>
    checkText(
      { path: 'base/hub.yaml', text },
      { config: defaultResolvedConfig(), rules: [namespaceExplicit], ...options },
    ).findings.filter((finding) => finding.rule === namespaceExplicit.name);

  test("a kustomization's namespace is the object's: nothing to report", () => {
    const options = {
      kustomizeBase: true,
      kustomizeNamespace: { namespace: 'hub', kustomization: 'kustomization.yaml' },
    };
    assert.deepEqual(check(hub(withoutNamespace), options), []);
    // kustomize replaces the file's own namespace, so a default there does not stay either.
    assert.deepEqual(check(hub(withNamespace('default')), options), []);
  });

  test('a kustomization that puts the objects in a reserved namespace is reported, naming it', () => {
    const findings = check(hub(withNamespace('hub')), {
      kustomizeBase: true,
      kustomizeNamespace: { namespace: 'kube-system', kustomization: '../overlays/prod/kustomization.yaml' },
    });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'error');
    assert.match(
      findings[0]?.message ?? '',
      /is put in "kube-system" by the kustomization \.\.\/overlays\/prod\/kustomization\.yaml/,
    );
  });

  test('a kustomize base that no kustomization found gives a namespace: an info note that it takes the one it is built into', () => {
    const [finding] = check(hub(withoutNamespace), { kustomizeBase: true });
    assert.equal(finding?.severity, 'info');
    assert.match(
      finding?.message ?? '',
      /names no namespace, nor does the kustomization that lists it or an overlay found near it: it takes the namespace it is built into/,
    );
    assert.match(
      finding?.message ?? '',
      /set namespace: in the kustomization or in the overlay that deploys it\. \(Said once per file, at its first object\.\)$/,
    );
    const [plain] = check(hub(withoutNamespace), {});
    assert.equal(plain?.severity, 'info');
    assert.doesNotMatch(plain?.message ?? '', /kustomization/);
  });

  test('a note stays info whatever severity is configured for the rule, and a warning takes it', () => {
    const config = mergeConfig(defaultResolvedConfig(), {
      rules: { 'namespace/explicit': { severity: 'error' } },
    } as never);
    assert.equal(check(hub(withoutNamespace), { config })[0]?.severity, 'info');
    assert.equal(
      check(hub(withoutNamespace), { config, folderManifests: folderNaming(['hub']) })[0]?.severity,
      'error',
    );
  });
});

describe('namespace/explicit and the other manifests of the folder', () => {
  const check = (text: string, options: Partial<CheckOptions>) =>
    checkText(
      { path: 'migrations/hub.yaml', text },
      { config: defaultResolvedConfig(), rules: [namespaceExplicit], ...options },
    );

  test('the folder names one namespace: a warning, and the fix puts the object there', () => {
    const result = check(hub(withoutNamespace), { folderManifests: folderNaming(['sasquatch']) });
    const [finding] = result.findings;
    assert.equal(finding?.severity, 'warning');
    assert.match(finding?.message ?? '', /while other manifests of its folder name theirs \("sasquatch"\)/);
    assert.match(finding?.message ?? '', /Set metadata\.namespace \(sasquatch\)\.$/);
    assert.equal(finding?.fix?.description, 'Set metadata.namespace to sasquatch');
  });

  test("the file's own namespaces come before the folder's", () => {
    const text = `${hub(withoutNamespace)}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: hub }\n`;
    const [finding] = check(text, { folderManifests: folderNaming(['sasquatch']) }).findings;
    assert.match(finding?.message ?? '', /the other objects of this file name theirs \("hub"\)/);
  });

  test('a folder that names only reserved namespaces, or none, leaves a note that says the folder was looked at', () => {
    for (const named of [[], ['default', 'kube-system']]) {
      const [finding] = check(hub(withoutNamespace), { folderManifests: folderNaming(named) }).findings;
      assert.equal(finding?.severity, 'info');
      assert.match(finding?.message ?? '', /nothing else in its file or folder does/);
    }
  });

  test('the folder is looked up only for an object that names no namespace', () => {
    let asked = 0;
    const folderManifests = {
      namespaces: () => {
        asked++;
        return ['hub'];
      },
      clusterRole: () => undefined,
    };
    check(hub(withNamespace('jupyter-lsst')), { folderManifests });
    assert.equal(asked, 0);
    check(`${hub(withoutNamespace)}---\n${hub(withoutNamespace)}`, { folderManifests });
    assert.equal(asked, 1, 'once for the file, however many objects ask');
  });
});

describe('namespace/explicit: the note is about the file', () => {
  const three = `${hub(withoutNamespace)}---\n${hub(withoutNamespace).replace('name: hub #', 'name: proxy #')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n`;

  test('a file of objects that name no namespace is one note, at its first object', () => {
    const findings = checkText(
      { path: 'claims.yaml', text: three },
      { config: defaultResolvedConfig(), rules: [namespaceExplicit] },
    ).findings;
    assert.deepEqual(
      findings.map((finding) => `${finding.start.line} ${finding.severity}`),
      ['3 info'],
    );
    assert.match(findings[0]?.message ?? '', /\(Said once per file, at its first object\.\)$/);
  });

  test('with a context in play, fixing the note puts every object of the file in its namespace', () => {
    const fixed = fixText(
      { path: 'claims.yaml', text: three },
      { config: defaultResolvedConfig(), rules: [namespaceExplicit], contextNamespace: 'claims' },
    );
    assert.equal(fixed.text.match(/namespace: claims/g)?.length, 3, fixed.text);
    assert.deepEqual(fixed.result.findings, []);
    // One fix, on the one note, for the whole file: a quick fix in the editor mends every object at once.
    const [note] = fixed.initial.findings;
    assert.equal(note?.fix?.edits.length, 3);
    assert.equal(
      note?.fix?.description,
      'Set metadata.namespace to claims, and the same wherever else in the file it applies',
    );
  });

  test('warnings are not grouped: each object its objects around place is reported', () => {
    const findings = checkText(
      { path: 'claims.yaml', text: three },
      { config: defaultResolvedConfig(), rules: [namespaceExplicit], folderManifests: folderNaming(['claims']) },
    ).findings;
    assert.deepEqual(
      findings.map((finding) => finding.severity),
      ['warning', 'warning', 'warning'],
    );
  });
});
