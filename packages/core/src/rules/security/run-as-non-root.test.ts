import { testRule } from '../testing/rule-tester.ts';
import { runAsNonRoot } from './run-as-non-root.ts';

testRule(runAsNonRoot, {
  valid: [
    `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: app:1
`,
    {
      name: 'YAML 1.1 booleans as Kubernetes reads them',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - name: app
      image: app:1
      securityContext:
        runAsNonRoot: yes
`,
    },
    `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: x }
spec:
  template:
    spec:
      securityContext: { runAsUser: 999 }
      containers: [{ name: db, image: "postgres:16" }]
`,
    `apiVersion: v1
kind: Service
metadata: { name: s, namespace: x }
spec: { ports: [{ port: 80 }] }
`,
    { kind: 'dockerfile', text: 'FROM python:3.12\nRUN pip install app\nUSER 1000\nCMD ["app"]\n' },
    {
      kind: 'dockerfile',
      name: 'USER inherited from an earlier stage',
      text: 'FROM python:3.12 AS base\nUSER app\nFROM base\nCMD ["app"]\n',
    },
    {
      kind: 'dockerfile',
      name: 'only the final stage runs',
      text: 'FROM golang:1.23 AS build\nUSER root\nRUN make\nFROM gcr.io/distroless/static:nonroot\nUSER nonroot:nonroot\n',
    },
    {
      kind: 'dockerfile',
      name: 'the Science Pipelines image runs as lsst: its user comes from the base image',
      text: `ARG STACK_TAG=al9-w_2025_17
FROM ghcr.io/lsst/scipipe:\${STACK_TAG} AS base
RUN pip install --no-cache-dir lsst-efd-client
FROM base
COPY python /app/python
CMD ["python", "-m", "app"]
`,
    },
    {
      kind: 'dockerfile',
      name: 'distroless nonroot, an unprivileged nginx and the hub image run as non-root users',
      text: 'FROM golang:1.23 AS build\nRUN make\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n',
    },
    { kind: 'dockerfile', text: 'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCOPY site /usr/share/nginx/html\n' },
    { kind: 'dockerfile', text: 'FROM quay.io/jupyterhub/k8s-hub:4.3.5\nCOPY hub.py /usr/local/etc/jupyterhub/\n' },
    {
      kind: 'dockerfile',
      name: 'a Telescope and Site service on its deploy-env base, which runs as saluser, through an ARG',
      text: 'ARG deploy_tag=salobj_v5.7.0\nFROM lsstts/deploy-env:${deploy_tag}\nRUN source /home/saluser/.setup.sh\n',
    },
    {
      kind: 'dockerfile',
      name: 'only the tag is a build argument without a default: the repository runs as saluser whatever the tag',
      text: 'ARG base_image_tag\nFROM lsstts/salobj:$base_image_tag\nRUN pip install ts-watcher\n',
    },
    {
      kind: 'dockerfile',
      name: 'a base image whose user the configuration names',
      text: 'FROM ghcr.io/example/base:2.0\nCOPY app /app\n',
      config: {
        images: {
          movingTags: [],
          baseImageUsers: { 'ghcr.io/example/base': 'app' },
          developmentOnly: [],
          buildImages: [],
        },
      },
    },
  ],
  invalid: [
    {
      name: 'an image known to run as a non-root user: said so, and that Kubernetes cannot check it; a user name gets no fix, and keeps the fix of the others out of the pod',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - { name: web, image: "nginxinc/nginx-unprivileged:1.27.2" }
    - { name: lab, image: "quay.io/jupyter/base-notebook:2025-01-06" }
`,
      findings: [
        {
          line: 6,
          column: 9,
          message:
            'Container "web" runs as user 101 of its image "nginxinc/nginx-unprivileged:1.27.2", not as root, but nothing in the manifest makes Kubernetes check it: another image, or a new build of this one, could run as root. Set runAsNonRoot: true in its securityContext.',
        },
        {
          line: 7,
          column: 9,
          message:
            'Set runAsNonRoot: true and runAsUser to the numeric id of "jovyan" in its securityContext: Kubernetes cannot verify a user name, and refuses to start the container under runAsNonRoot: true without the id.',
        },
      ],
      // In the pod's securityContext, runAsNonRoot: true would stop "lab" from starting.
      output: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - { name: web, image: "nginxinc/nginx-unprivileged:1.27.2", securityContext: { runAsNonRoot: true } }
    - { name: lab, image: "quay.io/jupyter/base-notebook:2025-01-06" }
`,
    },
    {
      name: 'an image the configuration says runs as a user name: no fix, even where the pod says runAsNonRoot: false',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext:
    runAsNonRoot: false
  containers:
    - name: keeper
      image: ghcr.io/example/keeper:1.4.0
    - name: sidecar
      image: ghcr.io/example/sidecar:2.0.1
`,
      config: {
        images: {
          movingTags: [],
          baseImageUsers: { 'ghcr.io/example/keeper': 'appuser' },
          developmentOnly: [],
          buildImages: [],
        },
      },
      findings: [
        { line: 8, column: 7, message: 'runAsUser to the numeric id of "appuser"' },
        {
          line: 10,
          column: 7,
          message:
            'Container "sidecar" may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it. Set runAsNonRoot: true in its securityContext',
        },
      ],
      // The pod's runAsNonRoot: false is left: turned around, it would stop "keeper" from starting.
      output: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext:
    runAsNonRoot: false
  containers:
    - name: keeper
      image: ghcr.io/example/keeper:1.4.0
    - name: sidecar
      image: ghcr.io/example/sidecar:2.0.1
      securityContext:
        runAsNonRoot: true
`,
    },
    {
      kind: 'dockerfile',
      name: 'an official image runs as root: an error that names the base image',
      text: 'FROM python:3.13-slim AS base\nRUN pip install --no-cache-dir app\nFROM base\nCMD ["app"]\n',
      findings: [
        {
          line: 3,
          column: 1,
          endColumn: 10,
          severity: 'error',
          message:
            'The final stage has no USER, and its base image "python:3.13-slim" runs as root, so the container runs as root',
        },
      ],
      output: 'FROM python:3.13-slim AS base\nRUN pip install --no-cache-dir app\nFROM base\nCMD ["app"]\nUSER 65534\n',
    },
    {
      kind: 'dockerfile',
      name: 'a database image whose entrypoint hands the server to its own user: said so, and that user is the fix',
      text: '# PostgreSQL with an extension\nFROM postgres:17.6-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends postgresql-17-pgsphere && rm -rf /var/lib/apt/lists/*\n',
      findings: [
        {
          line: 2,
          column: 1,
          severity: 'error',
          message:
            'The final stage has no USER, and its base image "postgres:17.6-bookworm" starts as root: its entrypoint hands the server to the user "postgres", but the entrypoint, and whatever kubectl exec runs, run as root',
        },
      ],
      output:
        '# PostgreSQL with an extension\nFROM postgres:17.6-bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends postgresql-17-pgsphere && rm -rf /var/lib/apt/lists/*\nUSER postgres\n',
    },
    {
      kind: 'dockerfile',
      name: "Oracle's mysql-server: its entrypoint starts mysqld as mysql, and mysql is the fix",
      text: 'FROM mysql/mysql-server:8.0.13-1.1.8\nADD ./docker/mock-qserv/* /docker-entrypoint-initdb.d/\n',
      findings: [
        {
          line: 1,
          column: 1,
          severity: 'error',
          message:
            'The final stage has no USER, and its base image "mysql/mysql-server:8.0.13-1.1.8" starts as root: its entrypoint hands the server to the user "mysql"',
        },
      ],
      output:
        'FROM mysql/mysql-server:8.0.13-1.1.8\nADD ./docker/mock-qserv/* /docker-entrypoint-initdb.d/\nUSER mysql\n',
    },
    {
      kind: 'dockerfile',
      name: 'a base that creates its own user but leaves the switch to whoever runs it (CADC cadc-tomcat): root, and that user is the fix',
      text: 'FROM images.opencadc.org/library/cadc-tomcat:1.6\nRUN chmod -R go+rX /etc/tomcat\nCOPY service.war /usr/share/tomcat/webapps/\n',
      findings: [
        {
          line: 1,
          column: 1,
          severity: 'error',
          message:
            'The final stage has no USER, and its base image "images.opencadc.org/library/cadc-tomcat:1.6" runs as root: it creates the user "tomcat" to be run as, but leaves the switch to whoever runs it, so the container runs as root.',
        },
      ],
      output:
        'FROM images.opencadc.org/library/cadc-tomcat:1.6\nRUN chmod -R go+rX /etc/tomcat\nCOPY service.war /usr/share/tomcat/webapps/\nUSER tomcat\n',
    },
    {
      name: 'a container of such an image: said so, no fix (runAsNonRoot alone would stop it); its sidecar gets its own',
      text: `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cache, namespace: x }
spec:
  template:
    spec:
      containers:
        - name: redis
          image: redis:7.4.2
        - name: exporter
          image: ghcr.io/example/redis-exporter:1.67.0
`,
      findings: [
        {
          line: 8,
          column: 11,
          message:
            'Container "redis" starts as root: its image "redis:7.4.2" starts as root and its entrypoint then hands the server to the user "redis", and neither runAsNonRoot: true nor a non-zero runAsUser applies to it. Set runAsUser to the numeric id of "redis" and runAsNonRoot: true in its securityContext',
        },
        { line: 10, column: 11, message: 'in its securityContext' },
      ],
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cache, namespace: x }
spec:
  template:
    spec:
      containers:
        - name: redis
          image: redis:7.4.2
        - name: exporter
          image: ghcr.io/example/redis-exporter:1.67.0
          securityContext:
            runAsNonRoot: true
`,
    },
    {
      kind: 'dockerfile',
      name: 'an image whose user is not known: a warning that says so, never "runs as root"',
      text: 'FROM ghcr.io/example/service-base:3.1\nCOPY app /app\n',
      findings: [
        {
          line: 1,
          column: 1,
          endColumn: 38,
          severity: 'warning',
          message:
            /^The final stage has no USER, so the container runs as the user of its base image "ghcr\.io\/example\/service-base:3\.1", which is not known here .*images\.baseImageUsers/,
        },
      ],
      output: 'FROM ghcr.io/example/service-base:3.1\nCOPY app /app\nUSER 65534\n',
    },
    {
      kind: 'dockerfile',
      name: 'a base image only known at build time: a warning',
      text: 'ARG BASE\nFROM ${BASE}\nCOPY app /app\n',
      findings: [
        {
          line: 2,
          column: 1,
          endColumn: 13,
          severity: 'warning',
          message: '"${BASE}", which is only known at build time',
        },
      ],
      output: 'ARG BASE\nFROM ${BASE}\nCOPY app /app\nUSER 65534\n',
    },
    {
      kind: 'dockerfile',
      name: 'only the tag is a build argument, on an official image that runs as root whatever its tag: an error',
      text: 'ARG PYTHON_TAG\nFROM python:${PYTHON_TAG}\nCOPY app /app\n',
      findings: [
        {
          line: 2,
          column: 1,
          severity: 'error',
          message: 'base image "python:${PYTHON_TAG}" runs as root whatever its tag',
        },
      ],
      output: 'ARG PYTHON_TAG\nFROM python:${PYTHON_TAG}\nCOPY app /app\nUSER 65534\n',
    },
    {
      kind: 'dockerfile',
      name: 'only the tag is a build argument, but the user depends on the tag (distroless nonroot): a warning',
      text: 'ARG TAG\nFROM gcr.io/distroless/static-debian12:$TAG\nCOPY app /app\n',
      findings: [{ line: 2, column: 1, severity: 'warning', message: 'which is only known at build time' }],
      output: 'ARG TAG\nFROM gcr.io/distroless/static-debian12:$TAG\nCOPY app /app\nUSER 65534\n',
    },
    {
      kind: 'dockerfile',
      name: 'FROM scratch runs as uid 0',
      text: 'FROM golang:1.23 AS build\nRUN make\nFROM scratch\nCOPY --from=build /app /app\n',
      findings: [{ line: 3, column: 1, endColumn: 13, severity: 'error', message: 'FROM scratch, which has no users' }],
      output: 'FROM golang:1.23 AS build\nRUN make\nFROM scratch\nCOPY --from=build /app /app\nUSER 65534\n',
    },
    {
      kind: 'dockerfile',
      name: 'distroless without the nonroot tag runs as root; the configuration can say a base runs as root',
      text: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\n',
      findings: [{ line: 1, column: 1, severity: 'error', message: 'runs as root' }],
      output: 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER 65534\n',
    },
    {
      kind: 'dockerfile',
      name: 'the configuration wins over the table',
      text: 'FROM ghcr.io/lsst/scipipe:al9-w_2025_17\nCOPY app /app\n',
      config: {
        images: {
          movingTags: [],
          baseImageUsers: { 'ghcr.io/lsst/scipipe': 'root' },
          developmentOnly: [],
          buildImages: [],
        },
      },
      findings: [
        {
          line: 1,
          column: 1,
          severity: 'error',
          message: 'its base image "ghcr.io/lsst/scipipe:al9-w_2025_17" runs as root',
        },
      ],
      output: 'FROM ghcr.io/lsst/scipipe:al9-w_2025_17\nCOPY app /app\nUSER 65534\n',
    },
    {
      name: 'no securityContext at all: the fix creates the pod one',
      text: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  template:
    spec:
      # the web server
      containers:
        - name: app # main
          image: nginx:1.27
        - name: sidecar
          image: envoy:1.30
`,
      findings: [
        {
          line: 11,
          column: 11,
          endLine: 11,
          endColumn: 20,
          message: 'Container "app" runs as root: its image "nginx:1.27" runs as root, and neither runAsNonRoot',
        },
        { line: 13, column: 11, message: 'Container "sidecar" may run as root: neither runAsNonRoot' },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  template:
    spec:
      # the web server
      containers:
        - name: app # main
          image: nginx:1.27
        - name: sidecar
          image: envoy:1.30
      securityContext:
        runAsNonRoot: true
`,
    },
    {
      name: 'an existing pod securityContext gains the key',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext:
    fsGroup: 2000 # shared volume
  containers:
    - name: app
      image: app:1
`,
      findings: [{ line: 8, column: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext:
    fsGroup: 2000 # shared volume
    runAsNonRoot: true
  containers:
    - name: app
      image: app:1
`,
    },
    {
      name: 'an explicit false on the container is turned around',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext: { runAsNonRoot: true }
  containers:
    - name: app
      image: app:1
      securityContext:
        runAsNonRoot: no
`,
      findings: [{ line: 7, column: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext: { runAsNonRoot: true }
  containers:
    - name: app
      image: app:1
      securityContext:
        runAsNonRoot: true
`,
    },
    {
      name: 'runAsUser: 0 in the pod: one finding there, none again for its containers',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext:
    runAsUser: 0
  containers:
    - name: app
      image: app:1
`,
      findings: [{ line: 6, column: 5, endColumn: 17, message: 'The pod sets runAsUser: 0' }],
    },
    {
      name: 'runAsUser: 0 anywhere',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: app:1
      securityContext:
        runAsUser: 0
`,
      findings: [{ line: 11, column: 9, endColumn: 21, message: 'runAsUser: 0' }],
    },
    {
      name: 'Dockerfile without USER',
      kind: 'dockerfile',
      text: 'FROM python:3.12\nRUN pip install app\nCMD ["app"]\n',
      findings: [{ line: 1, column: 1, endColumn: 17, message: 'no USER' }],
      output: 'FROM python:3.12\nRUN pip install app\nCMD ["app"]\nUSER 65534\n',
    },
    {
      name: 'Dockerfile whose last USER is root',
      kind: 'dockerfile',
      text: 'FROM golang:1.23 AS build\nRUN make\nFROM debian:12\nUSER app\nRUN apt-get update\nUSER 0:0\n',
      findings: [{ line: 6, column: 6, endColumn: 9, message: '"0:0"' }],
      output:
        'FROM golang:1.23 AS build\nRUN make\nFROM debian:12\nUSER app\nRUN apt-get update\nUSER 0:0\nUSER 65534\n',
    },
    {
      name: 'Dockerfile ending in a dangling line continuation: the fix ends it, so USER is not swallowed by RUN',
      kind: 'dockerfile',
      text: 'FROM python:3.12\nRUN pip install app \\\n  \n',
      findings: [{ line: 1, column: 1, endColumn: 17, message: 'no USER' }],
      output: 'FROM python:3.12\nRUN pip install app \nUSER 65534',
    },
    {
      name: 'Dockerfile ending in a chain of lone continuations around a comment',
      kind: 'dockerfile',
      text: 'FROM python:3.12 \\\n  # the base\n  \\\n\n',
      findings: [{ line: 1, column: 1, endColumn: 19, message: 'no USER' }],
      output: 'FROM python:3.12 \n  # the base\nUSER 65534',
    },
    {
      name: 'Dockerfile ending in escapes separated by spaces',
      kind: 'dockerfile',
      text: 'FROM python:3.12 \\ \\\n  ',
      findings: [{ line: 1, column: 1, endColumn: 21, message: 'no USER' }],
      output: 'FROM python:3.12 \nUSER 65534\n  ',
    },
    {
      name: 'Dockerfile ending in a line of escapes separated by spaces after a continuation',
      kind: 'dockerfile',
      text: 'FROM python:3.12 \\\n  \\ \\\n  ',
      findings: [{ line: 1, column: 1, endColumn: 19, message: 'no USER' }],
      output: 'FROM python:3.12 \nUSER 65534',
    },
    {
      name: 'Dockerfile ending in a line continuation with no line after it, with either escape character',
      kind: 'dockerfile',
      text: '# escape=`\nFROM python:3.12\nRUN pip install app `',
      findings: [{ line: 2, column: 1, endColumn: 17, message: 'no USER' }],
      output: '# escape=`\nFROM python:3.12\nRUN pip install app \nUSER 65534',
    },
    {
      name: 'Dockerfile whose last instruction continues onto comment lines: the fix ends the continuation, keeps the comments',
      kind: 'dockerfile',
      text: 'FROM python:3.12 \\\n  # the base\n',
      findings: [{ line: 1, column: 1, endColumn: 19, message: 'no USER' }],
      output: 'FROM python:3.12 \n  # the base\nUSER 65534',
    },
  ],
});
