// Writing: only the intended change, in the file kubectl would choose, atomically, under kubectl's lock.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultResolvedConfig } from '../config/load.ts';
import { describeContext, useContext, useNamespace } from './contexts.ts';
import { KubeconfigError } from './errors.ts';
import { loadKubeconfig } from './kubeconfig.ts';
import { kubeconfigLocations } from './locations.ts';

const richKubeconfig = `# Managed by hand: keep these comments.
apiVersion: v1
kind: Config
preferences: {colors: true}
clusters:
- cluster:
    certificate-authority-data: "Q0EtREFUQQ=="
    server: https://dev.example.org:6443
    extensions:
    - extension:
        last-update: Mon, 01 Jan 2024 00:00:00 UTC
        provider: minikube.sigs.k8s.io
        version: v1.32.0
      name: cluster_info
  name: dev
contexts:
- context:
    cluster: dev
    user: alice # the human one
    namespace: team
    extensions:
    - {name: context_info, extension: {note: 'kept as is'}}
  name: dev

# A second context, written by another tool.
- name: "dev-admin"
  context: {cluster: dev, user: admin}
current-context: dev   # what kubectl uses
users:
- name: alice
  user:
    token: sekret-alice-token-0123456789
- name: admin
  user: {client-key-data: S0VZLURBVEE=, client-certificate-data: Q0VSVA==}
x-unknown-field:
  kept: [1, 2, 3]
`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'kube-write-'));
}

