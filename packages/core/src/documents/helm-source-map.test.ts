import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applicationDestinations } from './argo-applications.ts';
import {
  definedTemplates,
  indexValues,
  locateInTemplate,
  locateValue,
  renderedSources,
  sourceAt,
  valuesIn,
} from './helm-source-map.ts';

const template = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'spec:',
  '  template:',
  '    spec:',
  '      securityContext:',
  '        {{- toYaml .Values.podSecurityContext | nindent 8 }}',
  '      containers:',
  '        - name: web',
  '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  '        - name: sidecar',
  '          image: "{{ .Values.sidecar.image }}"',
  '',
].join('\n');

const rendered = [
  '---',
  '# Source: web/templates/service.yaml',
  'apiVersion: v1',
  'kind: Service',
  '---',
  '# Source: web/templates/deployment.yaml',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'spec:',
  '  template:',
  '    spec:',
  '      securityContext:',
  '        runAsUser: 0',
  '      containers:',
  '        - name: web',
  '          image: "registry.example.org/web:latest"',
  '        - name: sidecar',
  '          image: "busybox:1.36"',
  '',
].join('\n');

const base =
  'image:\n  repository: registry.example.org/web\n  tag: "2.4.1"\npodSecurityContext:\n  runAsUser: 0\nsidecar:\n  image: busybox:1.36\n';
const prod = '# production\nimage:\n  tag: latest\n';
const files = [
  { path: 'values.yaml', values: indexValues(base) },
  { path: 'values-prod.yaml', values: indexValues(prod) },
];

