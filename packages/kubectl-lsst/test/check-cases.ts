// `kubectl lsst check` cases, declared once and run both in-process through main() and against
// the built binary (test/e2e/check-binary.e2e.test.ts), so that both ways in behave alike.
import assert from 'node:assert/strict';

export interface CheckCase {
  name: string;
  /** Files to create in a fresh folder (the working directory); a Buffer is written as bytes. */
  files: Record<string, string | Buffer>;
  args: string[];
  stdin?: string;
  exitCode: number;
  stdout?: RegExp[];
  stderr?: RegExp[];
  notStdout?: RegExp[];
  /** Extra checks on the outputs. */
  check?: (output: { stdout: string; stderr: string }) => void;
}

export const unpinnedDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
`;

export const cleanDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true
      containers:
        - name: app
          image: nginx:1.27.0
          securityContext:
            allowPrivilegeEscalation: false
    metadata: { labels: { app: web } }
  selector: { matchLabels: { app: web } }
`;

/** Clean but for a warning (privilege escalation is not switched off). */
export const warningOnlyDeployment = cleanDeployment.replace(
  '          securityContext:\n            allowPrivilegeEscalation: false\n',
  '',
);

const pinnedDockerfile = 'FROM python:3.12-slim\nUSER 1000\n';

const noStackTrace = (output: { stdout: string; stderr: string }) => {
  assert.doesNotMatch(output.stderr, /\n\s+at .+:\d+:\d+/, 'no stack trace');
};

interface JsonReport {
  results: { path: string; findings: { rule: string; line: number; column: number; message: string }[] }[];
  summary: { errors: number; warnings: number };
}

const parseJson = (stdout: string): JsonReport => JSON.parse(stdout) as JsonReport;

/** Two contexts: the current one works in jupyter-lsst, the other in qserv. */
export const contextKubeconfig = `apiVersion: v1
kind: Config
clusters:
  - name: dev
    cluster: { server: https://127.0.0.1:6443 }
contexts:
  - name: science
    context: { cluster: dev, user: me, namespace: jupyter-lsst }
  - name: database
    context: { cluster: dev, user: me, namespace: qserv }
current-context: science
users:
  - name: me
    user: { token: secret-token-value }
`;