function kubectl(env: Record<string, string>, ...args: string[]) {
  return spawnSync('kubectl', args, { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
}

function noLocksIn(dir: string): void {
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp')),
    [],
  );
}

describe('namespace contexts and switches change only what they mean to', () => {
  it('adds one context and changes current-context, every other byte as it was', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    const result = await useNamespace(kubeconfigLocations({ explicitPath: path }), 'nb-alice');
    assert.equal(result.plan.name, 'dev/nb-alice');
    assert.deepEqual(result.written, [path]);
    const after = readFileSync(path, 'utf8');
    const added = '- context:\n    cluster: dev\n    namespace: nb-alice\n    user: alice\n  name: dev/nb-alice\n';
    assert.ok(after.includes(added));
    const restored = after.replace(added, '').replace('current-context: dev/nb-alice   #', 'current-context: dev   #');
    assert.equal(restored, richKubeconfig);
    // The new entry sits in the contexts list, after its last item.
    assert.ok(after.indexOf(added) > after.indexOf('context: {cluster: dev, user: admin}'));
    assert.ok(after.indexOf(added) < after.indexOf('current-context'));

    const env = { HOME: dir };
    assert.equal(kubectl(env, '--kubeconfig', path, 'config', 'current-context').stdout.trim(), 'dev/nb-alice');
    const view = JSON.parse(kubectl(env, '--kubeconfig', path, 'config', 'view', '--minify', '-o', 'json').stdout);
    assert.equal(view.contexts[0].context.namespace, 'nb-alice');
    assert.equal(view.contexts[0].context.user, 'alice');
    const full = JSON.parse(kubectl(env, '--kubeconfig', path, 'config', 'view', '-o', 'json').stdout);
    assert.deepEqual(
      full.contexts.map((entry: { name: string }) => entry.name),
      ['dev', 'dev-admin', 'dev/nb-alice'],
    );
    noLocksIn(dir);
  });

  it('switching back to an existing context rewrites only the current-context value', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    await useContext(kubeconfigLocations({ explicitPath: path }), 'dev-admin');
    assert.equal(
      readFileSync(path, 'utf8'),
      richKubeconfig.replace('current-context: dev   #', 'current-context: dev-admin   #'),
    );
    // Already current: nothing is written at all.
    const before = statSync(path).mtimeMs;
    const again = await useContext(kubeconfigLocations({ explicitPath: path }), 'dev-admin');
    assert.deepEqual(again.written, []);
    assert.equal(statSync(path).mtimeMs, before);
  });

  it('an existing namespace context is reused, not duplicated', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    const locations = kubeconfigLocations({ explicitPath: path });
    await useNamespace(locations, 'nb-alice');
    await useContext(locations, 'dev');
    const second = await useNamespace(locations, 'nb-alice');
    assert.equal(second.plan.exists, true);
    assert.equal(readFileSync(path, 'utf8').split('name: dev/nb-alice').length, 2);
  });

  it('names the context after the user too when <cluster>/<namespace> belongs to another user', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    const locations = kubeconfigLocations({ explicitPath: path });
    await useNamespace(locations, 'shared');
    await useContext(locations, 'dev-admin');
    const result = await useNamespace(locations, 'shared');
    assert.equal(result.plan.name, 'dev/shared/admin');
    assert.equal(
      kubectl({ HOME: dir }, '--kubeconfig', path, 'config', 'current-context').stdout.trim(),
      'dev/shared/admin',
    );
  });

  it('keeps CRLF line endings, flow-style lists and JSON files readable by kubectl', async () => {
    const dir = tempDir();
    const crlf = join(dir, 'crlf');
    writeFileSync(
      crlf,
      'apiVersion: v1\r\nclusters:\r\n- name: c\r\n  cluster:\r\n    server: https://c.example.org\r\ncontexts:\r\n- name: a\r\n  context:\r\n    cluster: c\r\n    user: u\r\ncurrent-context: a\r\n',
    );
    await useNamespace(kubeconfigLocations({ explicitPath: crlf }), 'one');
    assert.ok(!readFileSync(crlf, 'utf8').replaceAll('\r\n', '').includes('\n'));

    const flow = join(dir, 'flow');
    writeFileSync(
      flow,
      'apiVersion: v1\nclusters: [{name: c, cluster: {server: "https://c.example.org"}}]\ncontexts: [{name: a, context: {cluster: c, user: u}}]\ncurrent-context: a\n',
    );
    await useNamespace(kubeconfigLocations({ explicitPath: flow }), 'two');

    const json = join(dir, 'json');
    writeFileSync(
      json,
      JSON.stringify(
        {
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'c', cluster: { server: 'https://c.example.org' } }],
          contexts: [{ name: 'a', context: { cluster: 'c', user: 'u' } }],
          'current-context': 'a',
        },
        null,
        2,
      ),
    );
    await useNamespace(kubeconfigLocations({ explicitPath: json }), 'three');

    const empty = join(dir, 'empty');
    writeFileSync(
      empty,
      'apiVersion: v1\nclusters: [{name: c, cluster: {server: "https://c.example.org"}}]\ncontexts:\n',
    );
    await useContext(kubeconfigLocations({ explicitPath: empty }), 'c/four').catch(() => undefined);
    writeFileSync(
      empty,
      `${readFileSync(empty, 'utf8')}current-context: x\n`.replace(
        'contexts:\n',
        'contexts:\n- name: x\n  context: {cluster: c, user: u}\n',
      ),
    );
    await useNamespace(kubeconfigLocations({ explicitPath: empty }), 'four');

    for (const [path, name] of [
      [crlf, 'c/one'],
      [flow, 'c/two'],
      [json, 'c/three'],
      [empty, 'c/four'],
    ] as const) {
      const result = kubectl({ HOME: dir }, '--kubeconfig', path, 'config', 'view', '-o', 'json');
      assert.equal(result.status, 0, result.stderr);
      const view = JSON.parse(result.stdout);
      assert.equal(view['current-context'], name);
      const entry = view.contexts.find((candidate: { name: string }) => candidate.name === name);
      assert.equal(entry.context.namespace, name.split('/')[1]);
      assert.equal(entry.context.cluster, 'c');
    }
  });

  it('keeps the file mode, and writes through a symlink instead of replacing it', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'dotfiles'));
    const real = join(dir, 'dotfiles', 'kubeconfig');
    writeFileSync(real, richKubeconfig);
    chmodSync(real, 0o640);
    const link = join(dir, 'config');
    symlinkSync(real, link);
    await useNamespace(kubeconfigLocations({ explicitPath: link }), 'nb-alice');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.equal(statSync(real).mode & 0o777, 0o640);
    assert.ok(readFileSync(real, 'utf8').includes('dev/nb-alice'));
  });

  it('a read-only kubeconfig gives a clear message and stays byte for byte', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    chmodSync(path, 0o444);
    await assert.rejects(useNamespace(kubeconfigLocations({ explicitPath: path }), 'nb-alice'), (error: unknown) => {
      assert.ok(error instanceof KubeconfigError);
      assert.equal(error.code, 'read-only');
      assert.match(error.message, /read-only \(mode 0444\).*Nothing was changed/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), richKubeconfig);
    noLocksIn(dir);
  });

  it('a malformed kubeconfig is reported with its line and never rewritten', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    const broken = `${richKubeconfig}contexts: [oops\n`;
    writeFileSync(path, broken);
    await assert.rejects(useNamespace(kubeconfigLocations({ explicitPath: path }), 'nb-alice'), (error: unknown) => {
      assert.ok(error instanceof KubeconfigError && error.code === 'malformed');
      assert.equal(error.file, path);
      assert.ok((error.line ?? 0) > 1);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), broken);
    noLocksIn(dir);
  });
});

