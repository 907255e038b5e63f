// The production guard's decision on its own: which roles ask, and what an answer does.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { needsConfirmation } from '@lsst-kube/core/kube';
import { confirmByTypingClusterName } from './confirm.ts';
import { CliError, ExitCode } from './errors.ts';
import type { CliIo } from './io.ts';

function terminal(typed: string | undefined, isTTY = true): { io: CliIo; asked: () => string } {
  let stderr = '';
  const io: CliIo = {
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
    stdin: Readable.from(typed === undefined ? [] : [typed]),
    env: {},
    cwd: '/',
    isTTY: { stdin: isTTY, stdout: isTTY, stderr: isTTY },
  };
  return { io, asked: () => stderr };
}

const request = { action: 'switch to context "live"', reason: 'the production cluster "prod"', clusterName: 'prod' };

describe('the production guard', () => {
  it('asks on production and pre-production clusters only', () => {
    assert.equal(needsConfirmation('production'), true);
    assert.equal(needsConfirmation('pre-production'), true);
    for (const role of ['development', 'testing', 'unknown'] as const)
      assert.equal(needsConfirmation(role), false, role);
  });

  it('goes on when the cluster name is typed, surrounding blanks aside', async () => {
    const { io, asked } = terminal('  prod \n');
    await confirmByTypingClusterName(io, { ...request, yes: false });
    assert.match(asked(), /Type the cluster name \(prod\) to confirm/);
  });

  for (const [what, typed] of [
    ['another name', 'production\n'],
    ['a name that only starts the same', 'pro\n'],
    ['an empty line', '\n'],
    ['the end of input', undefined],
  ] as const) {
    it(`stops, with nothing changed, on ${what}`, async () => {
      const { io } = terminal(typed);
      await assert.rejects(
        confirmByTypingClusterName(io, { ...request, yes: false }),
        (error: unknown) =>
          error instanceof CliError && error.exitCode === ExitCode.usage && /Nothing was changed/.test(error.message),
      );
    });
  }

  it('refuses without a terminal, unless --yes confirmed in advance', async () => {
    const { io, asked } = terminal('prod\n', false);
    await assert.rejects(
      confirmByTypingClusterName(io, { ...request, yes: false }),
      (error: unknown) => error instanceof CliError && /no terminal to confirm on.*--yes/.test(error.message),
    );
    assert.equal(asked(), '', 'nothing is asked where nobody can answer');
    await confirmByTypingClusterName(io, { ...request, yes: true });
  });
});