const configMapIn = (name: string, namespace: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata: { mode: lab }\n`;

/** A hundred objects in qserv, then one each in jupyter-lsst and monitoring. */
export const manyNamespacesManifest = [
  ...Array.from({ length: 100 }, (_, index) => configMapIn(`database-${index}`, 'qserv')),
  configMapIn('hub', 'jupyter-lsst'),
  configMapIn('dashboards', 'monitoring'),
].join('---\n');

const namespaceMismatches = (stdout: string) =>
  parseJson(stdout)
    .results.flatMap((result) => result.findings)
    .filter((finding) => finding.rule === 'namespace/matches-context')
    .map((finding) => finding.message.match(/is in namespace "([^"]+)"/)?.[1]);

export const checkCases: CheckCase[] = [
  {
    name: '--context-aware: one finding per namespace that differs from the current context',
    files: { 'kubeconfig.yaml': contextKubeconfig, 'all.yaml': manyNamespacesManifest },
    args: ['check', 'all.yaml', '--context-aware', '--kubeconfig', 'kubeconfig.yaml', '--format', 'json'],
    exitCode: 0,
    check: ({ stdout }) => assert.deepEqual(namespaceMismatches(stdout), ['qserv', 'monitoring']),
  },
  {
    name: '--context-aware --context: the namespace of that context',
    files: { 'kubeconfig.yaml': contextKubeconfig, 'all.yaml': manyNamespacesManifest },
    args: [
      'check',
      'all.yaml',
      '--context-aware',
      '--context',
      'database',
      '--kubeconfig',
      'kubeconfig.yaml',
      '--format',
      'json',
    ],
    exitCode: 0,
    check: ({ stdout }) => assert.deepEqual(namespaceMismatches(stdout), ['jupyter-lsst', 'monitoring']),
  },
  {
    name: 'without --context-aware the kube context is not read and the rule stays silent',
    files: { 'all.yaml': manyNamespacesManifest },
    args: ['check', 'all.yaml', '--format', 'json'],
    exitCode: 0,
    check: ({ stdout }) => assert.deepEqual(namespaceMismatches(stdout), []),
  },
  {
    name: '--context-aware with an unknown --context: exit 2, naming it, no credential printed',
    files: { 'kubeconfig.yaml': contextKubeconfig, 'all.yaml': manyNamespacesManifest },
    args: ['check', 'all.yaml', '--context-aware', '--context', 'databse', '--kubeconfig', 'kubeconfig.yaml'],
    exitCode: 2,
    stderr: [/no context named "databse"/, /kubectl lsst context/],
    check: ({ stdout, stderr }) => {
      assert.equal(stdout, '');
      assert.doesNotMatch(stderr, /secret-token-value/);
      noStackTrace({ stdout, stderr });
    },
  },
  {
    name: '--context-aware with a missing --kubeconfig: exit 2 with the path',
    files: { 'all.yaml': manyNamespacesManifest },
    args: ['check', 'all.yaml', '--context-aware', '--kubeconfig', 'missing.yaml'],
    exitCode: 2,
    stderr: [/missing\.yaml/, /does not exist/],
    check: noStackTrace,
  },
  {
    name: '--context-aware with --cluster: exit 2, they do not go together',
    files: { 'kubeconfig.yaml': contextKubeconfig },
    args: ['check', '--cluster', '--context-aware', '--kubeconfig', 'kubeconfig.yaml'],
    exitCode: 2,
    stderr: [/--context-aware .* does not go with --cluster/],
  },
  {
    name: '--context-aware --fix: the namespace fix inserts the namespace of the context',
    files: {
      'kubeconfig.yaml': contextKubeconfig,
      'hub.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hub\ndata: { mode: lab }\n',
    },
    args: ['check', 'hub.yaml', '--fix', '--context-aware', '--kubeconfig', 'kubeconfig.yaml', '--format', 'json'],
    exitCode: 0,
    check: ({ stdout }) =>
      assert.deepEqual(
        parseJson(stdout).results.flatMap((result) => result.findings),
        [],
      ),
  },
  {
    name: 'a clean manifest: exit 0, nothing printed',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml'],
    exitCode: 0,
    check: ({ stdout }) => assert.equal(stdout, ''),
  },
  {
    name: 'findings: exit 1, file, position and rule in the stylish report',
    files: { 'deploy.yaml': unpinnedDeployment },
    args: ['check', 'deploy.yaml'],
    exitCode: 1,
    stdout: [/^deploy\.yaml$/m, /10:18\s+error\s+.*image\/pinned/, /security\/run-as-non-root/],
  },
  {
    name: 'folders recursively by name, skipping node_modules, .git and other names',
    files: {
      'deploy/app.yaml': unpinnedDeployment,
      'deploy/nested/more.yml': unpinnedDeployment,
      'images/Dockerfile': 'FROM python\nUSER 1000\n',
      'images/api.Dockerfile': pinnedDockerfile,
      'node_modules/pkg/bad.yaml': unpinnedDeployment,
      '.git/bad.yaml': unpinnedDeployment,
      'notes.txt': unpinnedDeployment,
    },
    args: ['check', '.', '--format', 'json'],
    exitCode: 1,
    check: ({ stdout }) => {
      const paths = parseJson(stdout).results.map((result) => result.path);
      assert.deepEqual(paths, [
        'deploy/app.yaml',
        'deploy/nested/more.yml',
        'images/Dockerfile',
        'images/api.Dockerfile',
      ]);
    },
  },
  {
    name: ".gitignore files are honoured below the named folder, negations included; the folder's own files are all read, as by kubectl apply -f",
    files: {
      '.gitignore': 'generated/\n*.gen.yaml\n!keep.gen.yaml\n',
      'generated/x.yaml': unpinnedDeployment,
      'a.gen.yaml': unpinnedDeployment,
      'keep.gen.yaml': unpinnedDeployment,
      'sub/.gitignore': 'local.yaml\n',
      'sub/local.yaml': unpinnedDeployment,
      'sub/shared.yaml': unpinnedDeployment,
    },
    args: ['check', '.', '--format', 'json'],
    exitCode: 1,
    check: ({ stdout }) => {
      assert.deepEqual(
        parseJson(stdout).results.map((result) => result.path),
        ['a.gen.yaml', 'keep.gen.yaml', 'sub/shared.yaml'],
      );
    },
  },
  {
    name: 'standard input with --stdin-filename picks the document kind and the name',
    files: {},
    args: ['check', '-', '--stdin-filename', 'build/Dockerfile', '--format', 'json'],
    stdin: 'FROM python\nUSER 1000\n',
    exitCode: 1,
    check: ({ stdout }) => {
      const report = parseJson(stdout);
      assert.equal(report.results[0]?.path, 'build/Dockerfile');
      assert.ok(report.results[0]?.findings.some((finding) => finding.rule === 'image/pinned' && finding.line === 1));
    },
  },
  {
    name: 'standard input without a name is <stdin>',
    files: {},
    args: ['check', '-'],
    stdin: unpinnedDeployment,
    exitCode: 1,
    stdout: [/^<stdin>$/m, /image\/pinned/],
  },
  {
    name: '--format sarif is SARIF 2.1.0 with rule ids and 1-based regions',
    files: { 'deploy.yaml': unpinnedDeployment },
    args: ['check', 'deploy.yaml', '--format', 'sarif'],
    exitCode: 1,
    check: ({ stdout }) => {
      const log = JSON.parse(stdout);
      assert.equal(log.version, '2.1.0');
      const result = log.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === 'image/pinned');
      assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'deploy.yaml');
      assert.equal(result.locations[0].physicalLocation.region.startLine, 10);
      assert.equal(result.locations[0].physicalLocation.region.startColumn, 18);
    },
  },
  {
    name: '--format github prints workflow annotations',
    files: { 'deploy.yaml': unpinnedDeployment },
    args: ['check', 'deploy.yaml', '--format=github'],
    exitCode: 1,
    stdout: [/^::error file=deploy\.yaml,line=10,/m],
  },
  {
    name: '--output writes the report to a file',
    files: { 'deploy.yaml': unpinnedDeployment },
    args: ['check', 'deploy.yaml', '--format', 'json', '-o', 'report.json'],
    exitCode: 1,
    check: ({ stdout }) => assert.equal(stdout, ''),
  },
  {
    name: '--quiet reports errors only',
    files: { 'deploy.yaml': warningOnlyDeployment.replace('nginx:1.27.0', 'nginx') },
    args: ['check', 'deploy.yaml', '--quiet', '--format', 'json'],
    exitCode: 1,
    check: ({ stdout }) => {
      const findings = (JSON.parse(stdout) as { results: { findings: { severity: string }[] }[] }).results[0]?.findings;
      assert.ok(findings && findings.length > 0);
      assert.ok(findings.every((finding) => finding.severity === 'error'));
    },
  },
  {
    name: 'warnings alone exit 0',
    files: { 'deploy.yaml': warningOnlyDeployment },
    args: ['check', 'deploy.yaml', '--format', 'json'],
    exitCode: 0,
    check: ({ stdout }) => assert.ok(parseJson(stdout).summary.warnings > 0),
  },
  {
    name: 'warnings beyond --max-warnings exit 1',
    files: { 'deploy.yaml': warningOnlyDeployment },
    args: ['check', 'deploy.yaml', '--max-warnings', '0'],
    exitCode: 1,
    stdout: [/warning/],
  },
  {
    name: '--all-targets checks against every configured cluster',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '--all-targets', '--format', 'json'],
    // On prod, an image from outside a local registry is an error (image/local-registry).
    exitCode: 1,
    check: ({ stdout }) => {
      const findings = (JSON.parse(stdout) as { results: { findings: { clusters?: string[] }[] }[] }).results[0]
        ?.findings;
      assert.ok(
        findings?.some((finding) => finding.clusters?.includes('prod')),
        'a production-only finding',
      );
    },
  },
  {
    name: '-k renders a kustomization with the real kubectl; findings point into the rendered stream',
    files: { 'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n', 'base/deploy.yaml': unpinnedDeployment },
    args: ['check', '-k', 'base', '--format', 'json'],
    exitCode: 1,
    check: ({ stdout }) => {
      const result = parseJson(stdout).results[0];
      assert.equal(result?.path, 'kustomize:base');
      const pinned = result?.findings.find((finding) => finding.rule === 'image/pinned');
      // kubectl kustomize sorts keys: the image line moves, and the finding follows it.
      assert.ok(pinned && pinned.line > 0);
    },
  },
  {
    name: '--fix applies fixes and says how many',
    files: { 'deploy.yaml': unpinnedDeployment },
    args: ['check', 'deploy.yaml', '--fix'],
    exitCode: 1,
    stderr: [/fixed \d+ findings? in 1 file/],
    notStdout: [/run-as-non-root/, /fixable with --fix/],
  },
  // Bad input.
  {
    name: 'a YAML syntax error is an input/invalid finding at its position',
    files: { 'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n' },
    args: ['check', 'broken.yaml', '--format', 'json'],
    exitCode: 1,
    check: (output) => {
      const finding = parseJson(output.stdout).results[0]?.findings[0];
      assert.equal(finding?.rule, 'input/invalid');
      assert.match(finding?.message ?? '', /YAML syntax error/);
      assert.equal(finding?.line, 4);
      noStackTrace(output);
    },
  },
  {
    name: 'tab-indented YAML is reported at the tab',
    files: { 'tabs.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n' },
    args: ['check', 'tabs.yaml'],
    exitCode: 1,
    stdout: [/4:1\s+error\s+.*[Tt]ab.*input\/invalid/],
  },
  {
    name: 'a YAML alias bomb is bounded and reported',
    files: { 'bomb.yaml': aliasBomb() },
    args: ['check', 'bomb.yaml'],
    exitCode: 1,
    stdout: [/alias/i, /input\/invalid/],
  },
  {
    name: 'a binary file is one finding at its first NUL byte',
    files: { 'image.yaml': Buffer.from([0x61, 0x3a, 0x20, 0x31, 0x0a, 0x62, 0x00, 0x01, 0x02]) },
    args: ['check', 'image.yaml'],
    exitCode: 1,
    stdout: [/2:2\s+error\s+Binary file/, /input\/invalid/],
  },
  {
    name: 'invalid UTF-8 is one finding at the bad byte',
    files: { 'latin1.yaml': Buffer.from('name: caf\xe9\n', 'latin1') },
    args: ['check', 'latin1.yaml'],
    exitCode: 1,
    stdout: [/1:10\s+error\s+Not valid UTF-8/],
  },
  {
    name: 'an empty file is fine',
    files: { 'empty.yaml': '' },
    args: ['check', 'empty.yaml'],
    exitCode: 0,
  },
  {
    name: 'a missing path is a usage error (exit 2) naming it',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', 'nope.yaml'],
    exitCode: 2,
    stderr: [/not found: "nope\.yaml"/],
    check: noStackTrace,
  },
  {
    name: 'a Dockerfile with an unknown instruction is input/invalid',
    files: { Dockerfile: 'FROM alpine:3.19\nFOO bar\nUSER 1000\n' },
    args: ['check', 'Dockerfile'],
    exitCode: 1,
    stdout: [/2:1\s+error\s+Unknown Dockerfile instruction "FOO".*input\/invalid/],
  },
  {
    name: 'a Helm template is reported once as not checkable',
    files: {
      'templates/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  containers:\n  - name: a\n    image: {{ .Values.image }}\n',
    },
    args: ['check', 'templates', '--format', 'json'],
    exitCode: 1,
    check: ({ stdout }) => {
      const findings = parseJson(stdout).results[0]?.findings ?? [];
      assert.equal(findings.length, 1);
      assert.match(findings[0]?.message ?? '', /Helm template/);
    },
  },
  {
    name: 'an unknown --format: exit 2 with the valid ones and a suggestion',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '--format', 'sarfi'],
    exitCode: 2,
    stderr: [/unknown format "sarfi"\. Did you mean "sarif"\? Valid formats: stylish, json, sarif, github, junit\./],
    check: noStackTrace,
  },
  {
    name: '-f is --values, as in helm: a missing values file is exit 2 naming it',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '-f', 'values-prod.yaml'],
    exitCode: 2,
    stderr: [/the values file "values-prod\.yaml" does not exist or is not a file\. Give an existing Helm values file/],
    check: noStackTrace,
  },
  {
    name: '-f json, the format flag of older versions: exit 2, pointing at --format',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '-f', 'json'],
    exitCode: 2,
    stderr: [/the values file "json" does not exist.*for the output format write --format json\./],
    check: noStackTrace,
  },
  {
    name: 'an unknown --target: exit 2 with the clusters and a suggestion',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '--target', 'dev,prdo'],
    exitCode: 2,
    stderr: [/unknown target "prdo"\. Did you mean "prod"\?/, /dev, test, preprod, prod/],
    check: noStackTrace,
  },
  {
    name: 'a configuration file with a wrong key: exit 2 with file:line:column',
    files: { '.lsst.yaml': 'targets: [dev]\nrulez:\n  image/pinned: warning\n', 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml'],
    exitCode: 2,
    stderr: [/\.lsst\.yaml:2:1: .*rulez/],
    check: noStackTrace,
  },
  {
    name: 'a configuration file with a wrong type: exit 2 with file:line:column',
    files: { 'lsst-config.yaml': 'targets: dev\n', 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '--config', 'lsst-config.yaml'],
    exitCode: 2,
    stderr: [/lsst-config\.yaml:1:10: /],
    check: noStackTrace,
  },
  {
    name: '--config naming a folder (a folder where a file is expected): exit 2',
    files: { 'conf/keep.txt': '', 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '--config', 'conf'],
    exitCode: 2,
    stderr: [/conf: .*cannot be read/],
    check: noStackTrace,
  },
  {
    name: 'an unknown flag: exit 2 with oclif’s message',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '--formt', 'json'],
    exitCode: 2,
    stderr: [/Nonexistent flag: --formt/],
    check: noStackTrace,
  },
  {
    name: 'a malformed --now: exit 2',
    files: { 'deploy.yaml': cleanDeployment },
    args: ['check', 'deploy.yaml', '--now', '2025-13-01'],
    exitCode: 2,
    stderr: [/--now "2025-13-01" is not a date/],
  },
  {
    name: 'nothing to check: exit 2 with what to name',
    files: {},
    args: ['check'],
    exitCode: 2,
    stderr: [/nothing to check/],
  },
  ...['1', '2'].map(
    (jobs): CheckCase => ({
      name: `a Deployment of the repository's own image is judged by its Dockerfile's USER (--jobs ${jobs})`,
      // Shaped like a service that deploys itself: a checkout named as its image, the Dockerfile at its top.
      files: {
        'docs-keeper/.git/HEAD': 'ref: refs/heads/main\n',
        'docs-keeper/Dockerfile':
          'FROM python:3.12-slim\nRUN useradd --create-home appuser\nCOPY . /app\nUSER appuser\nCMD ["run"]\n',
        'docs-keeper/manifests/base/deployment.yaml': unpinnedDeployment.replace(
          'image: nginx',
          'image: ghcr.io/example/docs-keeper:1.2.0',
        ),
        'docs-keeper/manifests/base/worker.yaml': unpinnedDeployment.replace('image: nginx', 'image: example/worker:2'),
      },
      args: ['check', 'docs-keeper/manifests', '--jobs', jobs],
      exitCode: 1,
      stdout: [
        /Container "app" runs as user appuser of its image "ghcr\.io\/example\/docs-keeper:1\.2\.0" \(built from \.\.\/\.\.\/Dockerfile, going by its name\), not as root/,
        /Set runAsNonRoot: true and runAsUser to the numeric id of "appuser" in its securityContext/,
        // The image no Dockerfile of the repository builds is judged as before.
        /Container "app" may run as root/,
      ],
    }),
  ),
  {
    name: '--help goes through oclif',
    files: {},
    args: ['check', '--help'],
    exitCode: 0,
    stdout: [/USAGE/, /\$ kubectl lsst check/, /--max-warnings/, /--stdin-filename/],
  },
];

/** Fifteen levels of ten aliases each: 10^15 nodes if expanded. */
export function aliasBomb(): string {
  const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 15; level++) {
    lines.push(`l${level}: &l${level} [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(',')}]`);
  }
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${lines.join('\n  ')}\n`;
}

export function assertCaseOutcome(
  testCase: CheckCase,
  outcome: { exitCode: number; stdout: string; stderr: string },
): void {
  const context = `\nstdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`;
  assert.equal(outcome.exitCode, testCase.exitCode, `exit code${context}`);
  for (const pattern of testCase.stdout ?? []) assert.match(outcome.stdout, pattern, context);
  for (const pattern of testCase.notStdout ?? []) assert.doesNotMatch(outcome.stdout, pattern, context);
  for (const pattern of testCase.stderr ?? []) assert.match(outcome.stderr, pattern, context);
  testCase.check?.(outcome);
}
