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
  ],
  invalid: [
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
