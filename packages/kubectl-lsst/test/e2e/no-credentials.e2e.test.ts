// No credential ever reaches the terminal: every command that reads a kubeconfig runs against one
// whose token, client key and certificate, password and exec plugin (environment and arguments)
// carry unique markers, in normal, --json, --debug and error paths, and neither standard output
// nor standard error may contain a marker (nor the base64 text of the key and certificate).
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestApiServer, type TestApiServer } from '../../../core/test-support/kube-apiserver/index.ts';
import { type ClusterCliRun, runClusterCli } from './cluster-cli.ts';

const marker = {
  token: 'tok-MARKER-7f3a91c2e8',
  key: 'KEY-MARKER-4b8e02d1',
  certificate: 'CERT-MARKER-9c1d77a0',
  password: 'PASS-MARKER-e51f3b6c',
  execEnv: 'EXECENV-MARKER-2a9d4c10',
  execArg: 'EXECARG-MARKER-6e0b8f35',
};
const keyPem = `-----BEGIN RSA PRIVATE KEY-----\n${marker.key}\n-----END RSA PRIVATE KEY-----\n`;
const certificatePem = `-----BEGIN CERTIFICATE-----\n${marker.certificate}\n-----END CERTIFICATE-----\n`;
const forbidden = [
  ...Object.values(marker),
  Buffer.from(keyPem).toString('base64'),
  Buffer.from(certificatePem).toString('base64'),
];

