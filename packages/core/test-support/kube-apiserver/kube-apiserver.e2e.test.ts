// The test API server judged by real clients: the kubectl binary and @kubernetes/client-node.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { widget, widgetDefinition } from './custom-resources.ts';
import { type RbacRule, startTestApiServer, type TestApiServer } from './index.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Asynchronous on purpose: the server runs in this process and must keep answering.
function kubectl(home: string, kubeconfig: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const rbac: RbacRule[] = [
  { users: ['admin'], allow: true },
  // carol may read pods in "x" only, and nothing else.
  { users: ['carol'], verbs: ['get', 'list'], resources: ['pods'], namespaces: ['x'], allow: true },
];

describe('test API server with the real kubectl', () => {
  let server: TestApiServer;
  let home: string;
  let admin: string;
  let carol: string;

  before(async () => {
    server = await startTestApiServer({
      users: ['admin', 'carol'],
      rbac,
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'web-1', namespace: 'x', labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'api', namespace: 'y', labels: { app: 'api' } },
          spec: { replicas: 2, selector: { matchLabels: { app: 'api' } } },
        },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker', namespace: 'x' }, spec: {} },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'x' },
          spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
        },
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-kubectl-home-'));
    admin = server.writeKubeconfig(home, 'admin');
    carol = server.writeKubeconfig(home, 'carol');
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('kubectl get pods -n x lists the pod', async () => {
    const run = await kubectl(home, admin, ['get', 'pods', '-n', 'x']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^NAME\s/m);
    assert.match(run.stdout, /^web-1\s/m);
  });

  it('kubectl get deploy -A -o json lists deployments of every namespace', async () => {
    const run = await kubectl(home, admin, ['get', 'deploy', '-A', '-o', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const list = JSON.parse(run.stdout) as { items: { kind: string; metadata: { name: string; namespace: string } }[] };
    assert.deepEqual(
      list.items.map((d) => `${d.kind} ${d.metadata.namespace}/${d.metadata.name}`),
      ['Deployment x/worker', 'Deployment y/api'],
    );
  });

  it('kubectl get with a label selector filters', async () => {
    const run = await kubectl(home, admin, ['get', 'deploy', '-A', '-l', 'app=api', '-o', 'name']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'deployment.apps/api');
  });

  it('kubectl apply -f creates, then patches with the last-applied annotation', async () => {
    const manifest = join(home, 'app.yaml');
    const write = (replicas: number, image: string) =>
      writeFileSync(
        manifest,
        `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop # not "y": YAML 1.1, as kubectl reads it, makes that a boolean
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  namespace: shop
spec:
  replicas: ${replicas}
  selector:
    matchLabels: { app: shop }
  template:
    metadata:
      labels: { app: shop }
    spec:
      containers:
        - name: shop
          image: ${image}
        - name: sidecar
          image: busybox:1.36
`,
      );
    write(1, 'nginx:1.26');
    const created = await kubectl(home, admin, ['apply', '-f', manifest]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /configmap\/settings created/);
    assert.match(created.stdout, /deployment.apps\/shop created/);
    const stored = server.objects.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'shop' });
    const lastApplied = stored?.metadata?.annotations?.['kubectl.kubernetes.io/last-applied-configuration'];
    assert.ok(lastApplied, 'kubectl records the last applied configuration');
    assert.equal((JSON.parse(lastApplied) as { spec: { replicas: number } }).spec.replicas, 1);

    write(3, 'nginx:1.27');
    const patched = await kubectl(home, admin, ['apply', '-f', manifest]);
    assert.equal(patched.code, 0, patched.stderr);
    assert.match(patched.stdout, /configmap\/settings unchanged/);
    assert.match(patched.stdout, /deployment.apps\/shop configured/);
    const after = server.objects.get({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'shop',
    }) as {
      spec: { replicas: number; template: { spec: { containers: { name: string; image: string }[] } } };
    };
    assert.equal(after.spec.replicas, 3);
    assert.deepEqual(
      after.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`),
      ['shop=nginx:1.27', 'sidecar=busybox:1.36'],
    );
    const patch = server.requests.find((r) => r.method === 'PATCH' && r.path.endsWith('/deployments/shop'));
    assert.match(patch?.contentType ?? '', /strategic-merge-patch/);
  });

  it('kubectl annotate service adds the annotation and bumps the resource version', async () => {
    const before = server.objects.get({ apiVersion: 'v1', kind: 'Service', namespace: 'x', name: 'web' });
    const run = await kubectl(home, admin, ['annotate', 'service', 'web', '-n', 'x', 'lsst.io/owner=team-a']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /service\/web annotated/);
    const after = server.objects.get({ apiVersion: 'v1', kind: 'Service', namespace: 'x', name: 'web' });
    assert.equal(after?.metadata?.annotations?.['lsst.io/owner'], 'team-a');
    assert.ok(Number(after?.metadata?.resourceVersion) > Number(before?.metadata?.resourceVersion));
  });

  it('kubectl auth can-i answers yes and no from the configured policy', async () => {
    const yes = await kubectl(home, carol, ['auth', 'can-i', 'list', 'pods', '-n', 'x']);
    assert.equal(yes.stdout.trim(), 'yes');
    assert.equal(yes.code, 0);
    const no = await kubectl(home, carol, ['auth', 'can-i', 'list', 'pods', '-n', 'y']);
    assert.equal(no.stdout.trim(), 'no');
    assert.equal(no.code, 1);
  });

  it('a forbidden get shows the usual kubectl error', async () => {
    const run = await kubectl(home, carol, ['get', 'pods', '-n', 'y']);
    assert.equal(run.code, 1);
    assert.equal(
      run.stderr.trim(),
      'Error from server (Forbidden): pods is forbidden: User "carol" cannot list resource "pods" in API group "" in the namespace "y"',
    );
    const named = await kubectl(home, carol, ['get', 'deployment', 'api', '-n', 'y']);
    assert.equal(
      named.stderr.trim(),
      'Error from server (Forbidden): deployments.apps "api" is forbidden: User "carol" cannot get resource "deployments" in API group "apps" in the namespace "y"',
    );
  });

  it('a missing object is NotFound and a bad token is Unauthorized', async () => {
    const missing = await kubectl(home, admin, ['get', 'service', 'nope', '-n', 'x']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error from server \(NotFound\): services "nope" not found/);
    const badToken = server.writeKubeconfig(home, 'admin', { token: 'not-a-token', fileName: 'bad-token.yaml' });
    const unauthorized = await kubectl(home, badToken, ['get', 'pods', '-n', 'x']);
    assert.equal(unauthorized.code, 1);
    assert.match(unauthorized.stderr, /Unauthorized|must be logged in/);
  });
});

describe('test API server with @kubernetes/client-node', () => {
  let server: TestApiServer;
  let dir: string;

  before(async () => {
    server = await startTestApiServer({
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'x' },
          spec: { ports: [{ port: 443, protocol: 'TCP' }] },
        },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'z' } },
      ],
    });
    dir = mkdtempSync(join(tmpdir(), 'lsst-client-node-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists namespaces, reads a service and creates a configmap', async () => {
    const k8s = await import('@kubernetes/client-node');
    const config = new k8s.KubeConfig();
    config.loadFromFile(server.writeKubeconfig(dir));
    const core = config.makeApiClient(k8s.CoreV1Api);

    const namespaces = await core.listNamespace();
    assert.deepEqual(
      namespaces.items.map((n) => n.metadata?.name),
      ['x', 'z'],
    );

    const service = await core.readNamespacedService({ name: 'web', namespace: 'x' });
    assert.equal(service.spec?.ports?.[0]?.port, 443);
    assert.equal(service.spec?.type, 'ClusterIP');

    const created = await core.createNamespacedConfigMap({
      namespace: 'x',
      body: { metadata: { name: 'made-by-client', labels: { purpose: 'test' } }, data: { a: '1' } },
    });
    assert.ok(created.metadata?.uid);
    const stored = server.objects.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'x', name: 'made-by-client' });
    assert.deepEqual(stored?.data, { a: '1' });

    await assert.rejects(
      core.createNamespacedConfigMap({ namespace: 'x', body: { metadata: { name: 'made-by-client' } } }),
      (error: { code?: number; body?: string }) => {
        assert.equal(error.code, 409);
        assert.equal((JSON.parse(error.body ?? '{}') as { reason: string }).reason, 'AlreadyExists');
        return true;
      },
    );
  });
});

describe('test API server pages lists as the real one does', () => {
  let server: TestApiServer;
  let home: string;
  let admin: string;
  const podNames = ['p1', 'p2', 'p3', 'p4', 'p5'];

  before(async () => {
    server = await startTestApiServer({
      users: ['admin'],
      rbac,
      objects: podNames.map((name) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'paged' },
        spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
      })),
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-kubectl-home-'));
    admin = server.writeKubeconfig(home, 'admin');
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('kubectl get pods --chunk-size=2 follows the continue tokens through three pages', async () => {
    server.requests.length = 0;
    const run = await kubectl(home, admin, ['get', 'pods', '-n', 'paged', '--chunk-size=2', '-o', 'name']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.stdout.trim().split('\n'),
      podNames.map((name) => `pod/${name}`),
    );
    const lists = server.requests.filter((request) => request.path === '/api/v1/namespaces/paged/pods');
    assert.deepEqual(
      lists.map((request) => request.query.get('limit')),
      ['2', '2', '2'],
    );
    assert.equal(lists[0]?.query.get('continue'), null);
    assert.ok(lists[1]?.query.get('continue') && lists[2]?.query.get('continue'), 'later pages carry a token');
  });

  it('a list without a limit is one answer; a token that is not one is a bad request', async () => {
    const run = await kubectl(home, admin, ['get', 'pods', '-n', 'paged', '--chunk-size=0', '-o', 'name']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim().split('\n').length, 5);
    const forged = await kubectl(home, admin, ['get', '--raw', '/api/v1/namespaces/paged/pods?limit=2&continue=bogus']);
    assert.notEqual(forged.code, 0);
    assert.match(forged.stderr, /continue/);
  });
});

describe('test API server serves custom resources as the real one does', () => {
  let server: TestApiServer;
  let home: string;
  let admin: string;
  let carol: string;

  before(async () => {
    server = await startTestApiServer({
      users: ['admin', 'carol'],
      rbac: [
        { users: ['admin'], allow: true },
        {
          users: ['carol'],
          verbs: ['get', 'list'],
          resources: ['example.org/widgets'],
          namespaces: ['x'],
          allow: true,
        },
      ],
      // The object before its definition: seeding puts definitions first, as an API server needs them.
      objects: [widget('small', 'x', { size: 1 }), widgetDefinition],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-kubectl-home-'));
    admin = server.writeKubeconfig(home, 'admin');
    carol = server.writeKubeconfig(home, 'carol');
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('kubectl get crd lists the definition, established', async () => {
    const run = await kubectl(home, admin, ['get', 'crd']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^widgets\.example\.org\s/m);
    const wait = await kubectl(home, admin, ['wait', '--for=condition=Established', 'crd/widgets.example.org']);
    assert.equal(wait.code, 0, wait.stderr);
  });

  it('kubectl get finds the custom kind by plural, short name and kind, through discovery', async () => {
    for (const name of ['widgets', 'wg', 'widget.example.org']) {
      const run = await kubectl(home, admin, ['get', name, '-n', 'x', '-o', 'name']);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout.trim(), 'widget.example.org/small');
    }
    const resources = await kubectl(home, admin, ['api-resources', '--api-group', 'example.org', '-o', 'name']);
    assert.equal(resources.stdout.trim(), 'widgets.example.org');
  });

  it('kubectl apply creates a custom object and lists it with the seeded one', async () => {
    const manifest = join(home, 'widget.yaml');
    writeFileSync(
      manifest,
      'apiVersion: example.org/v1\nkind: Widget\nmetadata: { name: big, namespace: x }\nspec: { size: 9 }\n',
    );
    const created = await kubectl(home, admin, ['apply', '-f', manifest]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /widget.example.org\/big created/);
    const listed = await kubectl(home, admin, ['get', 'widgets', '-A', '-o', 'json']);
    const items = (JSON.parse(listed.stdout) as { items: { kind: string; metadata: { name: string } }[] }).items;
    assert.deepEqual(
      items.map((item) => `${item.kind}/${item.metadata.name}`),
      ['Widget/big', 'Widget/small'],
    );
  });

  it('RBAC applies to custom kinds, worded as the real server words it', async () => {
    const allowed = await kubectl(home, carol, ['get', 'widgets', '-n', 'x', '-o', 'name']);
    assert.equal(allowed.code, 0, allowed.stderr);
    const denied = await kubectl(home, carol, ['get', 'crd']);
    assert.equal(denied.code, 1);
    assert.match(
      denied.stderr,
      /customresourcedefinitions.apiextensions.k8s.io is forbidden: User "carol" cannot list resource "customresourcedefinitions" in API group "apiextensions.k8s.io" at the cluster scope/,
    );
  });

  it('an unserved version is not found', async () => {
    const run = await kubectl(home, admin, ['get', '--raw', '/apis/example.org/v1alpha1/namespaces/x/widgets']);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /NotFound|not found/);
  });

  it('deleting the definition removes the kind and its objects', async () => {
    const run = await kubectl(home, admin, ['delete', 'crd', 'widgets.example.org']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(server.objects.all().filter((object) => object.kind === 'Widget').length, 0);
    const gone = await kubectl(home, admin, ['get', 'widgets', '-n', 'x']);
    assert.equal(gone.code, 1);
    // kubectl's discovery cache still names the kind; the server no longer serves it.
    assert.match(gone.stderr, /could not find the requested resource|doesn't have a resource type "widgets"/);
  });
});
