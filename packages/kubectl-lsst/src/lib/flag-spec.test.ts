// The fast parser agrees with oclif on every command line it accepts, and hands the rest to oclif.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Args } from '@oclif/core';
import { parse } from '@oclif/core/parser';
import { checkFlagSpecs } from '../commands/check-flags.ts';
import { parseFlagsFast } from './flag-spec.ts';
import { toOclifFlags } from './oclif-flags.ts';

async function parseWithOclif(argv: string[]) {
  const output = await parse(argv, {
    flags: toOclifFlags(checkFlagSpecs),
    args: { paths: Args.string() },
    strict: false,
  });
  return { flags: output.flags as Record<string, unknown>, args: output.argv as string[] };
}

const accepted: string[][] = [
  ['deploy.yaml'],
  ['a.yaml', 'dir', '-'],
  ['--format', 'json', 'a.yaml'],
  ['--format=sarif', '-o', 'out.sarif', 'a.yaml'],
  ['--format', 'github', '-q', '--fix', '--show-suppressed', 'x'],
  ['-f', 'values.yaml', '-f', 'values-prod.yaml', '--values=extra.yaml', 'chart'],
  ['-t', 'dev,prod', '--target', 'test', 'x'],
  ['-k', 'overlays/prod', '-k', 'overlays/dev'],
  ['--max-warnings', '0', '--now', '2025-06-30', 'x'],
  ['--max-warnings=-1', 'x'],
  ['-', '--stdin-filename', 'Dockerfile'],
  ['--all-targets', '--debug', '--config', '.lsst.yaml', 'x'],
  ['x', '--', '--not-a-flag.yaml'],
];

describe('parseFlagsFast on the check flags', () => {
  for (const argv of accepted) {
    test(`same as oclif: ${argv.join(' ')}`, async () => {
      const fast = parseFlagsFast(checkFlagSpecs, argv);
      assert.ok(fast, 'accepted by the fast parser');
      const oclif = await parseWithOclif(argv);
      assert.deepEqual(fast.args, oclif.args);
      for (const [name, value] of Object.entries(fast.flags)) {
        const expected =
          oclif.flags[name] ?? (Array.isArray(value) ? [] : typeof value === 'boolean' ? false : undefined);
        assert.deepEqual(value, expected, `--${name}`);
      }
    });
  }

  const handedOn: string[][] = [
    ['--help'],
    ['-h'],
    ['--formt', 'json', 'x'],
    ['--format'],
    ['--format', 'json', '--format', 'sarif'],
    ['--max-warnings', 'many'],
    ['-qf', 'json'],
    ['--fix=yes'],
    ['--no-fix'],
  ];
  for (const argv of handedOn) {
    test(`handed to oclif: ${argv.join(' ')}`, () => {
      assert.equal(parseFlagsFast(checkFlagSpecs, argv), undefined);
    });
  }
});
