import { testRule } from '../testing/rule-tester.ts';
import { imageSupportedBase } from './supported-base.ts';

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

testRule(imageSupportedBase, {
  valid: [
    deployment('python:3.12-slim-bookworm'),
    deployment('node:22-alpine3.22'),
    deployment('debian:12.8-slim'),
    deployment('ubuntu:24.04'),
    deployment('postgres:17.4-bookworm'),
    deployment('registry.example.org/dockerhub/library/alpine:3.22'),
    { name: 'floating tags are not judged', text: deployment('python:3') },
    { name: 'no tag is judged by image/pinned', text: deployment('centos') },
    { name: 'a digest without a tag', text: deployment('centos@sha256:0123456789abcdef') },
    { name: 'images the table does not know', text: deployment('lsstsqre/sciplat-lab:w_2024_10') },
    {
      name: 'the end date itself is still supported',
      text: deployment('debian:11'),
      now: '2026-08-31T12:00:00Z',
    },
    {
      name: 'before the end of life, on a given check date',
      text: deployment('centos:7.9.2009'),
      now: '2024-01-15T00:00:00Z',
    },
    {
      kind: 'dockerfile',
      name: 'a current multi-stage Dockerfile',
      text: `ARG PY=3.12
FROM golang:1.25-bookworm AS build
RUN go build -o /app ./cmd/app
FROM build AS test
FROM python:\${PY}-slim
COPY --from=build /app /usr/local/bin/app
`,
    },
  ],
  invalid: [
    {
      text: deployment('centos:7'),
      findings: [
        {
          line: 11,
          column: 18,
          endLine: 11,
          endColumn: 26,
          severity: 'warning',
          message:
            '"centos:7" is based on CentOS 7, which reached its end of life on 2024-06-30 (checked on 2026-11-27)',
        },
      ],
    },
    {
      name: 'the check date decides',
      text: deployment('ubuntu:20.04'),
      now: '2025-06-01T00:00:00Z',
      findings: [{ line: 11, column: 18, endColumn: 30, message: 'checked on 2025-06-01' }],
    },
    {
      name: 'the distribution named in a runtime tag, through a registry with a port and a digest',
      text: deployment('host:5000/library/python:3.12-slim-buster@sha256:0123456789abcdef'),
      findings: [{ line: 11, column: 18, endColumn: 83, message: 'Debian 10 (buster)' }],
    },
    {
      name: 'trusted organisations are judged by their base too',
      text: deployment('lsstsqre/centos:7-stack-lsst_distrib-w_2024_10'),
      findings: [{ line: 11, column: 18, message: 'CentOS 7' }],
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
            - name: init
              image: node:16-alpine
          containers:
            - name: job
              image: python:3.13
          ephemeralContainers:
            - name: debug
              image: "debian:stretch-slim"
`,
      findings: [
        { line: 12, column: 22, endColumn: 36, message: 'Node.js 16' },
        { line: 18, column: 22, endColumn: 43, message: 'Debian 9 (stretch)' },
      ],
    },
    {
      // Shaped like a service's UWS database image, built on a release candidate years ago.
      kind: 'dockerfile' as const,
      name: "a database past its end of life: PostgreSQL's own, before the distribution's",
      text: 'FROM library/postgres:11-rc1-alpine\nADD ./uws-sql/* /docker-entrypoint-initdb.d/\n',
      findings: [
        { line: 1, column: 6, message: 'is based on PostgreSQL 11, which reached its end of life on 2023-11-09' },
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
      containers: [{ name: a, image: python:2.7 }]
`,
      findings: [{ line: 8, column: 38, endColumn: 48, message: 'Python 2' }],
    },
    {
      name: 'Dockerfile: builder stages count, ARG defaults substituted, --platform',
      kind: 'dockerfile',
      text: `ARG NODE_VERSION=14
FROM --platform=linux/amd64 node:\${NODE_VERSION}-buster AS assets
RUN npm ci && npm run build
FROM nginx:1.27-alpine
COPY --from=assets /src/dist /usr/share/nginx/html
`,
      findings: [{ line: 2, column: 29, endColumn: 56, message: 'Node.js 14 (fermium)' }],
    },
  ],
});
