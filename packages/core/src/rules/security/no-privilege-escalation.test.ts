import { testRule } from '../testing/rule-tester.ts';
import { noPrivilegeEscalation } from './no-privilege-escalation.ts';

testRule(noPrivilegeEscalation, {
  valid: [
    `apiVersion: apps/v1
kind: Deployment
metadata: { name: hub, namespace: jupyter-lsst }
spec:
  selector: { matchLabels: { app: hub } }
  template:
    metadata: { labels: { app: hub } }
    spec:
      containers:
        - name: hub
          image: lsstsqre/hub:2.1
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop: [ALL]
              add: [NET_BIND_SERVICE]
`,
    {
      name: 'YAML 1.1 booleans and the CAP_ prefix',
      text: `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: portal }
spec:
  hostPID: no
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        privileged: off
        allowPrivilegeEscalation: no
        capabilities: { add: ["CAP_NET_BIND_SERVICE"] }
`,
    },
    {
      name: 'hostPID: false and hostIPC: false, written out, are allowed',
      text: `apiVersion: apps/v1
kind: Deployment
metadata: { name: exporter, namespace: monitoring }
spec:
  selector: { matchLabels: { app: exporter } }
  template:
    metadata: { labels: { app: exporter } }
    spec:
      hostPID: false
      hostIPC: false
      containers:
        - name: exporter
          image: exporter:1.8
          securityContext: { allowPrivilegeEscalation: false }
`,
    },
    {
      name: 'flow style',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers: [{ name: app, image: "app:1", securityContext: { allowPrivilegeEscalation: false } }]
`,
    },
    {
      name: 'a pod for Windows nodes cannot set allowPrivilegeEscalation',
      text: `apiVersion: v1
kind: Pod
metadata: { name: win, namespace: x }
spec:
  os: { name: windows }
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
`,
    },
    `apiVersion: v1
kind: Service
metadata: { name: hub, namespace: jupyter-lsst }
spec: { ports: [{ port: 80 }] }
`,
  ],
  invalid: [
    {
      name: 'missing everywhere: a warning per container, init containers included; the fix adds it',
      text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hub
  namespace: jupyter-lsst
spec:
  template:
    spec:
      initContainers:
        - name: migrate # schema first
          image: lsstsqre/hub:2.1
      containers:
        - name: hub
          image: lsstsqre/hub:2.1
          securityContext:
            runAsNonRoot: true
`,
      findings: [
        {
          line: 10,
          column: 11,
          endColumn: 24,
          severity: 'warning',
          message: 'Container "migrate" does not set allowPrivilegeEscalation: false',
        },
        { line: 13, column: 11, endColumn: 20, severity: 'warning', message: 'Container "hub"' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hub
  namespace: jupyter-lsst
spec:
  template:
    spec:
      initContainers:
        - name: migrate # schema first
          image: lsstsqre/hub:2.1
          securityContext:
            allowPrivilegeEscalation: false
      containers:
        - name: hub
          image: lsstsqre/hub:2.1
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
`,
    },
    {
      name: 'privileged: yes is true; fixing escalation also turns privileged off',
      text: `apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: x }
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: yes # needed once
`,
      findings: [
        { line: 6, column: 7, severity: 'warning', message: 'does not set allowPrivilegeEscalation' },
        { line: 9, column: 9, endColumn: 24, severity: 'error', message: 'Container "shell" is privileged' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: x }
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: false # needed once
        allowPrivilegeEscalation: false
`,
    },
    {
      name: 'allowPrivilegeEscalation: true is an error at the pair',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      securityContext:
        allowPrivilegeEscalation: true
`,
      findings: [
        { line: 9, column: 9, endColumn: 39, severity: 'error', message: 'sets allowPrivilegeEscalation: true' },
      ],
      output: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      securityContext:
        allowPrivilegeEscalation: false
`,
    },
    {
      name: 'added capabilities other than NET_BIND_SERVICE, each at its item',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      securityContext:
        allowPrivilegeEscalation: false
        capabilities:
          add: [NET_ADMIN, NET_BIND_SERVICE, cap_sys_ptrace]
`,
      findings: [
        { line: 11, column: 17, endColumn: 26, severity: 'error', message: 'adds the capability NET_ADMIN' },
        { line: 11, column: 46, endColumn: 60, message: 'cap_sys_ptrace' },
      ],
    },
    {
      name: 'with CAP_SYS_ADMIN, allowPrivilegeEscalation: false is refused by Kubernetes: no fix',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: fuse
      image: app:1
      securityContext:
        capabilities:
          add:
            - SYS_ADMIN
`,
      findings: [
        { line: 6, column: 7, severity: 'warning' },
        { line: 11, column: 15, endColumn: 24, severity: 'error', message: 'SYS_ADMIN' },
      ],
    },
    {
      name: 'hostPID and hostIPC at the pod',
      text: `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-agent, namespace: monitoring }
spec:
  template:
    spec:
      hostPID: true
      hostIPC: on
      containers:
        - name: agent
          image: agent:1
          securityContext: { allowPrivilegeEscalation: false }
`,
      findings: [
        {
          line: 7,
          column: 7,
          endColumn: 20,
          message:
            "hostPID: true lets the pod see every process of the node (the node's PID namespace), and signal them",
        },
        {
          line: 8,
          column: 7,
          endColumn: 18,
          message: "hostIPC: true lets the pod see the node's shared memory and IPC namespace",
        },
      ],
    },
    {
      name: 'a CronJob job template, an ephemeral container, and an empty securityContext',
      text: `apiVersion: batch/v1
kind: CronJob
metadata: { name: purge, namespace: scratch-admin }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: purge
              image: purge:1
              securityContext:
          ephemeralContainers:
            - { name: debugger, image: "busybox:1.36" }
`,
      findings: [
        { line: 11, column: 15, endColumn: 26, message: 'Container "purge"' },
        { line: 15, column: 17, endColumn: 31 },
      ],
      output: `apiVersion: batch/v1
kind: CronJob
metadata: { name: purge, namespace: scratch-admin }
spec:
  schedule: "@daily"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: purge
              image: purge:1
              securityContext:
                allowPrivilegeEscalation: false
          ephemeralContainers:
            - { name: debugger, image: "busybox:1.36", securityContext: { allowPrivilegeEscalation: false } }
`,
    },
    {
      name: 'a Pod in a List',
      text: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: { name: p, namespace: x }
    spec:
      containers:
        - name: app
          image: app:1
          securityContext: { allowPrivilegeEscalation: yes }
`,
      findings: [{ line: 11, column: 30, endColumn: 59, severity: 'error' }],
      output: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: { name: p, namespace: x }
    spec:
      containers:
        - name: app
          image: app:1
          securityContext: { allowPrivilegeEscalation: false }
`,
    },
  ],
});
