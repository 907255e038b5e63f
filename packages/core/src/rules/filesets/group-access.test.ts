import { testRule } from '../testing/rule-tester.ts';
import { filesetsGroupAccess } from './group-access.ts';

const projectPod = (securityContext: string, mount = '{ name: project, mountPath: /project/dm }') => `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
${securityContext}  containers:
    - name: app
      image: app:1
      volumeMounts: [${mount}]
  volumes:
    - { name: project, nfs: { server: nfs.example.org, path: /project/dm } }
`;

testRule(filesetsGroupAccess, {
  valid: [
    { name: 'supplementalGroups', text: projectPod('  securityContext:\n    supplementalGroups: [4001]\n') },
    { name: 'fsGroup', text: projectPod('  securityContext: { fsGroup: 4001 }\n') },
    { name: "the pod's runAsGroup", text: projectPod('  securityContext: { runAsUser: 1000, runAsGroup: 4001 }\n') },
    {
      name: "the container's runAsGroup",
      text: `apiVersion: apps/v1
kind: Deployment
metadata: { name: writer, namespace: x }
spec:
  template:
    spec:
      containers:
        - name: writer
          image: app:1
          securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 4001 }
          volumeMounts: [{ name: project, mountPath: /project/dm }]
      volumes:
        - { name: project, nfs: { server: nfs.example.org, path: /project/dm } }
`,
    },
    {
      name: 'a read-only mount',
      text: projectPod('', '{ name: project, mountPath: /project/dm, readOnly: true }'),
    },
    {
      name: '/project/shared and other file sets are not per group',
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
            - { name: shared, mountPath: /shared }
            - { name: jhome, mountPath: /home/me }
            - { name: scratch, mountPath: /scratch }
            - { name: projects, mountPath: /projects }
      volumes:
        - { name: shared, hostPath: { path: /project/shared } }
        - { name: jhome, hostPath: { path: /jhome/me } }
        - { name: scratch, hostPath: { path: /scratch/me } }
        - { name: projects, hostPath: { path: /projects } }
`,
    },
  ],
  invalid: [
    {
      name: 'a writable /project mount without groups',
      text: projectPod(''),
      findings: [
        {
          line: 8,
          column: 24,
          endColumn: 37,
          severity: 'warning',
          message: 'neither the pod nor the container names a group (fsGroup, supplementalGroups, runAsGroup)',
        },
      ],
    },
    {
      name: 'an empty supplementalGroups list, a null fsGroup and runAsGroup: 0 do not count',
      text: `apiVersion: batch/v1
kind: Job
metadata: { name: reduce, namespace: x }
spec:
  template:
    spec:
      securityContext:
        supplementalGroups: []
        fsGroup:
      containers:
        - name: reduce
          image: app:1
          securityContext: { runAsGroup: 0 }
          volumeMounts:
            - name: project
              mountPath: /work
              subPath: dm/run-42
              readOnly: false
      volumes:
        - name: project
          hostPath:
            path: /project
`,
      findings: [{ line: 15, column: 15, endColumn: 28, message: 'Container "reduce" writes to volume "project"' }],
    },
    {
      name: 'configured group file sets',
      config: { fileSets: [{ path: '/groups', access: 'read-write', audience: 'all', scope: 'group' }] },
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      volumeMounts: [{ name: g, mountPath: /g }]
  volumes: [{ name: g, hostPath: { path: /groups/dm } }]
`,
      findings: [{ line: 8, column: 24, message: 'under /groups' }],
    },
  ],
});
