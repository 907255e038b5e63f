// `kubectl lsst check` in-process through main(): the shared cases, then what needs more set-up.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  assertCaseOutcome,
  checkCases,
  cleanDeployment,
  contextKubeconfig,
  manyNamespacesManifest,
  unpinnedDeployment,
} from '../../test/check-cases.ts';
import { makeFolder, runInProcess, testEnv } from '../../test/check-support.ts';

describe('kubectl lsst check (in-process)', () => {
  for (const testCase of checkCases) {
    test(testCase.name, async () => {
      const folder = makeFolder(testCase.files);
      assertCaseOutcome(testCase, await runInProcess(testCase.args, folder, testCase.stdin));
      if (testCase.args.includes('report.json')) {
        assert.match(readFileSync(join(folder, 'report.json'), 'utf8'), /"image\/pinned"/);
      }
    });
  }

  test('--context-aware finds the kube context as kubectl does: KUBECONFIG, else ~/.kube/config', async () => {
    const folder = makeFolder({
      '.kube/config': contextKubeconfig,
      'elsewhere.yaml': contextKubeconfig.replace('current-context: science', 'current-context: database'),
      'all.yaml': manyNamespacesManifest,
    });
    const env = testEnv(folder);
    delete env.KUBECONFIG;
    const namespacesReported = async (environment: Record<string, string | undefined>) => {
      const outcome = await runInProcess(
        ['check', 'all.yaml', '--context-aware', '--format', 'json'],
        folder,
        '',
        environment,
      );
      assert.equal(outcome.exitCode, 0, outcome.stderr);
      return [...outcome.stdout.matchAll(/is in namespace \\"([^"\\]+)\\"/g)].map((match) => match[1]);
    };
    assert.deepEqual(await namespacesReported(env), ['qserv', 'monitoring']);
    assert.deepEqual(await namespacesReported({ ...env, KUBECONFIG: join(folder, 'elsewhere.yaml') }), [
      'jupyter-lsst',
      'monitoring',
    ]);
  });

  test('--context-aware --fix writes the namespace of the kube context into the file', async () => {
    const folder = makeFolder({
      'kubeconfig.yaml': contextKubeconfig,
      'hub.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hub\ndata: { mode: lab }\n',
    });
    const args = ['check', 'hub.yaml', '--fix', '--context-aware', '--kubeconfig', 'kubeconfig.yaml'];
    const outcome = await runInProcess(args, folder);
    assert.equal(outcome.exitCode, 0, outcome.stderr);
    assert.match(readFileSync(join(folder, 'hub.yaml'), 'utf8'), /^ {2}namespace: jupyter-lsst$/m);
  });

  test('LSST_NOW sets the check date, and --now wins over it', async () => {
    const suppressed = cleanDeployment.replace(
      '        - name: app\n',
      '        # lsst-ignore security/no-privilege-escalation -- vendor image until 2026-06-30\n        - name: app\n',
    );
    const folder = makeFolder({ 'deploy.yaml': suppressed });
    const run = (env: Record<string, string>, ...flags: string[]) =>
      runInProcess(['check', 'deploy.yaml', ...flags], folder, '', { ...testEnv(folder), ...env });
    const before = await run({ LSST_NOW: '2026-01-01' });
    assert.doesNotMatch(before.stdout, /expired/);
    const after = await run({ LSST_NOW: '2027-01-01' });
    assert.match(after.stdout, /expired after 2026-06-30/);
    const flagWins = await run({ LSST_NOW: '2027-01-01' }, '--now', '2026-01-01');
    assert.doesNotMatch(flagWins.stdout, /expired/);
    const malformed = await run({ LSST_NOW: '2026-02-30' });
    assert.equal(malformed.exitCode, 2);
    assert.match(malformed.stderr, /LSST_NOW "2026-02-30" is not a date/);
  });

  test('a 50 MB file is one finding, without being read', async () => {
    const folder = makeFolder({});
    const big = join(folder, 'big.yaml');
    // Sparse: 50 MB by size, nothing on disk; reading it would only find NUL bytes.
    writeFileSync(big, '');
    truncateSync(big, 50 * 1024 * 1024);
    const outcome = await runInProcess(['check', 'big.yaml'], folder);
    assert.equal(outcome.exitCode, 1);
    assert.match(
      outcome.stdout,
      /1:1\s+error\s+File too large: 50\.0 MiB, over the limit of 10\.0 MiB \(limits\.maxFileSize\)/,
    );
    assert.doesNotMatch(outcome.stdout, /Binary/);
  });

  test('limits.maxFileSize from the configuration applies', async () => {
    const folder = makeFolder({ '.lsst.yaml': 'limits:\n  maxFileSize: 100\n', 'deploy.yaml': cleanDeployment });
    const outcome = await runInProcess(['check', 'deploy.yaml'], folder);
    assert.equal(outcome.exitCode, 1);
    assert.match(outcome.stdout, /File too large/);
  });

  test('a symlink loop in a folder is reported once and does not hang', async () => {
    const folder = makeFolder({ 'manifests/deploy.yaml': unpinnedDeployment });
    symlinkSync('..', join(folder, 'manifests', 'parent'));
    symlinkSync('self.yaml', join(folder, 'manifests', 'self.yaml'));
    const outcome = await runInProcess(['check', '.', '--format', 'json'], folder);
    assert.equal(outcome.exitCode, 1);
    const report = JSON.parse(outcome.stdout) as { results: { path: string }[] };
    assert.deepEqual(
      report.results.map((result) => result.path),
      ['manifests/deploy.yaml'],
    );
    assert.equal(outcome.stderr.match(/symbolic link loop/g)?.length, 2, outcome.stderr);
    assert.match(outcome.stderr, /manifests\/parent: skipped, symbolic link loop/);
    assert.match(outcome.stderr, /manifests\/self\.yaml: skipped, symbolic link loop/);
  });

  test('a FIFO in a folder is skipped, not waited on', async () => {
    const folder = makeFolder({ 'deploy.yaml': cleanDeployment });
    const made = spawnSync('mkfifo', [join(folder, 'pipe.yaml')]);
    assert.equal(made.status, 0, 'mkfifo');
    const outcome = await runInProcess(['check', '.'], folder);
    assert.equal(outcome.exitCode, 0);
    assert.match(outcome.stderr, /pipe\.yaml: skipped, not a regular file/);
  });

  test('--fix rewrites atomically, keeps the mode, and a second run finds nothing fixable', async () => {
    const folder = makeFolder({ 'deploy.yaml': `# the web front end\n${unpinnedDeployment}` });
    const file = join(folder, 'deploy.yaml');
    chmodSync(file, 0o640);
    const first = await runInProcess(['check', 'deploy.yaml', '--fix', '--format', 'json'], folder);
    assert.equal(first.exitCode, 1, 'the unpinned image is not fixable and stays');
    assert.match(first.stderr, /fixed \d+ findings? in 1 file/);
    const fixed = readFileSync(file, 'utf8');
    assert.match(fixed, /^# the web front end\n/, 'comments kept');
    assert.match(fixed, /runAsNonRoot: true/);
    assert.equal(statSync(file).mode & 0o777, 0o640, 'mode kept');
    assert.deepEqual(readdirSync(folder), ['deploy.yaml'], 'no temporary file left behind');
    // The printed findings are those of the fixed text.
    const report = JSON.parse(first.stdout) as { results: { findings: { rule: string; fix?: unknown }[] }[] };
    const rulesLeft = report.results[0]?.findings.map((finding) => finding.rule) ?? [];
    assert.ok(rulesLeft.includes('image/pinned'), 'the unfixable finding is still reported');
    assert.ok(!rulesLeft.includes('security/run-as-non-root'), 'the fixed finding is gone');
    assert.ok(
      report.results[0]?.findings.every((finding) => finding.fix === undefined),
      'nothing fixable left',
    );

    const second = await runInProcess(['check', 'deploy.yaml', '--fix', '--format', 'json'], folder);
    assert.match(second.stderr, /no fixable findings/);
    const again = JSON.parse(second.stdout) as { results: { findings: { fix?: unknown }[] }[] };
    assert.ok(again.results[0]?.findings.every((finding) => finding.fix === undefined));
    assert.equal(readFileSync(file, 'utf8'), fixed);
  });

  test('--fix never touches a file with a syntax error', async () => {
    const broken = `${unpinnedDeployment}---\nkind: [unclosed\n`;
    const folder = makeFolder({ 'deploy.yaml': broken });
    const outcome = await runInProcess(['check', 'deploy.yaml', '--fix'], folder);
    assert.equal(outcome.exitCode, 1);
    assert.equal(readFileSync(join(folder, 'deploy.yaml'), 'utf8'), broken);
    assert.match(outcome.stderr, /no fixable findings/);
  });

  test('-k renders a kustomization with the real kubectl and names the stream', async () => {
    const folder = makeFolder({
      'base/kustomization.yaml': 'resources:\n  - deploy.yaml\nnamespace: web\n',
      'base/deploy.yaml': unpinnedDeployment,
    });
    const outcome = await runInProcess(['check', '-k', 'base', '--format', 'json'], folder);
    assert.equal(outcome.exitCode, 1, outcome.stderr);
    const report = JSON.parse(outcome.stdout) as { results: { path: string; findings: { rule: string }[] }[] };
    assert.equal(report.results[0]?.path, 'kustomize:base');
    assert.ok(report.results[0]?.findings.some((finding) => finding.rule === 'image/pinned'));
  });

  test('-k with a broken kustomization is exit 2 with kubectl’s reason', async () => {
    const folder = makeFolder({ 'base/kustomization.yaml': 'resources:\n  - missing.yaml\n' });
    const outcome = await runInProcess(['check', '-k', 'base'], folder);
    assert.equal(outcome.exitCode, 2);
    assert.match(outcome.stderr, /-k base: `kubectl kustomize` failed: .*missing\.yaml/);
  });

  test('a configuration found above the checked file applies to it', async () => {
    const folder = makeFolder({
      'team/.lsst.yaml': 'rules:\n  image/pinned: off\n',
      'team/deploy.yaml': unpinnedDeployment,
    });
    const outcome = await runInProcess(['check', 'team', '--format', 'json'], folder);
    const report = JSON.parse(outcome.stdout) as { results: { findings: { rule: string }[] }[] };
    assert.ok(!report.results[0]?.findings.some((finding) => finding.rule === 'image/pinned'));
    assert.ok(existsSync(join(folder, 'team/.lsst.yaml')));
  });

  test('a directory named where a file is read is a located finding, not a crash', async () => {
    const folder = makeFolder({});
    mkdirSync(join(folder, 'odd.yaml'));
    // A folder named .yaml is walked like any folder: nothing inside, nothing to check.
    const outcome = await runInProcess(['check', 'odd.yaml'], folder);
    assert.equal(outcome.exitCode, 0);
    assert.match(outcome.stderr, /warning: nothing to check in odd\.yaml: no Kubernetes manifests/);
  });

  test('a folder with nothing to check is a warning naming it; one with a file to check is not', async () => {
    const folder = makeFolder({
      'docs/README.md': '# notes\n',
      'deploy/app.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
    });
    const empty = await runInProcess(['check', 'docs'], folder);
    assert.equal(empty.exitCode, 0);
    assert.match(empty.stderr, /warning: nothing to check in docs: /);
    const some = await runInProcess(['check', 'docs', 'deploy'], folder);
    assert.doesNotMatch(some.stderr, /nothing to check/);
  });
});

describe('kubectl lsst check: custom resources (input/schema)', () => {
  const definition = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.org
spec:
  group: example.org
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer }
`;
  const widget = `apiVersion: example.org/v1
kind: Widget
metadata: { name: w, namespace: portal }
spec:
  size: "3"
  colour: red
`;
  type Report = { results: Array<{ findings: Array<{ rule: string; line: number; message: string }> }> };
  const schemaFindings = (stdout: string) =>
    (JSON.parse(stdout) as Report).results
      .flatMap((result) => result.findings)
      .filter((finding) => finding.rule === 'input/schema')
      .map((finding) => `${finding.line}: ${finding.message.split(': the API')[0]}`);

  test('--crd names a file or folder of CRDs; the CRDs among the checked files count too', async () => {
    const folder = makeFolder({
      'crds/widget.yaml': definition,
      'app/widget.yaml': widget,
      'both/crd.yaml': definition,
      'both/widget.yaml': widget,
    });
    const expected = [
      '5: spec.size must be an integer, but "3" is a quoted string. Remove the quotes.',
      '6: Unknown field "colour" in Widget spec',
    ];
    for (const args of [
      ['check', 'app', '--crd', 'crds', '--format', 'json'],
      ['check', 'app', '--crd', 'crds/widget.yaml', '--format', 'json'],
      ['check', 'both', '--format', 'json'],
    ]) {
      const outcome = await runInProcess(args, folder);
      assert.deepEqual(schemaFindings(outcome.stdout), expected, `${args.join(' ')}\n${outcome.stderr}`);
    }
    const without = await runInProcess(['check', 'app', '--format', 'json'], folder);
    assert.deepEqual(
      (JSON.parse(without.stdout) as Report).results
        .flatMap((result) => result.findings)
        .filter((finding) => finding.rule === 'input/schema')
        .map((finding) => finding.message.split(':')[0]),
      ['No schema for the custom kind Widget (example.org/v1)'],
    );
  });

  test('a resource of the kustomization beside it is not called incomplete: kustomize adds the selector', async () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: dataserver, namespace: qserv }
spec:
  template:
    spec:
      containers:
        - { name: nginx, image: nginxinc/nginx-unprivileged:1.20 }
`;
    const folder = makeFolder({
      'base/kustomization.yaml': 'commonLabels: { app: qserv }\nresources: [dataserver.yaml]\n',
      'base/dataserver.yaml': deployment,
      'alone/dataserver.yaml': deployment,
    });
    const outcome = await runInProcess(['check', 'base', 'alone', '--format', 'json'], folder);
    const report = JSON.parse(outcome.stdout) as {
      results: Array<{ path: string; findings: Array<{ rule: string; message: string }> }>;
    };
    const missing = report.results.flatMap((result) =>
      result.findings
        .filter((finding) => finding.rule === 'input/schema')
        .map((finding) => `${result.path}: ${finding.message.split(':')[0]}`),
    );
    assert.deepEqual(missing, ['alone/dataserver.yaml: spec lacks the required field "selector"']);
  });

  test('objects whose kustomization, overlay or folder sets the namespace are judged by it, in one thread or two', async () => {
    const configMap = (name: string, namespace?: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}${namespace ? `, namespace: ${namespace}` : ''} }\ndata: { a: b }\n`;
    const folder = makeFolder({
      'manifests/base/kustomization.yaml': 'resources: [keeper-cm.yaml]\n',
      'manifests/base/keeper-cm.yaml': configMap('keeper'),
      'manifests/overlays/prod/kustomization.yaml': 'namespace: keeper\nresources: [../../base]\n',
      'itest/kustomization.yaml': 'resources: [cm.yaml]\n',
      'itest/cm.yaml': configMap('itest'),
      'system/kustomization.yaml': 'namespace: kube-system\nresources: [cm.yaml]\n',
      'system/cm.yaml': configMap('system'),
      'migrations/job-cm.yaml': configMap('job', 'telemetry'),
      'migrations/proxy-cm.yaml': configMap('proxy'),
    });
    for (const jobs of ['1', '2']) {
      const outcome = await runInProcess(['check', '--format', 'json', '--jobs', jobs, '.'], folder);
      const report = JSON.parse(outcome.stdout) as {
        results: Array<{ path: string; findings: Array<{ rule: string; severity: string; message: string }> }>;
      };
      const namespaceFindings = report.results.flatMap((result) =>
        result.findings
          .filter((finding) => finding.rule === 'namespace/explicit')
          .map((finding) => `${finding.severity} ${result.path}: ${finding.message.split(';')[0]}`),
      );
      assert.deepEqual(namespaceFindings, [
        'info itest/cm.yaml: ConfigMap "itest" names no namespace, nor does the kustomization that lists it or an overlay found near it: it takes the namespace it is built into (an overlay\'s namespace:, or kubectl apply -k DIRECTORY -n NAMESPACE), and without one it goes to whatever namespace the current kube context points at. Before applying it, make sure of the namespace: kubectl lsst context shows the current one and switches safely (guideline 1.2.6). To tie it to one application\'s namespace, set namespace: in the kustomization or in the overlay that deploys it. (Said once per file, at its first object.)',
        'warning migrations/proxy-cm.yaml: ConfigMap "proxy" has no metadata.namespace, while other manifests of its folder name theirs ("telemetry"): it goes to the namespace it is applied with (kubectl apply -n), or else to whatever namespace the current kube context points at, not necessarily that one',
        'error system/cm.yaml: ConfigMap "system" is put in "kube-system" by the kustomization kustomization.yaml, reserved for the cluster\'s own components',
      ]);
    }
  });

  test('a base image built in the folder beside is judged by its Dockerfile, in one thread or two', async () => {
    const folder = makeFolder({
      'build/oods/Dockerfile': 'ARG hub\nFROM ${hub}/deploy-sqre:1\nARG LSST_USER=saluser\nUSER ${LSST_USER}\n',
      'build/atoods/Dockerfile': 'ARG hub\nFROM ${hub}/oods:1\nCOPY startup.sh /startup.sh\n',
      'build/rooted/Dockerfile': 'FROM almalinux:9\nUSER root\n',
      'build/onrooted/Dockerfile': 'ARG hub\nFROM ${hub}/rooted:1\nCOPY app /app\n',
    });
    for (const jobs of ['1', '2']) {
      const outcome = await runInProcess(['check', '--format', 'json', '--jobs', jobs, 'build'], folder);
      const report = JSON.parse(outcome.stdout) as {
        results: Array<{ path: string; findings: Array<{ rule: string; message: string }> }>;
      };
      const users = report.results.flatMap((result) =>
        result.findings
          .filter((finding) => finding.rule === 'security/run-as-non-root')
          .map((finding) => `${result.path}: ${finding.message.split(', so')[0]}`),
      );
      assert.deepEqual(users, [
        'build/onrooted/Dockerfile: The final stage has no USER, and its base image "${hub}/rooted:1", built from ../rooted/Dockerfile, runs as root',
        'build/rooted/Dockerfile: The last USER of the final stage is "root"',
      ]);
    }
  });

  test('an image a kustomization or its overlay retags is judged as it becomes, in one thread or two', async () => {
    const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - { name: web, image: ${image} }
`;
    const folder = makeFolder({
      'app/base/kustomization.yaml': 'resources: [web.yaml]\n',
      'app/base/web.yaml': deployment('ghcr.io/lsst-sqre/web'),
      'app/overlays/prod/kustomization.yaml':
        'resources: [../../base]\nimages: [{ name: ghcr.io/lsst-sqre/web, newTag: 4.2.0 }]\n',
      'plain/web.yaml': deployment('ghcr.io/lsst-sqre/web'),
      'latest/kustomization.yaml': 'resources: [web.yaml]\nimages: [{ name: ghcr.io/lsst-sqre/web, newTag: latest }]\n',
      'latest/web.yaml': deployment('ghcr.io/lsst-sqre/web:4.2.0'),
    });
    for (const jobs of ['1', '2']) {
      const outcome = await runInProcess(['check', '--format', 'json', '--jobs', jobs, '.'], folder);
      const report = JSON.parse(outcome.stdout) as {
        results: Array<{ path: string; findings: Array<{ rule: string; message: string }> }>;
      };
      const pinning = report.results.flatMap((result) =>
        result.findings
          .filter((finding) => finding.rule === 'image/pinned')
          .map((finding) => `${result.path}: ${finding.message.split(':')[0]}`),
      );
      assert.deepEqual(pinning, [
        'latest/web.yaml: Image "ghcr.io/lsst-sqre/web',
        'plain/web.yaml: Image "ghcr.io/lsst-sqre/web" has no tag, so it means "latest"',
      ]);
      const latest = report.results.find((result) => result.path === 'latest/web.yaml');
      assert.match(
        latest?.findings.find((finding) => finding.rule === 'image/pinned')?.message ?? '',
        /^Image "ghcr\.io\/lsst-sqre\/web:latest" \(as the kustomization kustomization\.yaml sets it\) uses the moving tag "latest"/,
      );
    }
  });

  test("an overlay's patches are judged for what they set, not for what they leave to the base, in one thread or two", async () => {
    const folder = makeFolder({
      'manifests/base/kustomization.yaml': 'namespace: qserv\nresources: [worker.yaml]\n',
      'manifests/base/worker.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: worker }
spec:
  serviceName: worker
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec:
      securityContext: { runAsNonRoot: true }
      containers:
        - name: worker
          image: qserv/lite-qserv:2024.11.2
          securityContext: { allowPrivilegeEscalation: false }
`,
      'manifests/dev/kustomization.yaml': 'resources: [../base]\npatchesStrategicMerge: [worker.yaml]\n',
      'manifests/dev/worker.yaml':
        'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: worker }\nspec:\n  template:\n    spec:\n      containers:\n        - { name: worker, image: "qserv/lite-qserv:latest" }\n',
    });
    for (const jobs of ['1', '2']) {
      const outcome = await runInProcess(['check', '--format', 'json', '--jobs', jobs, '.'], folder);
      const report = JSON.parse(outcome.stdout) as {
        results: Array<{ path: string; findings: Array<{ rule: string; message: string }> }>;
      };
      const found = report.results.flatMap((result) =>
        result.findings
          .filter((finding) => finding.rule !== 'image/trusted-source')
          .map((finding) => `${result.path}: ${finding.rule}`),
      );
      assert.deepEqual(found, ['manifests/dev/worker.yaml: image/pinned']);
    }
  });

  test('customResourceDefinitions in .lsst.yaml names CRD folders relative to the configuration file', async () => {
    const folder = makeFolder({
      'repo/.lsst.yaml': 'customResourceDefinitions: [operator/crds]\n',
      'repo/operator/crds/widget.yaml': definition,
      'repo/app/widget.yaml': widget,
    });
    const outcome = await runInProcess(['check', 'repo/app', '--format', 'json'], folder);
    assert.deepEqual(
      schemaFindings(outcome.stdout),
      [
        '5: spec.size must be an integer, but "3" is a quoted string. Remove the quotes.',
        '6: Unknown field "colour" in Widget spec',
      ],
      outcome.stderr,
    );
    writeFileSync(join(folder, 'repo/.lsst.yaml'), 'customResourceDefinitions: [operator/missing]\n');
    const missing = await runInProcess(['check', 'repo/app'], folder);
    assert.equal(missing.exitCode, 2, missing.stderr);
    assert.match(missing.stderr, /operator\/missing/);
  });

  test('--crd naming nothing is a usage error', async () => {
    const folder = makeFolder({ 'app/widget.yaml': widget });
    const outcome = await runInProcess(['check', 'app', '--crd', 'missing'], folder);
    assert.equal(outcome.exitCode, 2, outcome.stderr);
    assert.match(outcome.stderr, /missing/);
  });
});
