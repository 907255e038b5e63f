// The start-up fast path (bin/kubectl-lsst -> dist/light.cjs) against the full CLI (oclif), as
// users run them: every help text, `rules`, `explain`, `version`, `context` and `context current`
// must print the same bytes and exit with the same code both ways. The fast path runs from a copy
// of the plugin that holds only bin/ and the light bundle, so a command line it took is known to
// be its own work; the ones it must leave to the full CLI fail there with "not built".
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { rules } from '@lsst-kube/core';
import { helpCommandLines } from '../../src/lib/static-outputs.ts';
import { binPath, makeFolder, packageRoot, type RunOutcome, runBinary, testEnv } from '../check-support.ts';
import { buildOnce } from './build-once.ts';

const kubeconfig = `apiVersion: v1
kind: Config
current-context: dev
contexts:
- name: dev
  context: {cluster: dev, user: me, namespace: team}
- name: prod-admin
  context: {cluster: prod, user: me}
clusters:
- name: dev
  cluster: {server: "https://dev.example.org:6443"}
- name: prod
  cluster: {server: "https://prod.example.org:6443"}
users:
- name: me
  user: {token: secret-token}
`;

/** A copy of the plugin with the light bundles only (and the prompt's): whatever they cannot take ends in "not built". */
function lightOnlyInstall(): string {
  const root = mkdtempSync(join(tmpdir(), 'lsst-light-only-'));
  mkdirSync(join(root, 'bin'));
  mkdirSync(join(root, 'dist'));
  for (const file of readdirSync(join(packageRoot, 'dist')))
    if (/^(light(-[a-z]+)?|current)\.(cjs|json)$/.test(file))
      copyFileSync(join(packageRoot, 'dist', file), join(root, 'dist', file));
  for (const file of ['kubectl-lsst', 'package.json'])
    copyFileSync(join(packageRoot, 'bin', file), join(root, 'bin', file));
  return join(root, 'bin', 'kubectl-lsst');
}

interface Case {
  argv: string[];
  /** Whether the fast path takes it (otherwise it must leave it to the full CLI). */
  light: boolean;
  env?: Record<string, string>;
}

const cases: Case[] = [
  ...helpCommandLines().map((argv) => ({ argv, light: true })),
  { argv: ['rules'], light: true },
  { argv: ['rules', '--json'], light: true },
  { argv: ['rules', '--guideline', '1.2'], light: true },
  { argv: ['rules', '--guideline=§1.2.4', '--json'], light: true },
  { argv: ['rules', '--guideline', '1'], light: true },
  { argv: ['rules'], light: true, env: { FORCE_COLOR: '1' } },
  { argv: ['rules', '--guideline', '9.9'], light: false },
  { argv: ['rules', '--colour'], light: false },
  { argv: ['explain', 'image/pinned'], light: true },
  { argv: ['explain', 'image/pinned'], light: true, env: { FORCE_COLOR: '1' } },
  ...rules.slice(0, 2).map((rule) => ({ argv: ['explain', rule.name], light: true })),
  { argv: ['explain', 'pined'], light: false },
  { argv: ['explain'], light: false },
  { argv: ['version'], light: true },
  { argv: ['--version'], light: true },
  { argv: ['version', '--json'], light: true },
  { argv: ['version', 'extra'], light: false },
  { argv: ['context'], light: true },
  { argv: ['context', '--json'], light: true },
  { argv: ['context', '--kubeconfig', 'missing.yaml'], light: true },
  { argv: ['context', 'current'], light: true },
  { argv: ['context', 'current', '--json'], light: true },
  { argv: ['context', 'use', 'dev'], light: false },
  // Help in colour or at another width is oclif's.
  { argv: ['--help'], light: false, env: { FORCE_COLOR: '1' } },
  { argv: ['rules', '--help'], light: false, env: { OCLIF_COLUMNS: '120' } },
  { argv: ['--help', '--debug'], light: false },
  { argv: ['check', '--help'], light: true },
];

describe('the start-up fast path prints what the full CLI prints', { concurrency: 4 }, () => {
  let lightBin = '';
  let folder = '';
  before(() => {
    buildOnce();
    lightBin = lightOnlyInstall();
    folder = makeFolder({ kubeconfig });
  });

  const env = (extra: Record<string, string> = {}) => {
    const base = testEnv(folder);
    delete base.NO_COLOR;
    delete base.OCLIF_COLUMNS;
    delete base.KUBECTL_LSST_FULL_CLI;
    return { ...base, KUBECONFIG: join(folder, 'kubeconfig'), XDG_CACHE_HOME: join(folder, 'cache'), ...extra };
  };

  test('every help command line is one the fast path knows', () => {
    const lines = new Set(helpCommandLines().map((argv) => argv.join(' ')));
    for (const expected of ['', '--help', 'check --help', 'context current --help', 'policy', 'request-port --help'])
      assert.ok(lines.has(expected), expected);
  });

  for (const { argv, light, env: extra } of cases) {
    const name = `${argv.join(' ') || '(no arguments)'}${extra ? ` with ${Object.keys(extra).join(', ')}` : ''}`;
    test(`${name}: ${light ? 'the fast path' : 'left to the full CLI'}`, async () => {
      const full = await runBinary(argv, folder, '', { ...env(extra), KUBECTL_LSST_FULL_CLI: '1' });
      if (light) {
        const fast = await runBinary(argv, folder, '', env(extra), [lightBin]);
        assert.deepEqual(fast, full);
        assert.ok(full.stdout !== '' || full.stderr !== '', 'the command printed something');
        return;
      }
      const fast = await runBinary(argv, folder, '', env(extra), [lightBin]);
      assert.match(fast.stderr, /not built/, 'the fast path left it alone');
      const usual = await runBinary(argv, folder, '', env(extra), [binPath]);
      assert.deepEqual(usual, full as RunOutcome);
    });
  }
});
