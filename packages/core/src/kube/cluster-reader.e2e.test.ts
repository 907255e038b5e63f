// Reading what is deployed from the test API server: lists come a page at a time, never in one answer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApiServer, type TestApiServer } from '../../test-support/kube-apiserver/index.ts';
import { ClusterError } from './cluster-client.ts';
import { listPageSize, readClusterObjects } from './cluster-reader.ts';
import { loadKubeconfig } from './kubeconfig.ts';

const podCount = listPageSize * 2 + 100;

describe('readClusterObjects pages its lists', () => {
  let server: TestApiServer;
  let home: string;

  before(async () => {
    server = await startTestApiServer({
      users: ['admin'],
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'big' } },
        ...Array.from({ length: podCount }, (_, index) => ({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `pod-${String(index).padStart(5, '0')}`, namespace: 'big' },
          spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
        })),
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-reader-'));
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it(`reads ${podCount} pods in pages of ${listPageSize}, following the continue tokens`, async () => {
    const kubeconfig = loadKubeconfig({ explicitPath: server.writeKubeconfig(home, 'admin'), env: { HOME: home } });
    server.requests.length = 0;
    const result = await readClusterObjects({ kubeconfig, namespace: 'big' });
    const pods = result.groups.flatMap((group) => group.objects).filter((object) => object.location.kind === 'Pod');
    assert.equal(pods.length, podCount);
    assert.equal(new Set(pods.map((pod) => pod.location.name)).size, podCount, 'no pod twice');
    const podLists = server.requests.filter((request) => request.path === '/api/v1/namespaces/big/pods');
    assert.deepEqual(
      podLists.map((request) => request.query.get('limit')),
      [String(listPageSize), String(listPageSize), String(listPageSize)],
    );
    assert.equal(podLists[0]?.query.get('continue'), null);
    assert.ok(
      podLists.slice(1).every((request) => request.query.get('continue')),
      'later pages carry the token',
    );
  });

  it('stops an answer past its byte bound while it arrives, with a message saying what to do', async () => {
    const kubeconfig = loadKubeconfig({ explicitPath: server.writeKubeconfig(home, 'admin'), env: { HOME: home } });
    // A page of 500 pods is about 100 kB here: a bound of 20 kB stops the first one.
    await assert.rejects(
      readClusterObjects({ kubeconfig, namespace: 'big', maxAnswerBytes: 20_000 }),
      (error: Error) => {
        assert.ok(error instanceof ClusterError, String(error));
        assert.equal(error.code, 'server');
        assert.match(error.message, /passed 20 KiB; reading stopped there\. Check one namespace at a time/);
        return true;
      },
    );
  });
});
