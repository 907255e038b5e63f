// `kubectl lsst request-port` end to end: the CLI from source against the test API server,
// through generated kubeconfigs, with the cluster's RBAC deciding who may do what.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  defaultResolvedConfig,
  deniedBy,
  evaluatePolicies,
  exportPolicies,
  type Rule,
  rulesByName,
} from '@lsst-kube/core';
import {
  generateTestCertificates,
  type RbacRule,
  startTestApiServer,
  type TestApiServer,
} from '../../../core/test-support/kube-apiserver/index.ts';
import { runClusterCli } from './cluster-cli.ts';

const runCli = (args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}) =>
  runClusterCli(args, options.env ? { env: options.env } : {});

const requests = 'lsst-port-requests';
const id = 'portal.web.443-tcp';

/** The exported public-exposure policy, evaluated (as the API server would) with the cluster's approved-ports ConfigMap as params. */
function refusals(object: Record<string, unknown>, approvedPorts: Record<string, unknown> | undefined): string[] {
  const policies = exportPolicies({
    config: defaultResolvedConfig(),
    target: { name: 'prod', role: 'production', kubernetesVersion: '1.31' },
    rules: [rulesByName.get('network/public-exposure') as Rule],
    now: new Date('2026-11-27T12:00:00Z'),
  }).objects.filter((item) => item.kind !== 'ConfigMap');
  return deniedBy(evaluatePolicies(policies, { object, params: approvedPorts ? [approvedPorts] : [] })).map(
    (verdict) => verdict.message,
  );
}

function exposedService(namespace: string, port: number, annotation: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace, annotations: { 'lsst.io/port-request': annotation } },
    spec: { type: 'LoadBalancer', ports: [{ name: 'https', port }] },
  };
}

const rbac: RbacRule[] = [
  { users: ['sam'], allow: true },
  // alice: a developer of "portal" who may ask, but not decide.
  { users: ['alice'], verbs: ['get', 'list', 'patch'], resources: ['services'], namespaces: ['portal'], allow: true },
  {
    users: ['alice'],
    verbs: ['get', 'list', 'create'],
    resources: ['configmaps'],
    namespaces: [requests],
    allow: true,
  },
  // bob may read the Service but record nothing.
  { users: ['bob'], verbs: ['get', 'list'], resources: ['services'], namespaces: ['portal'], allow: true },
  { users: ['bob'], verbs: ['get', 'list'], resources: ['configmaps'], namespaces: [requests], allow: true },
];