describe('no credentials in any output', () => {
  let server: TestApiServer;
  let base: string;
  let template: string;
  const runs: Array<{ label: string; run: ClusterCliRun }> = [];

  before(async () => {
    server = await startTestApiServer({
      // The marker token is the real one: the commands succeed with it.
      users: [{ name: 'alice', token: marker.token }],
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'lsst-port-requests' } },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'portal' },
          spec: { type: 'LoadBalancer', ports: [{ port: 443 }] },
        },
      ],
    });
    base = mkdtempSync(join(tmpdir(), 'lsst-no-credentials-'));
    // An exec plugin that fails and, as some do, echoes its environment and arguments.
    const plugin = join(base, 'credential-plugin');
    writeFileSync(plugin, '#!/bin/sh\necho "plugin failed: LSST_SECRET=$LSST_SECRET args=$*" >&2\nexit 1\n');
    chmodSync(plugin, 0o755);
    const context = (name: string, user: string) =>
      `- name: ${name}\n  context:\n    cluster: test\n    user: ${user}\n    namespace: portal\n`;
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: test',
      '  cluster:',
      `    server: ${server.url}`,
      `    certificate-authority-data: ${Buffer.from(server.caCert).toString('base64')}`,
      'users:',
      '- name: alice',
      '  user:',
      `    token: ${marker.token}`,
      '- name: cert',
      '  user:',
      `    client-certificate-data: ${Buffer.from(certificatePem).toString('base64')}`,
      `    client-key-data: ${Buffer.from(keyPem).toString('base64')}`,
      '- name: basic',
      '  user:',
      '    username: bob',
      `    password: ${marker.password}`,
      '- name: exec',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      `      command: ${plugin}`,
      `      args: ["--secret", "${marker.execArg}"]`,
      `      env: [{name: LSST_SECRET, value: ${marker.execEnv}}]`,
      '      interactiveMode: Never',
      'contexts:',
      `${context('dev', 'alice')}${context('cert', 'cert')}${context('basic', 'basic')}${context('exec', 'exec')}current-context: dev`,
      '',
    ].join('\n');
    template = join(base, 'kubeconfig.template');
    writeFileSync(template, kubeconfig, { mode: 0o600 });
  });
  after(async () => {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });

  /** Runs one command with its own copy of the kubeconfig (some commands write it). */
  async function run(label: string, args: string[], options: { broken?: boolean } = {}): Promise<ClusterCliRun> {
    const home = mkdtempSync(join(base, 'home-'));
    const kubeconfig = join(home, 'config');
    copyFileSync(template, kubeconfig);
    if (options.broken) {
      // A syntax error on the line that holds the token: parser messages quote the offending line.
      writeFileSync(
        kubeconfig,
        readFileSync(template, 'utf8').replace(`token: ${marker.token}`, `token: ${marker.token}: [`),
      );
    }
    const result = await runClusterCli(args, {
      env: { HOME: home, KUBECONFIG: kubeconfig, SHELL: '/bin/sh', NO_COLOR: '1' },
    });
    runs.push({ label, run: result });
    return result;
  }

  function assertClean(label: string, result: ClusterCliRun): void {
    for (const secret of forbidden) {
      assert.ok(!result.stdout.includes(secret), `${label}: stdout holds ${secret}:\n${result.stdout}`);
      assert.ok(!result.stderr.includes(secret), `${label}: stderr holds ${secret}:\n${result.stderr}`);
    }
  }

  const cases: Array<{ label: string; args: string[]; broken?: boolean; expect?: (result: ClusterCliRun) => void }> = [
    // The context commands.
    { label: 'context', args: ['context'], expect: (r) => assert.match(r.stdout, /dev/) },
    { label: 'context --json', args: ['context', '--json'], expect: (r) => assert.match(r.stdout, /"dev"/) },
    { label: 'context current', args: ['context', 'current'], expect: (r) => assert.match(r.stdout, /^dev /) },
    { label: 'context current --json', args: ['context', 'current', '--json'] },
    { label: 'context current --format', args: ['context', 'current', '--format', '{context} {user} {cluster}'] },
    { label: 'context use exec', args: ['context', 'use', 'exec'], expect: (r) => assert.equal(r.code, 0, r.stderr) },
    { label: 'context use (unknown)', args: ['context', 'use', 'nope'], expect: (r) => assert.notEqual(r.code, 0) },
    { label: 'context ns --no-check', args: ['context', 'ns', 'team', '--no-check'] },
    // With the check, the namespace is looked up on the cluster with the marker token.
    { label: 'context ns (checks the cluster)', args: ['context', 'ns', 'portal'] },
    { label: 'context shell', args: ['context', 'shell', 'cert'] },
    // Broken kubeconfigs: the parser's message must not quote the token's line.
    { label: 'context (broken)', args: ['context'], broken: true, expect: (r) => assert.notEqual(r.code, 0) },
    { label: 'context current (broken)', args: ['context', 'current'], broken: true },
    { label: 'context ns (broken)', args: ['context', 'ns', 'x', '--no-check'], broken: true },
    { label: 'context use (broken)', args: ['context', 'use', 'dev'], broken: true },
    { label: 'check --cluster (broken)', args: ['check', '--cluster', '--debug'], broken: true },
    // The cluster commands, as the token user (success) and as each other user (failures);
    // --debug is a flag of check only.
    { label: 'check --cluster', args: ['check', '--cluster', '-n', 'portal'] },
    { label: 'check --cluster --format json', args: ['check', '--cluster', '-n', 'portal', '--format', 'json'] },
    { label: 'check --cluster --debug', args: ['check', '--cluster', '-n', 'portal', '--debug'] },
    ...['cert', 'basic', 'exec'].flatMap((context) => [
      {
        label: `check --cluster --context ${context}`,
        args: ['check', '--cluster', '--context', context],
        expect: (r: ClusterCliRun) => assert.equal(r.code, 3, r.stderr),
      },
      {
        label: `check --cluster --context ${context} --debug`,
        args: ['check', '--cluster', '--context', context, '--debug'],
      },
      {
        label: `request-port --context ${context}`,
        args: ['request-port', 'web', '--port', '443', '--reason', 'r', '--context', context],
        expect: (r: ClusterCliRun) => assert.equal(r.code, 3, r.stderr),
      },
      {
        label: `request-port list --context ${context}`,
        args: ['request-port', 'list', '--context', context],
        expect: (r: ClusterCliRun) => assert.equal(r.code, 3, r.stderr),
      },
    ]),
    {
      label: 'request-port',
      args: ['request-port', 'web', '--port', '443', '--reason', 'public portal', '-n', 'portal'],
      expect: (r) => assert.equal(r.code, 0, r.stderr),
    },
    { label: 'request-port list --output json', args: ['request-port', 'list', '-o', 'json'] },
    { label: 'request-port status', args: ['request-port', 'status', 'portal.web.443-tcp'] },
    { label: 'request-port status (unknown)', args: ['request-port', 'status', 'nope.web.1-tcp'] },
  ];

  it(`${cases.length} command lines, none prints a credential`, async (t) => {
    // A few at a time: each is a process of its own, with its own copy of the kubeconfig.
    for (let start = 0; start < cases.length; start += 6) {
      await Promise.all(
        cases.slice(start, start + 6).map(async (testCase) => {
          const result = await run(testCase.label, testCase.args, testCase.broken ? { broken: true } : {});
          testCase.expect?.(result);
        }),
      );
    }
    const failures = runs.filter(({ run: result }) => result.code !== 0).length;
    t.diagnostic(`${runs.length} runs (${failures} of them error paths), ${forbidden.length} markers each`);
    for (const { label, run: result } of runs) assertClean(label, result);
    // The error paths did run: the exec plugin's failure and a TLS or credential refusal were reported.
    // The failures are the ones meant: a refused certificate, refused credentials, a failed plugin.
    const stderrOf = (label: string) => runs.find((entry) => entry.label === label)?.run.stderr ?? '';
    assert.match(stderrOf('check --cluster --context cert'), /TLS|certificate/);
    assert.match(stderrOf('check --cluster --context basic'), /401 Unauthorized/);
    assert.match(stderrOf('check --cluster --context exec'), /failed while reading namespace/);
    assert.match(stderrOf('context (broken)'), /config:\d+:\d+: invalid YAML/);
  });
});
