// `kubectl lsst context ...` end to end: real files in temp folders, the real kubectl as the judge.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApiServer, type TestApiServer } from '../../../core/test-support/kube-apiserver/index.ts';
import { type CliRun, runCli, runCliInTerminal, runCliInteractively } from './context-cli.ts';

const secrets = {
  token: 'tok-e2e-7d1f0c9b2a8e4f6d',
  key: 'S0VZLWUyZS1zZWNyZXQta2V5LWRhdGE=',
  password: 'pa55-e2e-word-91',
  idToken: 'idtok-e2e-4c3b2a19',
};

const kubeconfig = `# team kubeconfig
apiVersion: v1
kind: Config
clusters:
- name: lsst-dev
  cluster:
    server: https://dev.example.invalid:6443
    certificate-authority-data: Q0EtREFUQQ==
- name: lsst-prod
  cluster:
    server: https://prod.example.invalid:6443
contexts:
- name: dev
  context: {cluster: lsst-dev, user: alice, namespace: team}
- name: prod-admin
  context: {cluster: lsst-prod, user: admin}
current-context: dev
users:
- name: alice
  user:
    token: ${secrets.token}
- name: admin
  user:
    client-key-data: ${secrets.key}
    client-certificate-data: Q0VSVC1EQVRB
- name: basic
  user: {username: bob, password: ${secrets.password}}
- name: oidc
  user:
    auth-provider:
      name: oidc
      config: {id-token: ${secrets.idToken}, idp-issuer-url: https://id.example.org}
`;

const lsstConfig = `clusters:
  - name: dev
    role: development
    kubernetesVersion: "1.31"
    match: { contexts: ["dev*", "lsst-dev*"] }
  - name: prod
    role: production
    kubernetesVersion: "1.29"
    match: { servers: ["https://prod.example.invalid:6443"] }
`;

function setup(text = kubeconfig): { dir: string; path: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'lsst-context-e2e-'));
  const path = join(dir, 'config');
  writeFileSync(path, text, { mode: 0o600 });
  writeFileSync(join(dir, 'lsst.yaml'), lsstConfig);
  return { dir, path, env: { HOME: dir, KUBECONFIG: path, LSST_CONFIG: join(dir, 'lsst.yaml') } };
}

