// `kubectl lsst policy export` and `policy test`, in-process through main().
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { readPolicyObjects } from '@lsst-kube/core';
import { makeFolder, runInProcess } from '../../test/check-support.ts';

const rootPod = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: portal
spec:
  containers:
    - name: app
      image: lsstsqre/app:1.0
      securityContext: { allowPrivilegeEscalation: false }
`;
const nonRootPod = rootPod.replace(
  'allowPrivilegeEscalation: false }',
  'allowPrivilegeEscalation: false, runAsNonRoot: true }',
);
const config = `clusters:
  - { name: prod, role: production, kubernetesVersion: "1.31" }
  - { name: dev, role: development, kubernetesVersion: "1.30" }
  - { name: beta, role: production, kubernetesVersion: "1.29" }
  - { name: old, role: production, kubernetesVersion: "1.27" }
targets: [prod]
`;

describe('kubectl lsst policy', () => {
  test('export writes one file per target, in the API version each serves, and names what it cannot export', async () => {
    const folder = makeFolder({ '.lsst.yaml': config });
    const outcome = await runInProcess(['policy', 'export', '--all-targets', '-o', 'policies'], folder);
    assert.equal(outcome.exitCode, 0, outcome.stderr);
    const read = (name: string) =>
      readPolicyObjects(readFileSync(join(folder, 'policies', `${name}.yaml`), 'utf8')).objects;
    const policyObjects = (name: string) => read(name).filter((object) => object.kind !== 'ConfigMap');
    assert.ok(policyObjects('prod').every((object) => object.apiVersion === 'admissionregistration.k8s.io/v1'));
    assert.ok(policyObjects('beta').every((object) => object.apiVersion === 'admissionregistration.k8s.io/v1beta1'));
    // The approved-ports ConfigMap that the public-exposure binding reads comes with the policies.
    const approved = read('prod').filter((object) => object.kind === 'ConfigMap');
    assert.deepEqual(
      approved.map((object) => {
        const { name, namespace } = object.metadata as { name: string; namespace: string };
        return `${namespace}/${name}`;
      }),
      ['lsst-port-requests/lsst-approved-ports'],
    );
    assert.match(outcome.stderr, /and the ConfigMap of approved ports/);
    const bindingActions = (name: string) =>
      read(name)
        .filter((object) => object.kind === 'ValidatingAdmissionPolicyBinding')
        .map((object) => (object.spec as { validationActions: string[] }).validationActions.join('+'));
    assert.ok(bindingActions('prod').includes('Deny'));
    assert.ok(!bindingActions('dev').includes('Deny'));
    assert.match(outcome.stderr, /Kubernetes 1\.27 cannot run these policies/);
    assert.match(outcome.stderr, /Kubernetes 1\.29 serves ValidatingAdmissionPolicy as v1beta1/);
    assert.match(outcome.stderr, /container\/no-build-tools: judges Dockerfiles/);
    assert.doesNotMatch(outcome.stderr, /\n\s+at /);
  });

  test('export of a target that cannot run policies is a usage error saying what to do', async () => {
    const folder = makeFolder({ '.lsst.yaml': config });
    const outcome = await runInProcess(['policy', 'export', '--target', 'old'], folder);
    assert.equal(outcome.exitCode, 2);
    assert.match(outcome.stderr, /Upgrade the cluster to 1\.30/);
    assert.equal(outcome.stdout, '');
  });

  test('unknown rules and actions are usage errors', async () => {
    const folder = makeFolder({ '.lsst.yaml': config });
    const rule = await runInProcess(['policy', 'export', '--rules', 'security/run-as-nonroot'], folder);
    assert.equal(rule.exitCode, 2);
    assert.match(rule.stderr, /Did you mean "security\/run-as-non-root"/);
    const action = await runInProcess(['policy', 'export', '--action', 'block'], folder);
    assert.equal(action.exitCode, 2);
    assert.match(action.stderr, /deny, warn, audit/);
  });

  test('test evaluates the exported files offline: a denial exits 1, a clean manifest 0', async () => {
    const folder = makeFolder({ '.lsst.yaml': config, 'bad.yaml': rootPod, 'good.yaml': nonRootPod });
    const exported = await runInProcess(
      ['policy', 'export', '--target', 'prod', '--rules', 'security/run-as-non-root'],
      folder,
    );
    assert.equal(exported.exitCode, 0, exported.stderr);
    const policies = makeFolder({ 'prod.yaml': exported.stdout });
    const bad = await runInProcess(['policy', 'test', 'bad.yaml', '--policies', join(policies, 'prod.yaml')], folder);
    assert.equal(bad.exitCode, 1, bad.stderr);
    assert.match(
      bad.stdout,
      /^bad\.yaml:1:1 {2}Pod\/web in portal {2}DENY {2}security\/run-as-non-root: A container may run as root/m,
    );
    assert.match(bad.stdout, /1 object judged: 1 denial/);
    const good = await runInProcess(['policy', 'test', 'good.yaml', '--policies', join(policies, 'prod.yaml')], folder);
    assert.equal(good.exitCode, 0, good.stdout + good.stderr);
    assert.match(good.stdout, /1 object judged: 0 denials/);
    const dev = await runInProcess(['policy', 'test', 'bad.yaml', '--target', 'dev'], folder);
    assert.equal(dev.exitCode, 0);
    assert.match(dev.stdout, /WARN {2}security\/run-as-non-root/);
  });

  test('test refuses an exposed Service until the approved ports given with --policies name its request', async () => {
    const service = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: portal
  annotations: { lsst.io/port-request: portal.web.443-tcp }
spec:
  type: LoadBalancer
  ports: [{ port: 443 }]
`;
    const approved = (id: string) => `apiVersion: v1
kind: ConfigMap
metadata: { name: lsst-approved-ports, namespace: lsst-port-requests }
data:
  ${id}: approved by sam
`;
    const folder = makeFolder({ '.lsst.yaml': config, 'service.yaml': service });
    const exported = await runInProcess(
      ['policy', 'export', '--target', 'prod', '--rules', 'network/public-exposure'],
      folder,
    );
    assert.equal(exported.exitCode, 0, exported.stderr);
    const files = makeFolder({
      'prod.yaml': exported.stdout,
      'approved.yaml': approved('portal.web.443-tcp'),
      'other.yaml': approved('portal.web.80-tcp'),
    });
    const judge = (extra: string[]) =>
      runInProcess(
        ['policy', 'test', 'service.yaml', '--policies', [join(files, 'prod.yaml'), ...extra].join(',')],
        folder,
      );
    const unapproved = await judge([]);
    assert.equal(unapproved.exitCode, 1, unapproved.stderr);
    assert.match(unapproved.stdout, /Service\/web in portal {2}DENY {2}network\/public-exposure: /);
    const approvedRun = await judge([join(files, 'approved.yaml')]);
    assert.equal(approvedRun.exitCode, 0, approvedRun.stdout + approvedRun.stderr);
    const otherPort = await judge([join(files, 'other.yaml')]);
    assert.equal(otherPort.exitCode, 1, otherPort.stdout);
  });
});
