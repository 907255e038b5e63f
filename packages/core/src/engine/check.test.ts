import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultResolvedConfig, mergeConfig } from '../config/load.ts';
import type { Finding } from '../types.ts';
import { type CheckOptions, checkText, detectDocumentKind, fixText } from './check.ts';

const now = new Date('2026-11-27T12:00:00Z');
const config = defaultResolvedConfig();

function check(text: string, path = 'manifest.yaml', options: Partial<CheckOptions> = {}) {
  return checkText({ path, text }, { config, now, ...options });
}

const at = (finding: Finding) => `${finding.start.line}:${finding.start.column} ${finding.rule}`;
const rulesOf = (findings: Finding[]) => findings.filter((finding) => !finding.suppression).map(at);

const goodPod = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: science
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
      image: lsstsqre/app:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
      securityContext:
        allowPrivilegeEscalation: false
`;

describe('document kinds', () => {
  test('are told by the file name', () => {
    assert.equal(detectDocumentKind('deploy/web.yaml'), 'manifest');
    assert.equal(detectDocumentKind('a.YML'), 'manifest');
    for (const name of ['Dockerfile', 'x/Dockerfile.prod', 'api.Dockerfile', 'Containerfile']) {
      assert.equal(detectDocumentKind(name), 'dockerfile', name);
    }
    assert.equal(detectDocumentKind('README.md'), undefined);
  });
});

describe('input/invalid', () => {
  test('a syntax error in one document leaves the others checked', () => {
    const text = `${goodPod('a')}---\nkind: Pod\nmetadata: { name: [ }\n---\n${goodPod('c').replace('runAsNonRoot: true', 'runAsNonRoot: false')}`;
    const findings = rulesOf(check(text).findings);
    assert.ok(
      findings.some((finding) => finding.endsWith('input/invalid') && finding.startsWith('16:')),
      findings.join('\n'),
    );
    assert.ok(
      findings.some((finding) => finding.endsWith('security/run-as-non-root')),
      findings.join('\n'),
    );
  });

  test('a tab used for indentation says so, at its line', () => {
    const [finding] = check('apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n').findings;
    assert.equal(finding?.rule, 'input/invalid');
    assert.equal(finding?.start.line, 4);
    assert.match(finding?.message ?? '', /only spaces/);
  });

  test('duplicate keys are reported where the second one stands', () => {
    const findings = check(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: y }\ndata:\n  a: 1\n  a: 2\n',
    ).findings;
    assert.deepEqual(rulesOf(findings), ['6:3 input/invalid']);
    assert.match(findings[0]?.message ?? '', /the key "a" appears twice in one mapping \(the first is 1 line above\)/);
    assert.match(findings[0]?.message ?? '', /Kubernetes would keep only the last one/);
  });

  test('a key repeated deep in a container, quoted the second time, is named with how far above it first stands', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web, namespace: team }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          image: nginx:1.27',
      '          resources: { limits: { cpu: 1 } }',
      '          "image": nginx:1.28',
      '',
    ].join('\n');
    const findings = check(text).findings;
    assert.deepEqual(rulesOf(findings), ['11:11 input/invalid']);
    assert.match(
      findings[0]?.message ?? '',
      /the key "image" appears twice in one mapping \(the first is 2 lines above\)/,
    );
  });

  test('an object without apiVersion or kind is named at its first line', () => {
    const findings = check(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a, namespace: b }\n---\nmetadata:\n  name: b\nkind: Secret\n',
    ).findings;
    assert.deepEqual(rulesOf(findings), ['5:1 input/invalid']);
    assert.match(findings[0]?.message ?? '', /no apiVersion/);
  });

  test('an alias bomb is bounded and reported, not expanded', () => {
    const lines = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: x, namespace: y }',
      'data:',
      '  a: &a ["lol"]',
    ];
    for (let index = 0; index < 200; index++) lines.push(`  k${index}: &k${index} [*a, *a, *a, *a, *a, *a, *a, *a]`);
    const findings = check(`${lines.join('\n')}\n`).findings;
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /aliases.*maxAliasCount/);
  });

  test('a binary file is one finding', () => {
    const findings = check('\u0000\u0001ELF', 'x.yaml').findings;
    assert.deepEqual(rulesOf(findings), ['1:1 input/invalid']);
    assert.match(findings[0]?.message ?? '', /binary/);
  });

  test('empty files and YAML that is not Kubernetes are left alone', () => {
    assert.deepEqual(check('').findings, []);
    assert.deepEqual(check('---\n# only a comment\n').findings, []);
    const workflow = check('name: ci\non: [push]\njobs: {}\n', '.github/workflows/ci.yaml');
    assert.deepEqual(workflow.findings, []);
    assert.match(workflow.skipped ?? '', /not a Kubernetes manifest/);
  });

  test("a program's own documents in the shape of Kubernetes objects are not judged as such", () => {
    // Campaign documents of a workflow service: a custom group, kinds in lower case, no CRD.
    const campaign = [
      'apiVersion: io.example.campaigns/v1',
      'kind: campaign',
      'metadata:',
      '  name: smoketest',
      'spec: {}',
      '---',
      'apiVersion: io.example.campaigns/v1',
      'kind: node',
      'metadata:',
      '  kind: step',
      '  name: STEP',
      '  namespace: b7047eb6-5e22-5b5e-86a7-41b3e216e898',
      '---',
      'apiversion: io.example.campaigns/v1',
      'kind: schedule',
      'spec:',
      '  cron: 0 12 * * *',
      '',
    ].join('\n');
    const skipped = check(campaign, 'integration/smoketest.yaml');
    assert.deepEqual(skipped.findings, []);
    assert.match(skipped.skipped ?? '', /kind starts in lower case/);

    // Beside a Kubernetes object, only the object is judged.
    const mixed = check(`${campaign}---\n${goodPod('web').replace(/ {2}namespace: [^\n]*\n/, '')}`);
    assert.equal(mixed.skipped, undefined);
    assert.ok(mixed.findings.length > 0);
    // The document without apiVersion is a mistake in a file of Kubernetes objects (there, `apiversion` is a typo).
    assert.deepEqual(mixed.findings.filter((finding) => finding.start.line <= 20).map(at), ['14:1 input/invalid']);
    assert.ok(mixed.findings.some((finding) => finding.rule === 'namespace/explicit'));

    // A file the configuration names as manifests is taken at its word.
    const strict = mergeConfig(config, { manifests: ['integration/*.yaml'] });
    const named = checkText({ path: 'integration/smoketest.yaml', text: campaign }, { config: strict, now });
    assert.equal(named.skipped, undefined);
    assert.ok(
      named.findings.some((finding) => finding.rule === 'namespace/explicit' && finding.start.line === 3),
      named.findings.map(at).join('\n'),
    );

    // A built-in group's kind in lower case is a mistake to report, and so is a custom kind its CRD defines.
    const lowerDeployment = check('apiVersion: apps/v1\nkind: deployment\nmetadata:\n  name: web\n  namespace: web\n');
    assert.equal(lowerDeployment.skipped, undefined);
    assert.ok(lowerDeployment.findings.length > 0, 'kind: deployment is reported');
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: campaigns.io.example.campaigns',
      'spec:',
      '  group: io.example.campaigns',
      '  scope: Namespaced',
      '  names: {plural: campaigns, singular: campaign, kind: campaign}',
      '  versions:',
      '    - name: v1',
      '      served: true',
      '      storage: true',
      '      schema:',
      '        openAPIV3Schema:',
      '          type: object',
      '          properties:',
      '            spec:',
      '              type: object',
      '              properties:',
      '                size: {type: integer}',
      '---',
      'apiVersion: io.example.campaigns/v1',
      'kind: campaign',
      'metadata:',
      '  name: smoketest',
      '  namespace: campaigns',
      'spec:',
      '  size: large',
      '',
    ].join('\n');
    const defined = check(crd);
    assert.ok(
      defined.findings.some((finding) => finding.rule === 'input/schema' && finding.start.line === 28),
      defined.findings.map(at).join('\n'),
    );
  });

  test('a file the configuration names in `manifests` is checked strictly, never skipped', () => {
    const strict = mergeConfig(config, { manifests: ['deploy/**/*.yaml', 'app.yml'] });
    const typo = 'apiVresion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n';
    const named = checkText({ path: 'repo/deploy/prod/web.yaml', text: typo }, { config: strict, now });
    assert.equal(named.skipped, undefined);
    assert.ok(
      named.findings.some((finding) => finding.rule === 'input/invalid' && /apiVersion/.test(finding.message)),
      named.findings.map((finding) => finding.message).join('\n'),
    );
    const bare = checkText({ path: '/abs/x/app.yml', text: 'replicas: 2\n' }, { config: strict, now });
    assert.deepEqual(rulesOf(bare.findings), ['1:1 input/invalid']);
    // Outside the globs, the same text is not a manifest and is skipped quietly.
    const other = checkText({ path: 'repo/ci/web.yaml', text: typo }, { config: strict, now });
    assert.match(other.skipped ?? '', /not a Kubernetes manifest/);
    assert.deepEqual(other.findings, []);
  });

  test('a Helm template is reported once as not checkable', () => {
    const result = check(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "x.fullname" . }}\n  labels:\n    {{- toYaml .Values.labels | nindent 4 }}\n',
    );
    assert.equal(result.findings.length, 1);
    assert.match(result.notCheckable ?? '', /Helm/);
    assert.equal(result.findings[0]?.start.line, 4);
  });

  test("a chart's values, with Helm actions in its strings, are another tool's YAML, not a broken manifest", () => {
    // Shaped like the values a deployment repository hands to helm for a vendor chart.
    const values =
      'master:\n  image: "jenkins/jenkins"\n  sidecars:\n    other:\n    # - name: smee\n    #   args: ["--port", "{{ .Values.master.servicePort }}"]\n  ingress:\n    hostName: "{{ .Values.host }}"\n';
    const result = check(values, 'tf/charts/jenkins.yaml');
    assert.match(result.skipped ?? '', /not a Kubernetes manifest/);
    assert.equal(result.notCheckable, undefined);
    assert.deepEqual(result.findings, []);
  });

  test('a Helm action in a comment line is not the syntax of the file', () => {
    const result = check(`apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: web }
