import { testRule } from '../testing/rule-tester.ts';
import { imageLocalRegistry } from './local-registry.ts';

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

const registries = {
  registries: {
    local: ['registry.example.org:5000'],
    mirror: 'registry.example.org/dockerhub',
    trustedDockerHubOrganizations: ['lsstsqre', 'lsst'],
  },
};

testRule(imageLocalRegistry, {
  valid: [
    { name: 'off for the default development target', text: deployment('nginx:1.27.2') },
    {
      name: 'off for development and testing targets',
      text: deployment('quay.io/org/app:1'),
      targets: ['dev', 'test'],
    },
    {
      name: 'a local registry with a port',
      text: deployment('registry.example.org:5000/team/app:2.1@sha256:0123456789abcdef'),
      targets: ['prod'],
      config: registries,
    },
    {
      name: 'the mirror',
      text: deployment('registry.example.org/dockerhub/library/nginx:1.27.2'),
      targets: ['preprod', 'prod'],
      config: registries,
    },
    {
      name: 'a registry on the local network is local by its address (image/trusted-source notes it)',
      text: deployment('lsst-kub001:5000/alert_stream:1.0@sha256:0123456789abcdef'),
      targets: ['prod'],
    },
    {
      kind: 'dockerfile',
      name: 'Dockerfile: stages and scratch are not images',
      text: 'FROM registry.example.org:5000/base/go:1.23 AS build\nFROM scratch\nCOPY --from=build /app /app\n',
      targets: ['prod'],
      config: registries,
    },
  ],
  invalid: [
    {
      name: 'no local registry configured: one finding naming the protected clusters',
      text: deployment('nginx:1.27.2'),
      targets: ['dev', 'preprod', 'prod'],
      findings: [
        {
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 30,
          severity: 'error',
          clusters: ['preprod', 'prod'],
          message: /not from a local registry, on preprod, prod \(production\/pre-production\).*registries\.local/,
        },
      ],
    },
    {
      name: 'an official image is rewritten to the mirror',
      text: deployment('postgres:16.4 # database'),
      targets: ['prod'],
      config: registries,
      findings: [{ line: 11, column: 18, endColumn: 31, clusters: ['prod'], message: 'through the local mirror' }],
      output: deployment('registry.example.org/dockerhub/library/postgres:16.4 # database'),
    },
    {
      name: 'a trusted organisation, quoted, with a digest',
      text: deployment("'lsstsqre/centos:7-stack@sha256:0123456789abcdef'"),
      targets: ['prod'],
      config: registries,
      findings: [{ line: 11, column: 18, endColumn: 67 }],
      output: deployment("'registry.example.org/dockerhub/lsstsqre/centos:7-stack@sha256:0123456789abcdef'"),
    },
    {
      name: 'docker.io spelled out',
      text: deployment('docker.io/library/redis:7.4'),
      targets: ['prod'],
      config: registries,
      findings: [{ line: 11, column: 18, endColumn: 45 }],
      output: deployment('registry.example.org/dockerhub/library/redis:7.4'),
    },
    {
      name: 'an unvetted image is not rewritten: the message names the local registries',
      text: deployment('quay.io/org/app:1'),
      targets: ['prod'],
      config: registries,
      findings: [
        { line: 11, column: 18, endColumn: 35, message: 'registry.example.org:5000, registry.example.org/dockerhub' },
      ],
    },
    {
      name: 'init and ephemeral containers of a CronJob',
      targets: ['prod'],
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
              image: quay.io/org/x:1
          containers:
            - name: job
              image: registry.example.org:5000/jobs/nightly:3
          ephemeralContainers:
            - name: debug
              image: busybox:1.36
`,
      config: registries,
      findings: [
        { line: 12, column: 22, endColumn: 37, message: 'pulled from quay.io' },
        { line: 18, column: 22, endColumn: 34, message: 'pulled from docker.io' },
      ],
      output: `apiVersion: batch/v1
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
              image: quay.io/org/x:1
          containers:
            - name: job
              image: registry.example.org:5000/jobs/nightly:3
          ephemeralContainers:
            - name: debug
              image: registry.example.org/dockerhub/library/busybox:1.36
`,
    },
    {
      name: 'items of a List',
      targets: ['preprod'],
      text: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: { name: a, namespace: x }
    spec:
      containers: [{ name: a, image: "gcr.io/distroless/base:nonroot" }]
`,
      findings: [{ line: 8, column: 38, endColumn: 70, clusters: ['preprod'] }],
    },
    {
      name: 'Dockerfile: every FROM, ARG default fixed in the ARG, platform flag',
      kind: 'dockerfile',
      targets: ['prod'],
      config: registries,
      text: `ARG GO=golang:1.23
FROM --platform=$BUILDPLATFORM \${GO} AS build
RUN go build -o /app ./cmd/app
FROM gcr.io/distroless/static:nonroot
COPY --from=build /app /app
`,
      findings: [
        { line: 2, column: 32, endColumn: 37 },
        { line: 4, column: 6, endColumn: 38, message: 'pulled from gcr.io' },
      ],
      output: `ARG GO=registry.example.org/dockerhub/library/golang:1.23
FROM --platform=$BUILDPLATFORM \${GO} AS build
RUN go build -o /app ./cmd/app
FROM gcr.io/distroless/static:nonroot
COPY --from=build /app /app
`,
    },
  ],
});