function kubectl(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync('kubectl', args, { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function assertNoSecrets(run: CliRun): void {
  for (const secret of Object.values(secrets)) {
    assert.ok(!run.stdout.includes(secret), `stdout leaks ${secret}`);
    assert.ok(!run.stderr.includes(secret), `stderr leaks ${secret}`);
  }
}

function lockFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp'));
}

describe('kubectl lsst context', () => {
  it('lists contexts with cluster, namespace, role and version; --json for scripts; no credentials', async () => {
    const { env } = setup();
    const table = await runCli(['context'], { env });
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      /^CURRENT +NAME +CLUSTER +NAMESPACE +ROLE +VERSION\n\* +dev +lsst-dev +team +development +1\.31\n +prod-admin +lsst-prod +default +production +1\.29\n$/,
    );
    const json = await runCli(['context', '--json'], { env });
    assert.equal(json.code, 0, json.stderr);
    const parsed = JSON.parse(json.stdout);
    assert.deepEqual(
      parsed.map((entry: { name: string; role: string; current: boolean }) => [entry.name, entry.role, entry.current]),
      [
        ['dev', 'development', true],
        ['prod-admin', 'production', false],
      ],
    );
    assertNoSecrets(table);
    assertNoSecrets(json);
  });

  it('context current prints one line, as kubectl sees the same file', async () => {
    const { env } = setup();
    const line = await runCli(['context', 'current'], { env });
    assert.equal(line.code, 0, line.stderr);
    assert.equal(line.stdout, `${kubectl(env, 'config', 'current-context').stdout.trim()} team development\n`);
    const json = await runCli(['context', 'current', '--json'], { env });
    assert.equal(JSON.parse(json.stdout).namespace, 'team');
    const formatted = await runCli(['context', 'current', '--format', '{namespace}@{cluster} [{role}]'], { env });
    assert.equal(formatted.stdout, 'team@lsst-dev [development]\n');
    for (const run of [line, json, formatted]) assertNoSecrets(run);
  });

  it('context current follows every change of the kubeconfig and the configuration (prompt cache)', async () => {
    const { dir, env } = setup();
    const first = await runCli(['context', 'current'], { env });
    assert.equal(first.stdout, 'dev team development\n');
    assert.ok(readdirSync(join(dir, '.cache', 'kubectl-lsst')).length > 0, 'the answer is cached');
    // kubectl rewrites the file in place.
    assert.equal(kubectl(env, 'config', 'set-context', 'dev', '--namespace=other').status, 0);
    assert.equal((await runCli(['context', 'current'], { env })).stdout, 'dev other development\n');
    assert.equal(kubectl(env, 'config', 'use-context', 'prod-admin').status, 0);
    assert.equal((await runCli(['context', 'current'], { env })).stdout, 'prod-admin default production\n');
    assert.equal(kubectl(env, 'config', 'use-context', 'dev').status, 0);
    assert.equal((await runCli(['context', 'current'], { env })).stdout, 'dev other development\n');
    // The configuration changes the role.
    writeFileSync(join(dir, 'lsst.yaml'), lsstConfig.replace('role: development', 'role: testing'));
    assert.equal((await runCli(['context', 'current'], { env })).stdout, 'dev other testing\n');
    // The same answer without the cache.
    const uncached = await runCli(['context', 'current'], { env: { ...env, KUBECTL_LSST_NO_CACHE: '1' } });
    assert.equal(uncached.stdout, 'dev other testing\n');
    for (const name of readdirSync(join(dir, '.cache', 'kubectl-lsst'))) {
      const cached = readFileSync(join(dir, '.cache', 'kubectl-lsst', name), 'utf8');
      for (const secret of Object.values(secrets)) assert.ok(!cached.includes(secret), 'no credential in the cache');
    }
  });

  it('a production switch without a terminal is refused and leaves the file byte for byte', async () => {
    const { path, env } = setup();
    const refused = await runCli(['context', 'use', 'prod-admin'], { env });
    assert.equal(refused.code, 2);
    assert.match(
      refused.stderr,
      /refusing to switch to context "prod-admin": it is the production cluster "prod".*Nothing was changed.*--yes/,
    );
    assert.equal(readFileSync(path, 'utf8'), kubeconfig);
    assertNoSecrets(refused);

    const confirmed = await runCli(['context', 'use', 'prod-admin', '--yes'], { env });
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), 'prod-admin');
    assertNoSecrets(confirmed);
  });

  it('on a terminal, the cluster name must be typed to confirm a production switch', async () => {
    const { path, env } = setup();
    const wrong = await runCliInTerminal(['context', 'use', 'prod-admin'], 'lsst-prod\n', env);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stdout, /Type the cluster name \(prod\) to confirm/);
    assert.match(wrong.stdout, /not confirmed/);
    assert.equal(readFileSync(path, 'utf8'), kubeconfig);

    const right = await runCliInTerminal(['context', 'use', 'prod-admin'], 'prod\n', env);
    assert.equal(right.code, 0, right.stdout);
    assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), 'prod-admin');
  });

  it('context use with no name on a terminal offers the contexts with their roles; typing filters, Enter picks', async () => {
    const { env } = setup(kubeconfig.replace('current-context: dev', 'current-context: prod-admin'));
    const picked = await runCliInteractively(
      ['context', 'use'],
      [
        { after: /prod-admin/, type: 'de' },
        { after: /1\/2/, type: '\r' },
      ],
      env,
    );
    assert.equal(picked.code, 0, picked.stdout);
    assert.match(picked.stdout, /Switch to a kube context: type to filter/);
    assert.match(picked.stdout, /dev\s+team · development \(dev\)/);
    assert.match(picked.stdout, /\* prod-admin\s+default · production \(prod\)/);
    assert.match(picked.stdout, /Switched to context "dev"/);
    assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), 'dev');
    assertNoSecrets(picked);
  });

  it('the arrow keys move through the contexts, and picking production still asks for the cluster name', async () => {
    const { path, env } = setup();
    const refused = await runCliInteractively(
      ['context', 'use'],
      [
        { after: /2\/2/, type: '\x1b[B' },
        { after: /▸ {2}prod-admin/, type: '\r' },
        { after: /Type the cluster name \(prod\) to confirm/, type: 'lsst-prod\r' },
      ],
      env,
    );
    assert.equal(refused.code, 2, refused.stdout);
    assert.match(refused.stdout, /not confirmed/);
    assert.equal(readFileSync(path, 'utf8'), kubeconfig);

    const confirmed = await runCliInteractively(
      ['context', 'use'],
      [
        { after: /2\/2/, type: '\x1b[B' },
        { after: /▸ {2}prod-admin/, type: '\r' },
        { after: /Type the cluster name \(prod\) to confirm/, type: 'prod\r' },
      ],
      env,
    );
    assert.equal(confirmed.code, 0, confirmed.stdout);
    assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), 'prod-admin');
  });

  it('leaving the picker with Esc changes nothing; without a terminal a missing name is a usage error', async () => {
    const { path, env } = setup();
    const left = await runCliInteractively(['context', 'use'], [{ after: /2\/2/, type: '\x1b' }], env);
    assert.equal(left.code, 2, left.stdout);
    assert.match(left.stdout, /no context picked\. Nothing was changed/);
    assert.equal(readFileSync(path, 'utf8'), kubeconfig);

    const piped = await runCli(['context', 'use'], { env });
    assert.equal(piped.code, 2);
    assert.match(piped.stderr, /which context\? Name it: `kubectl lsst context use NAME`/);
    assert.equal(readFileSync(path, 'utf8'), kubeconfig);
  });

  it('context ns warns before system namespaces and asks on production', async () => {
    const { path, env } = setup();
    const dev = await runCli(['context', 'ns', 'kube-system', '--no-check'], { env });
    assert.equal(dev.code, 0, dev.stderr);
    assert.match(dev.stderr, /Warning: "kube-system" is a namespace Kubernetes itself uses/);
    assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), 'lsst-dev/kube-system');

    assert.equal((await runCli(['context', 'use', 'prod-admin', '--yes'], { env })).code, 0);
    const before = readFileSync(path, 'utf8');
    const refused = await runCli(['context', 'ns', 'default', '--no-check'], { env });
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /refusing to work in the namespace "default"/);
    assert.equal(readFileSync(path, 'utf8'), before);
    const ordinary = await runCli(['context', 'ns', 'nb-ops', '--no-check'], { env });
    assert.equal(ordinary.code, 0, ordinary.stderr);
    assert.match(
      ordinary.stdout,
      /Switched to context "lsst-prod\/nb-ops" \(namespace nb-ops, cluster lsst-prod, production\)/,
    );
  });

  it('context ns with an unreachable cluster says so and still switches', async () => {
    const { env } = setup();
    const run = await runCli(['context', 'ns', 'nb-alice', '--timeout', '2'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /Switched to context "lsst-dev\/nb-alice" \(namespace nb-alice, cluster lsst-dev, development\); created it in /,
    );
    assert.match(
      run.stderr,
      /Note: could not check the namespace on the cluster: .+\. The context was switched anyway\./,
    );
    assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), 'lsst-dev/nb-alice');
    const view = JSON.parse(kubectl(env, 'config', 'view', '--minify', '-o', 'json').stdout);
    assert.equal(view.contexts[0].context.namespace, 'nb-alice');
    assert.equal(view.contexts[0].context.user, 'alice');
    assertNoSecrets(run);
  });

  it('errors name the problem and never show credentials', async () => {
    const { dir, path, env } = setup();
    const unknown = await runCli(['context', 'use', 'nope'], { env });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no context named "nope"/);
    const badName = await runCli(['context', 'ns', 'Bad_Name'], { env });
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /not a valid namespace name/);

    // A malformed file: reported with file and line, not rewritten, the token on the bad line not shown.
    const broken = kubeconfig.replace(`    token: ${secrets.token}`, `    token: ${secrets.token}\n   oops: [`);
    writeFileSync(path, broken);
    for (const args of [['context'], ['context', 'current'], ['context', 'ns', 'x'], ['context', 'use', 'dev']]) {
      const run = await runCli(args, { env });
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, new RegExp(`${path}:\\d+:\\d+: invalid YAML`));
      assertNoSecrets(run);
    }
    assert.equal(readFileSync(path, 'utf8'), broken);
    assert.deepEqual(lockFilesIn(dir), []);
  });

  it('a read-only kubeconfig gives a clear message', async () => {
    const { dir, path, env } = setup();
    chmodSync(path, 0o400);
    const run = await runCli(['context', 'ns', 'nb-alice', '--no-check'], { env });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      new RegExp(`${path}: this kubeconfig is read-only \\(mode 0400\\)\\. Nothing was changed`),
    );
    assert.equal(readFileSync(path, 'utf8'), kubeconfig);
    assert.deepEqual(lockFilesIn(dir), []);
    assertNoSecrets(run);
  });

  it('context shell gives a private copy, removed on exit; the original is untouched', async () => {
    const { path, env } = setup();
    const run = await runCli(
      [
        'context',
        'shell',
        'prod-admin',
        '--yes',
        '--',
        'sh',
        '-c',
        'kubectl config current-context; echo $KUBECONFIG; kubectl config use-context prod-admin >/dev/null; kubectl config get-contexts -o name',
      ],
      { env },
    );
    assert.equal(run.code, 0, run.stderr);
    const [context, copy, ...names] = run.stdout.trim().split('\n');
    assert.equal(context, 'prod-admin');
    assert.notEqual(copy, path);
    assert.deepEqual(names, ['prod-admin']);
    assert.equal(existsSync(copy as string), false, 'the private copy is removed');
    assert.equal(readFileSync(path, 'utf8'), kubeconfig);
    assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), 'dev');
    assertNoSecrets(run);

    const failing = await runCli(['context', 'shell', 'dev', '--', 'sh', '-c', 'exit 7'], { env });
    assert.equal(failing.code, 7, 'the command exit code is passed on');
    const refused = await runCli(['context', 'shell', 'prod-admin', '--', 'true'], { env });
    assert.equal(refused.code, 2);
  });

  it('kubectl completes context names through kubectl_complete-lsst', async () => {
    const { dir, env } = setup();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    // kubectl finds the plugin and its completion executable on PATH.
    writeFileSync(join(bin, 'kubectl-lsst'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const entry = new URL('./run-from-source.mjs', import.meta.url).pathname;
    writeFileSync(
      join(bin, 'kubectl_complete-lsst'),
      `#!/bin/sh\nexec '${process.execPath}' --import tsx '${entry}' __complete "$@"\n`,
      { mode: 0o755 },
    );
    const complete = (...words: string[]) =>
      spawnSync('kubectl', ['__complete', 'lsst', ...words], {
        env: { ...env, PATH: `${bin}:${process.env.PATH}` },
        encoding: 'utf8',
        cwd: new URL('../..', import.meta.url).pathname,
      });
    const contexts = complete('context', 'use', '');
    assert.equal(contexts.status, 0, contexts.stderr);
    assert.deepEqual(contexts.stdout.trim().split('\n'), [
      'dev\tteam on lsst-dev (development)',
      'prod-admin\tdefault on lsst-prod (production)',
      ':4',
    ]);
    assert.deepEqual(complete('context', 'use', 'pr').stdout.trim().split('\n'), [
      'prod-admin\tdefault on lsst-prod (production)',
      ':4',
    ]);
    const subcommands = complete('context', '').stdout;
    assert.match(subcommands, /^current\t/m);
    assert.match(subcommands, /^ns\t/m);
    // Namespaces of the cluster's contexts when the cluster does not answer.
    assert.deepEqual(complete('context', 'ns', '').stdout.trim().split('\n'), ['team', ':4']);
    assertNoSecrets({ code: 0, stdout: contexts.stdout, stderr: contexts.stderr });
  });
});