# Rendered by the chart as: port: {{ .Values.service.port }}
data:
  port: "8080"
`);
    assert.equal(result.notCheckable, undefined);
    assert.deepEqual(rulesOf(result.findings), []);
    const real = check('apiVersion: v1\nkind: ConfigMap\n# {{ .Values.x }}\nmetadata:\n  name: {{ .Values.name }}\n');
    assert.match(real.notCheckable ?? '', /Helm/);
    assert.equal(real.findings[0]?.start.line, 5);
  });

  test('Go templates inside values (alerting rules) are not Helm', () => {
    const result = check(`apiVersion: v1
kind: ConfigMap
metadata: { name: alerts, namespace: monitoring }
data:
  rules.yaml: |
    summary: "{{ $labels.instance }} is down"
`);
    assert.equal(result.notCheckable, undefined);
    assert.deepEqual(rulesOf(result.findings), []);
  });

  test("another tool's YAML, which names no apiVersion and kind, is skipped without being read, broken or not", () => {
    // Shaped like a summit service's column configuration: half a megabyte of it in a real repository.
    const columns =
      'version: 1.1.0\ncolumns:\n- name: rms_jitter\n  function_args: {"degree": 4}\n  ivoa: {"unit":"\\"\\"", "ucd":"stat.rms"}\n';
    for (const text of [columns, `${columns}  broken: [unclosed\n`]) {
      const result = check(text, 'python/config/config_lsstcam.yaml');
      assert.match(result.skipped ?? '', /not a Kubernetes manifest/);
      assert.deepEqual(result.findings, []);
    }
  });

  describe('JSON files', () => {
    // Shaped like a header service's playback data: thousands of small JSON records beside its manifests.
    const record = JSON.stringify({ DATE: '2023-11-20T10:11:12', EXPTIME: 15, IMGTYPE: 'OBJECT', FILTER: 'r_03' });

    test('data that is no Kubernetes object is skipped, as YAML reading would have skipped it', () => {
      for (const text of [
        record,
        `[${record}, ${record}]`,
        `\n  ${JSON.stringify({ spec: { kind: 'x' } }, null, 2)}\n`,
      ]) {
        const result = check(text, 'etc/playback/lib/TS_C_20231120_000080.json');
        // A comment first makes the same data YAML only: the YAML reader decides it as JSON.parse did.
        assert.match(result.skipped ?? '', /not a Kubernetes manifest/);
        assert.equal(check(`# the same data\n${text}`, 'etc/record.yaml').skipped, result.skipped);
        assert.deepEqual(result.findings, []);
      }
    });

    test('an object naming apiVersion or kind, or a List, is checked as any manifest', () => {
      const pod = JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'x' },
        spec: { containers: [{ name: 'a', image: 'nginx:1.27.0' }] },
      });
      const checked = check(pod, 'deploy/pod.json');
      assert.equal(checked.skipped, undefined);
      assert.ok(rulesOf(checked.findings).some((found) => found.endsWith('security/run-as-non-root')));
      const list = check(
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [JSON.parse(pod)] }),
        'deploy/list.json',
      );
      assert.equal(list.skipped, undefined);
    });
  });

  describe('a manifest written as a template for a program to render (Jinja, Go text/template)', () => {
    // Shaped like a batch service's job template: placeholders where values go, a loop over volumes.
    const jobTemplate = `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ name }}
  namespace: {{ namespace }}
spec:
  template:
    metadata:
      labels:
        jobId: "{{ jobId }}"
    spec:
      securityContext:
        runAsUser: {{ securityContext['runAsUser'] }}
      volumes:
      {%- for volume in volumes %}
        - name: {{ volume.name }}
      {%- endfor %}
      containers:
        - name: job
          image: {{ image.repository }}:{{ image.tag }}
`;

    for (const yamlReader of ['fast', 'yaml'] as const) {
      test(`is one note at its first placeholder, not a syntax error (${yamlReader} reader)`, () => {
        const result = check(jobTemplate, 'server/job.tpl.yaml', { yamlReader });
        assert.deepEqual(result.findings.map(at), ['4:9 input/invalid']);
        assert.equal(result.findings[0]?.severity, 'info');
        assert.match(result.findings[0]?.message ?? '', /looks like a template.*"\{\{ … \}\}" placeholder/);
        assert.match(result.notCheckable ?? '', /template/);
      });
    }

    test('that reads as YAML is not judged either: a placeholder reads as a mapping keyed by a mapping', () => {
      const result = check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ name }}\n  namespace: {{ ns }}\n');
      assert.deepEqual(result.findings.map(at), ['4:9 input/invalid']);
      assert.equal(result.findings[0]?.severity, 'info');
    });

    test('a tag is named as a tag', () => {
      const result = check(
        'apiVersion: v1\nkind: List\nitems:\n{% for name in names %}\n  - kind: ConfigMap\n{% endfor %}\n',
      );
      assert.deepEqual(result.findings.map(at), ['4:1 input/invalid']);
      assert.match(result.findings[0]?.message ?? '', /"\{% … %\}" tag/);
    });

    test('templates inside strings and block scalars leave the manifest checked, and its own errors reported', () => {
      const quoted = `apiVersion: v1
kind: ConfigMap
metadata: { name: notebook-template, namespace: nublado }
data:
  # rendered by the spawner: {{ user }}
  pod.yaml: |
    metadata:
      name: {{ user }}
    {% if gpu %}
  title: "{{ user }}'s lab"
`;
      const checked = check(quoted);
      assert.equal(checked.notCheckable, undefined);
      assert.deepEqual(rulesOf(checked.findings), []);
      const broken = check(`${quoted}  other: [unclosed\n`);
      assert.equal(broken.notCheckable, undefined);
      assert.deepEqual(rulesOf(broken.findings), ['12:1 input/invalid']);
      assert.equal(broken.findings[0]?.severity, 'error');
    });
  });

  test('Dockerfiles: unknown instructions and unclosed heredocs', () => {
    const findings = check('FROM debian:12\nRUNN apt-get update\nRUN <<EOF\necho hi\n', 'Dockerfile').findings;
    const invalid = findings.filter((finding) => finding.rule === 'input/invalid');
    assert.deepEqual(invalid.map(at), ['2:1 input/invalid', '3:5 input/invalid']);
    assert.match(invalid[0]?.message ?? '', /Unknown Dockerfile instruction "RUNN"/);
    assert.match(invalid[1]?.message ?? '', /never closed/);
    // Named as written, by both readers of Dockerfiles.
    for (const dockerfileReader of ['fast', 'dockerfile-ast'] as const) {
      const lower = check('FROM debian:12\nrunn apt-get update\n', 'Dockerfile', { dockerfileReader }).findings;
      const unknown = lower.find((finding) => finding.rule === 'input/invalid');
      assert.match(unknown?.message ?? '', /Unknown Dockerfile instruction "runn"/, dockerfileReader);
    }
  });
});

