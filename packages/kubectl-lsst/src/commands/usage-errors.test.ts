// Flag values out of range, durations and output paths: a usage error (exit 2) that says what is
// allowed, never "unexpected error" or a stack trace.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { unpinnedDeployment } from '../../test/check-cases.ts';
import { makeFolder, type RunOutcome, runInProcess, testEnv } from '../../test/check-support.ts';
import { maxRequestTimeoutMs, parseDuration } from '../lib/cluster-session.ts';

// The Pod names no namespace while the ConfigMap of its file does: one warning, nothing else.
const warningOnly =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers: []\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: web, namespace: web }\n';

function assertUsage(outcome: RunOutcome, message: RegExp): void {
  assert.equal(outcome.exitCode, 2, `exit ${outcome.exitCode}: ${outcome.stderr}`);
  assert.match(outcome.stderr, message);
  assert.doesNotMatch(outcome.stderr, /unexpected error|\n\s+at /);
}

describe('usage errors of flags', () => {
  test('--max-warnings -1 means no limit, as its help says, on both command-line parsers', async () => {
    const folder = makeFolder({ 'pod.yaml': warningOnly });
    const fast = await runInProcess(['check', '--max-warnings', '-1', 'pod.yaml'], folder);
    assert.equal(fast.exitCode, 0, fast.stderr);
    assert.match(fast.stdout, /namespace\/explicit/);
    // `-tdev` is left to oclif, which leaves list flags undefined when not given.
    const oclif = await runInProcess(
      ['check', '-tdev', '--format', 'json', '--max-warnings', '-1', 'pod.yaml'],
      folder,
    );
    assert.equal(oclif.exitCode, 0, oclif.stderr);
    assert.equal(JSON.parse(oclif.stdout).summary.warnings, 1);
    assertUsage(await runInProcess(['check', '--max-warnings', '-2', 'pod.yaml'], folder), /0 or more \(or -1/);
  });

  test('-o into a folder that does not exist, or naming a folder, before any work', async () => {
    const folder = makeFolder({ 'deploy.yaml': unpinnedDeployment });
    mkdirSync(join(folder, 'reports'));
    assertUsage(
      await runInProcess(['check', '-o', 'missing/report.txt', 'deploy.yaml'], folder),
      /-o missing\/report.txt: the folder missing does not exist/,
    );
    assertUsage(await runInProcess(['check', '-o', 'reports', 'deploy.yaml'], folder), /-o reports is a folder/);
    assertUsage(
      await runInProcess(['check', '--cluster', '-o', 'missing/report.txt'], folder),
      /the folder missing does not exist/,
    );
    assertUsage(
      await runInProcess(
        ['request-port', 'web', '--port', '80', '--reason', 'x', '-f', 'deploy.yaml', '-o', 'missing/r.yaml'],
        folder,
      ),
      /the folder missing does not exist/,
    );
  });

  test('--request-timeout below or above its range, in every command that takes it', async () => {
    const folder = makeFolder({});
    const env = { ...testEnv(folder), KUBECONFIG: join(folder, 'none') };
    for (const value of ['-5s', '0s', '99999999999s', '25h']) {
      for (const command of [
        ['check', '--cluster'],
        ['request-port', 'list'],
        ['request-port', 'status', 'pr-1'],
      ]) {
        assertUsage(
          await runInProcess([...command, '--request-timeout', value], folder, '', env),
          /more than 0 and at most 24h/,
        );
      }
    }
  });

  test('integer flags with a range: --port of request-port, --timeout of context ns', async () => {
    const folder = makeFolder({ 'deploy.yaml': unpinnedDeployment });
    for (const port of ['0', '65536', '-1']) {
      assertUsage(
        await runInProcess(['request-port', 'web', '--port', port, '--reason', 'x', '-f', 'deploy.yaml'], folder),
        /--port/,
      );
    }
    for (const timeout of ['0', '-1', '99999999999']) {
      assertUsage(await runInProcess(['context', 'ns', 'x', '--timeout', timeout], folder), /--timeout/);
    }
  });

  test('--debug is accepted by every command, as the advice on unexpected errors says', async () => {
    const folder = makeFolder({});
    const outcome = await runInProcess(['request-port', '--debug', '--port', '0', '--reason', 'x'], folder);
    assert.equal(outcome.exitCode, 2);
    assert.match(outcome.stderr, /^kubectl-lsst: Parsing --port/);
    assert.doesNotMatch(outcome.stderr, /Nonexistent flag/);
    const afterSeparator = await runInProcess(['check', '--', '--debug'], folder);
    assertUsage(afterSeparator, /--debug/);
  });
});

describe('parseDuration', () => {
  test('reads kubectl-style durations and refuses what no timer can wait', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('10s'), 10_000);
    assert.equal(parseDuration('2m'), 120_000);
    assert.equal(parseDuration('1h'), 3_600_000);
    assert.equal(parseDuration('24h'), maxRequestTimeoutMs);
    assert.equal(parseDuration(undefined), 10_000);
    for (const bad of ['-5s', '0', '0.1ms', '24.1h', '99999999999s', 'soon']) {
      assert.throws(() => parseDuration(bad), /more than 0 and at most 24h/);
    }
  });
});

describe('a newcomer is pointed to the tutorial and to explain', () => {
  const tutorial =
    /New to kubectl lsst\? The tutorial: https:\/\/\S+\/docs\/tutorial\.md\. .*`kubectl lsst explain RULE`/;

  test('--help names the tutorial and explain', async () => {
    const help = await runInProcess(['--help'], makeFolder({}));
    assert.equal(help.exitCode, 0, help.stderr);
    assert.match(help.stdout, /New here\? The tutorial[\s\S]*docs\/tutorial\.md/);
    assert.match(help.stdout, /`kubectl lsst explain RULE`/);
  });

  test('a mistyped command, flag or rule, and a check of nothing, point to them', async () => {
    const folder = makeFolder({ 'pod.yaml': warningOnly });
    for (const commandLine of [
      ['chek', 'pod.yaml'],
      ['check', '--frmat', 'json', 'pod.yaml'],
      ['check'],
      ['explain', 'run-as-root'],
    ]) {
      const outcome = await runInProcess(commandLine, folder);
      assertUsage(outcome, tutorial);
      assert.equal(outcome.stderr.match(/New to kubectl lsst/g)?.length, 1, outcome.stderr);
    }
  });

  test('a finding is not a usage error: no pointer in the way of the report', async () => {
    const outcome = await runInProcess(['check', 'pod.yaml'], makeFolder({ 'pod.yaml': warningOnly }));
    assert.equal(outcome.exitCode, 0, outcome.stderr);
    assert.doesNotMatch(outcome.stdout + outcome.stderr, /New to kubectl lsst/);
  });
});
