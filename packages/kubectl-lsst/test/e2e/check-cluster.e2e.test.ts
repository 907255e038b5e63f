// `kubectl lsst check --cluster` end to end: the CLI from source reads the test API server through
// a generated kubeconfig and runs the same rules on what is deployed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type PortRequest, portRequestToConfigMap } from '@lsst-kube/core/kube';
import {
  generateTestCertificates,
  type KubeObject,
  startTestApiServer,
  type TestApiServer,
} from '../../../core/test-support/kube-apiserver/index.ts';
import { runClusterCli } from './cluster-cli.ts';

interface JsonReport {
  results: {
    path: string;
    findings: {
      rule: string;
      severity: string;
      message: string;
      object?: { kind: string; namespace?: string; name?: string };
    }[];
  }[];
}

const request: PortRequest = {
  id: 'portal.web.443-tcp',
  namespace: 'portal',
  service: 'web',
  port: 443,
  protocol: 'TCP',
  type: 'LoadBalancer',
  reason: 'public portal',
  requestedBy: 'alice',
  requestedAt: '2025-01-01T00:00:00.000Z',
  status: 'pending',
  source: 'cluster',
};

const podTemplate = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:latest' }] },
};

function findingsOf(report: JsonReport) {
  return report.results.flatMap((result) => result.findings.map((finding) => ({ ...finding, path: result.path })));
}