describe('kubectl lsst request-port against a cluster', () => {
  let server: TestApiServer;
  let home: string;
  const kubeconfigs: Record<string, string> = {};
  const env = () => ({ HOME: home });
  const as = (user: string, args: string[]) =>
    runCli([...args, '--kubeconfig', kubeconfigs[user] as string], { env: env(), cwd: home });
  const configMap = () => server.objects.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: requests, name: id });
  const service = () => server.objects.get({ apiVersion: 'v1', kind: 'Service', namespace: 'portal', name: 'web' });
  const approvedPorts = () =>
    server.objects.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace: requests, name: 'lsst-approved-ports' });

  before(async () => {
    server = await startTestApiServer({
      users: ['alice', 'bob', 'sam'],
      rbac,
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: requests } },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'portal', annotations: { owner: 'portal-team' } },
          spec: { type: 'LoadBalancer', ports: [{ name: 'https', port: 443 }] },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'busy', namespace: 'portal' },
          spec: {
            type: 'NodePort',
            ports: [
              { name: 'http', port: 8080 },
              { name: 'admin', port: 9000 },
              { name: 'metrics', port: 9100 },
            ],
          },
        },
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-request-port-'));
    for (const user of ['alice', 'bob', 'sam'])
      kubeconfigs[user] = server.writeKubeconfig(home, user, { namespace: 'portal' });
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('a user without the right to record requests gets "not allowed", exit 3, and nothing changes', async () => {
    const before = server.objects.snapshot();
    const run = await as('bob', ['request-port', 'web', '--port', '443', '--reason', 'public portal']);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /you are not allowed to request a public port/);
    assert.match(run.stderr, /create configmaps in namespace "lsst-port-requests"/);
    assert.match(run.stderr, /Nothing was changed/);
    assert.equal(server.objects.snapshot(), before);
  });

  it('records a pending request with who asked, and annotates the Service', async () => {
    const run = await as('alice', [
      'request-port',
      'web',
      '--port',
      '443',
      '--reason',
      'public portal',
      '-n',
      'portal',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`Port request ${id.replaceAll('.', '\\.')} recorded \\(pending\\)`));
    assert.match(run.stdout, /request-port status portal\.web\.443-tcp/);
    const recorded = configMap();
    assert.equal(recorded?.metadata?.labels?.['lsst.io/port-request'], 'true');
    assert.equal(recorded?.metadata?.labels?.['lsst.io/port-request-status'], 'pending');
    assert.equal(recorded?.metadata?.labels?.['lsst.io/port-request-namespace'], 'portal');
    const data = recorded?.data as Record<string, string>;
    assert.equal(data.requestedBy, 'alice');
    assert.equal(data.port, '443');
    assert.equal(data.type, 'LoadBalancer');
    assert.equal(data.reason, 'public portal');
    assert.ok(!Number.isNaN(Date.parse(data.requestedAt ?? '')));
    assert.deepEqual(service()?.metadata?.annotations, { owner: 'portal-team', 'lsst.io/port-request': id });
  });

  it('asking again shows the existing request and changes nothing', async () => {
    const before = server.objects.snapshot();
    const run = await as('alice', ['request-port', 'web', '--port', '443', '--reason', 'asking twice']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /already exists: portal\.web\.443-tcp \(pending, asked by alice/);
    assert.equal(server.objects.snapshot(), before);
  });

  it('refuses a port the Service does not have (exit 2)', async () => {
    const run = await as('alice', ['request-port', 'web', '--port', '80', '--reason', 'x']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /has no port 80\/TCP \(its ports: 443\/TCP\)/);
  });

  it('a missing Service is named (exit 2)', async () => {
    const run = await as('alice', ['request-port', 'nope', '--port', '443', '--reason', 'x']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /no Service "nope" in namespace "portal"/);
  });

  it('lists requests by namespace and status, as a table or JSON', async () => {
    const table = await as('alice', ['request-port', 'list']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^ID\s+STATUS\s+SERVICE/m);
    assert.match(table.stdout, /^portal\.web\.443-tcp\s+pending\s+portal\/web\s+443\/TCP\s+LoadBalancer\s+alice/m);
    const none = await as('alice', ['request-port', 'list', '--status', 'approved', '-A']);
    assert.equal(none.stdout, 'No port requests.\n');
    const json = await as('alice', ['request-port', 'list', '-A', '-o', 'json']);
    const listed = JSON.parse(json.stdout) as { id: string; kind: string; status: string }[];
    assert.deepEqual(
      listed.map((r) => [r.kind, r.id, r.status]),
      [['PortRequest', id, 'pending']],
    );
    const elsewhere = await as('alice', ['request-port', 'list', '-n', 'science']);
    assert.equal(elsewhere.stdout, 'No port requests.\n');
  });

  it('status shows one request; an unknown id is an error', async () => {
    const run = await as('alice', ['request-port', 'status', id]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Port request portal\.web\.443-tcp: pending/);
    assert.match(run.stdout, /Asked by:\s+alice/);
    const missing = await as('alice', ['request-port', 'status', 'portal.web.8443-tcp']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no port request "portal\.web\.8443-tcp"/);
  });

  it('approve by a user without the right: not allowed, exit 3, nothing changed', async () => {
    const before = server.objects.snapshot();
    const run = await as('alice', ['request-port', 'approve', id]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /you are not allowed to approve port requests/);
    assert.equal(server.objects.snapshot(), before);
  });

  it('a sysadmin approves, then denies with a reason; the status follows', async () => {
    const approved = await as('sam', ['request-port', 'approve', id]);
    assert.equal(approved.code, 0, approved.stderr);
    assert.match(approved.stdout, /Port request portal\.web\.443-tcp approved/);
    assert.equal(configMap()?.metadata?.labels?.['lsst.io/port-request-status'], 'approved');
    assert.equal((configMap()?.data as Record<string, string> | undefined)?.decidedBy, 'sam');
    const again = await as('sam', ['request-port', 'approve', id]);
    assert.match(again.stdout, /was already approved; nothing changed/);

    // The cluster sees the approval: the policy admits exactly that Service port in that namespace.
    assert.match(approved.stdout, /lsst-port-requests\/lsst-approved-ports .* now holds it/);
    const params = approvedPorts() as unknown as Record<string, unknown>;
    assert.deepEqual(Object.keys((params.data ?? {}) as object), [id]);
    assert.deepEqual(refusals(exposedService('portal', 443, id), params), []);
    assert.equal(refusals(exposedService('portal', 8443, id), params).length, 1, 'another port');
    assert.equal(
      refusals(exposedService('science', 443, 'science.web.443-tcp'), params).length,
      1,
      'another namespace',
    );
    assert.equal(refusals(exposedService('science', 443, id), params).length, 1, 'a request of another namespace');
    assert.equal(refusals(exposedService('portal', 443, id), undefined).length, 1, 'no ConfigMap: refused');

    const withoutReason = await as('sam', ['request-port', 'deny', id]);
    assert.equal(withoutReason.code, 2);
    const denied = await as('sam', ['request-port', 'deny', id, '--reason', 'use the shared ingress']);
    assert.equal(denied.code, 0, denied.stderr);
    const status = await as('alice', ['request-port', 'status', id, '-o', 'yaml']);
    assert.match(status.stdout, /^status: denied$/m);
    assert.match(status.stdout, /^decisionReason: use the shared ingress$/m);
    assert.match(denied.stdout, /no longer holds it/);
    const after = approvedPorts() as unknown as Record<string, unknown>;
    assert.deepEqual(after.data ?? {}, {});
    assert.equal(refusals(exposedService('portal', 443, id), after).length, 1, 'denied: refused again');
  });

  it('ten identical requests at once: all succeed, one request is recorded, the Service is annotated once', async () => {
    const runs = await Promise.all(
      Array.from({ length: 10 }, () =>
        as('alice', ['request-port', 'busy', '--port', '8080', '--reason', 'the same request ten times']),
      ),
    );
    assert.deepEqual(
      runs.map((run) => run.code),
      Array.from({ length: 10 }, () => 0),
      runs.map((run) => run.stderr).join('\n'),
    );
    const recorded = server.objects
      .list('v1', 'ConfigMap', requests)
      .filter((object) => object.metadata?.name === 'portal.busy.8080-tcp');
    assert.equal(recorded.length, 1);
    const busy = server.objects.get({ apiVersion: 'v1', kind: 'Service', namespace: 'portal', name: 'busy' });
    assert.equal(busy?.metadata?.annotations?.['lsst.io/port-request'], 'portal.busy.8080-tcp');
  });

  it('requests for two more ports of one Service at once: both recorded, every one in the annotation', async () => {
    const [admin, metrics] = await Promise.all(
      ['9000', '9100'].map((port) => as('alice', ['request-port', 'busy', '--port', port, '--reason', 'both ports'])),
    );
    assert.equal(admin?.code, 0, admin?.stderr);
    assert.equal(metrics?.code, 0, metrics?.stderr);
    const busy = server.objects.get({ apiVersion: 'v1', kind: 'Service', namespace: 'portal', name: 'busy' });
    const ids = (busy?.metadata?.annotations?.['lsst.io/port-request'] ?? '').split(',').map((id) => id.trim());
    assert.deepEqual(ids.sort(), ['portal.busy.8080-tcp', 'portal.busy.9000-tcp', 'portal.busy.9100-tcp']);
  });

  it('three approvals at once: each is kept in the approved ports (a conflicting write is read again and redone)', async () => {
    const ids = ['portal.busy.8080-tcp', 'portal.busy.9000-tcp', 'portal.busy.9100-tcp'];
    const runs = await Promise.all(ids.map((each) => as('sam', ['request-port', 'approve', each])));
    assert.deepEqual(
      runs.map((run) => run.code),
      [0, 0, 0],
      runs.map((run) => run.stderr).join('\n'),
    );
    const data = ((approvedPorts() as unknown as Record<string, unknown>).data ?? {}) as Record<string, string>;
    assert.deepEqual(Object.keys(data).sort(), ids);
    for (const value of Object.values(data)) assert.match(value, /^approved by sam at \d{4}-/);
    const busy = server.objects.get({ apiVersion: 'v1', kind: 'Service', namespace: 'portal', name: 'busy' });
    assert.deepEqual(refusals(busy as unknown as Record<string, unknown>, approvedPorts() as never), []);
  });

  it('a write to the approved ports between the read and the patch: the patch is refused (409), read again and redone', async () => {
    const denied = await as('sam', ['request-port', 'deny', 'portal.busy.9100-tcp', '--reason', 'not needed']);
    assert.equal(denied.code, 0, denied.stderr);
    let interposed = 0;
    const patches: string[] = [];
    server.setFaults((request) => {
      if (request.resource !== 'configmaps' || request.name !== 'lsst-approved-ports' || request.method !== 'PATCH')
        return undefined;
      patches.push(request.method);
      if (interposed++ > 0) return undefined;
      // Another sysadmin's approval lands first: the ConfigMap's resourceVersion moves on.
      const current = approvedPorts();
      const type = server.objects.typeOf(current as never);
      server.objects.replace(
        type,
        current as never,
        {
          ...(current as object),
          data: {
            ...((current as { data?: Record<string, string> }).data ?? {}),
            'portal.other.1-tcp': 'approved by kim',
          },
        } as never,
      );
      return undefined;
    });
    try {
      const approved = await as('sam', ['request-port', 'approve', 'portal.busy.9100-tcp']);
      assert.equal(approved.code, 0, approved.stderr);
    } finally {
      server.setFaults(undefined);
    }
    assert.equal(patches.length, 2, 'one refused patch, one that holds');
    const data = ((approvedPorts() as unknown as Record<string, unknown>).data ?? {}) as Record<string, string>;
    assert.ok('portal.other.1-tcp' in data, "the other sysadmin's approval is kept");
    assert.ok('portal.busy.9100-tcp' in data, 'and this one is added');
  });
});