describe('with several KUBECONFIG files, changes go where kubectl puts them', () => {
  const base = (current: string | undefined, contexts: string[]) =>
    `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: https://c.example.org}\nusers:\n- name: u\n  user: {token: t0k3n-value-1234}\ncontexts:\n${contexts.map((name) => `- name: ${name}\n  context: {cluster: c, user: u}\n`).join('')}${current === undefined ? '' : `current-context: ${current}\n`}`;

  const layouts: Array<{ name: string; files: Array<string | undefined> }> = [
    {
      name: 'the first existing file receives new contexts and current-context',
      files: [undefined, base('a', ['a']), base(undefined, ['b'])],
    },
    { name: 'no file sets current-context', files: [base(undefined, ['a']), base(undefined, ['b'])] },
    { name: 'the current context lives in the second file', files: [base(undefined, []), base('b', ['b'])] },
  ];

  for (const layout of layouts) {
    it(layout.name, async () => {
      const ours = tempDir();
      const theirs = tempDir();
      const names = layout.files.map((_text, index) => `k${index}`);
      for (const dir of [ours, theirs]) {
        layout.files.forEach((text, index) => {
          if (text !== undefined) writeFileSync(join(dir, names[index] as string), text);
        });
      }
      const envOf = (dir: string) => ({ HOME: dir, KUBECONFIG: names.map((name) => join(dir, name)).join(':') });
      // Start both from the same current context (kubectl needs one that exists).
      const start = loadKubeconfig({ env: envOf(ours) });
      const startContext = start.currentContext ?? [...start.contexts.keys()][0] ?? 'a';
      await useContext(kubeconfigLocations({ env: envOf(ours) }), startContext);
      assert.equal(kubectl(envOf(theirs), 'config', 'use-context', startContext).status, 0);
      for (const name of names) {
        assert.equal(existsSync(join(ours, name)), existsSync(join(theirs, name)));
        if (existsSync(join(ours, name))) {
          assert.equal(
            kubectl({ HOME: ours, KUBECONFIG: join(ours, name) }, 'config', 'current-context').stdout,
            kubectl({ HOME: theirs, KUBECONFIG: join(theirs, name) }, 'config', 'current-context').stdout,
          );
        }
      }

      await useNamespace(kubeconfigLocations({ env: envOf(ours) }), 'team');
      const created = `c/team`;
      assert.equal(
        kubectl(envOf(theirs), 'config', 'set-context', created, '--cluster=c', '--user=u', '--namespace=team').status,
        0,
      );
      assert.equal(kubectl(envOf(theirs), 'config', 'use-context', created).status, 0);

      for (const name of names) {
        const file = (dir: string) => join(dir, name);
        assert.equal(existsSync(file(ours)), existsSync(file(theirs)), `${name} exists in both or neither`);
        if (!existsSync(file(ours))) continue;
        const view = (dir: string) => {
          const result = kubectl({ HOME: dir, KUBECONFIG: file(dir) }, 'config', 'view', '-o', 'json');
          assert.equal(result.status, 0, result.stderr);
          const parsed = JSON.parse(result.stdout);
          return {
            current: parsed['current-context'],
            contexts: (parsed.contexts ?? [])
              .map(
                (entry: { name: string; context: { namespace?: string } }) =>
                  `${entry.name}:${entry.context.namespace ?? ''}`,
              )
              .sort(),
          };
        };
        assert.deepEqual(view(ours), view(theirs), `${name} holds the same as kubectl wrote`);
      }
      assert.equal(kubectl(envOf(ours), 'config', 'current-context').stdout.trim(), created);
    });
  }
});

