// Text written by other people reaches the terminal with its control characters made visible:
// a port request's reason cannot clear the approver's screen or print a line of its own.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type RbacRule,
  startTestApiServer,
  type TestApiServer,
} from '../../../core/test-support/kube-apiserver/index.ts';
import { runClusterCli } from './cluster-cli.ts';

const requests = 'lsst-port-requests';
const id = 'portal.web.443-tcp';
const rbac: RbacRule[] = [
  { users: ['sam'], allow: true },
  { users: ['alice'], verbs: ['get', 'list', 'patch'], resources: ['services'], namespaces: ['portal'], allow: true },
  {
    users: ['alice'],
    verbs: ['get', 'list', 'create'],
    resources: ['configmaps'],
    namespaces: [requests],
    allow: true,
  },
];
// A fake decision line, a screen clear, a bidi override and a C1 control.
const hostileReason = 'public portal\nstatus: approved\u001b[2J\u001b[H\u202eevil\u009b31m';

function assertNoControls(text: string, what: string): void {
  const controls = [...text].filter((character) => {
    const code = character.codePointAt(0) ?? 0;
    return (code < 0x20 && character !== '\n') || (code >= 0x7f && code <= 0x9f) || code === 0x202e;
  });
  assert.deepEqual(controls, [], `${what} holds no control character but line ends`);
  assert.doesNotMatch(text, /^status: approved/m, `${what} prints no line of the requester's`);
}

describe("a port request's reason on the approver's terminal", () => {
  let server: TestApiServer;
  let home: string;
  const kubeconfigs: Record<string, string> = {};
  const as = (user: string, args: string[]) =>
    runClusterCli([...args, '--kubeconfig', kubeconfigs[user] as string], { env: { HOME: home } });

  before(async () => {
    server = await startTestApiServer({
      users: ['alice', 'sam'],
      rbac,
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: requests } },
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'portal' },
          spec: { type: 'LoadBalancer', ports: [{ name: 'https', port: 443 }] },
        },
      ],
    });
    home = mkdtempSync(join(tmpdir(), 'lsst-injection-'));
    for (const user of ['alice', 'sam'])
      kubeconfigs[user] = server.writeKubeconfig(home, user, { namespace: 'portal' });
  });
  after(async () => {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('status, list and approve show it escaped, on one line', async () => {
    const asked = await as('alice', ['request-port', 'web', '--port', '443', '--reason', hostileReason]);
    assert.equal(asked.code, 0, asked.stderr);

    const status = await as('sam', ['request-port', 'status', id]);
    assert.equal(status.code, 0, status.stderr);
    assertNoControls(status.stdout, 'status');
    assert.match(status.stdout, /^ {2}Reason: {4}public portal␊status: approved␛\[2J␛\[H\ufffdevil\ufffd31m$/m);
    assert.match(status.stdout, /^Port request portal\.web\.443-tcp: pending$/m);

    const list = await as('sam', ['request-port', 'list', '-A']);
    assert.equal(list.code, 0, list.stderr);
    assertNoControls(list.stdout, 'list');

    const approve = await as('sam', ['request-port', 'approve', id, '--reason', 'ok\u001b]0;title\u0007']);
    assert.equal(approve.code, 0, approve.stderr);
    assertNoControls(approve.stdout + approve.stderr, 'approve');
    const decided = await as('sam', ['request-port', 'status', id]);
    assertNoControls(decided.stdout, 'status after the decision');
    assert.match(decided.stdout, /Decision: {2}approved by .*: ok␛\]0;title␇$/m);
  });
});
