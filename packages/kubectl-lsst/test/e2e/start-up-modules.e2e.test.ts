// What the most run commands load of Node's own modules, as users run them: none of those that cost
// milliseconds of every start (node:fs/promises and the readline it brings, node:crypto, node:v8, ...)
// may be loaded on the way to a small check, a help text or the shell prompt's `context current`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { binPath, makeFolder, runBinary, testEnv } from '../check-support.ts';
import { buildOnce } from './build-once.ts';

const preload = new URL('./list-loaded-modules.cjs', import.meta.url).pathname;

/** Each is a few milliseconds to load (measured with require() in a script, Node 20), and no small run needs it. */
const costlyAtStart = [
  'fs/promises',
  'internal/fs/promises',
  'readline',
  'internal/readline/interface',
  'crypto',
  'v8',
  'worker_threads',
  'child_process',
  'http',
  'https',
  'net',
  'tls',
  'zlib',
];

const manifest =
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: team\ndata:\n  level: info\n';
const kubeconfig = `apiVersion: v1
kind: Config
current-context: dev
contexts:
- name: dev
  context: {cluster: dev, user: me, namespace: team}
clusters:
- name: dev
  cluster: {server: "https://dev.example.org:6443"}
users:
- name: me
  user: {token: secret-token}
`;

describe('start-up: the Node modules the common commands load', () => {
  before(() => buildOnce());

  for (const args of [
    ['check', 'small.yaml'],
    ['check', '--format', 'json', 'small.yaml'],
    ['check', '--format', 'sarif', 'small.yaml'],
    ['context', 'current'],
    ['--help'],
    ['rules'],
    ['version'],
  ]) {
    test(`kubectl lsst ${args.join(' ')} loads none that cost milliseconds`, async () => {
      const folder = makeFolder({ 'small.yaml': manifest, 'kubeconfig.yaml': kubeconfig });
      const listFile = join(folder, 'modules.txt');
      const env = { ...testEnv(folder), KUBECONFIG: join(folder, 'kubeconfig.yaml'), LSST_LOADED_MODULES: listFile };
      const run = await runBinary(args, folder, '', env, [process.execPath, '--require', preload, binPath]);
      assert.ok(run.exitCode === 0, `${run.exitCode}: ${run.stderr}`);
      const loaded = readFileSync(listFile, 'utf8')
        .split('\n')
        .filter((entry) => entry.startsWith('NativeModule '))
        .map((entry) => entry.slice('NativeModule '.length));
      assert.ok(loaded.includes('fs'), 'the list is of the modules loaded');
      assert.deepEqual(
        costlyAtStart.filter((name) => loaded.includes(name)),
        [],
      );
    });
  }
});