function matchAt(offset: number) {
  const source = sourceAt(renderedSources(rendered), offset);
  assert.ok(source);
  return locateInTemplate(template, rendered, source, offset);
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('Helm source maps', () => {
  test('rendered documents are split at their # Source: lines, with the path inside the chart', () => {
    const sources = renderedSources(rendered);
    assert.deepEqual(
      sources.map((source) => [source.chartPath, lineOf(rendered, source.start)]),
      [
        ['templates/service.yaml', 2],
        ['templates/deployment.yaml', 6],
      ],
    );
    const offset = rendered.indexOf('kind: Deployment');
    assert.equal(sourceAt(sources, offset)?.chartPath, 'templates/deployment.yaml');
  });

  test('a rendered line maps to the n-th template line with its key, and its value to the values file that wins', () => {
    const match = matchAt(rendered.indexOf('image: "busybox'));
    assert.equal(lineOf(template, match.range[0]), 12, 'the sidecar image line, not the first image line');
    assert.deepEqual(match.valuesPaths, ['sidecar.image']);
    const value = locateValue(files, match);
    assert.equal(value?.path, 'values.yaml');
    assert.equal(lineOf(base, value?.range[0] ?? 0), 7);
  });

  test('a value an environment overrides is found in that environment file', () => {
    const match = matchAt(rendered.indexOf('image: "registry'));
    assert.equal(lineOf(template, match.range[0]), 10);
    const value = locateValue(files, match);
    assert.equal(value?.path, 'values-prod.yaml');
    assert.equal(lineOf(prod, value?.range[0] ?? 0), 3);
  });

  test('of several values on one line, the one the message quotes is chosen: a tag finding points at the tag', () => {
    const match = matchAt(rendered.indexOf('image: "registry'));
    const defaults = [{ path: 'values.yaml', values: indexValues(base.replace('"2.4.1"', 'latest')) }];
    const tag = locateValue(defaults, match, {
      message: 'Image "registry.example.org/web:latest" uses the moving tag "latest".',
    });
    assert.equal(lineOf(base, tag?.range[0] ?? 0), 3, 'the tag line');
    const registry = locateValue(defaults, match, {
      message: 'Image "registry.example.org/web:latest" comes from registry.example.org.',
    });
    assert.equal(lineOf(base, registry?.range[0] ?? 0), 2, 'no value quoted, no key: the first one read');
  });

  test('of several values on one line, none quoted, the one of the key the rule is about is chosen', () => {
    const match = { ...matchAt(rendered.indexOf('image: "registry')), value: 'registry.example.org/web:2.4.1' };
    const defaults = [{ path: 'values.yaml', values: indexValues(base) }];
    const message = 'Image "registry.example.org/web:2.4.1" has no digest.';
    assert.equal(lineOf(base, locateValue(defaults, match, { message, key: /^tag$/ })?.range[0] ?? 0), 3);
    assert.equal(lineOf(base, locateValue(defaults, match, { message, key: /^repository$/ })?.range[0] ?? 0), 2);
  });

  test('a line rendered from a toYaml block maps to the block and to the key set in the values file', () => {
    const match = matchAt(rendered.indexOf('runAsUser: 0'));
    assert.equal(match.approximate, true);
    assert.equal(lineOf(template, match.range[0]), 7, 'the toYaml line');
    const value = locateValue(files, match);
    assert.equal(value?.path, 'values.yaml');
    assert.equal(lineOf(base, value?.range[0] ?? 0), 5);
  });

  test('values references: dotted paths and index with quoted keys', () => {
    assert.deepEqual(valuesIn('{{ .Values.a.b }} {{ index .Values "my-app" "enabled" }} {{ $.Values.c }}'), [
      'a.b',
      'c',
      'my-app.enabled',
    ]);
  });

  test('a values file with a syntax error indexes to nothing instead of throwing', () => {
    assert.equal(indexValues('a: [\n').size, 0);
  });
});

describe('Argo CD Applications', () => {
  test('the destination namespace of a templated Application, by its source path', () => {
    const text = [
      '{{- if .Values.applications.api -}}',
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata:',
      '  name: "api"',
      'spec:',
      '  destination:',
      '    namespace: "api-ns"',
      '    server: "https://kubernetes.default.svc"',
      '  source:',
      '    path: "applications/api/"',
      '    repoURL: {{ .Values.repoUrl | quote }}',
      '{{- end -}}',
    ].join('\n');
    assert.deepEqual(applicationDestinations(text), [{ path: 'applications/api', namespace: 'api-ns' }]);
  });

  test('a templated namespace is not taken, nor an object of another kind', () => {
    const templated =
      'apiVersion: argoproj.io/v1alpha1\nkind: Application\nspec:\n  destination:\n    namespace: {{ .Values.ns }}\n  source:\n    path: apps/x\n';
    assert.deepEqual(applicationDestinations(templated), []);
    const other =
      'apiVersion: v1\nkind: ConfigMap\nspec:\n  destination:\n    namespace: x\n  source:\n    path: argoproj.io\n';
    assert.deepEqual(applicationDestinations(other), []);
  });
});

describe('definedTemplates', () => {
  test('a body runs to the end that closes its define, past the blocks nested in it; the last definition wins', () => {
    const helpers = [
      '{{/* Shared spec for a Job and a CronJob. {{ end }} in a comment closes nothing */}}',
      '{{- define "app.spec" -}}',
      'spec:',
      '  {{- with .Values.annotations }}',
      '  annotations: {{- toYaml . | nindent 4 }}',
      '  {{- end }}',
      '  {{- if .Values.sidecar }}{{ include "app.sidecar" . }}{{ else }}none{{ end }}',
      '  image: "{{ .Values.image.repository }}"',
      '{{- end }}',
      '{{- define "app.name" -}}first{{- end }}',
      '{{- define "app.name" -}}{{ range .Values.names }}{{ . }}{{ end }}{{- end -}}',
    ].join('\n');
    const defines = definedTemplates([helpers]);
    assert.deepEqual([...defines.keys()], ['app.spec', 'app.name']);
    assert.match(defines.get('app.spec') ?? '', /image: "\{\{ \.Values\.image\.repository \}\}"\n$/);
    assert.equal(defines.get('app.name'), '{{ range .Values.names }}{{ . }}{{ end }}');
  });
});
