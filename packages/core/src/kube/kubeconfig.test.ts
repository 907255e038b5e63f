// Reading gives the same answers as the real kubectl and as @kubernetes/client-node's loader.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeconfigError } from './errors.ts';
import { loadKubeconfig, requireCurrentContext, resolveContext } from './kubeconfig.ts';

const token = 'tok-3f9a1c2e8b7d6a5f4e3d2c1b';

function kubeconfigText(options: {
  current?: string;
  contexts: Array<[string, string, string, string?]>;
  clusters?: Array<[string, string]>;
  users?: string[];
}): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const [name, server] of options.clusters ?? [])
    lines.push(`- name: ${name}`, '  cluster:', `    server: ${server}`);
  lines.push('contexts:');
  for (const [name, cluster, user, namespace] of options.contexts) {
    lines.push(`- name: ${JSON.stringify(name)}`, '  context:', `    cluster: ${cluster}`, `    user: ${user}`);
    if (namespace !== undefined) lines.push(`    namespace: ${namespace}`);
  }
  lines.push('users:');
  for (const user of options.users ?? []) lines.push(`- name: ${user}`, '  user:', `    token: ${token}-${user}`);
  if (options.current !== undefined) lines.push(`current-context: ${JSON.stringify(options.current)}`);
  return `${lines.join('\n')}\n`;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kube-read-'));
}

