import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadKubeconfig } from './kubeconfig.ts';
import { createPrivateKubeconfig } from './private-copy.ts';

describe('private single-context kubeconfig', () => {
  it('holds only that context, resolves relative paths, and is removed on request', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-copy-'));
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'certs', 'ca.pem'), 'not really a certificate');
    const path = join(dir, 'config');
    writeFileSync(
      path,
      `apiVersion: v1
clusters:
- name: a
  cluster: {server: https://a.example.org, certificate-authority: certs/ca.pem}
- name: b
  cluster: {server: https://b.example.org}
contexts:
- name: one
  context: {cluster: a, user: ua, namespace: n1}
- name: two
  context: {cluster: b, user: ub}
users:
- name: ua
  user: {token: tok-ua-123456, exec: {command: ./bin/helper, apiVersion: client.authentication.k8s.io/v1}}
- name: ub
  user: {token: tok-ub-123456}
current-context: two
`,
    );
    const copy = createPrivateKubeconfig(loadKubeconfig({ explicitPath: path }), 'one');
    assert.equal(statSync(copy.path).mode & 0o777, 0o600);
    assert.equal(statSync(copy.directory).mode & 0o777, 0o700);
    const view = spawnSync('kubectl', ['--kubeconfig', copy.path, 'config', 'view', '-o', 'json', '--raw'], {
      encoding: 'utf8',
    });
    assert.equal(view.status, 0, view.stderr);
    const parsed = JSON.parse(view.stdout);
    assert.equal(parsed['current-context'], 'one');
    assert.deepEqual(
      parsed.contexts.map((entry: { name: string }) => entry.name),
      ['one'],
    );
    assert.deepEqual(
      parsed.clusters.map((entry: { name: string }) => entry.name),
      ['a'],
    );
    assert.equal(parsed.clusters[0].cluster['certificate-authority'], join(dir, 'certs', 'ca.pem'));
    assert.equal(parsed.users[0].user.exec.command, join(dir, 'bin', 'helper'));
    assert.ok(!view.stdout.includes('tok-ub-123456'), 'the other user is not copied');
    copy.remove();
    assert.equal(existsSync(copy.directory), false);
  });
});