describe('kubectl lsst request-port when the cluster cannot be used', () => {
  let server: TestApiServer;
  let home: string;

  before(async () => {
    server = await startTestApiServer({
      objects: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'portal' },
          spec: { ports: [{ port: 443 }] },
        },
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-request-port-fail-'));
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const run = (kubeconfig: string, extra: string[] = []) =>
    runCli(['request-port', 'list', '-A', '--kubeconfig', kubeconfig, ...extra], { env: { HOME: home }, cwd: home });

  it('an unreachable port: exit 3, connection refused', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const kubeconfig = server.writeKubeconfig(home, 'admin', {
      server: `https://127.0.0.1:${closedPort}`,
      fileName: 'closed.yaml',
    });
    const result = await run(kubeconfig);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /connection was refused/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  });

  it('a server certificate from another CA: exit 3, TLS error', async () => {
    const other = generateTestCertificates('some-other-ca');
    const kubeconfig = server.writeKubeconfig(home, 'admin', { caCert: other.caCert, fileName: 'wrong-ca.yaml' });
    const result = await run(kubeconfig);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /TLS certificate of the API server .* was not accepted/);
  });

  it('a token the server does not know: exit 3, 401', async () => {
    const kubeconfig = server.writeKubeconfig(home, 'admin', { token: 'expired-token', fileName: 'bad-token.yaml' });
    const result = await run(kubeconfig);
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /rejected the credentials \(401 Unauthorized\)/);
    assert.doesNotMatch(result.stderr, /expired-token/);
  });

  it('a server that does not answer: exit 3 after --request-timeout', async () => {
    server.setFaults(() => ({ action: 'hang' }));
    try {
      const result = await run(server.kubeconfigPath('admin'), ['--request-timeout', '300ms']);
      assert.equal(result.code, 3, result.stderr);
      assert.match(result.stderr, /did not answer in time/);
    } finally {
      server.setFaults(undefined);
    }
  });
});

