// The context commands print through a redactor built from the kubeconfig's own credential values,
// so that a secret of any shape is blanked, not only the ones a pattern recognises.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it, test } from 'node:test';
import type { CliIo } from './io.ts';
import { formatTable, runContextCommand } from './kube-context.ts';

// Plain words and a plain argument: no credential pattern matches them without their key.
const password = 'correct horse battery staple';
const execSecret = 'plainwordsnobodyguesses';

function setup(): { io: CliIo; written: { out: string; err: string }; kubeconfig: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lsst-kube-context-'));
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: https://c.example.invalid:6443}
contexts:
- name: basic
  context: {cluster: c, user: basic}
- name: plugin
  context: {cluster: c, user: plugin}
current-context: basic
users:
- name: basic
  user: {username: alice, password: ${password}}
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: get-token
      args: [--cluster, c, --secret, ${execSecret}]
`,
  );
  const written = { out: '', err: '' };
  const io: CliIo = {
    stdout: { write: (text: string) => (written.out += text) },
    stderr: { write: (text: string) => (written.err += text) },
    stdin: Readable.from([]),
    env: { HOME: dir },
    cwd: dir,
    isTTY: { stdin: false, stdout: false, stderr: false },
  };
  return { io, written, kubeconfig };
}

test('what a context command prints never holds a credential of the kubeconfig, whatever its shape', async () => {
  const { io, written, kubeconfig } = setup();
  const code = await runContextCommand(io, { kubeconfig }, async (session) => {
    session.out(`the password is ${password}\n`);
    session.err(`the plugin was called with ${execSecret}\n`);
    return 0;
  });
  assert.equal(code, 0);
  assert.equal(written.out, 'the password is REDACTED\n');
  assert.equal(written.err, 'the plugin was called with REDACTED\n');
});

test('an error thrown by a context command is redacted the same way', async () => {
  const { io, kubeconfig } = setup();
  await assert.rejects(
    runContextCommand(io, { kubeconfig }, async () => {
      throw new Error(`the cluster refused ${password} and ${execSecret}`);
    }),
    (error: Error) => {
      assert.equal(error.message, 'the cluster refused REDACTED and REDACTED');
      assert.ok(!error.stack?.includes(password));
      return true;
    },
  );
});

test('arguments of an exec plugin that are not credentials are printed as they are', async () => {
  const { io, written, kubeconfig } = setup();
  await runContextCommand(io, { kubeconfig }, async (session) => {
    session.out('the plugin runs against cluster c with --cluster\n');
    return 0;
  });
  assert.equal(written.out, 'the plugin runs against cluster c with --cluster\n');
});

describe('formatTable', () => {
  it('pads columns to the widest cell of 300,000 rows without overflowing the stack', () => {
    const rows = Array.from({ length: 300_000 }, (_, index) => [`context-${index}`, 'production']);
    const lines = formatTable(['NAME', 'ROLE'], rows).split('\n');
    assert.equal(lines[0], `${'NAME'.padEnd('context-299999'.length)}  ROLE`);
    assert.equal(lines[300_000], 'context-299999  production');
  });
});
