// Faults from the cluster, end to end: the CLI from source against the test API server, which
// injects one fault kind per request (429 with Retry-After, 500, a reset connection, a truncated
// answer, no answer, a slow answer). Reads are retried a bounded number of times with backoff;
// writes only on 429; then a clear message and exit 3, and nothing written. The server records
// every request, so the counts prove the bound. Counts are printed as test diagnostics.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultRetryPolicy } from '@lsst-kube/core/kube';
import {
  type Fault,
  type KubeObject,
  type RequestInfo,
  startTestApiServer,
  type TestApiServer,
} from '../../../core/test-support/kube-apiserver/index.ts';
import { runClusterCli } from './cluster-cli.ts';

const requestsNamespace = 'lsst-port-requests';
const attempts = defaultRetryPolicy.attempts;

function service(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'portal' },
    spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443 }] },
  };
}

describe('faults from the cluster', () => {
  let server: TestApiServer;
  let home: string;
  let kubeconfig: string;

  before(async () => {
    server = await startTestApiServer({
      users: ['admin'],
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: requestsNamespace } },
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', namespace: 'portal' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
          },
        },
        service(),
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-cluster-faults-'));
    kubeconfig = server.writeKubeconfig(home, 'admin', { namespace: 'portal' });
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  /**
   * Runs the CLI with `fault` applied to the requests `matches` picks (the first `times` of them,
   * or all), and returns the run, how many of those requests were made, and whether the server's
   * objects changed.
   */
  async function withFault(
    args: string[],
    matches: (request: RequestInfo) => boolean,
    fault: Fault,
    times = Number.POSITIVE_INFINITY,
  ) {
    const before = server.objects.snapshot();
    const first = server.requests.length;
    let faulted = 0;
    const seen: RequestInfo[] = [];
    server.setFaults((request) => {
      if (!matches(request)) return undefined;
      seen.push(request);
      return faulted++ < times ? fault : undefined;
    });
    try {
      const run = await runClusterCli([...args, '--kubeconfig', kubeconfig], { env: { HOME: home } });
      return {
        run,
        matching: seen.length,
        total: server.requests.length - first,
        unchanged: server.objects.snapshot() === before,
      };
    } finally {
      server.setFaults(undefined);
    }
  }

  const deploymentsList = (r: RequestInfo) => r.resource === 'deployments' && r.verb === 'list';
  const checkCluster = ['check', '--cluster', '-n', 'portal', '--format', 'json'];
  const exitsWithFindings = (code: number | null) => code === 0 || code === 1;

  describe('reads (check --cluster, request-port list) are retried, boundedly', () => {
    const persistent: Array<[string, Fault, RegExp]> = [
      [
        '429 Too Many Requests (Retry-After: 1)',
        { action: 'too-many-requests', retryAfterSeconds: 1 },
        /overloaded \(429 Too Many Requests\)/,
      ],
      ['500 Internal Server Error', { action: 'internal-error' }, /answered 500/],
      ['a reset connection', { action: 'reset' }, /the connection to the API server .* was cut/],
      ['a truncated JSON answer', { action: 'truncate' }, /was cut|could not be read/],
    ];
    for (const [name, fault, message] of persistent) {
      it(`${name} on every attempt: ${attempts} attempts, then exit 3 with a clear message, nothing written`, async (t) => {
        const result = await withFault(checkCluster, deploymentsList, fault);
        t.diagnostic(`${name}: exit ${result.run.code}, ${result.matching} attempts, ${result.total} requests in all`);
        assert.equal(result.run.code, 3, result.run.stderr);
        assert.match(result.run.stderr, message);
        assert.match(result.run.stderr, /listing deployments in namespace "portal"/);
        assert.doesNotMatch(result.run.stderr, /\n\s+at /, 'no stack trace');
        assert.equal(result.run.stdout, '', 'no partial report');
        assert.equal(result.matching, attempts);
        assert.ok(result.unchanged);
      });
    }

    const transient: Array<[string, Fault]> = [
      ['429 (Retry-After: 1)', { action: 'too-many-requests', retryAfterSeconds: 1 }],
      ['500', { action: 'internal-error' }],
      ['a reset connection', { action: 'reset' }],
      ['a truncated answer', { action: 'truncate' }],
    ];
    for (const [name, fault] of transient) {
      it(`${name} twice, then an answer: the check completes after 3 attempts`, async (t) => {
        const result = await withFault(checkCluster, deploymentsList, fault, 2);
        t.diagnostic(`${name} x2: exit ${result.run.code}, ${result.matching} attempts`);
        assert.ok(exitsWithFindings(result.run.code), result.run.stderr);
        assert.equal(result.matching, 3);
        const report = JSON.parse(result.run.stdout) as { results: { path: string }[] };
        assert.ok(report.results.some((entry) => entry.path.endsWith('/portal/Deployment/web')));
      });
    }

    it('a Retry-After of an hour is capped: the retry comes within the cap and succeeds', async () => {
      const result = await withFault(
        checkCluster,
        deploymentsList,
        { action: 'too-many-requests', retryAfterSeconds: 3600 },
        1,
      );
      assert.ok(exitsWithFindings(result.run.code), result.run.stderr);
      assert.equal(result.matching, 2);
    });

    it('request-port list: a persistent truncated answer, bounded attempts, exit 3', async () => {
      const configMapList = (r: RequestInfo) => r.resource === 'configmaps' && r.verb === 'list';
      const result = await withFault(['request-port', 'list'], configMapList, { action: 'truncate' });
      assert.equal(result.run.code, 3, result.run.stderr);
      assert.equal(result.matching, attempts);
      assert.ok(result.unchanged);
    });
  });

  describe('slow and silent servers', () => {
    it('a server that never answers: one attempt per request, stopped by --request-timeout, exit 3', async () => {
      const result = await withFault([...checkCluster, '--request-timeout', '300ms'], deploymentsList, {
        action: 'hang',
      });
      assert.equal(result.run.code, 3, result.run.stderr);
      assert.match(result.run.stderr, /did not answer in time/);
      // Retrying a request that timed out would multiply the wait: it is not retried.
      assert.equal(result.matching, 1);
    });

    it('a slow answer within the timeout is waited for', async () => {
      const result = await withFault(checkCluster, deploymentsList, { delayMs: 400 });
      assert.ok(exitsWithFindings(result.run.code), result.run.stderr);
      assert.equal(result.matching, 1);
    });
  });

  describe('writes (request-port) are not retried unless the server refused before acting', () => {
    const requestPort = ['request-port', 'web', '--port', '443', '--reason', 'public portal', '-n', 'portal'];
    const configMapCreate = (r: RequestInfo) => r.resource === 'configmaps' && r.verb === 'create';
    const servicePatch = (r: RequestInfo) => r.resource === 'services' && r.verb === 'patch';
    // Back to no request and a Service without the annotation.
    const resetRequest = () => {
      server.objects.remove({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: requestsNamespace,
        name: 'portal.web.443-tcp',
      });
      server.objects.remove({ apiVersion: 'v1', kind: 'Service', namespace: 'portal', name: 'web' });
      server.objects.add(service());
    };

    for (const [name, fault] of [
      ['500', { action: 'internal-error' }],
      ['a reset connection', { action: 'reset' }],
      ['a truncated answer', { action: 'truncate' }],
    ] as Array<[string, Fault]>) {
      it(`recording the request fails with ${name}: one attempt, exit 3, nothing written`, async (t) => {
        const result = await withFault(requestPort, configMapCreate, fault, 1);
        t.diagnostic(`create with ${name}: exit ${result.run.code}, ${result.matching} attempts`);
        assert.equal(result.run.code, 3, result.run.stderr);
        assert.equal(result.matching, 1);
        if (fault.action === 'truncate') {
          // The server acted before its answer was cut: the request exists, and running again finds it.
          assert.equal(result.unchanged, false);
          const again = await runClusterCli([...requestPort, '--kubeconfig', kubeconfig], { env: { HOME: home } });
          assert.equal(again.code, 0, again.stderr);
          assert.match(again.stdout, /portal\.web\.443-tcp/);
          resetRequest();
        } else assert.ok(result.unchanged, 'nothing written');
      });
    }

    it('429 on the create is retried (the server refused before acting) and the request is recorded once', async () => {
      const result = await withFault(
        requestPort,
        configMapCreate,
        { action: 'too-many-requests', retryAfterSeconds: 1 },
        1,
      );
      assert.equal(result.run.code, 0, result.run.stderr);
      assert.equal(result.matching, 2);
      assert.equal(server.objects.list('v1', 'ConfigMap', requestsNamespace).length, 1);
      resetRequest();
    });

    it('annotating the Service fails with 500: one attempt, the recorded request is withdrawn, exit 3', async () => {
      const result = await withFault(requestPort, servicePatch, { action: 'internal-error' });
      assert.equal(result.run.code, 3, result.run.stderr);
      assert.equal(result.matching, 1);
      assert.ok(result.unchanged, 'nothing left behind');
    });
  });
});
