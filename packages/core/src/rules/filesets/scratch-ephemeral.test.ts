import { testRule } from '../testing/rule-tester.ts';
import { filesetsScratchEphemeral } from './scratch-ephemeral.ts';

testRule(filesetsScratchEphemeral, {
  valid: [
    {
      name: 'a Job working in /scratch is what scratch is for',
      text: `apiVersion: batch/v1
kind: Job
metadata: { name: reduce, namespace: x }
spec:
  template:
    spec:
      containers:
        - { name: reduce, image: app:1, volumeMounts: [{ name: work, mountPath: /work }] }
      volumes: [{ name: work, hostPath: { path: /scratch/me/run-42 } }]
`,
    },
    {
      name: 'a StatefulSet on claims and on /project',
      text: `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: x }
spec:
  serviceName: db
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
        - name: db
          image: postgres:16
          volumeMounts:
            - { name: data, mountPath: /var/lib/postgresql/data }
            - { name: dumps, mountPath: /dumps }
      volumes: [{ name: dumps, hostPath: { path: /project/dm/db-dumps } }]
  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 10Gi } }
`,
    },
    {
      name: 'a PersistentVolume elsewhere, and /scratchpad is not /scratch',
      text: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: PersistentVolume
    metadata: { name: a }
    spec: { nfs: { server: nfs.example.org, path: /project/dm } }
  - apiVersion: v1
    kind: PersistentVolume
    metadata: { name: b }
    spec: { hostPath: { path: /scratchpad } }
`,
    },
  ],
  invalid: [
    {
      name: 'a PersistentVolume under /scratch',
      text: `apiVersion: v1
kind: PersistentVolume
metadata:
  name: butler-registry
spec:
  capacity: { storage: 100Gi }
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  nfs:
    server: nfs.example.org
    path: /scratch/butler/
`,
      findings: [
        { line: 11, column: 11, endColumn: 27, severity: 'warning', message: 'PersistentVolume "butler-registry"' },
      ],
    },
    {
      name: "a StatefulSet's storage under /scratch, through the volume or a subPath",
      text: `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: kafka, namespace: x }
spec:
  serviceName: kafka
  selector: { matchLabels: { app: kafka } }
  template:
    metadata: { labels: { app: kafka } }
    spec:
      containers:
        - name: kafka
          image: bitnami/kafka:3.7
          volumeMounts:
            - { name: data, mountPath: /bitnami/kafka }
            - { name: host, mountPath: /logs, subPath: scratch/kafka }
      volumes:
        - name: data
          hostPath:
            path: /scratch/kafka
        - name: host
          nfs: { server: nfs.example.org, path: / }
`,
      findings: [
        { line: 19, column: 19, endColumn: 33, message: 'StatefulSet "kafka" keeps its state on volume "data"' },
        { line: 21, column: 49, endColumn: 50, message: 'volume "host"' },
      ],
    },
    {
      name: 'purged file sets come from the configuration',
      config: { fileSets: [{ path: '/tmpfs', access: 'read-write', audience: 'all', purged: true }] },
      text: `apiVersion: v1
kind: PersistentVolume
metadata: { name: t }
spec: { hostPath: { path: /tmpfs/x } }
`,
      findings: [{ line: 4, column: 27, message: '/tmpfs is scratch space' }],
    },
  ],
});
