import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultResolvedConfig } from '../config/load.ts';
import type { Finding } from '../types.ts';
import { checkChartRender, mergeChartFindings } from './chart.ts';

// Shaped like a chart that deploys one Deployment per entry of a values list (a control system's producers).
const template = `{{- range $producer := .Values.producers }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: producer-{{ $producer.name }}
  namespace: love
spec:
  selector: { matchLabels: { app: producer } }
  template:
    metadata: { labels: { app: producer } }
    spec:
      containers:
        - name: {{ $producer.name }}
          image: lsstts/love-producer:7.1.0
{{- end }}
`;

/** What helm prints for these producers: each document of the loop under its `# Source:` line. */
function rendered(names: readonly string[]): string {
  const body = template.split('\n').slice(2, -2).join('\n');
  return names
    .map(
      (name) =>
        `---\n# Source: producers/templates/deployment.yaml\n${body.split('{{ $producer.name }}').join(name)}\n`,
    )
    .join('');
}

function checkRender(names: readonly string[], environment?: string): Finding[] {
  const values = `producers:\n${names.map((name) => `  - name: ${name}\n`).join('')}`;
  const files: Record<string, string> = {
    'producers/templates/deployment.yaml': template,
    'producers/values.yaml': values,
    'producers/Chart.yaml': 'apiVersion: v2\nname: producers\nversion: 1.0.0\n',
  };
  return checkChartRender(
    {
      chart: 'producers',
      rendered: rendered(names),
      valuesFiles: ['producers/values.yaml'],
      releaseNamespace: 'love',
      ...(environment ? { environment } : {}),
    },
    (path) => files[path],
    { config: defaultResolvedConfig() },
  );
}

const runAsNonRoot = (findings: readonly Finding[]) =>
  findings.filter((finding) => finding.rule === 'security/run-as-non-root');

test('what a container rendered in a loop lacks is put on its template line, not on the value that names it', () => {
  const findings = runAsNonRoot(checkRender(['ataos', 'atdome']));
  assert.deepEqual(
    findings.map((finding) => `${finding.file}:${finding.start.line}`),
    ['producers/templates/deployment.yaml:14', 'producers/templates/deployment.yaml:14'],
  );
});

test('the objects a template line renders in a loop are said once, naming the others', () => {
  const names = ['ataos', 'atdome', 'atcamera', 'atmcs', 'atptg', 'atspec', 'athexapod', 'atoods'];
  const [merged, ...rest] = runAsNonRoot(mergeChartFindings(checkRender(names)));
  assert.equal(rest.length, 0);
  assert.equal(
    merged?.message,
    'Container "ataos" may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it. Set runAsNonRoot: true in the pod\'s securityContext (and run as a non-root user in the image). (The same for 7 more containers rendered from this line: "atdome", "atcamera", "atmcs", "atptg", "atspec" and 2 more.)',
  );
  assert.deepEqual(merged?.object, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'producer-ataos',
    namespace: 'love',
    container: 'ataos',
  });
  // Two: both named.
  const [two] = runAsNonRoot(mergeChartFindings(checkRender(['ataos', 'atdome'])));
  assert.match(two?.message ?? '', /\(The same for 1 more container rendered from this line: "atdome"\.\)$/);
});

test('environments that render the same line are merged; what differs beyond the name is not', () => {
  const merged = runAsNonRoot(
    mergeChartFindings([...checkRender(['ataos', 'atdome'], 'base'), ...checkRender(['ataos', 'mtmount'], 'summit')]),
  );
  assert.equal(merged.length, 1);
  assert.deepEqual(merged[0]?.environments, ['base', 'summit']);
  assert.match(
    merged[0]?.message ?? '',
    /\(The same for 2 more containers rendered from this line: "atdome" and "mtmount"\.\)$/,
  );
  // Findings of one environment alone are said as they were.
  const [alone] = runAsNonRoot(mergeChartFindings(checkRender(['ataos'], 'base')));
  assert.doesNotMatch(alone?.message ?? '', /The same for/);
  // The same place with another message (another image's user) stays a finding of its own.
  const root = checkRender(['ataos'], 'base').map((finding) => ({
    ...finding,
    message: finding.message.replace('may run as root', 'runs as root'),
  }));
  assert.equal(runAsNonRoot(mergeChartFindings([...checkRender(['atdome'], 'base'), ...root])).length, 2);
});

