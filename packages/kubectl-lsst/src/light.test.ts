// The start-up fast path in process, with the outputs the build makes (from src/, not dist/),
// against oclif: `explain` of every rule and `rules` in several forms, with and without colour.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { rules } from '@lsst-kube/core';
import type { CliIo } from './lib/io.ts';
import { collectStaticOutputs, type StaticOutputs } from './lib/static-outputs.ts';
import { outputsInMemory, runLight } from './light.ts';
import { runOclifWithNewConfig } from './oclif-runner.ts';

interface Outcome {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

async function capture(
  run: (io: CliIo) => Promise<number | undefined>,
  env: Record<string, string | undefined>,
): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const exitCode = await run({
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: process.stdin,
    env,
    cwd: process.cwd(),
    isTTY: { stdin: false, stdout: false, stderr: false },
  });
  return { exitCode, stdout, stderr };
}

describe('the fast path and oclif print the same', () => {
  let outputs: StaticOutputs;
  before(async () => {
    outputs = await collectStaticOutputs(runOclifWithNewConfig, 'user-agent-of-this-test');
  });
  const plain = { NO_COLOR: '1' };
  const colored = { FORCE_COLOR: '1' };

  const commandLines = [
    ['rules'],
    ['rules', '--json'],
    ['rules', '--guideline', '1.2.4'],
    ['rules', '--guideline=§1.2'],
    ['rules', '--json', '--guideline', '1.1'],
    ...rules.map((rule) => ['explain', rule.name]),
  ];
  for (const argv of commandLines) {
    test(argv.join(' '), async () => {
      for (const env of [plain, colored]) {
        const fast = await capture((io) => runLight(argv, io, outputsInMemory(outputs), false), env);
        const full = await capture((io) => runOclifWithNewConfig(argv, io), env);
        assert.deepEqual(fast, full);
      }
    });
  }

  test('what it does not take, it leaves', async () => {
    for (const argv of [
      ['rules', '--guideline', '7'],
      ['explain', 'pined'],
      ['rules', 'extra'],
      ['--help', '--debug'],
    ]) {
      const fast = await capture((io) => runLight(argv, io, outputsInMemory(outputs), false), plain);
      assert.deepEqual(fast, { exitCode: undefined, stdout: '', stderr: '' }, argv.join(' '));
    }
  });

  test('help on a terminal, or forced into colour, is left to oclif', async () => {
    assert.equal(await runLight(['--help'], await captureIo(), outputsInMemory(outputs), true), undefined);
    assert.equal(
      await runLight(['--help'], await captureIo({ FORCE_COLOR: '0' }), outputsInMemory(outputs), false),
      undefined,
    );
    assert.equal(
      await runLight(['--help'], await captureIo({ OCLIF_COLUMNS: '100' }), outputsInMemory(outputs), false),
      undefined,
    );
  });
});

async function captureIo(env: Record<string, string> = {}): Promise<CliIo> {
  return {
    stdout: { write: () => true },
    stderr: { write: () => true },
    stdin: process.stdin,
    env,
    cwd: process.cwd(),
    isTTY: { stdin: false, stdout: false, stderr: false },
  };
}
