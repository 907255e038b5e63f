// Everything printed that came from input goes through one escape: context and cluster names from a
// kubeconfig, file names, manifest content in the github format, values in error messages.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { makeFolder, runInProcess, testEnv } from '../../test/check-support.ts';

/** Control characters other than the line end, DEL, C1 and bidi overrides: none may be printed. */
function controlsIn(text: string): string[] {
  return [...text].filter((character) => {
    const code = character.codePointAt(0) ?? 0;
    return (code < 0x20 && character !== '\n') || (code >= 0x7f && code <= 0x9f) || code === 0x202e;
  });
}

const hostileName = 'dev\u001b[2J\nfake-line\u202e';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: "lsst\\e]0;title\\a-dev"
  cluster: {server: https://dev.example.invalid:6443}
contexts:
- name: ${JSON.stringify(hostileName)}
  context: {cluster: "lsst\\e]0;title\\a-dev", user: alice, namespace: "team\\e[31m"}
current-context: ${JSON.stringify(hostileName)}
users:
- name: alice
  user: {token: tok-injection-0123456789}
`;

describe('names from a kubeconfig', () => {
  for (const args of [['context'], ['context', 'current'], ['context', 'current', '--format', '{context} {cluster}']]) {
    test(`kubectl lsst ${args.join(' ')} prints them escaped, on one line`, async () => {
      const folder = makeFolder({ config: kubeconfig });
      const env = { ...testEnv(folder), KUBECONFIG: join(folder, 'config') };
      const outcome = await runInProcess(args, folder, '', env);
      assert.equal(outcome.exitCode, 0, outcome.stderr);
      assert.deepEqual(controlsIn(outcome.stdout + outcome.stderr), []);
      assert.doesNotMatch(outcome.stdout, /^fake-line/m);
      assert.match(outcome.stdout, /dev␛\[2J␊fake-line\ufffd/);
    });
  }

  test('an error naming an unknown context escapes the name it was given', async () => {
    const folder = makeFolder({ config: kubeconfig });
    const env = { ...testEnv(folder), KUBECONFIG: join(folder, 'config') };
    const outcome = await runInProcess(['context', 'use', 'x\u001b[2J', '--yes'], folder, '', env);
    assert.notEqual(outcome.exitCode, 0);
    assert.deepEqual(controlsIn(outcome.stderr), []);
    assert.match(outcome.stderr, /x␛\[2J/);
  });
});

describe('check', () => {
  test('the github format escapes controls from the manifest, and keeps its own escapes', async () => {
    const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: "web\\e[2J"
  namespace: web
spec:
  template:
    spec:
      containers:
        - name: "app\\r\\n::error file=x::forged,"
          image: nginx
`;
    const folder = makeFolder({ 'deploy.yaml': manifest });
    const outcome = await runInProcess(['check', 'deploy.yaml', '--format', 'github'], folder);
    assert.equal(outcome.exitCode, 1, outcome.stderr);
    assert.deepEqual(controlsIn(outcome.stdout), []);
    for (const line of outcome.stdout.trimEnd().split('\n'))
      assert.match(line, /^::(error|warning|notice) file=deploy\.yaml,/);
    assert.match(outcome.stdout, /app␍%0A::error file=x::forged,/);
  });

  test('a path that is not found is named escaped', async () => {
    const folder = makeFolder({});
    const outcome = await runInProcess(['check', 'missing\u001b[2J\n.yaml'], folder);
    assert.equal(outcome.exitCode, 2);
    assert.deepEqual(controlsIn(outcome.stderr), []);
    assert.match(outcome.stderr, /"missing␛\[2J␊\.yaml"/);
  });

  test('a notice about a skipped file names it escaped, on one line', async () => {
    const folder = makeFolder({ 'deploy/.keep': '' });
    assert.equal(spawnSync('mkfifo', [join(folder, 'deploy', 'pipe\u001b[2J\n.yaml')]).status, 0);
    const outcome = await runInProcess(['check', 'deploy'], folder);
    assert.deepEqual(controlsIn(outcome.stderr), []);
    assert.match(outcome.stderr, /^kubectl-lsst: deploy\/pipe␛\[2J␊\.yaml: skipped, not a regular file\.$/m);
  });
});
