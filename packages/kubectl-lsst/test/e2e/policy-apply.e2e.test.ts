// The exported policies applied with the real kubectl to the test API server, read back, and applied
// again unchanged: the YAML is what the API server and kubectl take, in the version each target serves.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readPolicyObjects } from '@lsst-kube/core';
import { startTestApiServer, type TestApiServer } from '../../../core/test-support/kube-apiserver/index.ts';
import { makeFolder, runInProcess } from '../check-support.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// Asynchronous: the server answers from this process.
function kubectl(home: string, kubeconfig: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/kubectl',
      ['--kubeconfig', kubeconfig, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const config = `clusters:
  - { name: prod, role: production, kubernetesVersion: "1.31" }
  - { name: legacy, role: pre-production, kubernetesVersion: "1.29" }
targets: [prod]
exemptions:
  - { rule: security/no-privilege-escalation, namespace: monitoring, container: "exporter*", reason: "reads node metrics" }
`;

describe('exported policies with the real kubectl', () => {
  let server: TestApiServer;
  let home: string;
  let admin: string;

  before(async () => {
    server = await startTestApiServer({
      users: ['admin'],
      rbac: [{ users: ['admin'], allow: true }],
      // Where the approved-ports ConfigMap of the export goes.
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lsst-port-requests' } }],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-policy-home-'));
    admin = server.writeKubeconfig(home, 'admin');
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  for (const [target, version] of [
    ['prod', 'v1'],
    ['legacy', 'v1beta1'],
  ] as const) {
    it(`kubectl apply takes the ${version} export, gives it back as exported, and finds it unchanged after`, async () => {
      const folder = makeFolder({ '.lsst.yaml': config });
      const exported = await runInProcess(['policy', 'export', '--target', target], folder);
      assert.equal(exported.exitCode, 0, exported.stderr);
      const file = join(folder, `${target}.yaml`);
      writeFileSync(file, exported.stdout);
      const objects = readPolicyObjects(exported.stdout).objects;
      assert.ok(objects.length >= 6);

      const applied = await kubectl(home, admin, ['apply', '-f', file]);
      assert.equal(applied.code, 0, applied.stderr);
      const kinds = `validatingadmissionpolicy.admissionregistration.k8s.io`;
      assert.match(applied.stdout, new RegExp(`${kinds}/lsst-security-run-as-non-root (created|configured)`));

      const approvedPorts = objects.filter((object) => object.kind === 'ConfigMap');
      assert.equal(approvedPorts.length, 1, 'the approved-ports ConfigMap comes with the policies');
      const params = await kubectl(home, admin, [
        'get',
        'configmap',
        '-n',
        'lsst-port-requests',
        'lsst-approved-ports',
      ]);
      assert.equal(params.code, 0, params.stderr);
      for (const object of objects.filter((item) => item.kind !== 'ConfigMap')) {
        const name = (object.metadata as { name: string }).name;
        const resource = `${object.kind === 'ValidatingAdmissionPolicy' ? 'validatingadmissionpolicies' : 'validatingadmissionpolicybindings'}.${version}.admissionregistration.k8s.io`;
        const read = await kubectl(home, admin, ['get', resource, name, '-o', 'json']);
        assert.equal(read.code, 0, read.stderr);
        const stored = JSON.parse(read.stdout) as Record<string, unknown>;
        assert.equal(stored.apiVersion, `admissionregistration.k8s.io/${version}`);
        assert.deepEqual(stored.spec, object.spec, `${object.kind} ${name} round-trips`);
        const labels = (stored.metadata as { labels: Record<string, string> }).labels;
        assert.equal(labels['app.kubernetes.io/managed-by'], 'kubectl-lsst');
      }

      // An approval recorded meanwhile (as request-port approve writes it) survives the export applied again.
      const approve = await kubectl(home, admin, [
        'patch',
        'configmap',
        '-n',
        'lsst-port-requests',
        'lsst-approved-ports',
        '--type',
        'merge',
        '-p',
        JSON.stringify({ data: { 'portal.web.443-tcp': 'approved by sam' } }),
      ]);
      assert.equal(approve.code, 0, approve.stderr);
      const again = await kubectl(home, admin, ['apply', '-f', file]);
      assert.equal(again.code, 0, again.stderr);
      assert.doesNotMatch(again.stdout, /configured|created/, 'a second apply changes nothing');
      const kept = await kubectl(home, admin, [
        'get',
        'configmap',
        '-n',
        'lsst-port-requests',
        'lsst-approved-ports',
        '-o',
        'json',
      ]);
      assert.deepEqual((JSON.parse(kept.stdout) as { data?: unknown }).data, {
        'portal.web.443-tcp': 'approved by sam',
      });
    });
  }
});
