import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testRule } from '../testing/rule-tester.ts';
import { filesetsAudience, isScienceNamespace } from './audience.ts';

const science = { namespaces: { science: ['nb-*', 'jupyter-science'] } };

test('science namespaces match the configured globs', () => {
  assert.equal(isScienceNamespace('nb-alice', ['nb-*']), true);
  assert.equal(isScienceNamespace('jupyter-lsst', ['nb-*']), false);
  assert.equal(isScienceNamespace(undefined, ['*']), false);
  assert.equal(isScienceNamespace('nb-alice', []), false);
});

testRule(filesetsAudience, {
  valid: [
    {
      name: 'developers mount /scratch and /software outside science namespaces',
      config: science,
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: dm-dev }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts:
        - { name: scratch, mountPath: /scratch }
        - { name: software, mountPath: /software, readOnly: true }
  volumes:
    - { name: scratch, hostPath: { path: /scratch/me } }
    - { name: software, hostPath: { path: /software } }
`,
    },
    {
      name: 'no science namespace is configured by default',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: nb-alice }
spec:
  containers:
    - { name: app, image: app:1, volumeMounts: [{ name: s, mountPath: /scratch }] }
  volumes: [{ name: s, hostPath: { path: /scratch/alice } }]
`,
    },
    {
      name: 'science users mount their jhome, group project directories and datasets',
      config: science,
      text: `apiVersion: apps/v1
kind: Deployment
metadata: { name: nb, namespace: nb-alice }
spec:
  template:
    spec:
      containers:
        - name: notebook
          image: lsstsqre/sciplat-lab:w_2024_40
          env: [{ name: USER, value: alice }]
          volumeMounts:
            - { name: jhome, mountPath: /home/alice, subPath: alice }
            - { name: jhome-expr, mountPath: /jhome, subPathExpr: $(USER) }
            - { name: project, mountPath: /project/dm }
            - { name: shared, mountPath: /project/shared, readOnly: true }
            - { name: datasets, mountPath: /datasets, readOnly: true }
      volumes:
        - { name: jhome, nfs: { server: nfs.example.org, path: /jhome } }
        - { name: jhome-expr, nfs: { server: nfs.example.org, path: /jhome/ } }
        - { name: project, nfs: { server: nfs.example.org, path: /project/dm } }
        - { name: shared, nfs: { server: nfs.example.org, path: /project/shared } }
        - { name: datasets, nfs: { server: nfs.example.org, path: /datasets } }
`,
    },
    {
      name: 'a root volume that no container mounts, and a PersistentVolume (no mount to judge)',
      text: `apiVersion: v1
kind: PersistentVolume
metadata: { name: jhome }
spec:
  accessModes: [ReadWriteMany]
  nfs: { server: nfs.example.org, path: /jhome }
`,
    },
  ],
  invalid: [
    {
      name: 'developer file sets and /home in a science namespace',
      config: science,
      text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: notebook
  namespace: nb-alice
spec:
  template:
    spec:
      containers:
        - name: notebook
          image: lsstsqre/sciplat-lab:w_2024_40
          volumeMounts:
            - { name: scratch, mountPath: /scratch, subPath: alice }
            - { name: software, mountPath: /software, readOnly: true }
            - { name: home, mountPath: /home/alice }
            - { name: all, mountPath: /host, subPath: software/stack }
      volumes:
        - name: scratch
          hostPath: { path: /scratch }
        - name: software
          nfs: { server: nfs.example.org, path: /software/ }
        - name: home
          hostPath: { path: /home/alice }
        - name: all
          hostPath: { path: / }
`,
      findings: [
        { line: 19, column: 29, endColumn: 37, severity: 'error', message: 'no access to /scratch' },
        { line: 21, column: 49, endColumn: 59, message: 'no access to /software' },
        { line: 23, column: 29, endColumn: 40, message: 'no access to /home' },
        { line: 25, column: 29, endColumn: 30, message: 'no access to /software' },
      ],
    },
    {
      name: 'the root of /jhome and /project, in any namespace',
      text: `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: hub, namespace: jupyter-lsst }
spec:
  serviceName: hub
  selector: { matchLabels: { app: hub } }
  template:
    metadata: { labels: { app: hub } }
    spec:
      containers:
        - name: hub
          image: lsstsqre/hub:1
          volumeMounts:
            - name: jhome
              mountPath: /jhome
            - name: project
              mountPath: /project
              subPath: dm/..
            - name: project
              mountPath: /project-dm
              subPath: dm
      volumes:
        - name: jhome
          nfs: { server: nfs.example.org, path: /jhome/ }
        - name: project
          hostPath: { path: /project }
`,
      findings: [
        { line: 14, column: 15, endLine: 14, endColumn: 26, severity: 'warning', message: 'the whole of /jhome' },
        { line: 16, column: 15, severity: 'warning', message: 'access to /project is per group' },
      ],
    },
    {
      name: 'configured audiences and scopes',
      config: {
        namespaces: { science: ['science'] },
        fileSets: [
          { path: '/work', access: 'read-write', audience: 'developers' },
          { path: '/groups', access: 'read-write', audience: 'all', scope: 'group' },
        ],
      },
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: science }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts: [{ name: w, mountPath: /w }, { name: g, mountPath: /g }, { name: s, mountPath: /s }]
  volumes:
    - { name: w, hostPath: { path: /work/x } }
    - { name: g, hostPath: { path: /groups } }
    - { name: s, hostPath: { path: /scratch } }
`,
      findings: [
        { line: 8, column: 52, severity: 'warning', message: '/groups' },
        { line: 10, column: 36, severity: 'error', message: 'no access to /work' },
      ],
    },
  ],
});