// Shaped like a community chart whose objects take their namespace from a values key, through a helper.
const helpers = `{{/* The namespace: the override, else the release's. */}}
{{- define "exporter.namespace" -}}
  {{- if .Values.namespaceOverride -}}
    {{- .Values.namespaceOverride -}}
  {{- else -}}
    {{- .Release.Namespace -}}
  {{- end -}}
{{- end -}}
{{- define "exporter.fullname" -}}{{ .Release.Name }}-exporter{{- end }}
`;
const objectTemplate = (kind: string) =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: {{ include "exporter.fullname" . }}\n  namespace: {{ template "exporter.namespace" . }}\n`;

function checkHelperRender(namespaceOverride: string, releaseNamespace = 'monitoring'): Finding[] {
  const kinds = { 'configmap.yaml': 'ConfigMap', 'serviceaccount.yaml': 'ServiceAccount', 'service.yaml': 'Service' };
  const files: Record<string, string> = {
    'exporter/templates/_helpers.tpl': helpers,
    'exporter/values.yaml': `# Override the namespace\nnamespaceOverride: "${namespaceOverride}"\nexporter: { namespace: default }\n`,
    'exporter/Chart.yaml': 'apiVersion: v2\nname: exporter\nversion: 1.0.0\n',
  };
  let output = '';
  for (const [file, kind] of Object.entries(kinds)) {
    files[`exporter/templates/${file}`] = objectTemplate(kind);
    const namespace = namespaceOverride || releaseNamespace;
    output += `---\n# Source: exporter/templates/${file}\napiVersion: v1\nkind: ${kind}\nmetadata:\n  name: release-exporter\n  namespace: ${namespace}\n`;
  }
  return mergeChartFindings(
    checkChartRender(
      {
        chart: 'exporter',
        rendered: output,
        valuesFiles: ['exporter/values.yaml'],
        releaseNamespace,
        helperFiles: ['exporter/templates/_helpers.tpl'],
      },
      (path) => files[path],
      { config: defaultResolvedConfig() },
    ),
  ).filter((finding) => finding.rule === 'namespace/explicit');
}

test('a namespace a values key gives through a helper is one finding on that key, naming every object it puts there', () => {
  const [finding, ...rest] = checkHelperRender('default');
  assert.deepEqual(rest, []);
  assert.equal(`${finding?.file}:${finding?.start.line}:${finding?.start.column}`, 'exporter/values.yaml:2:20');
  assert.match(finding?.message ?? '', /^ConfigMap "release-exporter" is in "default"/);
  assert.match(
    finding?.message ?? '',
    /\(The same for 2 more objects rendered from this line: ServiceAccount "release-exporter" and Service "release-exporter"\.\)$/,
  );
});