describe('reading as Kubernetes does', () => {
  test('YAML 1.1 booleans: runAsNonRoot: yes is true, on is true', () => {
    const text = goodPod('p')
      .replace('runAsNonRoot: true', 'runAsNonRoot: yes')
      .replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: off');
    assert.deepEqual(rulesOf(check(text).findings), []);
  });

  test('List objects are expanded into their items', () => {
    const item = goodPod('in-list').replace('runAsNonRoot: true', 'runAsNonRoot: false');
    const indented = item
      .trimEnd()
      .split('\n')
      .map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`))
      .join('\n');
    const findings = rulesOf(check(`apiVersion: v1\nkind: List\nitems:\n${indented}\n`).findings);
    assert.ok(findings.includes('13:11 security/run-as-non-root'), findings.join('\n'));
  });
});

describe('suppressions', () => {
  const unpinned = goodPod('p').replace(/image: .*/, 'image: busybox');

  test('a comment with a reason suppresses the next node, and is kept with its reason', () => {
    const text = unpinned.replace(
      '    - name: app',
      '    # lsst-ignore image/pinned -- vendor test image\n    - name: app',
    );
    const findings = check(text).findings;
    const pinned = findings.find((finding) => finding.rule === 'image/pinned');
    assert.deepEqual(pinned?.suppression, { kind: 'inline', reason: 'vendor test image' });
    assert.deepEqual(rulesOf(findings), []);
  });

  test('without a reason it still suppresses but is reported', () => {
    const text = unpinned.replace('    - name: app', '    # lsst-ignore image/pinned\n    - name: app');
    assert.deepEqual(rulesOf(check(text).findings), ['10:5 input/suppression']);
  });

  test('past its until date it no longer suppresses and is an error', () => {
    const text = unpinned.replace(
      '    - name: app',
      '    # lsst-ignore image/pinned -- waiting on upstream until 2026-01-31\n    - name: app',
    );
    const findings = check(text).findings.filter((finding) => !finding.suppression);
    assert.deepEqual(findings.map(at), ['10:5 input/suppression', '12:14 image/pinned']);
    assert.equal(findings[0]?.severity, 'error');
  });

  test('an unknown rule name is reported with a suggestion', () => {
    const text = unpinned.replace('    - name: app', '    # lsst-ignore image/pined -- typo\n    - name: app');
    const findings = check(text).findings.filter((finding) => finding.rule === 'input/suppression');
    assert.match(findings[0]?.message ?? '', /image\/pinned/);
  });

  test('a rule the configuration marks as not suppressible cannot be silenced', () => {
    const strict = mergeConfig(defaultResolvedConfig(), {
      rules: { 'image/pinned': { severity: 'error', suppressible: false } },
    } as never);
    const text = unpinned.replace('    - name: app', '    # lsst-ignore image/pinned -- please\n    - name: app');
    const findings = checkText({ path: 'm.yaml', text }, { config: strict, now }).findings;
    assert.deepEqual(rulesOf(findings), ['10:5 input/suppression', '12:14 image/pinned']);
  });

  test('lsst-ignore-file covers its own YAML document only', () => {
    const text = `# lsst-ignore-file image/pinned -- demo images\n${unpinned}---\n${unpinned}`;
    const findings = check(text).findings;
    assert.equal(findings.filter((finding) => finding.rule === 'image/pinned' && finding.suppression).length, 1);
    assert.equal(rulesOf(findings).filter((finding) => finding.endsWith('image/pinned')).length, 1);
  });

  test('lsst-ignore-file at the end of a document with a syntax error covers that document, not the next', () => {
    // The stray line stops the reading of the first document on its second line.
    const broken = `# service 4\n stray words\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: broken, namespace: science }\n# lsst-ignore-file image/pinned -- demo images\n`;
    const text = `${broken}---\n${unpinned}`;
    const findings = check(text).findings;
    assert.ok(findings.some((finding) => finding.rule === 'input/invalid'));
    assert.deepEqual(
      findings.filter((finding) => finding.rule === 'image/pinned').map((finding) => finding.suppression),
      [undefined],
    );
  });

  test('annotations: on the object, and scoped to one container', () => {
    const annotated = unpinned.replace(
      '  namespace: science\n',
      '  namespace: science\n  annotations:\n    lsst.io/ignore.app: "image/pinned -- upstream chart"\n',
    );
    const findings = check(annotated).findings.find((finding) => finding.rule === 'image/pinned');
    assert.equal(findings?.suppression?.kind, 'annotation');
    const other = annotated.replace('lsst.io/ignore.app', 'lsst.io/ignore.sidecar');
    assert.deepEqual(rulesOf(check(other).findings), ['13:14 image/pinned']);
  });

  test("a container's annotation covers that container of its own object only", () => {
    const annotated = unpinned.replace(
      '  namespace: science\n',
      '  namespace: science\n  annotations:\n    lsst.io/ignore.app: "image/pinned -- upstream chart"\n',
    );
    const findings = check(`${annotated}---\n${unpinned.replace('name: p', 'name: q')}`).findings;
    const pinned = findings.filter((finding) => finding.rule === 'image/pinned');
    assert.deepEqual(
      pinned.map((finding) => [finding.object?.name, finding.suppression?.kind]),
      [
        ['p', 'annotation'],
        ['q', undefined],
      ],
    );
  });

  test('configuration exemptions match by kind, namespace and name, with expiry', () => {
    const exempt = (until: string) =>
      mergeConfig(defaultResolvedConfig(), {
        exemptions: [{ rule: 'image/pinned', kind: 'Pod', namespace: 'science', name: 'p', reason: 'vendor', until }],
      } as never);
    const active = checkText({ path: 'm.yaml', text: unpinned }, { config: exempt('2027-01-01'), now }).findings;
    assert.equal(active.find((finding) => finding.rule === 'image/pinned')?.suppression?.kind, 'configuration');
    const expired = checkText({ path: 'm.yaml', text: unpinned }, { config: exempt('2026-01-01'), now }).findings;
    assert.deepEqual(rulesOf(expired), ['11:14 image/pinned']);
  });

  test('in a Dockerfile a comment suppresses the next instruction', () => {
    const text =
      'FROM python:3.12-slim\n# lsst-ignore security/run-as-non-root -- init container needs root\nUSER root\n';
    const findings = check(text, 'Dockerfile').findings;
    assert.equal(findings.find((finding) => finding.rule === 'security/run-as-non-root')?.suppression?.kind, 'inline');
  });
});

