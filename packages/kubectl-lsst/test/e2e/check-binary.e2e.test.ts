// The shared check cases against the built binary (bin/kubectl-lsst -> dist/cli.cjs), as users run it.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { assertCaseOutcome, checkCases, unpinnedDeployment } from '../check-cases.ts';
import { binPath, binPathForOtherUsers, makeFolder, runBinary, testEnv } from '../check-support.ts';
import { buildOnce } from './build-once.ts';

const escapeCharacter = String.fromCharCode(0x1b);

describe('kubectl-lsst check (built binary)', () => {
  before(buildOnce);

  for (const testCase of checkCases) {
    test(testCase.name, async () => {
      const folder = makeFolder(testCase.files);
      assertCaseOutcome(testCase, await runBinary(testCase.args, folder, testCase.stdin));
      if (testCase.args.includes('report.json')) {
        assert.match(readFileSync(join(folder, 'report.json'), 'utf8'), /"image\/pinned"/);
      }
    });
  }

  test('colour only on a terminal: none when piped, none with NO_COLOR', async () => {
    const folder = makeFolder({ 'deploy.yaml': unpinnedDeployment });
    const env = testEnv(folder);
    delete env.NO_COLOR;
    const piped = await runBinary(['check', 'deploy.yaml'], folder, '', env);
    assert.ok(!piped.stdout.includes(escapeCharacter), 'no colour when piped');
    const forced = await runBinary(['check', 'deploy.yaml'], folder, '', { ...env, FORCE_COLOR: '1' });
    assert.ok(forced.stdout.includes(escapeCharacter), 'colour when forced');
  });

  test('an unreadable file: one finding naming it (run as an unprivileged user, since root reads anything)', async () => {
    const folder = mkdtempSync(join('/tmp', 'lsst-unreadable-'));
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, 'secret.yaml'), unpinnedDeployment);
    chmodSync(join(folder, 'secret.yaml'), 0o000);
    const asNobody =
      process.getuid?.() === 0
        ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', binPathForOtherUsers()]
        : [binPath];
    const outcome = await runBinary(
      ['check', 'secret.yaml'],
      folder,
      '',
      { ...testEnv(folder), HOME: folder },
      asNobody,
    );
    assert.equal(outcome.exitCode, 1, outcome.stderr);
    assert.match(outcome.stdout, /^secret\.yaml$/m);
    assert.match(outcome.stdout, /1:1\s+error\s+Cannot read the file: permission denied/);
    assert.doesNotMatch(outcome.stderr, /\n\s+at /);
  });

  test('--debug is the only way to a stack trace', async () => {
    const folder = makeFolder({ 'deploy.yaml': unpinnedDeployment });
    const plain = await runBinary(['check', 'deploy.yaml', '--format', 'nope'], folder);
    assert.equal(plain.exitCode, 2);
    assert.doesNotMatch(plain.stderr, /\n\s+at /);
    const debug = await runBinary(['check', 'deploy.yaml', '--format', 'nope', '--debug'], folder);
    assert.equal(debug.exitCode, 2);
    assert.match(debug.stderr, /\n\s+at /);
    // The bundles have short names; --debug reads the trace through their source maps.
    assert.match(debug.stderr, /\n\s+at \w+ \(.*src\/lib\/run-check\.ts:\d+:\d+\)/);
  });

  test('--jobs 2 runs the bundled worker and prints the serial report', async () => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 12; index++) {
      files[`deploy-${index}.yaml`] = unpinnedDeployment.replaceAll('name: web', `name: web-${index}`);
    }
    const folder = makeFolder(files);
    const serial = await runBinary(['check', '--format', 'sarif', '--jobs', '1', '.'], folder);
    const parallel = await runBinary(['check', '--format', 'sarif', '--jobs', '2', '.'], folder);
    assert.equal(serial.exitCode, parallel.exitCode, parallel.stderr);
    assert.match(serial.stdout, /"ruleId": "image\/pinned"/);
    assert.equal(parallel.stdout, serial.stdout);
    assert.equal(parallel.stderr, serial.stderr);
  });

  test('the code cache comes from the build, and other V8 flags keep their own instead of rewriting it', async () => {
    const dist = join(binPath, '../../dist');
    const caches = () => readdirSync(dist).filter((name) => name.endsWith('.v8cache'));
    const plain = `cli.${process.version}.default.v8cache`;
    const env = testEnv(makeFolder({}));
    delete env.NODE_OPTIONS;
    // The build's warm-up wrote it (only a later plain run could have replaced it, from the same warm cache).
    assert.ok(caches().includes(plain), `the build wrote ${plain}: ${caches().join(', ')}`);
    const before = readFileSync(join(dist, plain));
    const folder = makeFolder({ 'deploy.yaml': unpinnedDeployment });
    const flagged = await runBinary(['check', 'deploy.yaml'], folder, '', {
      ...env,
      NODE_OPTIONS: '--max-old-space-size=512',
    });
    assert.equal(flagged.exitCode, 1, flagged.stderr);
    assert.ok(caches().length >= 2, 'a second cache for the other flags');
    const again = await runBinary(['check', 'deploy.yaml'], folder, '', env);
    assert.equal(again.stdout, flagged.stdout);
    assert.deepEqual(readFileSync(join(dist, plain)), before, 'the plain cache is neither rejected nor rewritten');
  });

  test('a check that changed V8 flags (many files) writes no code cache, and reads the one a small check wrote', async () => {
    const dist = join(binPath, '../../dist');
    const caches = () => readdirSync(dist).filter((name) => name.endsWith('.v8cache'));
    // Flags of this test's own: their cache is missing at first, so a run may write it.
    const env = { ...testEnv(makeFolder({})), NODE_OPTIONS: `--max-old-space-size=${600 + (process.pid % 97)}` };
    const files: Record<string, string> = {};
    for (let index = 0; index < 70; index++) files[`deploy-${index}.yaml`] = unpinnedDeployment;
    const many = makeFolder(files);
    const existing = new Set(caches());
    const first = await runBinary(['check', '--jobs', '1', '.'], many, '', env);
    assert.equal(first.exitCode, 1, first.stderr);
    assert.deepEqual(caches(), [...existing], 'no cache from the run that turned inlining off');
    const folder = makeFolder({ 'deploy.yaml': unpinnedDeployment });
    assert.equal((await runBinary(['check', 'deploy.yaml'], folder, '', env)).exitCode, 1);
    const written = caches().filter((name) => !existing.has(name));
    assert.equal(written.length, 1, `a small check wrote its cache: ${written.join(', ')}`);
    const cache = readFileSync(join(dist, written[0] as string));
    const again = await runBinary(['check', '--jobs', '1', '.'], many, '', env);
    assert.equal(again.stdout, first.stdout);
    assert.deepEqual(readFileSync(join(dist, written[0] as string)), cache, 'accepted, not rewritten');
    rmSync(join(dist, written[0] as string));
  });

  test('the build warmed the light cache with `context` too, and the bundles the launcher reads are ASCII', () => {
    const dist = join(binPath, '../../dist');
    // The launcher reads an ASCII bundle as Latin-1 (twice as fast as UTF-8); a stray character costs that.
    for (const bundle of ['cli.cjs', 'light.cjs', 'current.cjs']) {
      const bytes = readFileSync(join(dist, bundle));
      const at = bytes.findIndex((byte) => byte > 0x7f);
      assert.equal(at, -1, `${bundle} has a non-ASCII byte at ${at}: ${bytes.subarray(at - 40, at + 10)}`);
    }
    // The context list's code (its table) is in the cache, not compiled at every start.
    const lightCache = readFileSync(join(dist, `light.${process.version}.default.v8cache`)).toString('latin1');
    assert.match(lightCache, /CURRENT/);
  });
});