test('a value the helper does not give whole is not taken for the one written: the template line stays', () => {
  // The override is empty: the release namespace is used, and exporter.namespace's "default" is not what the helper reads.
  const findings = checkHelperRender('', 'default');
  assert.ok(findings.length > 0);
  for (const finding of findings) assert.match(finding.file, /^exporter\/templates\//);
});

test('one values line that gives several images their registry is one finding, naming the other images', () => {
  const deployment = (name: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: telemetry\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: "{{ .Values.image.registry }}/${name}:{{ .Values.image.tag }}"\n`;
  const files: Record<string, string> = {
    'collector/values.yaml': 'image:\n  registry: otel\n  tag: v0.10.2\n',
    'collector/Chart.yaml': 'apiVersion: v2\nname: collector\nversion: 1.0.0\n',
  };
  let output = '';
  for (const name of ['relay', 'reducer', 'watcher']) {
    files[`collector/templates/${name}.yaml`] = deployment(name);
    output += `---\n# Source: collector/templates/${name}.yaml\n${deployment(name).replace('{{ .Values.image.registry }}', 'otel').replace('{{ .Values.image.tag }}', 'v0.10.2')}`;
  }
  const findings = mergeChartFindings(
    checkChartRender(
      { chart: 'collector', rendered: output, valuesFiles: ['collector/values.yaml'], releaseNamespace: 'telemetry' },
      (path) => files[path],
      { config: defaultResolvedConfig() },
    ),
  ).filter((finding) => finding.rule === 'image/trusted-source');
  assert.deepEqual(
    findings.map((finding) => `${finding.file}:${finding.start.line}`),
    ['collector/values.yaml:2'],
  );
  assert.match(
    findings[0]?.message ?? '',
    /^Image "otel\/relay:v0\.10\.2" comes from the Docker Hub organisation "otel"/,
  );
  assert.match(
    findings[0]?.message ?? '',
    /\(The same for 2 more images rendered from this line: "otel\/reducer:v0\.10\.2" and "otel\/watcher:v0\.10\.2"\.\)$/,
  );
});

test('a template that dumps the whole context into a field: its unknown keys are one finding, naming the others', () => {
  // Shaped like a chart that wrote `toYaml $` inside `with` where `toYaml .` was meant.
  const template =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: producer\n  namespace: love\nspec:\n  selector: { matchLabels: { app: producer } }\n  template:\n    spec:\n      {{- with .Values.affinity }}\n      affinity:\n        {{- toYaml $ | nindent 8 }}\n      {{- end }}\n      containers:\n        - name: producer\n          image: lsstts/love-producer:7.1.0\n';
  const output =
    '---\n# Source: love/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: producer\n  namespace: love\nspec:\n  selector: { matchLabels: { app: producer } }\n  template:\n    spec:\n      affinity:\n        Capabilities: {}\n        Chart: {}\n        Release: {}\n        Values: {}\n      containers:\n        - name: producer\n          image: lsstts/love-producer:7.1.0\n';
  const files: Record<string, string> = {
    'love/templates/deployment.yaml': template,
    'love/values.yaml': 'affinity: { zone: a }\n',
    'love/Chart.yaml': 'apiVersion: v2\nname: love\nversion: 1.0.0\n',
  };
  const findings = mergeChartFindings(
    checkChartRender(
      { chart: 'love', rendered: output, valuesFiles: ['love/values.yaml'], releaseNamespace: 'love' },
      (path) => files[path],
      { config: defaultResolvedConfig() },
    ),
  ).filter((finding) => finding.rule === 'input/schema');
  assert.equal(findings.length, 1, findings.map((finding) => finding.message).join('\n'));
  assert.match(
    findings[0]?.message ?? '',
    /^Unknown field "Capabilities" in Deployment spec\.template\.spec\.affinity/,
  );
  assert.match(
    findings[0]?.message ?? '',
    /\(The same for 3 more fields rendered from this line: "Chart", "Release" and "Values"\.\)$/,
  );
});

test("a sidecar a helper writes is placed on the helper's values, not on the main container's line", () => {
  // Shaped like Phalanx's applications with a Cloud SQL proxy: the sidecar comes from `include`, beside the main one.
  const template = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: app, namespace: app }',
    'spec:',
    '  selector: { matchLabels: { app: app } }',
    '  template:',
    '    spec:',
    '      securityContext: { runAsNonRoot: true, runAsUser: 1000 }',
    '      containers:',
    '        - name: app',
    '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '          securityContext: { allowPrivilegeEscalation: false }',
    '        {{- include "app.sidecar" . | nindent 8 }}',
    '',
  ].join('\n');
  const helpers =
    '{{- define "app.sidecar" -}}\n- name: proxy\n  image: "{{ .Values.proxy.image.repository }}:{{ .Values.proxy.image.tag }}"\n  securityContext: { allowPrivilegeEscalation: false }\n{{- end }}\n';
  const values =
    'image:\n  repository: ghcr.io/lsst-sqre/app\n  tag: 1.0.0\nproxy:\n  image:\n    repository: gcr.io/cloudsql-docker/gce-proxy\n    tag: 1.38.3\n';
  const files: Record<string, string> = {
    'app/templates/deployment.yaml': template,
    'app/templates/_helpers.tpl': helpers,
    'app/values.yaml': values,
    'app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
  };
  const output = `---\n# Source: app/templates/deployment.yaml\n${template
    .replace('{{ .Values.image.repository }}:{{ .Values.image.tag }}', 'ghcr.io/lsst-sqre/app:1.0.0')
    .replace(
      '        {{- include "app.sidecar" . | nindent 8 }}',
      '        - name: proxy\n          image: "gcr.io/cloudsql-docker/gce-proxy:1.38.3"\n          securityContext: { allowPrivilegeEscalation: false }',
    )}`;
  const findings = mergeChartFindings(
    checkChartRender(
      {
        chart: 'app',
        rendered: output,
        valuesFiles: ['app/values.yaml'],
        releaseNamespace: 'app',
        helperFiles: ['app/templates/_helpers.tpl'],
      },
      (path) => files[path],
      { config: defaultResolvedConfig() },
    ),
  ).filter((finding) => finding.rule === 'image/trusted-source');
  assert.deepEqual(
    findings.map((finding) => [`${finding.file}:${finding.start.line}`, finding.related?.[0]?.start.line]),
    // The proxy's repository line, with the line that includes the helper as its template.
    [['app/values.yaml:6', 13]],
  );
});