describe("kubectl's lock", () => {
  it('waits for a lock held by another writer instead of failing', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    // kubectl's own lock: an empty file created with O_EXCL.
    writeFileSync(`${path}.lock`, '');
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        spawnSync('rm', [`${path}.lock`]);
        resolve();
      }, 300),
    );
    const result = await useNamespace(kubeconfigLocations({ explicitPath: path }), 'waited');
    await released;
    assert.equal(result.plan.name, 'dev/waited');
    noLocksIn(dir);
  });

  it('gives up after the timeout with what to do, changing nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    writeFileSync(`${path}.lock`, '');
    await assert.rejects(
      useNamespace(kubeconfigLocations({ explicitPath: path }), 'never', { lock: { timeoutMs: 200 } }),
      (error: unknown) =>
        error instanceof KubeconfigError &&
        error.code === 'lock-timeout' &&
        error.message.includes(`rm '${path}.lock'`),
    );
    assert.equal(readFileSync(path, 'utf8'), richKubeconfig);
    assert.ok(existsSync(`${path}.lock`), 'a live lock is not ours to remove');
  });

  it('removes a lock left by a crashed process of ours, and an old ownerless one', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${path}.lock`, `kubectl-lsst pid=${dead.stdout} host=${(await import('node:os')).hostname()}\n`);
    const removed: string[] = [];
    await useNamespace(kubeconfigLocations({ explicitPath: path }), 'after-crash', {
      lock: { onStaleLockRemoved: (_lock, reason) => removed.push(reason) },
    });
    assert.match(removed[0] ?? '', /no longer running/);

    writeFileSync(`${path}.lock`, '');
    const old = new Date(Date.now() - 120_000);
    utimesSync(`${path}.lock`, old, old);
    await useNamespace(kubeconfigLocations({ explicitPath: path }), 'after-old-lock', {
      lock: { onStaleLockRemoved: (_lock, reason) => removed.push(reason) },
    });
    assert.match(removed[1] ?? '', /s old/);
    noLocksIn(dir);
  });

  it('kubectl fails while we hold the lock: the two exclude each other', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, richKubeconfig);
    const { acquireKubeconfigLocks } = await import('./lock.ts');
    const held = await acquireKubeconfigLocks([path]);
    try {
      const result = kubectl({ HOME: dir }, '--kubeconfig', path, 'config', 'use-context', 'dev-admin');
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /\.lock/);
    } finally {
      held.release();
    }
    assert.equal(readFileSync(path, 'utf8'), richKubeconfig);
  });
});

describe('kubeconfigs with anchors, aliases, merge keys and several documents', () => {
  const anchored = `# shared settings: keep this comment
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: https://prod.example.org:6443}
contexts:
- name: base
  context: &prodcontext {cluster: prod, user: u}
- name: live
  context: { <<: *prodcontext, namespace: web } # merged
- name: prod/ops
  context: {<<: *prodcontext}
- name: twin
  context: *prodcontext
current-context: live
users:
- name: u
  user: &u {token: sekret-anchored-0123456789}
- name: u2
  user: *u
`;

  it('adds a namespace context from a merged context, keeping every other byte; kubectl agrees', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, anchored);
    const result = await useNamespace(kubeconfigLocations({ explicitPath: path }), 'team-y');
    assert.equal(result.plan.name, 'prod/team-y');
    const after = readFileSync(path, 'utf8');
    const added = '- context:\n    cluster: prod\n    namespace: team-y\n    user: u\n  name: prod/team-y\n';
    assert.equal(after.replace(added, '').replace('current-context: prod/team-y', 'current-context: live'), anchored);
    const view = JSON.parse(
      kubectl({ HOME: dir }, '--kubeconfig', path, 'config', 'view', '--minify', '-o', 'json').stdout,
    );
    assert.equal(view['current-context'], 'prod/team-y');
    assert.equal(view.clusters[0].cluster.server, 'https://prod.example.org:6443');
  });

  it('completes a context whose body is merged by adding its own key, the anchor untouched', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, anchored);
    await useNamespace(kubeconfigLocations({ explicitPath: path }), 'ops');
    const after = readFileSync(path, 'utf8');
    assert.ok(after.includes('&prodcontext {cluster: prod, user: u}'), 'the anchored mapping is unchanged');
    const full = JSON.parse(kubectl({ HOME: dir }, '--kubeconfig', path, 'config', 'view', '-o', 'json').stdout);
    const contexts = Object.fromEntries(
      full.contexts.map((entry: { name: string; context: object }) => [entry.name, entry.context]),
    );
    assert.deepEqual(contexts['prod/ops'], { cluster: 'prod', user: 'u', namespace: 'ops' });
    assert.deepEqual(contexts.base, { cluster: 'prod', user: 'u' });
    assert.deepEqual(contexts.twin, { cluster: 'prod', user: 'u' });
    assert.equal(full['current-context'], 'prod/ops');
  });

  it('refuses a change that would edit a shared anchor, naming the file; nothing written', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    // `prod/team` exists as a bare alias of the shared body, without a namespace: filling it in
    // would change `base` and `twin` too.
    writeFileSync(path, anchored.replace('- name: twin', '- name: prod/team'));
    const before = readFileSync(path, 'utf8');
    await assert.rejects(useNamespace(kubeconfigLocations({ explicitPath: path }), 'team'), (error: unknown) => {
      assert.ok(error instanceof KubeconfigError, String(error));
      assert.ok(error.message.startsWith(`${path}: `), error.message);
      assert.match(error.message, /cannot be made without editing shared YAML anchors/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), before);
    noLocksIn(dir);
  });

  it('refuses to write a several-document file, which kubectl would cut to its first document', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    const text = `${anchored}---\n# kept for another tool\nkind: Something\n`;
    writeFileSync(path, text);
    await assert.rejects(useContext(kubeconfigLocations({ explicitPath: path }), 'base'), (error: unknown) => {
      assert.ok(error instanceof KubeconfigError);
      assert.equal(error.code, 'unsupported-layout');
      assert.match(error.message, /holds 2 YAML documents .* kubectl reads only the first and drops the others/);
      assert.match(error.message, /Keep one document per file/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), text);
    noLocksIn(dir);
    // What kubectl itself does with the same file: it drops the second document.
    const copy = join(dir, 'copy');
    writeFileSync(copy, text);
    kubectl({ HOME: dir }, '--kubeconfig', copy, 'config', 'use-context', 'base');
    assert.ok(!readFileSync(copy, 'utf8').includes('Something'));
  });
});

