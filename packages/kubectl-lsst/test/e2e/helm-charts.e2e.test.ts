// Helm charts through the real helm binary (scripts/setup-helm.mjs extracts it from a devDependency):
// a fixture repository laid out like a GitOps repository (applications/<app>/ charts with
// values-<env>.yaml, environments/ with an Argo CD Application, non-manifest YAML beside them).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import type { JsonFinding } from '@lsst-kube/core';
import { runInProcess, testEnv } from '../check-support.ts';

const fixture = new URL('../fixtures/gitops', import.meta.url).pathname;
const helm = process.env.LSST_TEST_HELM;

function repository(): string {
  assert.ok(helm, 'LSST_TEST_HELM names the test helm: run through scripts/run-tests.mjs');
  const folder = mkdtempSync(join(tmpdir(), 'lsst-gitops-'));
  cpSync(fixture, folder, { recursive: true });
  return folder;
}

function write(folder: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
}

const appDeployment = (image: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: {{ .Release.Name }}',
    '  namespace: apps',
    'spec:',
    '  template:',
    '    spec:',
    '      automountServiceAccountToken: false',
    '      securityContext: { runAsNonRoot: true, runAsUser: 1000 }',
    '      containers:',
    '        - name: app',
    `          image: ${image}`,
    '          securityContext: { allowPrivilegeEscalation: false }',
    // At the end, so that the lines the findings point at stay where they are.
    '    metadata: { labels: { app: app } }',
    '  selector: { matchLabels: { app: app } }',
    '',
  ].join('\n');

function envWithHelm(folder: string): Record<string, string | undefined> {
  const env = testEnv(folder);
  env.PATH = `${dirname(helm ?? '')}:${env.PATH ?? ''}`;
  return env;
}

interface Located {
  rule: string;
  at: string;
  template?: string;
  environments?: string[];
}

function located(stdout: string): Located[] {
  const report = JSON.parse(stdout) as { results: { path: string; findings: JsonFinding[] }[] };
  return report.results.flatMap((result) =>
    result.findings.map((finding) => {
      const entry: Located = { rule: finding.rule, at: `${result.path}:${finding.line}` };
      const template = finding.related?.find((related) => related.message === 'template');
      if (template) entry.template = `${template.path}:${template.line}`;
      if (finding.environments) entry.environments = finding.environments;
      return entry;
    }),
  );
}