test('a pod spec a helper writes whole: its image on the values line, what its container lacks on the include', () => {
  // Shaped like Phalanx's prompt-keda: the Job's spec is a helper's, with blocks before its container.
  const template = [
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: init',
    '  namespace: prompt',
    '{{ include "prompt.init-spec" . }}',
    '',
  ].join('\n');
  const helpers = [
    '{{- define "prompt.init-spec" -}}',
    'spec:',
    '  template:',
    '    metadata:',
    '      {{- with .Values.podAnnotations }}',
    '      annotations: {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '      - image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
    '        name: init',
    '{{- end }}',
    '',
  ].join('\n');
  const files: Record<string, string> = {
    'prompt/templates/job.yaml': template,
    'prompt/templates/_init.tpl': helpers,
    'prompt/values.yaml': 'image:\n  repository: ghcr.io/lsst-dm/prompt-init\n  tag: latest\n',
    'prompt/Chart.yaml': 'apiVersion: v2\nname: prompt\nversion: 1.0.0\n',
  };
  const output =
    '---\n# Source: prompt/templates/job.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: init\n  namespace: prompt\nspec:\n  template:\n    metadata:\n    spec:\n      restartPolicy: Never\n      containers:\n      - image: "ghcr.io/lsst-dm/prompt-init:latest"\n        name: init\n';
  const findings = mergeChartFindings(
    checkChartRender(
      {
        chart: 'prompt',
        rendered: output,
        valuesFiles: ['prompt/values.yaml'],
        releaseNamespace: 'prompt',
        helperFiles: ['prompt/templates/_init.tpl'],
      },
      (path) => files[path],
      { config: defaultResolvedConfig() },
    ),
  );
  const at = (rule: string) =>
    findings.filter((finding) => finding.rule === rule).map((finding) => `${finding.file}:${finding.start.line}`);
  assert.deepEqual(at('image/pinned'), ['prompt/values.yaml:3']);
  assert.deepEqual(at('security/no-privilege-escalation'), ['prompt/templates/job.yaml:6']);
  assert.deepEqual(at('security/run-as-non-root'), ['prompt/templates/job.yaml:6']);
});
