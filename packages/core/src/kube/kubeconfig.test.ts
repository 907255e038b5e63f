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
