import { testRule } from '../testing/rule-tester.ts';
import { containerSinglePurpose } from './single-purpose.ts';

const pod = (container: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: web
spec:
  containers:
    - name: app
      image: registry.example.org/web/app:1.4
${container}`;

testRule(containerSinglePurpose, {
  valid: [
    {
      kind: 'dockerfile',
      name: 'one service, started in the foreground',
      text: `FROM nginx:1.27-alpine
RUN apk add --no-cache curl
COPY nginx.conf /etc/nginx/nginx.conf
CMD ["nginx", "-g", "daemon off;"]
`,
    },
    {
      kind: 'dockerfile',
      name: 'client tools of other services, and a builder stage with a test database',
      text: `FROM python:3.12-slim AS test
RUN apt-get update && apt-get install -y --no-install-recommends postgresql redis-server && rm -rf /var/lib/apt/lists/*
RUN service postgresql start && service redis-server start && pytest

FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client redis-tools tini && rm -rf /var/lib/apt/lists/*
ENTRYPOINT ["tini", "--"]
CMD ["sh", "-c", "python manage.py migrate && exec gunicorn app.wsgi --bind 0.0.0.0:8000"]
`,
    },
    {
      kind: 'dockerfile',
      name: 'a process waited on in the background for signal handling',
      text: `FROM debian:12-slim
CMD app --serve & pid=$!; trap 'kill -TERM $pid' TERM; wait $pid
`,
    },
    {
      kind: 'dockerfile',
      name: 'one service started, its log followed',
      text: 'FROM debian:12-slim\nCMD service nginx start && tail -f /var/log/nginx/access.log\n',
    },
    pod(`      command: ["/bin/sh", "-c"]
      args:
        - |
          python manage.py migrate
          exec gunicorn app.wsgi --workers 4
`),
    pod(`      args: ["--port", "8080", "--log-level", "info"]
`),
    {
      name: 'init containers and debug containers end; they are not services',
      text: `apiVersion: batch/v1
kind: CronJob
metadata: { name: backup, namespace: db }
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: wait
              image: busybox:1.36
              command: ["sh", "-c", "service a start && service b start"]
          containers:
            - name: dump
              image: postgres:16.4
              command: ["pg_dump", "--dbname=$(DATABASE_URL)", "--file=/backup/db.sql"]
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
              command: ["sh", "-c", "nc -l -p 9000 & top"]
`,
    },
  ],
  invalid: [
    {
      kind: 'dockerfile',
      name: 'two services and a supervisor in the final stage',
      text: `FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends \\
      postgresql-16 \\
      redis-server \\
      supervisor \\
    && rm -rf /var/lib/apt/lists/*
COPY supervisord.conf /etc/supervisor/conf.d/app.conf
CMD ["/usr/bin/supervisord", "-n"]
`,
      findings: [
        {
          line: 4,
          column: 7,
          endLine: 4,
          endColumn: 19,
          severity: 'warning',
          message: /installs 2 services: PostgreSQL \("postgresql-16"\), Redis \("redis-server"\)/,
        },
        { line: 5, column: 7, endColumn: 17, message: 'Supervisor, a process supervisor' },
        { line: 8, column: 7, endColumn: 27, message: 'The container\'s process is "/usr/bin/supervisord"' },
      ],
    },
    {
      kind: 'dockerfile',
      name: 'services started with service ... start, in a stage built on another by name',
      text: `FROM debian:12-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends mariadb-server nginx && rm -rf /var/lib/apt/lists/*
FROM base
CMD service mariadb start && service nginx start && tail -f /dev/null
`,
      findings: [
        { line: 2, column: 81, endColumn: 86, message: 'MySQL/MariaDB ("mariadb-server"), nginx ("nginx")' },
        {
          line: 4,
          column: 30,
          endColumn: 49,
          message: 'starts 2 long-running processes in one container: mariadb (service start), nginx (service start)',
        },
      ],
    },
    {
      kind: 'dockerfile',
      name: 'a background job and an exec-form shell script, with a heredoc install',
      text: `FROM alpine:3.22
RUN <<EOF
apk add --no-cache redis
apk add --no-cache memcached
EOF
ENTRYPOINT ["/bin/sh", "-c", "redis-server --daemonize no & exec node server.js"]
`,
      findings: [
        { line: 4, column: 20, endColumn: 29, message: 'Redis ("redis")' },
        { line: 6, column: 61, endColumn: 80, message: 'redis-server (in the background), node' },
      ],
    },
    {
      name: 'manifest: services started in a shell command, in a Deployment',
      text: `apiVersion: apps/v1
kind: Deployment
metadata: { name: legacy, namespace: web }
spec:
  template:
    spec:
      containers:
        - name: all-in-one
          image: registry.example.org/web/legacy:2.0
          command: ["bash", "-c", "service postgresql start && service rabbitmq-server start && python worker.py"]
`,
      findings: [
        {
          line: 10,
          column: 64,
          endColumn: 93,
          message:
            'starts 3 long-running processes in one container: postgresql (service start), rabbitmq-server (service start), python',
        },
      ],
    },
    {
      name: 'manifest: a background job in a block scalar, and supervisord as the command',
      text: pod(`      command:
        - /bin/sh
        - -ec
        - |
          celery -A app worker &
          exec gunicorn app.wsgi
    - name: sidecar
      image: registry.example.org/web/helpers:1.0
      command: [supervisord, -c, /etc/supervisord.conf]
`),
      findings: [
        { line: 15, column: 11, endColumn: 33, message: 'celery (in the background), gunicorn' },
        { line: 18, column: 17, endColumn: 28, message: '"supervisord" (Supervisor)' },
      ],
    },
    {
      name: 'manifest: args without a command when they start a shell; a native sidecar; a List',
      text: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: { name: cache, namespace: web }
    spec:
      initContainers:
        - name: proxy
          image: registry.example.org/web/proxy:1.0
          restartPolicy: Always
          command: ["/init"]
      containers:
        - name: cache
          image: busybox:1.36
          args: ["sh", "-c", "memcached -u nobody & redis-server"]
`,
      findings: [
        { line: 12, column: 22, endColumn: 27, message: 's6' },
        { line: 16, column: 53, endColumn: 65, message: 'memcached (in the background), redis-server' },
      ],
    },
  ],
});