function kubectl(
  env: Record<string, string>,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('kubectl', args, { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Scenario {
  name: string;
  files: Array<string | undefined>;
  /** client-node keeps the first file's current-context even when it is empty; kubectl takes the first non-empty one. */
  clientNodeCurrentContext?: undefined;
}

const scenarios: Scenario[] = [
  {
    name: 'one file',
    files: [
      kubeconfigText({
        current: 'dev',
        clusters: [['dev', 'https://dev.example.org:6443']],
        contexts: [['dev', 'dev', 'alice', 'team']],
        users: ['alice'],
      }),
    ],
  },
  {
    name: 'no namespace in the context (kubectl uses default)',
    files: [
      kubeconfigText({
        current: 'bare',
        clusters: [['c', 'https://c.example.org']],
        contexts: [['bare', 'c', 'u']],
        users: ['u'],
      }),
    ],
  },
  {
    name: 'two files: the first current-context and the first definition of a name win',
    files: [
      kubeconfigText({
        current: 'shared',
        clusters: [['c1', 'https://one.example.org']],
        contexts: [['shared', 'c1', 'u1', 'first']],
        users: ['u1'],
      }),
      kubeconfigText({
        current: 'other',
        clusters: [
          ['c1', 'https://ignored.example.org'],
          ['c2', 'https://two.example.org'],
        ],
        contexts: [
          ['shared', 'c2', 'u2', 'second'],
          ['other', 'c2', 'u2', 'x'],
        ],
        users: ['u2'],
      }),
    ],
  },
  {
    name: 'a missing file in the list is skipped; current-context from the later file',
    files: [
      undefined,
      kubeconfigText({
        current: 'later',
        clusters: [['c', 'https://later.example.org/']],
        contexts: [['later', 'c', 'u', 'ns1']],
        users: ['u'],
      }),
    ],
  },
  {
    name: 'a first file without current-context',
    clientNodeCurrentContext: undefined,
    files: [
      kubeconfigText({ clusters: [['a', 'https://a.example.org']], contexts: [['a', 'a', 'ua', 'na']], users: ['ua'] }),
      kubeconfigText({ current: 'a', clusters: [], contexts: [['b', 'a', 'ua', 'nb']], users: [] }),
    ],
  },
];

describe('reading kubeconfigs like kubectl and client-node', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => {
      const dir = tempDir();
      const paths = scenario.files.map((text, index) => {
        const path = join(dir, `config-${index}`);
        if (text !== undefined) writeFileSync(path, text);
        return path;
      });
      const env = { KUBECONFIG: paths.join(':'), HOME: dir };
      const ours = loadKubeconfig({ env });
      const current = requireCurrentContext(ours);

      // kubectl, the judge.
      assert.equal(kubectl(env, 'config', 'current-context').stdout.trim(), current.name);
      const view = JSON.parse(kubectl(env, 'config', 'view', '--minify', '-o', 'json').stdout);
      const context = view.contexts[0].context;
      assert.equal(view['current-context'], current.name);
      assert.equal(context.cluster, current.cluster);
      assert.equal(context.user, current.user);
      assert.equal(context.namespace ?? 'default', current.namespace);
      assert.equal(view.clusters[0].cluster.server, current.server);
      const allNames = JSON.parse(kubectl(env, 'config', 'view', '-o', 'json').stdout).contexts.map(
        (entry: { name: string }) => entry.name,
      );
      assert.deepEqual([...ours.contexts.keys()].sort(), [...allNames].sort());

      // client-node, with the first file's current-context kept (kubectl's rule).
      const previous = process.env.KUBECONFIG;
      process.env.KUBECONFIG = paths.filter((_path, index) => scenario.files[index] !== undefined).join(':');
      try {
        const client = new KubeConfig();
        // client-node throws on a name defined twice; kubectl keeps the first: compare where it can load.
        let loaded = true;
        try {
          client.loadFromDefault(undefined, true);
        } catch {
          loaded = false;
        }
        if (loaded && 'clientNodeCurrentContext' in scenario) {
          // A known difference, asserted so that a change in client-node shows up here.
          assert.equal(client.getCurrentContext(), scenario.clientNodeCurrentContext);
        } else if (loaded) {
          assert.equal(client.getCurrentContext(), current.name);
          const clientContext = client.getContextObject(current.name);
          assert.equal(clientContext?.namespace ?? 'default', current.namespace);
          assert.equal(client.getCurrentCluster()?.server, current.server?.replace(/\/$/, ''));
          assert.equal(client.getCurrentUser()?.name, current.user);
        } else {
          assert.ok(scenario.files.filter(Boolean).length > 1, 'client-node loads any single valid file');
        }
      } finally {
        if (previous === undefined) delete process.env.KUBECONFIG;
        else process.env.KUBECONFIG = previous;
      }
    });
  }

  it('uses --kubeconfig alone, and ~/.kube/config when KUBECONFIG is unset', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.kube'));
    writeFileSync(join(dir, '.kube', 'config'), kubeconfigText({ current: 'home', contexts: [['home', 'c', 'u']] }));
    const explicit = join(dir, 'explicit');
    writeFileSync(explicit, kubeconfigText({ current: 'flag', contexts: [['flag', 'c', 'u']] }));
    assert.equal(loadKubeconfig({ env: { HOME: dir } }).currentContext, 'home');
    assert.equal(loadKubeconfig({ env: { HOME: dir }, explicitPath: explicit }).currentContext, 'flag');
    assert.equal(kubectl({ HOME: dir }, 'config', 'current-context').stdout.trim(), 'home');
    assert.equal(kubectl({ HOME: dir }, '--kubeconfig', explicit, 'config', 'current-context').stdout.trim(), 'flag');
  });

  it('reports a missing --kubeconfig file by name', () => {
    const dir = tempDir();
    assert.throws(
      () => loadKubeconfig({ explicitPath: join(dir, 'nope'), env: { HOME: dir } }),
      (error: unknown) =>
        error instanceof KubeconfigError && error.code === 'not-found' && error.message.includes(join(dir, 'nope')),
    );
  });

  // The parser quotes source text in some of its messages; each of these values would appear in one.
  const malformedCredentialLines: Array<[string, string, string, number]> = [
    ['a block scalar header with text after it', `    token: |${token}`, token, 5],
    ['a bad escape in a quoted string', '    password: "ab\\Ucorrecthorse battery"', 'correcth', 5],
    ['a wrong indentation on the next line', `    token: ${token}\n   bad: [`, token, 6],
  ];
  for (const [what, line, secret, errorLine] of malformedCredentialLines) {
    it(`reports a malformed file with file and line, and without the credential on that line: ${what}`, () => {
      const dir = tempDir();
      const path = join(dir, 'config');
      writeFileSync(path, `apiVersion: v1\nusers:\n- name: u\n  user:\n${line}\n`);
      assert.throws(
        () => loadKubeconfig({ explicitPath: path }),
        (error: unknown) => {
          assert.ok(error instanceof KubeconfigError);
          assert.equal(error.code, 'malformed');
          assert.equal(error.file, path);
          assert.equal(error.line, errorLine);
          assert.match(error.message, new RegExp(`^${path}:\\d+:\\d+: invalid YAML: \\w`));
          assert.ok(!error.message.includes(secret), error.message);
          return true;
        },
      );
      // kubectl refuses the same file.
      assert.notEqual(kubectl({ HOME: dir }, '--kubeconfig', path, 'config', 'current-context').status, 0);
    });
  }

  it('rejects a boolean where kubectl wants a string (YAML 1.1 `yes`), as kubectl does', () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, 'contexts:\n- name: c\n  context: {cluster: yes}\ncurrent-context: c\n');
    assert.throws(
      () => loadKubeconfig({ explicitPath: path }),
      /:3:\d+: context.cluster must be a string, found a boolean/,
    );
    assert.notEqual(kubectl({ HOME: dir }, '--kubeconfig', path, 'config', 'view').status, 0);
  });

  it('rejects a name defined twice in one file, as kubectl does', () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, 'contexts:\n- name: a\n  context: {cluster: c}\n- name: a\n  context: {cluster: d}\n');
    assert.throws(() => loadKubeconfig({ explicitPath: path }), /:4:\d+: duplicate name "a" in contexts/);
    assert.notEqual(kubectl({ HOME: dir }, '--kubeconfig', path, 'config', 'view').status, 0);
  });

  it('resolves a dangling current context to undefined and explains it', () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, 'current-context: gone\ncontexts: []\n');
    const loaded = loadKubeconfig({ explicitPath: path });
    assert.equal(resolveContext(loaded, 'gone'), undefined);
    assert.throws(() => requireCurrentContext(loaded), /the current context "gone" is not defined/);
    assert.equal(
      execFileSync('kubectl', ['--kubeconfig', path, 'config', 'current-context'], { encoding: 'utf8' }).trim(),
      'gone',
    );
  });
});