describe('configuration', () => {
  test('severity overrides and off', () => {
    const unpinned = goodPod('p').replace(/image: .*/, 'image: busybox');
    const relaxed = mergeConfig(defaultResolvedConfig(), {
      rules: { 'image/pinned': { severity: 'warning' } },
    } as never);
    const findings = checkText({ path: 'm.yaml', text: unpinned }, { config: relaxed, now }).findings;
    assert.equal(findings.find((finding) => finding.rule === 'image/pinned')?.severity, 'warning');
    const off = mergeConfig(defaultResolvedConfig(), { rules: { 'image/pinned': { severity: 'off' } } } as never);
    assert.deepEqual(checkText({ path: 'm.yaml', text: unpinned }, { config: off, now }).findings, []);
  });
});

describe('development-only Dockerfiles (images.developmentOnly)', () => {
  const devContainer = `FROM mcr.microsoft.com/devcontainers/python:1-3.12
RUN apt-get update && apt-get install -y gcc make postgresql redis-server
COPY --from=ghcr.io/astral-sh/uv:latest /uv /usr/local/bin/uv
RUN curl -LsSf https://tools.example.org/install.sh | sh
`;
  const production = { targets: ['prod'] };

  test('skip the rules about the running container and its versions; what still applies is a note', () => {
    for (const path of [
      '.devcontainer/Dockerfile',
      'services/api/.devcontainer/Dockerfile',
      '/home/me/repo/.devcontainer/Dockerfile',
      // The image a repository's CI runs its test suite in.
      'docker/Dockerfile.pytest',
      'Dockerfile.test',
      'ci/tests.Dockerfile',
    ]) {
      const findings = check(devContainer, path, production).findings;
      assert.deepEqual(
        rulesOf(findings),
        ['1:6 image/trusted-source', '3:13 image/trusted-source', '4:5 image/verified-downloads'],
        path,
      );
      for (const finding of findings) {
        assert.equal(finding.severity, 'info', path);
        assert.match(
          finding.message,
          /\(A note: this Dockerfile builds a development-only image \(images\.developmentOnly\)/,
        );
      }
      assert.match(
        findings[1]?.message ?? '',
        /^Image "ghcr\.io\/astral-sh\/uv:latest" \(COPY --from\) comes from the registry ghcr\.io/,
      );
    }
  });

  test('the same file elsewhere is a runtime image', () => {
    // Nor does a name that only contains "test", or names the testing cluster's image.
    for (const path of ['Dockerfile.testing', 'docker/Dockerfile.latest', 'contest.Dockerfile']) {
      const findings = check(devContainer, path, production).findings;
      assert.ok(
        findings.some((finding) => finding.rule === 'security/run-as-non-root'),
        path,
      );
    }
    const findings = check(devContainer, 'Dockerfile', production).findings;
    const rules = new Set(findings.map((finding) => finding.rule));
    assert.ok(findings.some((finding) => finding.rule === 'image/trusted-source' && finding.severity === 'error'));
    assert.ok(
      findings.some((finding) => finding.rule === 'image/verified-downloads' && finding.severity === 'warning'),
    );
    for (const rule of [
      'security/run-as-non-root',
      'container/no-build-tools',
      'container/single-purpose',
      'container/minimal-packages',
      'image/local-registry',
      'image/pinned',
    ]) {
      assert.ok(rules.has(rule), rule);
    }
  });

  test('the globs come from the configuration', () => {
    const custom = mergeConfig(defaultResolvedConfig(), { images: { developmentOnly: ['dev/*.Dockerfile'] } } as never);
    const checkWith = (path: string) => checkText({ path, text: devContainer }, { config: custom, now }).findings;
    assert.ok(!checkWith('dev/tools.Dockerfile').some((finding) => finding.rule === 'security/run-as-non-root'));
    assert.ok(checkWith('.devcontainer/Dockerfile').some((finding) => finding.rule === 'security/run-as-non-root'));
  });
});

describe('images made for building software (images.buildImages)', () => {
  // Shaped like a conda package builder: compilers are what it is for, but it is still an image of the organisation.
  const builder = `FROM almalinux:9
RUN dnf install -y gcc gcc-c++ make git
USER 1000
CMD ["/bin/bash"]
`;
  const rulesFound = (path: string, config = defaultResolvedConfig()) =>
    new Set(checkText({ path, text: builder }, { config, now }).findings.map((finding) => finding.rule));

  test('skip container/no-build-tools only, in folders and files named for building', () => {
    for (const path of [
      'build/conda_builder/Dockerfile',
      'conda_package_builder/Dockerfile',
      'develop-env/light/Dockerfile',
      'images/dev-env/Dockerfile',
      'ci/wheel-builder.Dockerfile',
      'docker/Dockerfile.builder',
    ]) {
      const rules = rulesFound(path);
      assert.ok(!rules.has('container/no-build-tools'), path);
      assert.ok(rules.has('container/minimal-packages'), `${path}: the other rules still apply`);
    }
  });

  test('a service image, or a builder stage inside one, is still judged', () => {
    assert.ok(rulesFound('services/api/Dockerfile').has('container/no-build-tools'));
    assert.ok(rulesFound('Dockerfile').has('container/no-build-tools'));
    assert.ok(rulesFound('rebuild-api/Dockerfile').has('container/no-build-tools'), 'not a builder by a near name');
  });

  test('[] judges every Dockerfile, and the globs come from the configuration', () => {
    const none = mergeConfig(defaultResolvedConfig(), { images: { buildImages: [] } } as never);
    assert.ok(rulesFound('build/conda_builder/Dockerfile', none).has('container/no-build-tools'));
    const own = mergeConfig(defaultResolvedConfig(), { images: { buildImages: ['toolchains/**'] } } as never);
    assert.ok(!rulesFound('toolchains/gcc/Dockerfile', own).has('container/no-build-tools'));
    assert.ok(rulesFound('build/conda_builder/Dockerfile', own).has('container/no-build-tools'));
  });
});

describe('fixes', () => {
  test('every fix of a file applied at once keeps comments, and a second check finds nothing fixable', () => {
    const text = `# Team web service
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the public site
  namespace: web
spec:
  template:
    spec:
      containers:
        # serves the site
        - name: app
          image: nginx:1.27.2
        - name: metrics
          image: prom/nginx-exporter:1.3.0
`;
    const fixed = fixText({ path: 'web.yaml', text }, { config, now });
    assert.ok(fixed.applied >= 3);
    assert.ok(fixed.text.includes('# Team web service') && fixed.text.includes('name: web # the public site'));
    assert.ok(fixed.text.includes('        # serves the site\n        - name: app\n'));
    const second = check(fixed.text);
    assert.deepEqual(second.findings.filter((finding) => finding.fix).map(at), []);
    assert.deepEqual(second.findings.filter((finding) => finding.rule === 'input/invalid').map(at), []);
  });

  test('a misspelt key is renamed by the fix, never left beside the key the fix adds', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: web }
spec:
  securityContex: # the misspelt one
    fsGroup: 2000
  containers:
    - name: app
      image: nginx:1.27.2
      securityContex:
        readOnlyRootFilesystem: true
`;
    const fixed = fixText({ path: 'web.yaml', text }, { config, now });
    assert.equal(
      fixed.text,
      `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: web }
spec:
  securityContext: # the misspelt one
    fsGroup: 2000
    runAsNonRoot: true
  containers:
    - name: app
      image: nginx:1.27.2
      securityContext:
        readOnlyRootFilesystem: true
        allowPrivilegeEscalation: false
`,
    );
    assert.deepEqual(
      fixed.result.findings.map((finding) => finding.rule),
      [],
    );
  });

  test('a misspelt key the fix would set is left to the rename the schema check offers', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: { name: web, namespace: web }
spec:
  securityContext:
    runAsNonRot: true
  containers:
    - name: app
      image: nginx:1.27.2
      securityContext: { allowPrivilegeEscalation: false }
`;
    const findings = check(text).findings;
    const nonRoot = findings.find((finding) => finding.rule === 'security/run-as-non-root');
    assert.ok(nonRoot, 'the pod does not run as non-root');
    assert.equal(nonRoot.fix, undefined, 'no runAsNonRoot added beside runAsNonRot');
    const fixed = fixText({ path: 'web.yaml', text }, { config, now });
    assert.equal(fixed.text.match(/runAsNonR/g)?.length, 1, fixed.text);
  });
});

