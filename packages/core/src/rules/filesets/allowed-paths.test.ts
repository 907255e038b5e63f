import { testRule } from '../testing/rule-tester.ts';
import { filesetsAllowedPaths } from './allowed-paths.ts';

testRule(filesetsAllowedPaths, {
  valid: [
    {
      name: 'suppressed on the path, as the docs show',
      text: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-exporter, namespace: monitoring }
spec:
  template:
    spec:
      containers: [{ name: exporter, image: app:1 }]
      volumes:
        - name: docker
          hostPath:
            # lsst-ignore filesets/allowed-paths -- node monitoring agent run by the Kubernetes admin staff
            path: /var/run/docker.sock
`,
    },
    {
      name: 'every file set, with trailing slashes and the file set itself',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers: [{ name: app, image: app:1 }]
  volumes:
    - { name: a, hostPath: { path: /project/ } }
    - { name: b, hostPath: { path: /project/shared/calib } }
    - { name: c, nfs: { server: nfs.example.org, path: /datasets/hsc } }
    - { name: d, hostPath: { path: /scratch/me, type: DirectoryOrCreate } }
    - { name: e, hostPath: { path: /jhome/me } }
    - { name: f, hostPath: { path: /software } }
    - { name: g, emptyDir: {} }
    - { name: h, persistentVolumeClaim: { claimName: data } }
`,
    },
    {
      name: 'a PersistentVolume inside a file set',
      text: `apiVersion: v1
kind: PersistentVolume
metadata: { name: datasets-hsc }
spec:
  capacity: { storage: 10Ti }
  accessModes: [ReadOnlyMany]
  nfs:
    server: nfs.example.org
    path: /datasets/hsc
`,
    },
    {
      name: 'a configured file set',
      config: {
        fileSets: [
          { path: '/project', access: 'read-write', audience: 'all', scope: 'group' },
          { path: '/lsstdata', access: 'read-only', audience: 'all' },
        ],
      },
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers: [{ name: app, image: app:1 }]
  volumes: [{ name: a, hostPath: { path: /lsstdata/offline } }]
`,
    },
    {
      name: 'a Service has no volumes',
      text: `apiVersion: v1
kind: Service
metadata: { name: s, namespace: x }
spec: { ports: [{ port: 80 }] }
`,
    },
  ],
  invalid: [
    {
      name: 'host paths outside the file sets, in a DaemonSet',
      text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: log-shipper
  namespace: logging
spec:
  selector: { matchLabels: { app: log-shipper } }
  template:
    metadata: { labels: { app: log-shipper } }
    spec:
      containers:
        - name: shipper
          image: fluent/fluent-bit:3.1
          volumeMounts:
            - { name: logs, mountPath: /var/log }
            - { name: docker, mountPath: /var/run/docker.sock }
      volumes:
        - name: logs
          hostPath:
            path: /var/log
        - name: docker
          hostPath: { path: "/var/run/docker.sock", type: Socket }
        - name: root
          hostPath: { path: / }
`,
      findings: [
        { line: 20, column: 19, endColumn: 27, message: 'hostPath /var/log), but /var/log is outside the file sets' },
        { line: 22, column: 29, endColumn: 51, message: '/var/run/docker.sock is outside' },
        { line: 24, column: 29, endColumn: 30, message: 'but / is outside' },
      ],
    },
    {
      name: 'near misses: /projects, /home, /datasets-old, a relative path, a climb out with ..',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers: [{ name: app, image: app:1 }]
  volumes:
    - { name: a, hostPath: { path: /projects } }
    - { name: b, nfs: { server: nfs.example.org, path: /home/me } }
    - { name: c, hostPath: { path: /datasets-old } }
    - { name: d, hostPath: { path: project/x } }
    - { name: e, hostPath: { path: /project/../etc } }
`,
      findings: [
        { line: 7, column: 36, message: '/projects is outside' },
        { line: 8, column: 56, message: 'nfs /home/me' },
        { line: 9, column: 36, message: '/datasets-old is outside' },
        { line: 10, column: 36, message: '"project/x" is not an absolute path' },
        { line: 11, column: 36, message: '/etc is outside' },
      ],
    },
    {
      name: 'a PersistentVolume outside the file sets',
      text: `apiVersion: v1
kind: PersistentVolume
metadata:
  name: node-root
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /root
`,
      findings: [{ line: 9, column: 11, endColumn: 16, message: 'PersistentVolume "node-root" uses' }],
    },
    {
      name: 'file sets come from the configuration',
      config: { fileSets: [{ path: '/lsstdata', access: 'read-only', audience: 'all' }] },
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers: [{ name: app, image: app:1 }]
  volumes: [{ name: a, hostPath: { path: /datasets } }]
`,
      findings: [{ line: 6, column: 42, message: '(/lsstdata)' }],
    },
  ],
});