describe('check of Helm charts (real helm)', () => {
  test('every chart is rendered per environment and each finding names its values file, template and environments', async () => {
    const folder = repository();
    const run = await runInProcess(['check', '.', '--format', 'json', '--verbose'], folder, '', envWithHelm(folder));
    assert.equal(run.exitCode, 1, run.stderr);
    const findings = located(run.stdout);
    assert.deepEqual(findings, [
      {
        rule: 'input/invalid',
        at: 'applications/broken/Chart.yaml:2',
      },
      {
        rule: 'image/pinned',
        at: 'applications/web/values-prod.yaml:4',
        template: 'applications/web/templates/deployment.yaml:22',
        environments: ['prod'],
      },
      {
        rule: 'namespace/explicit',
        at: 'applications/worker/Chart.yaml:2',
        environments: ['dev', 'prod'],
      },
      {
        rule: 'network/public-exposure',
        at: 'applications/worker/values-prod.yaml:4',
        template: 'applications/worker/charts/cache/templates/service.yaml:6',
        environments: ['prod'],
      },
      {
        rule: 'security/run-as-non-root',
        at: 'applications/worker/values.yaml:5',
        template: 'applications/worker/templates/deployment.yaml:20',
        environments: ['dev', 'prod'],
      },
      // An Argo CD Application: a custom kind whose CRD is not among the files, said once.
      {
        rule: 'input/schema',
        at: 'environments/templates/api-application.yaml:2',
        environments: ['dev', 'prod'],
      },
    ]);
    // The port request it suggests names no file: the rendered text is not one request-port could annotate.
    const exposure = (JSON.parse(run.stdout) as { results: { findings: JsonFinding[] }[] }).results
      .flatMap((result) => result.findings)
      .find((finding) => finding.rule === 'network/public-exposure');
    assert.match(
      exposure?.message ?? '',
      /`kubectl lsst request-port worker-cache --port 6379 --type LoadBalancer --reason "\.\.\."`/,
    );
    assert.doesNotMatch(exposure?.message ?? '', / -f |rendered/);
    // The render failure carries helm's own words; the chart that failed did not stop the others.
    assert.match(run.stdout, /config\.databaseUrl must be set/);
    // Non-manifest YAML is skipped quietly, listed with --verbose.
    for (const skipped of ['docs/grafana/provisioning.yaml', 'ci/pipeline.yaml', 'ci/jinja-template.yaml']) {
      assert.match(run.stderr, new RegExp(`skipped ${skipped.replaceAll('.', '\\.')}`));
    }
    assert.match(run.stderr, /rendered 5 chart\(s\) in 8 render\(s\) with helm v3\./);
  });

  test('suppressions in values files and templates: comments above the line, rendered or not; a bad one is reported', async () => {
    const folder = repository();
    const edit = (path: string, find: string, insert: string) => {
      const file = join(folder, path);
      const text = readFileSync(file, 'utf8');
      assert.ok(text.includes(find), `${path} has ${find}`);
      writeFileSync(file, text.replace(find, `${insert}\n${find}`));
    };
    // Above the values line the finding points at.
    edit(
      'applications/web/values-prod.yaml',
      '  tag: latest',
      '  # lsst-ignore image/pinned -- rolled by the release job',
    );
    // A template comment, which helm drops from the render, above the template line.
    edit(
      'applications/worker/templates/deployment.yaml',
      '            runAsUser:',
      '            {{/* lsst-ignore security/run-as-non-root -- the queue needs root until 2099-01-01 */}}',
    );
    // A YAML comment in a subchart's template, which passes into the render.
    edit(
      'applications/worker/charts/cache/templates/service.yaml',
      '  type:',
      '  # lsst-ignore network/public-exposure -- the cache is reached from the campus network',
    );
    // A misspelt rule in a template comment is reported on the template.
    edit(
      'applications/api/templates/deployment.yaml',
      '          image:',
      '          {{/* lsst-ignore image/pined -- typo */}}',
    );
    const run = await runInProcess(
      ['check', 'applications', '--format', 'json', '--show-suppressed'],
      folder,
      '',
      envWithHelm(folder),
    );
    const report = JSON.parse(run.stdout) as { results: { path: string; findings: JsonFinding[] }[] };
    const all = report.results.flatMap((result) =>
      result.findings.map((finding) => ({ ...finding, path: result.path })),
    );
    const unsuppressed = all
      .filter((finding) => !finding.suppression)
      .map((finding) => `${finding.rule} ${finding.path}:${finding.line}`);
    assert.deepEqual(unsuppressed.sort(), [
      'input/invalid applications/broken/Chart.yaml:2',
      'input/suppression applications/api/templates/deployment.yaml:20',
      'namespace/explicit applications/worker/Chart.yaml:2',
    ]);
    const suppressed = all
      .filter((finding) => finding.suppression)
      .map((finding) => `${finding.rule} ${finding.suppression?.reason}`);
    assert.deepEqual(suppressed.sort(), [
      'image/pinned rolled by the release job',
      'network/public-exposure the cache is reached from the campus network',
      'security/run-as-non-root the queue needs root',
    ]);
    assert.match(run.stdout, /unknown rule \\"image\/pined\\"/);
  });

  test('a local (file://) dependency is vendored for the render; a missing remote one is one notice, not a finding', async () => {
    const folder = repository();
    write(folder, {
      'shared/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n',
      'shared/app/templates/deployment.yaml': appDeployment('"registry.example.org/app:{{ .Values.tag }}"'),
      'shared/app/values.yaml': 'tag: 1.0.0\n',
      'applications/uses-local/Chart.yaml': [
        'apiVersion: v2',
        'name: uses-local',
        'version: 1.0.0',
        'dependencies:',
        '  - name: app',
        '    alias: frontend',
        '    version: 1.0.0',
        '    repository: file://../../shared/app',
        '',
      ].join('\n'),
      'applications/uses-local/values.yaml': 'frontend:\n  tag: latest\n',
      'applications/uses-remote/Chart.yaml': [
        'apiVersion: v2',
        'name: uses-remote',
        'version: 1.0.0',
        'dependencies:',
        '  - name: redis',
        '    version: 1.0.0',
        '    repository: https://charts.example.org',
        '',
      ].join('\n'),
    });
    const args = ['check', '--helm-chart', 'applications/uses-local', '--helm-chart', 'applications/uses-remote'];
    const run = await runInProcess([...args, '--format', 'json'], folder, '', envWithHelm(folder));
    assert.deepEqual(located(run.stdout), [
      {
        rule: 'image/pinned',
        at: 'applications/uses-local/values.yaml:2',
        template: 'shared/app/templates/deployment.yaml:13',
      },
    ]);
    assert.match(
      run.stderr,
      /info: 1 Helm chart\(s\) not checked: .*not in their charts\/ folder.*: applications\/uses-remote\. Run `helm dependency build CHART`/,
    );
    // The chart's own folder is left as it was: nothing vendored into it.
    assert.throws(() => readFileSync(join(folder, 'applications/uses-local/charts/app/Chart.yaml')));
    const onlyRemote = await runInProcess(
      ['check', '--helm-chart', 'applications/uses-remote'],
      folder,
      '',
      envWithHelm(folder),
    );
    assert.equal(onlyRemote.exitCode, 0, onlyRemote.stdout);
  });

  test('a template line that renders many containers (a values loop, a chart applications share) is reported once, at the template', async () => {
    const folder = repository();
    // Without a securityContext: what each container lacks is mended in the template.
    const bareDeployment = (name: string, indent = '') =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${name}`,
        '  namespace: control',
        'spec:',
        '  selector: { matchLabels: { app: producer } }',
        '  template:',
        '    metadata: { labels: { app: producer } }',
        '    spec:',
        '      automountServiceAccountToken: false',
        '      containers:',
        `        - name: ${name}`,
        '          image: lsstts/love-producer:7.1.0',
        '',
      ]
        .map((line) => (line ? `${indent}${line}` : line))
        .join('\n');
    const dependsOnCsc = (name: string) =>
      `apiVersion: v2\nname: ${name}\nversion: 1.0.0\ndependencies:\n  - name: csc\n    version: 1.0.0\n    repository: file://../../shared/csc\n`;
    write(folder, {
      'applications/producers/Chart.yaml': 'apiVersion: v2\nname: producers\nversion: 1.0.0\n',
      'applications/producers/values.yaml': 'producers:\n  - name: ataos\n  - name: atdome\n  - name: atcamera\n',
      'applications/producers/templates/deployment.yaml': `{{- range $producer := .Values.producers }}\n---\n${bareDeployment('{{ $producer.name }}')}{{- end }}\n`,
      'shared/csc/Chart.yaml': 'apiVersion: v2\nname: csc\nversion: 1.0.0\n',
      'shared/csc/templates/deployment.yaml': bareDeployment('{{ .Values.name }}'),
      'applications/mtmount/Chart.yaml': dependsOnCsc('mtmount'),
      'applications/mtmount/values.yaml': 'csc:\n  name: mtmount\n',
      'applications/mtdome/Chart.yaml': dependsOnCsc('mtdome'),
      'applications/mtdome/values.yaml': 'csc:\n  name: mtdome\n',
    });
    // Shared as argocd-csc shares its chart: each application's templates folder a link to the one folder.
    write(folder, {
      'shared/csc-templates/deployment.yaml': bareDeployment('{{ .Values.name }}'),
      'applications/ataos/Chart.yaml': 'apiVersion: v2\nname: ataos\nversion: 1.0.0\n',
      'applications/ataos/values.yaml': 'name: ataos\n',
      'applications/atdome/Chart.yaml': 'apiVersion: v2\nname: atdome\nversion: 1.0.0\n',
      'applications/atdome/values.yaml': 'name: atdome\n',
    });
    symlinkSync('../../shared/csc-templates', join(folder, 'applications/ataos/templates'));
    symlinkSync('../../shared/csc-templates', join(folder, 'applications/atdome/templates'));
    const charts = [
      'applications/producers',
      'applications/mtmount',
      'applications/mtdome',
      'applications/ataos',
      'applications/atdome',
    ];
    const run = await runInProcess(
      ['check', ...charts.flatMap((chart) => ['--helm-chart', chart]), '--format', 'json'],
      folder,
      '',
      envWithHelm(folder),
    );
    const report = JSON.parse(run.stdout) as { results: { path: string; findings: JsonFinding[] }[] };
    const runAsNonRoot = report.results.flatMap((result) =>
      result.findings
        .filter((finding) => finding.rule === 'security/run-as-non-root')
        .map((finding) => `${result.path}:${finding.line} ${finding.message.replace(/^.*? \(The same/, '(The same')}`),
    );
    assert.deepEqual(runAsNonRoot, [
      'applications/producers/templates/deployment.yaml:15 (The same for 2 more containers rendered from this line: "atdome" and "atcamera".)',
      'shared/csc-templates/deployment.yaml:13 (The same for 1 more container rendered from this line: "atdome".)',
      'shared/csc/templates/deployment.yaml:13 (The same for 1 more container rendered from this line: "mtmount".)',
    ]);
  });

  test("environment-wide values: set reads each environment's own values file; a chart in no configured environment renders as its first own", async () => {
    const folder = repository();
    write(folder, {
      'environments/values-staging.yaml': 'name: staging\nregistry: registry.example.org\n',
      'applications/needs-registry/Chart.yaml': 'apiVersion: v2\nname: needs-registry\nversion: 1.0.0\n',
      'applications/needs-registry/templates/deployment.yaml': appDeployment(
        '"{{ required "global.registry must be set" .Values.global.registry }}/app:{{ .Values.tag }}"',
      ),
      'applications/needs-registry/values.yaml': 'tag: 1.0.0\n',
      'applications/needs-registry/values-staging.yaml': 'tag: latest\n',
    });
    const config = join(folder, '.lsst.yaml');
    const withoutEnvironmentValues = await runInProcess(
      ['check', '--helm-chart', 'applications/needs-registry', '--format', 'json'],
      folder,
      '',
      envWithHelm(folder),
    );
    assert.match(withoutEnvironmentValues.stdout, /global\.registry must be set/);
    writeFileSync(
      config,
      readFileSync(config, 'utf8')
        .replace(
          'helm:\n',
          'helm:\n  environmentValues:\n    - environments/values.yaml\n    - environments/values-{environment}.yaml\n',
        )
        .replace('global.repository: registry.example.org', 'global.registry: ${registry}'),
    );
    const run = await runInProcess(
      ['check', '--helm-chart', 'applications/needs-registry', '--format', 'json'],
      folder,
      '',
      envWithHelm(folder),
    );
    assert.deepEqual(located(run.stdout), [
      {
        rule: 'image/pinned',
        at: 'applications/needs-registry/values-staging.yaml:1',
        template: 'applications/needs-registry/templates/deployment.yaml:13',
        environments: ['staging'],
      },
    ]);
    assert.match(run.stdout, /registry\.example\.org\/app:latest/);
    assert.doesNotMatch(run.stderr, /environmentValues/);

    // A path that names no file (here: relative to the wrong folder) is said, not silently empty.
    writeFileSync(config, readFileSync(config, 'utf8').replace('- environments/values.yaml', '- envs/values.yaml'));
    const misnamed = await runInProcess(
      ['check', '--helm-chart', 'applications/needs-registry', '--format', 'json'],
      folder,
      '',
      envWithHelm(folder),
    );
    assert.match(
      misnamed.stderr,
      /warning: helm\.environmentValues named by \.lsst\.yaml: envs\/values\.yaml could not be read \(no such file\)/,
    );
    assert.equal(misnamed.stderr.match(/envs\/values\.yaml/g)?.length, 1, 'said once, however many renders read it');
  });

  test('stylish shows the template beside the values file; SARIF puts the template in relatedLocations', async () => {
    const folder = repository();
    const args = ['check', '--helm-chart', 'applications/web'];
    const stylish = await runInProcess(args, folder, '', envWithHelm(folder));
    assert.match(
      stylish.stdout,
      /applications\/web\/values-prod\.yaml\n\s+4:8\s+error\s+Image .*latest.*\[environment: prod\]/,
    );
    assert.match(stylish.stdout, /template: applications\/web\/templates\/deployment\.yaml:22:11/);
    const sarif = await runInProcess([...args, '--format', 'sarif'], folder, '', envWithHelm(folder));
    const result = JSON.parse(sarif.stdout).runs[0].results[0];
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'applications/web/values-prod.yaml');
    assert.equal(
      result.relatedLocations[0].physicalLocation.artifactLocation.uri,
      'applications/web/templates/deployment.yaml',
    );
    assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, 22);
  });

  test('--namespace, --set and --values reach helm', async () => {
    const folder = repository();
    writeFileSync(join(folder, 'override.yaml'), 'image: registry.example.org/api:latest\n');
    const run = await runInProcess(
      [
        'check',
        '--helm-chart',
        'applications/worker',
        '--helm-chart',
        'applications/api',
        '--namespace',
        'team',
        '--set',
        'securityContext.runAsUser=1000',
        '--values',
        'override.yaml',
        '--format',
        'json',
      ],
      folder,
      '',
      envWithHelm(folder),
    );
    const findings = located(run.stdout);
    assert.ok(!findings.some((finding) => finding.rule === 'namespace/explicit'), run.stdout);
    assert.ok(!findings.some((finding) => finding.rule === 'security/run-as-non-root'), run.stdout);
    assert.ok(
      findings.some((finding) => finding.rule === 'image/pinned' && finding.at === 'override.yaml:1'),
      run.stdout,
    );
  });

  test('the release namespace of an Argo CD Application in the repository satisfies namespace/explicit', async () => {
    const folder = repository();
    const run = await runInProcess(['check', 'applications/api', '--format', 'json'], folder, '', envWithHelm(folder));
    assert.deepEqual(located(run.stdout), []);
    assert.equal(run.exitCode, 0, run.stderr);
  });

  test("the Argo CD Applications are looked for in the chart's repository, not in the working directory", async () => {
    const folder = repository();
    mkdirSync(join(folder, '.git'));
    // A working directory outside the repository, holding what must never be read: a .gitignore that is a FIFO.
    const elsewhere = mkdtempSync(join(tmpdir(), 'lsst-elsewhere-'));
    mkdirSync(join(elsewhere, 'scratch'));
    execFileSync('mkfifo', [join(elsewhere, 'scratch', '.gitignore')]);
    const run = await runInProcess(
      ['check', join(folder, 'applications/api'), '--format', 'json'],
      elsewhere,
      '',
      envWithHelm(folder),
    );
    assert.equal(run.stderr, '');
    assert.deepEqual(located(run.stdout), []);
    assert.equal(run.exitCode, 0);
  });

  test('an "app of apps" chart that makes its Applications from values is rendered, and gives the charts it deploys their namespace', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lsst-app-of-apps-'));
    mkdirSync(join(folder, '.git'));
    // Shaped like Argo CD's example repository: apps/ makes one Application per entry of a values list.
    write(folder, {
      'apps/Chart.yaml': 'apiVersion: v2\nname: apps\nversion: 1.0.0\n',
      'apps/values.yaml':
        'applications:\n  - name: guestbook\n  - name: board\n    path: services/board\n    namespace: boards\n',
      'apps/templates/applications.yaml': [
        '{{- range .Values.applications }}',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata:',
        '  name: {{ .name | quote }}',
        '  namespace: argocd',
        'spec:',
        '  destination:',
        '    namespace: {{ .namespace | default .name | quote }}',
        '    server: https://kubernetes.default.svc',
        '  source:',
        '    path: {{ .path | default .name | quote }}',
        '    repoURL: https://example.org/deployments.git',
        '---',
        '{{ end -}}',
        '',
      ].join('\n'),
      'services/board/Chart.yaml': 'apiVersion: v2\nname: board\nversion: 1.0.0\n',
      'services/board/templates/config.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: board\ndata: { a: b }\n',
      'services/other/Chart.yaml': 'apiVersion: v2\nname: other\nversion: 1.0.0\n',
      'services/other/templates/config.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata: { a: b }\n',
    });
    // Shaped like lsst-ts' collectors: templates linked from a shared folder, the namespace and list in each site's values.
    const collector = [
      '{{- range .Values.cscs }}',
      '---',
      'apiVersion: argoproj.io/v1alpha1',
      'kind: Application',
      'metadata: { name: {{ . }} }',
      'spec:',
      '  destination:',
      '    namespace: {{ $.Values.namespace }}',
      '    server: https://kubernetes.default.svc',
      '  source:',
      '    path: csc/{{ . }}',
      '{{- end }}',
      '',
    ].join('\n');
    const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata: { a: b }\n`;
    write(folder, {
      'shared/collector/applications.yaml': collector,
      'collectors/telescope/Chart.yaml': 'apiVersion: v2\nname: telescope\nversion: 1.0.0\n',
      'collectors/telescope/values.yaml': 'namespace:\ncscs: []\n',
      'collectors/telescope/values-summit.yaml': 'namespace: telescope\ncscs: [mount, dome]\n',
      'collectors/telescope/values-base.yaml': 'namespace: teststand\ncscs: [dome]\n',
      'csc/mount/Chart.yaml': 'apiVersion: v2\nname: mount\nversion: 1.0.0\n',
      'csc/mount/templates/config.yaml': configMap('mount'),
      'csc/dome/Chart.yaml': 'apiVersion: v2\nname: dome\nversion: 1.0.0\n',
      'csc/dome/templates/config.yaml': configMap('dome'),
    });
    symlinkSync('../../shared/collector', join(folder, 'collectors/telescope/templates'));
    const run = await runInProcess(['check', 'services', 'csc', '--format', 'json'], folder, '', envWithHelm(folder));
    assert.equal(run.stderr, '');
    const notes = (JSON.parse(run.stdout) as { results: { path: string; findings: { rule: string }[] }[] }).results
      .filter((result) => result.findings.some((finding) => finding.rule === 'namespace/explicit'))
      .map((result) => result.path);
    // board is deployed by an Application of the rendered apps chart, into "boards"; mount by the collector's
    // summit values, into "telescope"; dome goes to two namespaces, one per site, so its own is not known; nothing
    // deploys other.
    assert.deepEqual(notes, ['csc/dome/Chart.yaml', 'services/other/Chart.yaml']);
  });

  test('with no release namespace known, an object in {{ .Release.Namespace }} is in the release namespace, not in "default"; a written default still is', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lsst-fleet-'));
    // Shaped like a fleet bundle of alerting rules: the namespace comes from the release, or is written out.
    const rule = (name: string, namespace: string) =>
      `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata: { rules: "alert: NodeDown" }\n`;
    write(folder, {
      'alerts/Chart.yaml': 'apiVersion: v2\nname: alerts\nversion: 1.0.0\n',
      'alerts/values.yaml': 'rules:\n  namespace: ""\n',
      'alerts/templates/rules.yaml': [
        rule('alert-nodes', '{{ .Values.rules.namespace | default .Release.Namespace }}'),
        rule('alert-ceph', '{{ .Release.Namespace }}'),
        rule('alert-legacy', 'default'),
        rule('alert-quoted', '{{ .Release.Namespace | quote }}'),
      ].join(''),
      // The release's service account, bound cluster-wide, and a Service whose port request names a namespace.
      'alerts/templates/access.yaml': [
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRoleBinding',
        'metadata: { name: alerts-reader }',
        'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }',
        'subjects:',
        '  - kind: ServiceAccount',
        '    name: alerts',
        '    namespace: {{ .Release.Namespace | quote }}',
        '---',
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: alerts',
        '  namespace: {{ .Release.Namespace }}',
        '  annotations: { lsst.io/port-request: monitoring.alerts.443-tcp }',
        'spec:',
        '  type: LoadBalancer',
        '  selector: { app: alerts }',
        '  ports: [{ port: 443, protocol: TCP }]',
        '',
      ].join('\n'),
    });
    const run = await runInProcess(['check', 'alerts', '--format', 'json'], folder, '', envWithHelm(folder));
    const report = JSON.parse(run.stdout) as { results: { path: string; findings: JsonFinding[] }[] };
    const namespaceFindings = report.results
      .flatMap((result) => result.findings.map((finding) => ({ ...finding, path: result.path })))
      .filter((finding) => finding.rule === 'namespace/explicit');
    assert.deepEqual(
      namespaceFindings.map((finding) => `${finding.path}:${finding.line} ${finding.severity}`).sort(),
      ['alerts/Chart.yaml:2 info', 'alerts/templates/rules.yaml:20 error'],
      run.stdout,
    );
    const note = namespaceFindings.find((finding) => finding.severity === 'info');
    assert.match(note?.message ?? '', /^4 object\(s\) of this chart name no namespace of their own/);
    const all = report.results.flatMap((result) => result.findings);
    const binding = all.find((finding) => finding.rule === 'rbac/namespace-scoped');
    assert.match(binding?.message ?? '', /gives ServiceAccount "alerts" in the release's namespace the role view/);
    // The namespace the request names may well be the release's: not a mismatch, and not compared.
    const exposure = all.filter((finding) => finding.rule === 'network/public-exposure');
    assert.deepEqual(
      exposure.map((finding) => finding.severity),
      ['info'],
      run.stdout,
    );
    assert.match(
      exposure[0]?.message ?? '',
      /installed into, which is not known here, so the namespace in the id was not compared/,
    );
    assert.match(
      namespaceFindings.find((f) => f.severity === 'error')?.message ?? '',
      /"alert-legacy" is in "default"/,
    );
    assert.ok(!run.stdout.includes('lsstrns'), 'the placeholder namespace never shows');
  });

  test('helm missing: a warning naming the charts when found in folders with other files; exit 2 when a chart was named or the charts are all there is', async () => {
    const folder = repository();
    const env = testEnv(folder);
    const found = await runInProcess(['check', '.', '--helm', join(folder, 'no-helm')], folder, '', env);
    assert.equal(found.exitCode, 0, found.stdout);
    assert.match(found.stderr, /warning: helm was not found .*5 Helm chart\(s\) not checked: applications\/api, /);
    const named = await runInProcess(
      ['check', '--helm-chart', 'applications/web', '--helm', join(folder, 'no-helm')],
      folder,
      '',
      env,
    );
    assert.equal(named.exitCode, 2);
    assert.match(named.stderr, /helm was not found .*not checked: applications\/web/);
    // A folder of charts only: nothing would be checked, and a run that checked nothing must not pass.
    const onlyCharts = await runInProcess(
      ['check', 'applications', '--helm', join(folder, 'no-helm')],
      folder,
      '',
      env,
    );
    assert.equal(onlyCharts.exitCode, 2, onlyCharts.stdout);
    assert.match(onlyCharts.stderr, /helm was not found .*Helm chart\(s\) not checked: applications\/api, /);
    const notAChart = await runInProcess(['check', '--helm-chart', 'ci'], folder, '', env);
    assert.equal(notAChart.exitCode, 2);
    assert.match(notAChart.stderr, /--helm-chart ci: no Chart\.yaml/);
  });

  test('a chart that stops for a value its deployer gives is an info that it was not checked; a template that does not parse is an error', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'lsst-chart-values-'));
    const chart = (name: string, template: string) => ({
      [`${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
      [`${name}/values.yaml`]: 'image: {}\n',
      [`${name}/templates/config.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: config, namespace: apps }\ndata:\n${template}\n`,
    });
    write(folder, {
      // Phalanx's charts read the global values each environment gives them.
      ...chart('phalanx-app', '  path: {{ .Values.global.vaultSecretsPath | quote }}'),
      ...chart('required-tag', '  tag: {{ required "image.tag is required" .Values.image.tag | quote }}'),
      ...chart('unparsed', '  tag: {{ .Values.image | nosuchfunction }}'),
    });
    const run = await runInProcess(['check', '.', '--format', 'json'], folder, '', envWithHelm(folder));
    const report = JSON.parse(run.stdout) as { results: { path: string; findings: JsonFinding[] }[] };
    const failures = report.results.flatMap((result) =>
      result.findings.map((finding) => `${result.path} ${finding.severity} ${finding.message.split(' (helm: ')[0]}`),
    );
    assert.deepEqual(failures, [
      'phalanx-app/Chart.yaml info Not checked: helm template stops for want of .Values.global.vaultSecretsPath, a value whoever deploys the chart gives it. Give it with --set or --values, or in .lsst.yaml (helm.set, helm.environmentValues), and check again',
      'required-tag/Chart.yaml info Not checked: helm template stops for want of what the chart says it needs ("image.tag is required", at required-tag/templates/config.yaml:5:10), a value whoever deploys the chart gives it. Give it with --set or --values, or in .lsst.yaml (helm.set, helm.environmentValues), and check again',
      'unparsed/Chart.yaml error helm template failed: parse error at (unparsed/templates/config.yaml:5): function "nosuchfunction" not defined.',
    ]);
    assert.equal(run.exitCode, 1, 'the template that does not parse is an error');
    // Given the value, the chart is rendered and checked.
    const given = await runInProcess(
      ['check', 'phalanx-app', '--set', 'global.vaultSecretsPath=secret/phalanx/dev', '--format', 'json'],
      folder,
      '',
      envWithHelm(folder),
    );
    assert.deepEqual(JSON.parse(given.stdout).results, []);
    assert.equal(given.exitCode, 0, given.stderr);
  });

  test('--no-render checks chart files as plain YAML, as before', async () => {
    const folder = repository();
    const run = await runInProcess(
      ['check', 'applications/web', '--no-render', '--format', 'json'],
      folder,
      '',
      envWithHelm(folder),
    );
    assert.match(run.stdout, /looks like a Helm template/);
  });
});
