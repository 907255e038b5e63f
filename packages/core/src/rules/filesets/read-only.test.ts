import { testRule } from '../testing/rule-tester.ts';
import { filesetsReadOnly } from './read-only.ts';

testRule(filesetsReadOnly, {
  valid: [
    {
      name: 'suppressed on the mount, as the docs show',
      text: `apiVersion: v1
kind: Pod
metadata: { name: curate, namespace: dm-datasets }
spec:
  containers:
    - name: curate
      image: app:1
      volumeMounts:
        # lsst-ignore filesets/read-only -- the dataset curation job writes new releases
        - name: datasets
          mountPath: /datasets
  volumes:
    - { name: datasets, hostPath: { path: /datasets } }
`,
    },
    {
      name: 'datasets mounted read-only',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts:
        - name: datasets
          mountPath: /datasets
          readOnly: true
  volumes:
    - name: datasets
      hostPath:
        path: /datasets
`,
    },
    {
      name: 'read-only on the NFS source',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts: [{ name: sw, mountPath: /software }]
  volumes:
    - name: sw
      nfs: { server: nfs.example.org, path: /software/stack, readOnly: yes }
`,
    },
    {
      name: 'writable mounts of read-write file sets, and /projects is not /project/shared',
      text: `apiVersion: apps/v1
kind: Deployment
metadata: { name: d, namespace: x }
spec:
  template:
    spec:
      containers:
        - name: app
          image: app:1
          volumeMounts:
            - { name: project, mountPath: /project, subPath: dm/shared }
            - { name: projects, mountPath: /projects }
            - { name: datasets-like, mountPath: /data }
            - { name: empty, mountPath: /tmp }
      volumes:
        - name: project
          hostPath: { path: /project }
        - name: projects
          hostPath: { path: /projects/shared }
        - name: datasets-like
          hostPath: { path: /datasets2 }
        - name: empty
          emptyDir: {}
`,
    },
    {
      name: 'a read-only volume that no container mounts',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
  volumes:
    - name: datasets
      hostPath: { path: /datasets }
`,
    },
    {
      name: 'file sets come from the configuration',
      config: { fileSets: [{ path: '/data', access: 'read-write', audience: 'all' }] },
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts: [{ name: d, mountPath: /d }]
  volumes:
    - { name: d, hostPath: { path: /datasets } }
`,
    },
  ],
  invalid: [
    {
      name: 'a mount without readOnly: the fix adds it and keeps the comments',
      text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: notebook
  namespace: jupyter-lsst
spec:
  template:
    spec:
      containers:
        - name: notebook
          image: lsstsqre/sciplat-lab:w_2024_40
          volumeMounts:
            # the HSC reprocessing
            - name: datasets
              mountPath: /datasets # read by the butler
            - name: home
              mountPath: /home/me
      volumes:
        - name: datasets
          hostPath:
            path: /datasets/hsc/
        - name: home
          hostPath:
            path: /jhome/me
`,
      findings: [
        {
          line: 14,
          column: 15,
          endLine: 14,
          endColumn: 29,
          message: 'Container "notebook" mounts volume "datasets" (hostPath /datasets/hsc/) writable, but /datasets',
        },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: notebook
  namespace: jupyter-lsst
spec:
  template:
    spec:
      containers:
        - name: notebook
          image: lsstsqre/sciplat-lab:w_2024_40
          volumeMounts:
            # the HSC reprocessing
            - name: datasets
              mountPath: /datasets # read by the butler
              readOnly: true
            - name: home
              mountPath: /home/me
      volumes:
        - name: datasets
          hostPath:
            path: /datasets/hsc/
        - name: home
          hostPath:
            path: /jhome/me
`,
    },
    {
      name: 'readOnly: false is the wrong node and is turned around',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts:
        - name: software
          mountPath: /software
          readOnly: false
  volumes:
    - name: software
      hostPath:
        path: //software/./stack
`,
      findings: [{ line: 11, column: 11, endLine: 11, endColumn: 26, message: '/software is a read-only file set' }],
      output: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts:
        - name: software
          mountPath: /software
          readOnly: true
  volumes:
    - name: software
      hostPath:
        path: //software/./stack
`,
    },
    {
      name: '/project/shared inside /project: the most specific file set wins, through subPath too',
      text: `apiVersion: batch/v1
kind: CronJob
metadata: { name: sync, namespace: x }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: fetch
              image: fetch:1
              volumeMounts: [{ name: project, mountPath: /in, subPath: shared/calib }]
          containers:
            - name: sync
              image: sync:1
              volumeMounts:
                - { name: project, mountPath: /out, subPath: dm }
                - { name: shared, mountPath: /shared }
          volumes:
            - name: project
              nfs: { server: nfs.example.org, path: /project }
            - name: shared
              nfs: { server: nfs.example.org, path: /project/shared/ }
`,
      findings: [
        { line: 13, column: 32, endColumn: 45, message: 'Container "fetch"' },
        { line: 19, column: 21, endColumn: 33, message: 'Container "sync"' },
      ],
      output: `apiVersion: batch/v1
kind: CronJob
metadata: { name: sync, namespace: x }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: fetch
              image: fetch:1
              volumeMounts: [{ name: project, mountPath: /in, subPath: shared/calib, readOnly: true }]
          containers:
            - name: sync
              image: sync:1
              volumeMounts:
                - { name: project, mountPath: /out, subPath: dm }
                - { name: shared, mountPath: /shared, readOnly: true }
          volumes:
            - name: project
              nfs: { server: nfs.example.org, path: /project }
            - name: shared
              nfs: { server: nfs.example.org, path: /project/shared/ }
`,
    },
    {
      name: 'every container that mounts it, ephemeral ones included; a key with no value',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: a
      image: app:1
      volumeMounts:
        - name: ds
          mountPath: /datasets
          readOnly:
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      volumeMounts:
        - name: ds
          mountPath: /datasets
  volumes:
    - name: ds
      nfs:
        server: nfs.example.org
        path: /datasets
        readOnly: false
`,
      findings: [
        { line: 11, column: 11, endColumn: 20, message: 'Container "a"' },
        { line: 16, column: 11, message: 'Container "debug"' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: a
      image: app:1
      volumeMounts:
        - name: ds
          mountPath: /datasets
          readOnly: true
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
      volumeMounts:
        - name: ds
          mountPath: /datasets
          readOnly: true
  volumes:
    - name: ds
      nfs:
        server: nfs.example.org
        path: /datasets
        readOnly: false
`,
    },
    {
      name: 'configured file sets replace the defaults',
      config: { fileSets: [{ path: '/archive', access: 'read-only', audience: 'all' }] },
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts: [{ name: a, mountPath: /a }, { name: d, mountPath: /d }]
  volumes:
    - { name: a, hostPath: { path: /archive/2024 } }
    - { name: d, hostPath: { path: /datasets } }
`,
      findings: [{ line: 8, column: 24, endColumn: 31, message: '/archive is a read-only file set' }],
      output: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts: [{ name: a, mountPath: /a, readOnly: true }, { name: d, mountPath: /d }]
  volumes:
    - { name: a, hostPath: { path: /archive/2024 } }
    - { name: d, hostPath: { path: /datasets } }
`,
    },
  ],
});