describe('kubectl lsst check --cluster', () => {
  let server: TestApiServer;
  let home: string;
  let carol: string;

  before(async () => {
    server = await startTestApiServer({
      users: ['carol', 'admin'],
      // carol may read everything but the namespace "secret".
      rbac: (r) => r.user === 'admin' || r.namespace !== 'secret',
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lsst-port-requests' } },
        portRequestToConfigMap(request, 'lsst-port-requests') as unknown as KubeObject,
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'portal' },
          spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate },
        },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'portal', annotations: { 'lsst.io/port-request': request.id } },
          spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443 }] },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'hidden', namespace: 'secret' },
          spec: { selector: { matchLabels: { app: 'hidden' } }, template: podTemplate },
        },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'science' } },
      ],
    });
    // What the Deployment controller would have made: a ReplicaSet, and a Pod of it.
    const deployment = server.objects.get({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'portal',
      name: 'web',
    });
    const replicaSet = server.objects.add({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d8f',
        namespace: 'portal',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deployment?.metadata?.uid, controller: true },
        ],
      },
      spec: { selector: { matchLabels: { app: 'web' } }, template: podTemplate },
    });
    server.objects.add({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-5d8f-x2x9',
        namespace: 'portal',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'web-5d8f',
            uid: replicaSet.metadata?.uid,
            controller: true,
          },
        ],
      },
      spec: podTemplate.spec,
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-check-cluster-'));
    carol = server.writeKubeconfig(home, 'carol', { namespace: 'portal' });
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const check = (args: string[], options: { terminal?: boolean; kubeconfig?: string } = {}) =>
    runClusterCli(['check', '--cluster', ...args, '--kubeconfig', options.kubeconfig ?? carol], {
      env: { HOME: home },
      ...(options.terminal ? { terminal: true } : {}),
    });

  it('-A checks every readable namespace, reports the forbidden one, judges controllers once, exit 3', async () => {
    const run = await check(['-A', '--format', 'json']);
    assert.equal(run.code, 3, run.stderr);
    assert.match(
      run.stderr,
      /skipped namespace you may not read \(403 Forbidden\): secret\. The others were checked\./,
    );
    assert.match(run.stderr, /2 made by controllers judged at their owners/);
    const findings = findingsOf(JSON.parse(run.stdout) as JsonReport);
    const kinds = new Set(findings.map((f) => f.object?.kind));
    assert.ok(kinds.has('Deployment'), 'the Deployment is judged');
    assert.ok(!kinds.has('ReplicaSet') && !kinds.has('Pod'), 'its ReplicaSet and Pod are not repeated');
    assert.ok(findings.every((f) => f.object?.namespace !== 'secret'));
    assert.ok(findings.some((f) => f.rule === 'image/pinned' && f.object?.name === 'web'));
    assert.ok(findings.every((f) => f.path.startsWith('cluster:carol@test-apiserver/')));
  });

  it('network/public-exposure knows the request is pending', async () => {
    const run = await check(['-n', 'portal', '--format', 'json']);
    const exposure = findingsOf(JSON.parse(run.stdout) as JsonReport).filter(
      (f) => f.rule === 'network/public-exposure',
    );
    assert.equal(exposure.length, 1, run.stdout);
    assert.equal(exposure[0]?.object?.kind, 'Service');
    assert.match(exposure[0]?.message ?? '', /port request "portal\.web\.443-tcp" is still pending/);
  });

  it('an approved request covers the exposure; the exit code follows the findings', async () => {
    server.objects.remove({ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'lsst-port-requests', name: request.id });
    server.objects.add(
      portRequestToConfigMap({ ...request, status: 'approved' }, 'lsst-port-requests') as unknown as KubeObject,
    );
    const run = await check(['-n', 'portal', '--format', 'json']);
    const findings = findingsOf(JSON.parse(run.stdout) as JsonReport);
    assert.ok(!findings.some((f) => f.rule === 'network/public-exposure'), run.stdout);
    const errors = findings.filter((f) => f.severity === 'error').length;
    assert.equal(run.code, errors > 0 ? 1 : 0, run.stderr);
  });

  it('SARIF names objects with logical locations', async () => {
    const run = await check(['-n', 'portal', '--format', 'sarif']);
    const log = JSON.parse(run.stdout) as { runs: { results: { locations?: { logicalLocations?: unknown[] }[] }[] }[] };
    const results = log.runs[0]?.results ?? [];
    assert.ok(results.length > 0);
    assert.ok(results.every((r) => (r.locations?.[0]?.logicalLocations?.length ?? 0) > 0));
  });

  it('the target is the configured cluster the context matches', async () => {
    writeFileSync(
      join(home, '.lsst.yaml'),
      `clusters:\n  - name: lab\n    role: development\n    kubernetesVersion: "1.31"\n    match: { servers: ["${server.url}"] }\n`,
    );
    try {
      const run = await check(['-n', 'portal', '--format', 'json']);
      assert.match(run.stderr, /of context "carol@test-apiserver" against lab/);
    } finally {
      rmSync(join(home, '.lsst.yaml'));
    }
  });

  it('draws a progress bar on a terminal only', async () => {
    const plain = await check(['-A', '--format', 'json']);
    assert.doesNotMatch(plain.stderr, /Reading the cluster/);
    const terminal = await check(['-A', '--format', 'json'], { terminal: true });
    assert.match(terminal.stdout, /Reading the cluster \[#+\.*\] \d+\/\d+ namespaces/);
  });

  it('unreachable, wrong CA, bad token and timeouts end with exit 3 and a clear message', async () => {
    const closed = server.writeKubeconfig(home, 'carol', { server: 'https://127.0.0.1:1', fileName: 'closed.yaml' });
    const refused = await check(['-n', 'portal'], { kubeconfig: closed });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /cannot reach the API server/);

    const wrongCa = server.writeKubeconfig(home, 'carol', {
      caCert: generateTestCertificates('other-ca').caCert,
      fileName: 'ca.yaml',
    });
    const tls = await check(['-n', 'portal'], { kubeconfig: wrongCa });
    assert.equal(tls.code, 3);
    assert.match(tls.stderr, /TLS certificate/);

    const badToken = server.writeKubeconfig(home, 'carol', { token: 'nope', fileName: 'token.yaml' });
    const unauthorized = await check(['-n', 'portal'], { kubeconfig: badToken });
    assert.equal(unauthorized.code, 3);
    assert.match(unauthorized.stderr, /401 Unauthorized/);

    server.setFaults((r) => (r.resource === 'deployments' ? { action: 'hang' } : undefined));
    try {
      const slow = await check(['-n', 'portal', '--request-timeout', '300ms']);
      assert.equal(slow.code, 3, slow.stderr);
      assert.match(slow.stderr, /did not answer in time/);
    } finally {
      server.setFaults(undefined);
    }
  });

  it('cluster flags without --cluster are a usage error', async () => {
    const run = await runClusterCli(['check', '-A', 'x.yaml'], { env: { HOME: home } });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /go with --cluster/);
  });
});