describe('kubectl lsst context ns against an API server', () => {
  let server: TestApiServer;
  before(async () => {
    server = await startTestApiServer({
      users: ['alice'],
      rbac: [
        {
          users: ['alice'],
          verbs: ['create'],
          resources: ['authorization.k8s.io/selfsubjectaccessreviews'],
          allow: true,
        },
        { users: ['alice'], verbs: ['get'], resources: ['namespaces'], allow: true },
        { users: ['alice'], verbs: ['list'], resources: ['pods'], namespaces: ['team'], allow: true },
      ],
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } },
      ],
    });
  });
  after(() => server.close());

  function serverSetup() {
    const dir = mkdtempSync(join(tmpdir(), 'lsst-context-api-'));
    const path = server.writeKubeconfig(dir, 'alice', {
      namespace: 'team',
      contextName: 'dev',
      clusterName: 'lsst-dev',
    });
    writeFileSync(join(dir, 'lsst.yaml'), lsstConfig);
    return { path, env: { HOME: dir, KUBECONFIG: path, LSST_CONFIG: join(dir, 'lsst.yaml') } };
  }

  it('is silent when the namespace exists and pods can be listed', async () => {
    const { env } = serverSetup();
    const run = await runCli(['context', 'ns', 'team'], { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });

  it('says when the namespace does not exist, and when pods cannot be listed', async () => {
    const { env } = serverSetup();
    const missing = await runCli(['context', 'ns', 'nope'], { env });
    assert.equal(missing.code, 0, missing.stderr);
    assert.match(missing.stderr, /the namespace "nope" does not exist on this cluster/);
    const forbidden = await runCli(['context', 'ns', 'other'], { env });
    assert.equal(forbidden.code, 0, forbidden.stderr);
    assert.doesNotMatch(forbidden.stderr, /does not exist/);
    assert.match(forbidden.stderr, /you cannot list pods in "other"/);
    assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), 'lsst-dev/other');
    assert.ok(!`${missing.stderr}${forbidden.stderr}`.includes(server.users[0]?.token ?? 'none'));
  });
});
