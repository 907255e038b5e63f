import { testRule } from '../testing/rule-tester.ts';
import { imageTrustedSource } from './trusted-source.ts';

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

const mirror = {
  registries: {
    local: [],
    mirror: 'registry.example.org/dockerhub',
    trustedDockerHubOrganizations: ['lsstsqre', 'lsst'],
  },
};

testRule(imageTrustedSource, {
  valid: [
    deployment('nginx:1.27.2'),
    deployment('library/centos:7'),
    deployment('docker.io/library/postgres:16.4'),
    deployment('index.docker.io/library/redis:7.4'),
    deployment('python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'),
    deployment('lsstsqre/centos:7-stack-lsst_distrib-w_2024_10'),
    deployment('docker.io/lsst/scipipe:w_2024_10'),
    deployment('"LSSTSQRE/sciplat-lab:w_2024_10"'),
    {
      name: 'a configured local registry with a port',
      text: deployment('registry.example.org:5000/team/app:2.1'),
      config: { registries: { local: ['registry.example.org:5000'], trustedDockerHubOrganizations: [] } },
    },
    {
      name: 'a local registry given with a path prefix and a scheme',
      text: deployment('harbor.example.org/lsst/butler:1.4@sha256:0123456789abcdef'),
      config: { registries: { local: ['https://Harbor.example.org/lsst/'], trustedDockerHubOrganizations: [] } },
    },
    {
      name: 'the mirror counts as local',
      text: deployment('registry.example.org/dockerhub/bitnami/redis:7.2'),
      config: mirror,
    },
    {
      name: 'a trusted organisation from the configuration',
      text: deployment('rubin/butler:1.0'),
      config: { registries: { local: [], trustedDockerHubOrganizations: ['rubin'] } },
    },
    {
      name: "the organisation's commissioning images on ghcr.io and Data Management's on Docker Hub",
      text: deployment('ghcr.io/lsst-sitcom/rubin_exp_checker:v1.0'),
    },
    deployment('lsstdm/production_tools:0.0.17'),
    deployment('docker.io/lsstdm/lsst_alert_packet:w.2026.10'),
    { name: "Qserv's images on Docker Hub", text: deployment('qserv/lite-qserv:2024.11.2-rc1') },
    {
      name: "Docker's hardened images, in a manifest and in a multi-stage Dockerfile's source stages",
      text: deployment('dhi.io/python:3.13-debian13'),
    },
    {
      kind: 'dockerfile',
      text: `ARG UV_VERSION="0.10"
FROM dhi.io/uv:\${UV_VERSION} AS uv
FROM dhi.io/bun:1-dev AS bun
FROM python:3.13-slim
COPY --from=uv /usr/local/bin/uv /bin/uv
USER 1000
`,
    },
    {
      name: 'template values that are not image references are left alone',
      text: deployment('"$(IMAGE)"'),
    },
    {
      kind: 'dockerfile',
      name: 'a well-written multi-stage Dockerfile',
      text: `# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12
FROM --platform=$BUILDPLATFORM python:\${PYTHON_VERSION}-slim AS build
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir --prefix=/install .

FROM build AS test
RUN python -m pytest

FROM lsstsqre/centos:7-stack-lsst_distrib-w_2024_10 AS stack
FROM scratch AS empty

FROM python:\${PYTHON_VERSION}-slim
COPY --from=build /install /usr/local
USER 1000
CMD ["python", "-m", "app"]
`,
    },
    { kind: 'dockerfile', name: 'an ARG with no default cannot be judged', text: 'ARG BASE\nFROM ${BASE}\n' },
    {
      name: "the organisation's own GitHub container registry organisations",
      text: `apiVersion: v1
kind: Pod
metadata: { name: p, namespace: x }
spec:
  initContainers:
    - { name: a, image: "ghcr.io/lsst-sqre/gafaelfawr:12.1.0" }
    - { name: b, image: "ghcr.io/lsst-so/rubintv_production:v1.5" }
    - { name: c, image: "ghcr.io/lsst-ts/cycle:c0042" }
  containers:
    - { name: d, image: "GHCR.io/lsst-dm/prompt-service:4.9.0" }
`,
    },
    {
      name: 'the Science Pipelines on ghcr.io, the Telescope and Site Docker Hub organisation and Nexus registry',
      kind: 'dockerfile',
      text: `FROM ghcr.io/lsst/scipipe:al9-w_2025_17 AS stack
FROM lsstts/deploy-env:salobj_v7.1.0 AS deploy
FROM ts-dockerhub.lsst.org/ptkernel:v1.1.0
COPY --from=ghcr.io/lsst-sqre/tools:1.0 /bin/tool /bin/tool
USER 1000
`,
    },
    {
      name: 'a trusted location configured for another organisation',
      text: deployment('registry.gitlab.example.org/survey/app:1.0'),
      config: {
        registries: { local: [], trustedDockerHubOrganizations: [], trusted: ['registry.gitlab.example.org/survey'] },
      },
    },
  ],
  invalid: [
    {
      name: "another GitHub organisation is not the organisation's (ghcr.io/lsst is not a prefix of ghcr.io/lsstx)",
      text: deployment('ghcr.io/lsstx/app:1.0'),
      findings: [
        {
          line: 11,
          column: 18,
          endColumn: 39,
          message:
            /comes from the registry ghcr\.io, .*trusted sources \(lsstsqre, lsst, ghcr\.io\/lsst, .*ts-dockerhub\.lsst\.org, dhi\.io\).*guideline 1\.2\.2.*registries\.trusted/,
        },
      ],
    },
    {
      name: 'a host that only starts like a trusted registry is not it',
      text: deployment('dhi.io.example.org/python:3.13'),
      findings: [{ line: 11, column: 18, endColumn: 48, message: 'comes from the registry dhi.io.example.org' }],
    },
    {
      name: 'a configured list replaces the organisation registries',
      text: deployment('ghcr.io/lsst-sqre/mobu:19.1.1'),
      config: { registries: { local: [], trustedDockerHubOrganizations: [], trusted: [] } },
      findings: [{ line: 11, column: 18, endColumn: 47, message: '(none configured)' }],
    },
    {
      name: 'Dockerfile: an image copied from with COPY --from, and one mounted by RUN --mount',
      kind: 'dockerfile',
      text: `FROM python:3.13-slim
COPY --from=dhi.example/uv:0.10 /uv /bin/uv
RUN --mount=type=bind,from=quay.io/example/tools:2.0,target=/t /t/run
USER 1000
`,
      findings: [
        {
          line: 2,
          column: 13,
          endColumn: 32,
          message: 'Image "dhi.example/uv:0.10" (COPY --from) comes from the registry dhi.example',
        },
        { line: 3, column: 28, endColumn: 53, message: '(RUN --mount) comes from the registry quay.io' },
      ],
    },
    {
      name: 'Dockerfile: a copy of an official image in COPY --from is rewritten to the mirror',
      kind: 'dockerfile',
      config: mirror,
      text: 'FROM python:3.13-slim\nCOPY --from=mirror.gcr.io/library/busybox:1.37 /bin/busybox /bin/busybox\nUSER 1000\n',
      findings: [{ line: 2, column: 13, endColumn: 47 }],
      output:
        'FROM python:3.13-slim\nCOPY --from=registry.example.org/dockerhub/library/busybox:1.37 /bin/busybox /bin/busybox\nUSER 1000\n',
    },
    {
      name: 'another registry',
      text: deployment('quay.io/jupyter/base-notebook:2024-10-07'),
      findings: [
        {
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 58,
          severity: 'error',
          message: 'comes from the registry quay.io, which is neither a local registry',
        },
      ],
    },
    {
      name: 'an untrusted Docker Hub organisation',
      text: deployment('bitnami/redis:7.2'),
      findings: [{ line: 11, column: 18, endColumn: 35, message: 'the Docker Hub organisation "bitnami"' }],
    },
    {
      name: 'a registry on the local network, not configured: a note, not an error',
      text: deployment('lsst-kub001:5000/alert_stream:tag'),
      findings: [
        {
          line: 11,
          column: 18,
          endColumn: 51,
          severity: 'info',
          message: 'comes from lsst-kub001:5000, a registry that only a local network can reach',
        },
      ],
    },
    ...[
      'localhost:5000/app:1',
      '192.168.1.20:5000/app:1',
      '10.0.0.7/app:1',
      'registry.kube-system.svc.cluster.local:5000/app:1',
      'Harbor.Lab.Internal/team/app:1',
      'nexus.home.arpa/app:1',
    ].map((image) => ({
      name: `a registry on the local network: ${image}`,
      text: deployment(image),
      findings: [{ line: 11, column: 18, severity: 'info' as const, message: 'only a local network can reach' }],
    })),
    ...[
      '172.32.0.1:5000/app:1',
      'registry.local.example.org/app:1',
      'internal.example.org/app:1',
      '8.8.8.8:5000/app:1',
    ].map((image) => ({
      name: `a public address is not on the local network: ${image}`,
      text: deployment(image),
      findings: [{ line: 11, column: 18, severity: 'error' as const, message: 'which is neither a local registry' }],
    })),
    {
      kind: 'dockerfile' as const,
      name: 'Dockerfile: a base from a registry on the local network',
      text: 'FROM lab-registry:5000/base/python:3.12\nUSER 1000\n',
      findings: [{ line: 1, column: 6, severity: 'info' as const, message: 'lab-registry:5000, a registry that only' }],
    },
    {
      name: 'another path on a local registry host is not local',
      text: deployment('registry.example.org/other/app:1'),
      config: { registries: { local: ['registry.example.org/lsst'], trustedDockerHubOrganizations: [] } },
      findings: [{ line: 11, column: 18, endColumn: 50 }],
    },
    {
      name: 'a copy of an official image elsewhere, without a mirror: no fix',
      text: deployment('public.ecr.aws/docker/library/python:3.12-slim'),
      findings: [{ line: 11, column: 18, endColumn: 64, message: 'a copy of the Docker Hub official image "python"' }],
    },
    {
      name: 'a copy of an official image, with a mirror: rewritten to the mirror, quotes and digest kept',
      text: deployment('"mirror.gcr.io/library/python:3.12-slim@sha256:0123456789abcdef" # base'),
      config: mirror,
      findings: [{ line: 11, column: 18, endColumn: 82 }],
      output: deployment('"registry.example.org/dockerhub/library/python:3.12-slim@sha256:0123456789abcdef" # base'),
    },
    {
      name: 'an untrusted image is never rewritten to the mirror',
      text: deployment('bitnami/redis:7.2'),
      config: mirror,
      findings: [{ line: 11, column: 18, endColumn: 35 }],
    },
    {
      name: 'init and ephemeral containers of a CronJob',
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
            - name: fetch
              image: ghcr.io/example/fetch:1.0
          containers:
            - name: job
              image: lsstsqre/job:1.0
          ephemeralContainers:
            - name: debug
              image: nicolaka/netshoot:v0.13
`,
      findings: [
        { line: 12, column: 22, endColumn: 47, message: '"ghcr.io/example/fetch:1.0"' },
        { line: 18, column: 22, endColumn: 45, message: '"nicolaka"' },
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
      containers: [{ name: a, image: "gcr.io/distroless/base:nonroot" }]
`,
      findings: [{ line: 8, column: 38, endColumn: 70 }],
    },
    {
      name: 'Dockerfile: ARG default, --platform, build stage by name',
      kind: 'dockerfile',
      text: `ARG BASE=quay.io/centos/centos:stream9
FROM --platform=linux/amd64 \${BASE} AS build
RUN dnf install -y --setopt=install_weak_deps=False gcc && dnf clean all
FROM build
USER 1000
`,
      findings: [{ line: 2, column: 29, endColumn: 36, message: '"quay.io/centos/centos:stream9"' }],
    },
    {
      name: 'Dockerfile: an ARG default that is a copy of an official image is fixed in the ARG',
      kind: 'dockerfile',
      config: mirror,
      text: `ARG BASE="public.ecr.aws/docker/library/debian:12-slim"
FROM \${BASE}
USER 1000
`,
      findings: [{ line: 2, column: 6, endColumn: 13 }],
      output: `ARG BASE="registry.example.org/dockerhub/library/debian:12-slim"
FROM \${BASE}
USER 1000
`,
    },
    {
      name: 'Dockerfile: a variable tag keeps the variable',
      kind: 'dockerfile',
      config: mirror,
      text: 'ARG PY=3.12\nFROM mirror.gcr.io/library/python:${PY}-slim AS build\nFROM gcr.io/distroless/python3:nonroot\n',
      findings: [
        { line: 2, column: 6, endColumn: 45 },
        { line: 3, column: 6, endColumn: 39 },
      ],
      output:
        'ARG PY=3.12\nFROM registry.example.org/dockerhub/library/python:${PY}-slim AS build\nFROM gcr.io/distroless/python3:nonroot\n',
    },
  ],
});