describe('limits found before parsing', () => {
  test('brackets nested far past maxDepth are refused at once, with the limit named', () => {
    const depth = 5000;
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: y }\ndata:\n  a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const findings = check(text).findings;
    assert.deepEqual(rulesOf(findings), ['5:206 input/invalid']);
    assert.match(findings[0]?.message ?? '', /maxDepth/);
  });

  test('ordinary flow collections are not affected', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: ns }\ndata:\n  a: '${'['.repeat(50)}${']'.repeat(50)}'\n  b: "{ {} }"\n`;
    assert.deepEqual(rulesOf(check(text).findings), []);
  });
});

describe('kustomize patches (kustomizePatch)', () => {
  const patch = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: qserv-worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: qserv/lite-qserv:latest
          securityContext:
            privileged: true
`;

  test('what a patch lacks is not reported: the object it patches may have it', () => {
    const rules = (options: Partial<CheckOptions>) =>
      [...new Set(check(patch, 'dev/worker.yaml', options).findings.map((finding) => finding.rule))].sort();
    const asResource = rules({});
    for (const rule of ['namespace/explicit', 'security/run-as-non-root', 'input/schema']) {
      assert.ok(asResource.includes(rule), `${rule} as a resource: ${asResource.join(', ')}`);
    }
    const asPatch = check(patch, 'dev/worker.yaml', { kustomizePatch: true }).findings;
    const messages = asPatch.map((finding) => `${finding.rule}: ${finding.message.slice(0, 60)}`);
    assert.ok(
      !asPatch.some((finding) =>
        ['namespace/explicit', 'security/run-as-non-root', 'input/schema'].includes(finding.rule),
      ),
      messages.join('\n'),
    );
    assert.ok(
      !asPatch.some((finding) => finding.message.includes('does not set allowPrivilegeEscalation')),
      messages.join('\n'),
    );
    // What it sets is judged: the image it puts in, and privileged: true.
    assert.ok(
      asPatch.some((finding) => finding.rule === 'image/pinned'),
      messages.join('\n'),
    );
    assert.ok(
      asPatch.some(
        (finding) => finding.rule === 'security/no-privilege-escalation' && finding.message.includes('privileged'),
      ),
      messages.join('\n'),
    );
  });

  test("a strategic merge patch's directives are not unknown fields; a misspelt field beside them still is", () => {
    // Shaped like a deployment repository's overlay that swaps a secret volume for a claim.
    const swap = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: rucio-daemons-reaper
spec:
  template:
    spec:
      $setElementOrder/volumes:
        - name: ca-volume
      volumes:
        - name: ca-volume
          secret:
            $patch: delete
          persistentVolumeClaim:
            claimName: grid-certificates-pvc
            readonly: true
`;
    const schemaFindings = (options: Partial<CheckOptions>) =>
      check(swap, 'overlays/dev/patch-certificates.yaml', options)
        .findings.map((finding) => /^Unknown field "([^"]+)"/.exec(finding.message)?.[1])
        .filter((field) => field !== undefined);
    assert.deepEqual(schemaFindings({ kustomizePatch: true }), ['readonly']);
    assert.deepEqual(schemaFindings({}), ['$setElementOrder/volumes', '$patch', 'readonly']);
  });
});

describe('data of kustomize generators (kustomizeData)', () => {
  // A program's settings in the shape of a Kubernetes object, which a configMapGenerator puts in a ConfigMap.
  const config = `apiVersion: settings.example.org/v1
kind: ServerSettings
metadata:
  name: server
listen: :8081
`;

  test('is skipped, naming the kustomization; a file the configuration names as a manifest is still checked', () => {
    const result = check(config, 'config/manager/settings.yaml', {
      kustomizeData: 'kustomization.yaml',
    });
    assert.deepEqual(result.findings, []);
    assert.equal(
      result.skipped,
      'not a Kubernetes manifest (the data of a ConfigMap or Secret that kustomization.yaml generates)',
    );
    assert.ok(check(config, 'config/manager/settings.yaml').findings.length > 0);
    const named = mergeConfig(defaultResolvedConfig(), { manifests: ['config/**'] } as never);
    const checked = checkText(
      { path: 'config/manager/settings.yaml', text: config },
      { config: named, now, kustomizeData: 'kustomization.yaml' },
    );
    assert.equal(checked.skipped, undefined);
  });
});
