import { testRule } from '../testing/rule-tester.ts';
import { imagePinned } from './pinned.ts';

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${image}
`;

testRule(imagePinned, {
  valid: [
    deployment('nginx:1.27.2'),
    deployment('registry.example.org:5000/team/app:2.1'),
    deployment('nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
    {
      name: 'digest on a production target',
      text: deployment('nginx:1.27@sha256:0123456789abcdef'),
      targets: ['prod'],
    },
    { name: 'a tag is enough on development', text: deployment('lsstsqre/centos:7-stack'), targets: ['dev', 'test'] },
    {
      name: 'scratch and build stages are not images',
      kind: 'dockerfile',
      text: 'FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /app /app\nFROM build\n',
    },
    { name: 'FROM with an ARG default', kind: 'dockerfile', text: 'ARG BASE=python:3.12-slim\nFROM ${BASE}\n' },
    { name: 'an ARG with no default cannot be judged', kind: 'dockerfile', text: 'ARG BASE\nFROM ${BASE}\n' },
    {
      name: 'a dated weekly of the Science Pipelines is fixed, unlike w_latest',
      kind: 'dockerfile',
      text: 'FROM ghcr.io/lsst/scipipe:al9-w_2025_17\nUSER lsst\n',
    },
    {
      name: "an official image's version with its variant, an operating system's code name, another publisher's variant tag",
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - { name: a, image: "nginx:1.27.2-alpine" }
    - { name: b, image: "debian:bookworm-slim" }
    - { name: c, image: "ubuntu:noble" }
    - { name: d, image: "lsstts/robot:alma" }
`,
    },
    {
      name: 'version tags that merely contain a moving word are fixed',
      text: deployment('ghcr.io/lsst-sqre/nightlydigest:1.4.0-main.3'),
    },
    {
      name: 'COPY --from and RUN --mount=from name build stages by name and number here',
      kind: 'dockerfile',
      text: `FROM python:3.13-slim AS build
RUN pip wheel --no-cache-dir --wheel-dir /wheels .
FROM python:3.13-slim
COPY --from=build /wheels /wheels
COPY --from=0 /etc/passwd /tmp/passwd
RUN --mount=type=bind,from=build,source=/wheels,target=/mnt pip install --no-cache-dir /mnt/*.whl
`,
    },
    {
      name: 'a moving tag that the configuration leaves out',
      text: deployment('ghcr.io/lsst-sqre/app:main'),
      config: { images: { movingTags: ['latest'], baseImageUsers: {}, developmentOnly: [], buildImages: [] } },
    },
  ],
  invalid: [
    {
      name: 'an official image tagged by its variant alone is the newest release in that variant',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - { name: a, image: "nginx:alpine" }
    - { name: b, image: "docker.io/library/python:slim-bookworm" }
    - { name: c, image: "node:lts" }
`,
      findings: [
        {
          line: 6,
          column: 25,
          endColumn: 39,
          message: 'uses the moving tag "alpine": the newest release of nginx in that variant, moved with each release',
        },
        { line: 7, column: 25, message: '"slim-bookworm": the newest release of python in that variant' },
        { line: 8, column: 25, message: '"node:lts" uses the moving tag "lts"' },
      ],
    },
    {
      name: 'a branch tag moves with every merge',
      text: deployment('ghcr.io/lsst-sqre/mobu:main'),
      findings: [
        {
          line: 11,
          column: 18,
          endColumn: 45,
          severity: 'error',
          message: 'uses the moving tag "main": the build of a branch, pushed again with every merge',
        },
      ],
    },
    {
      name: "the Science Pipelines' rolling tags, also inside a longer tag",
      kind: 'dockerfile',
      text: `ARG STACK_TAG=d_latest
FROM ghcr.io/lsst/scipipe:\${STACK_TAG} AS stack
FROM lsstsqre/centos:7-stack-lsst_distrib-w_latest
USER lsst
`,
      findings: [
        { line: 2, column: 6, endColumn: 39, message: '"d_latest": the newest daily build of the Science Pipelines' },
        { line: 3, column: 6, endColumn: 51, message: '"7-stack-lsst_distrib-w_latest": the newest build of a line' },
      ],
    },
    {
      name: 'nightly, edge and a configured glob',
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  containers:
    - { name: a, image: "example/a:nightly" }
    - { name: b, image: "example/b:edge" }
    - { name: c, image: "example/c:1.2-snapshot" }
`,
      config: {
        images: {
          movingTags: ['nightly', 'edge', '*-snapshot'],
          baseImageUsers: {},
          developmentOnly: [],
          buildImages: [],
        },
      },
      findings: [
        { line: 6, column: 25, message: 'rebuilt every night' },
        { line: 7, column: 25, message: 'the newest build of the default branch' },
        { line: 8, column: 25, message: '"1.2-snapshot": a tag that is moved to newer builds' },
      ],
    },
    {
      name: 'COPY --from and RUN --mount=from pull images too',
      kind: 'dockerfile',
      text: `ARG UV_IMAGE=ghcr.io/astral-sh/uv:latest
FROM python:3.13-slim
COPY --from=ghcr.io/astral-sh/uv /uv /bin/uv
COPY --chown=app --from=\${UV_IMAGE} /uvx /bin/uvx
RUN --mount=type=cache,target=/root/.cache \\
    --mount=type=bind,from=example/tools:nightly,source=/bin,target=/tools \\
    /tools/setup
USER 1000
`,
      findings: [
        { line: 3, column: 13, endColumn: 33, message: 'Image "ghcr.io/astral-sh/uv" (COPY --from) has no tag' },
        {
          line: 4,
          column: 25,
          endColumn: 36,
          message: 'Image "ghcr.io/astral-sh/uv:latest" (COPY --from) uses the moving tag "latest"',
        },
        { line: 6, column: 28, endColumn: 49, message: 'Image "example/tools:nightly" (RUN --mount)' },
      ],
    },
    {
      text: deployment('nginx'),
      findings: [{ line: 11, column: 18, endLine: 11, endColumn: 23, severity: 'error', message: 'has no tag' }],
    },
    {
      text: deployment('registry.example.org:5000/team/app'),
      findings: [{ line: 11, column: 18, endColumn: 52, message: 'has no tag' }],
    },
    {
      text: deployment('busybox:latest'),
      findings: [{ line: 11, column: 18, message: '"latest"' }],
    },
    {
      name: 'init and ephemeral containers, CronJob',
      text: `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly, namespace: jobs }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
            - name: init
              image: busybox
          containers:
            - name: job
              image: "lsstsqre/job:1.0"
          ephemeralContainers:
            - name: debug
              image: debian:latest
`,
      findings: [
        { line: 12, column: 22, message: '"busybox" has no tag' },
        { line: 18, column: 22, message: '"latest"' },
      ],
    },
    {
      name: 'items of a List',
      text: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: { name: a, namespace: x }
    spec:
      containers: [{ name: a, image: centos }]
`,
      findings: [{ line: 8, column: 38, endColumn: 44 }],
    },
    {
      name: 'no digest on production, named per cluster',
      text: deployment('nginx:1.27.2'),
      targets: ['dev', 'preprod', 'prod'],
      findings: [{ line: 11, column: 18, severity: 'warning', clusters: ['preprod', 'prod'], message: 'no digest' }],
    },
    {
      name: 'Dockerfile FROM with platform, registry port and ARG',
      kind: 'dockerfile',
      text: 'ARG BASE=host:5000/base\nFROM --platform=linux/amd64 ${BASE} AS build\nFROM debian:latest\n',
      findings: [
        { line: 2, column: 29, endColumn: 36, message: '"host:5000/base" has no tag' },
        { line: 3, column: 6, endColumn: 19, message: '"latest"' },
      ],
    },
  ],
});