/** Every context, cluster server and the current context: ours against `kubectl config view`. */
function assertReadAsKubectlDoes(path: string): void {
  const ours = loadKubeconfig({ explicitPath: path });
  const view = kubectl({ HOME: tmpdir() }, '--kubeconfig', path, 'config', 'view', '-o', 'json');
  assert.equal(view.status, 0, view.stderr);
  const theirs = JSON.parse(view.stdout) as {
    'current-context'?: string;
    contexts?: Array<{ name: string; context: { cluster?: string; user?: string; namespace?: string } }>;
    clusters?: Array<{ name: string; cluster: { server?: string } }>;
    users?: Array<{ name: string }>;
  };
  assert.equal(ours.currentContext ?? '', theirs['current-context'] ?? '');
  const contexts = [...ours.contexts.values()].map((context) => ({
    name: context.name,
    cluster: context.cluster,
    user: context.user,
    namespace: context.namespace,
  }));
  assert.deepEqual(
    contexts,
    (theirs.contexts ?? []).map((entry) => ({
      name: entry.name,
      cluster: entry.context.cluster,
      user: entry.context.user,
      namespace: entry.context.namespace,
    })),
  );
  assert.deepEqual(
    [...ours.clusters.values()].map((cluster) => [cluster.name, cluster.server]),
    (theirs.clusters ?? []).map((entry) => [entry.name, entry.cluster.server]),
  );
  assert.deepEqual(
    [...ours.users.keys()],
    (theirs.users ?? []).map((entry) => entry.name),
  );
}

describe('YAML features, as kubectl reads them', () => {
  const write = (text: string): string => {
    const path = join(tempDir(), 'config');
    writeFileSync(path, text);
    return path;
  };

  it('resolves `<<` merge keys in a context, with its own keys winning', () => {
    const path = write(`apiVersion: v1
kind: Config
current-context: live
clusters:
- name: prod
  cluster: {server: https://prod.example.org:6443}
contexts:
- name: base
  context: &prodcontext {cluster: prod, user: u, namespace: base}
- name: live
  context: { <<: *prodcontext, namespace: web }
users:
- name: u
  user: {token: ${token}}
`);
    assertReadAsKubectlDoes(path);
    const live = resolveContext(loadKubeconfig({ explicitPath: path }), 'live');
    assert.equal(live?.cluster, 'prod');
    assert.equal(live?.server, 'https://prod.example.org:6443');
    assert.equal(live?.namespace, 'web');
  });

  it('resolves aliases: a whole body (`user: *u`), a scalar, a list item and several merge sources', () => {
    const path = write(`apiVersion: v1
kind: Config
current-context: &current second
clusters:
- &c1 {name: one, cluster: &body {server: https://one.example.org}}
- name: two
  cluster:
    <<: [*body, {insecure-skip-tls-verify: false}]
contexts:
- name: first
  context: {cluster: one, user: alice}
- name: *current
  context:
    <<: [{cluster: two}, {cluster: one, namespace: merged}]
    user: bob
users:
- name: alice
  user: &u {token: ${token}}
- name: bob
  user: *u
`);
    assertReadAsKubectlDoes(path);
    const loaded = loadKubeconfig({ explicitPath: path });
    assert.equal(loaded.currentContext, 'second');
    assert.equal(resolveContext(loaded, 'second')?.cluster, 'two');
    assert.ok(loaded.secrets.includes(token), 'the aliased credential is known to the redactor');
  });

  it('reads only the first document of a several-document file, as kubectl does', () => {
    const second = `apiVersion: v1
kind: Config
current-context: b
clusters:
- name: cb
  cluster: {server: https://b.example.org}
contexts:
- name: b
  context: {cluster: cb, user: u}
`;
    const first = second.replaceAll('b.example', 'a.example').replace(/\bb\b/g, 'a').replace('cb', 'ca');
    assertReadAsKubectlDoes(write(`${first}---\n${second}`));
    assertReadAsKubectlDoes(write(`---\n${first}---\n${second}`));
    // An empty first document: kubectl sees no context at all.
    assertReadAsKubectlDoes(write(`# comment\n---\n---\n${second}`));
    // A broken later document is never read by kubectl, so it is no error either.
    assertReadAsKubectlDoes(write(`${first}---\nbroken: [\n`));
    assert.equal(loadKubeconfig({ explicitPath: write(`${first}---\n${second}`) }).currentContext, 'a');
  });

  it('refuses an alias bomb with a clear message instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 8; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    }
    const path = write(`${levels.join('\n')}\ncontexts: []\n`);
    assert.throws(() => loadKubeconfig({ explicitPath: path }), /aliases expand to more than/);
  });
});
