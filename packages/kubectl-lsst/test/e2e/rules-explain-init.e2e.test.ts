// `kubectl lsst rules`, `explain` and `init` against the built binary, and through the real kubectl.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { rules } from '@lsst-kube/core';
import { makeFolder, packageRoot, runBinary, testEnv } from '../check-support.ts';
import { assertCommandCase, commandCases } from '../rules-explain-init-cases.ts';
import { buildOnce } from './build-once.ts';

// A private copy of the built plugin, so that another test process rebuilding dist/ meanwhile cannot pull it away.
let binFolder = '';

describe('kubectl-lsst rules, explain, init (built binary)', () => {
  before(() => {
    buildOnce();
    const copy = mkdtempSync(join(tmpdir(), 'lsst-plugin-'));
    cpSync(join(packageRoot, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(packageRoot, 'dist'), join(copy, 'dist'), { recursive: true });
    binFolder = join(copy, 'bin');
  });

  for (const testCase of commandCases) {
    test(testCase.name, async () => {
      const folder = makeFolder(testCase.files ?? {});
      const outcome = await runBinary(testCase.args, folder, '', testEnv(folder), [join(binFolder, 'kubectl-lsst')]);
      assertCommandCase(testCase, outcome, folder);
    });
  }

  test('through the real kubectl: kubectl lsst rules, explain and init', () => {
    const folder = makeFolder({});
    const env = testEnv(folder);
    env.PATH = `${binFolder}:${process.env.PATH ?? ''}`;
    env.KUBECONFIG = join(folder, 'kubeconfig');
    const kubectl = (args: string[]) =>
      spawnSync('/usr/bin/kubectl', ['lsst', ...args], {
        cwd: folder,
        env: env as NodeJS.ProcessEnv,
        encoding: 'utf8',
      });
    const listed = kubectl(['rules', '--json']);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(
      (JSON.parse(listed.stdout) as { rules: { name: string }[] }).rules.map((rule) => rule.name),
      rules.map((rule) => rule.name),
    );
    const unknown = kubectl(['explain', 'pined']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Did you mean "image\/pinned"\?/);
    assert.equal(kubectl(['init']).status, 0);
    const again = kubectl(['init']);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already exists/);
  });

  test('--help of each command shows its summary and flags', async () => {
    const folder = makeFolder({});
    for (const [command, flag] of [
      ['rules', '--guideline'],
      ['explain', 'RULE'],
      ['init', '--force'],
    ] as const) {
      const help = await runBinary([command, '--help'], folder, '', testEnv(folder), [join(binFolder, 'kubectl-lsst')]);
      assert.equal(help.exitCode, 0, help.stderr);
      assert.match(help.stdout, /USAGE\n\s+\$ kubectl lsst /);
      assert.ok(help.stdout.includes(flag), `${command} --help mentions ${flag}`);
    }
  });
});
