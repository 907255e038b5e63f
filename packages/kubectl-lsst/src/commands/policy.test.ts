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
    assert.ok(read('prod').every((object) => object.apiVersion === 'admissionregistration.k8s.io/v1'));
    assert.ok(read('beta').every((object) => object.apiVersion === 'admissionregistration.k8s.io/v1beta1'));
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
});
