// A kubeconfig cluster with a certificate authority and insecure-skip-tls-verify: true is refused
// as kubectl refuses it, and no request reaches the server unverified.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { startTestApiServer, type TestApiServer } from '../../../core/test-support/kube-apiserver/index.ts';
import { runClusterCli } from './cluster-cli.ts';

const run = promisify(execFile);

describe('a cluster with a certificate authority and insecure-skip-tls-verify', () => {
  let server: TestApiServer;
  let home: string;
  let requests = 0;

  before(async () => {
    server = await startTestApiServer({
      users: ['sam'],
      rbac: [{ users: ['sam'], allow: true }],
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lsst-port-requests' } }],
    });
    server.setFaults(() => {
      requests += 1;
      return undefined;
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-tls-'));
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  const variants: Array<[string, (text: string) => string]> = [
    ['certificate-authority-data', (text) => text],
    [
      'certificate-authority (a file)',
      (text) => {
        const data = /certificate-authority-data: (\S+)/.exec(text)?.[1] ?? '';
        writeFileSync(join(home, 'ca.crt'), Buffer.from(data, 'base64'));
        return text.replace(/certificate-authority-data: \S+/, `certificate-authority: ${join(home, 'ca.crt')}`);
      },
    ],
  ];
  for (const [title, withCa] of variants) {
    it(`${title}: kubectl refuses it, and so does kubectl lsst, before any request`, async () => {
      const path = server.writeKubeconfig(home, 'sam');
      const text = withCa(readFileSync(path, 'utf8'));
      // The same kubeconfig without the flag works: the refusal is about the flag.
      writeFileSync(path, text);
      const fine = await runClusterCli(['request-port', 'list', '--kubeconfig', path], { env: { HOME: home } });
      assert.equal(fine.code, 0, fine.stderr);

      writeFileSync(
        path,
        text.replace(/(\n\s+)(certificate-authority\S*: \S+)/, '$1$2$1insecure-skip-tls-verify: true'),
      );
      const kubectl = await run('kubectl', ['--kubeconfig', path, 'get', 'namespaces', '--request-timeout=5s']).catch(
        (error: { code: number; stderr: string }) => error,
      );
      assert.equal((kubectl as { code?: number }).code, 1);
      assert.match(
        (kubectl as { stderr: string }).stderr,
        /specifying a root certificates file with the insecure flag is not allowed/,
      );

      requests = 0;
      const lsst = await runClusterCli(['request-port', 'list', '--kubeconfig', path], { env: { HOME: home } });
      assert.equal(lsst.code, 2, lsst.stderr);
      assert.match(
        lsst.stderr,
        /the cluster "test-apiserver" of context "sam@test-apiserver" sets both a certificate authority and insecure-skip-tls-verify: true, which kubectl refuses too \("specifying a root certificates file with the insecure flag is not allowed"\)\. Nothing was sent to it/,
      );
      assert.equal(requests, 0, 'no request reached the server');
    });
  }
});