describe('kubectl lsst request-port -f MANIFEST (no cluster)', () => {
  let home: string;
  const manifest = `# The portal's public entry point.
apiVersion: v1
kind: Service
metadata:
  name: web   # keep in sync with the Ingress
  namespace: portal
  labels:
    app: web
spec:
  type: LoadBalancer
  ports:
    - port: 443 # HTTPS only
---
apiVersion: v1
kind: Service
metadata: { name: metrics, namespace: portal }
spec:
  ports: [{ port: 9090 }]
`;

  before(() => {
    home = mkdtempSync(join(tmpdir(), 'lsst-request-port-file-'));
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('writes the request to stdout and annotates the manifest in place, keeping comments', async () => {
    const file = join(home, 'web.yaml');
    writeFileSync(file, manifest);
    // No kubeconfig at all: this mode must not need a cluster.
    const env = { HOME: home, KUBECONFIG: join(home, 'missing-kubeconfig'), USER: 'alice' };
    const run = await runCli(['request-port', 'web', '--port', '443', '--reason', 'public portal', '-f', file], {
      env,
      cwd: home,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^kind: PortRequest$/m);
    assert.match(run.stdout, /^id: portal\.web\.443-tcp$/m);
    assert.match(run.stdout, /^requestedBy: alice$/m);
    assert.match(run.stdout, /^status: pending$/m);
    assert.match(run.stdout, /^source: manifest$/m);
    const edited = readFileSync(file, 'utf8');
    const expected = manifest.replace(
      '  labels:\n    app: web\n',
      '  labels:\n    app: web\n  annotations:\n    lsst.io/port-request: portal.web.443-tcp\n',
    );
    assert.equal(edited, expected);

    const again = await runCli(['request-port', 'web', '--port', '443', '--reason', 'public portal', '-f', file], {
      env,
      cwd: home,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(readFileSync(file, 'utf8'), expected);
    assert.match(again.stderr, /already carries lsst\.io\/port-request/);
  });

  it('annotates a flow-style Service and writes JSON to -o FILE', async () => {
    const file = join(home, 'metrics.yaml');
    writeFileSync(file, manifest);
    const env = { HOME: home, KUBECONFIG: join(home, 'missing-kubeconfig') };
    const run = await runCli(
      [
        'request-port',
        'metrics',
        '--port',
        '9090',
        '--type',
        'NodePort',
        '--reason',
        'scraping',
        '-f',
        file,
        '-o',
        join(home, 'req.json'),
      ],
      { env, cwd: home },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const document = JSON.parse(readFileSync(join(home, 'req.json'), 'utf8')) as { id: string; type: string };
    assert.deepEqual([document.id, document.type], ['portal.metrics.9090-tcp', 'NodePort']);
    const edited = readFileSync(file, 'utf8');
    assert.match(
      edited,
      /metadata: \{ name: metrics, namespace: portal, annotations: \{ lsst\.io\/port-request: portal\.metrics\.9090-tcp \} \}/,
    );
    assert.ok(edited.startsWith(manifest.split('---')[0] as string), 'the other document is untouched');
  });

  it('a Service that is not in the file is named, and the file is untouched', async () => {
    const file = join(home, 'other.yaml');
    writeFileSync(file, manifest);
    const run = await runCli(['request-port', 'api', '--port', '443', '--reason', 'x', '-f', file], {
      env: { HOME: home },
      cwd: home,
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /has no Service named "api" \(it has: web, metrics\)/);
    assert.equal(readFileSync(file, 'utf8'), manifest);
  });
});