describe('the production guard is decided again under the lock', () => {
  const twoClusters = `apiVersion: v1
kind: Config
clusters:
- name: lsst-dev
  cluster: {server: https://dev.example.org:6443}
- name: lsst-prod
  cluster: {server: https://prod.example.org:6443}
contexts:
- name: dev
  context: {cluster: lsst-dev, user: alice}
- name: work
  context: {cluster: lsst-dev, user: alice}
current-context: dev
users:
- name: alice
  user: {token: sekret-guard-0123456789}
`;
  const config = defaultResolvedConfig();

  /** Holds kubectl's lock, lets `change` rewrite the file while the switch waits, then releases it. */
  async function whileWaiting<T>(path: string, start: () => Promise<T>, change: () => void): Promise<T> {
    writeFileSync(`${path}.lock`, '');
    const pending = start();
    // The switch has read and decided; it now waits for the lock that this test holds.
    change();
    spawnSync('rm', [`${path}.lock`]);
    return pending;
  }

  it('context use: a context repointed at production while waiting is refused, nothing written', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, twoClusters);
    const locations = kubeconfigLocations({ explicitPath: path });
    const decided = describeContext(loadKubeconfig({ explicitPath: path }), config, 'work');
    assert.equal(decided.role, 'unknown');
    const repointed = twoClusters.replace(
      '- name: work\n  context: {cluster: lsst-dev',
      '- name: work\n  context: {cluster: lsst-prod',
    );
    await assert.rejects(
      whileWaiting(
        path,
        () =>
          useContext(locations, 'work', {
            guard: { config, role: decided.role, clusterIdentity: decided.clusterIdentity },
          }),
        () => writeFileSync(path, repointed),
      ),
      (error: unknown) => {
        assert.ok(error instanceof KubeconfigError);
        assert.equal(error.code, 'guard-changed');
        assert.match(
          error.message,
          /changed while waiting for its lock: context "work" now lands on the production cluster "lsst-prod", which was not confirmed\. Nothing was changed/,
        );
        return true;
      },
    );
    assert.equal(readFileSync(path, 'utf8'), repointed);
    noLocksIn(dir);
  });

  it('context ns: a current context switched to production while waiting is refused', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(
      path,
      twoClusters.replace(
        '- name: work\n  context: {cluster: lsst-dev',
        '- name: work\n  context: {cluster: lsst-prod',
      ),
    );
    const locations = kubeconfigLocations({ explicitPath: path });
    const from = describeContext(loadKubeconfig({ explicitPath: path }), config, 'dev');
    const switched = readFileSync(path, 'utf8').replace('current-context: dev', 'current-context: work');
    await assert.rejects(
      whileWaiting(
        path,
        () =>
          useNamespace(locations, 'team-y', {
            guard: { config, role: from.role, clusterIdentity: from.clusterIdentity },
          }),
        () => writeFileSync(path, switched),
      ),
      /namespace "team-y" of context "work" now lands on the production cluster "lsst-prod"/,
    );
    assert.equal(readFileSync(path, 'utf8'), switched);
  });

  it('a change that keeps the decided cluster goes ahead, and --yes confirms whatever it lands on', async () => {
    const dir = tempDir();
    const path = join(dir, 'config');
    writeFileSync(path, twoClusters);
    const locations = kubeconfigLocations({ explicitPath: path });
    const decided = describeContext(loadKubeconfig({ explicitPath: path }), config, 'work');
    const guard = { config, role: decided.role, clusterIdentity: decided.clusterIdentity };
    await whileWaiting(
      path,
      () => useContext(locations, 'work', { guard }),
      () => writeFileSync(path, twoClusters.replace('user: alice}\ncurrent', 'user: alice, namespace: x}\ncurrent')),
    );
    assert.equal(loadKubeconfig({ explicitPath: path }).currentContext, 'work');
    writeFileSync(path, twoClusters);
    await whileWaiting(
      path,
      () => useContext(locations, 'work', { guard: { ...guard, confirmedInAdvance: true } }),
      () =>
        writeFileSync(
          path,
          twoClusters.replace(
            '- name: work\n  context: {cluster: lsst-dev',
            '- name: work\n  context: {cluster: lsst-prod',
          ),
        ),
    );
    assert.equal(loadKubeconfig({ explicitPath: path }).currentContext, 'work');
  });
});
