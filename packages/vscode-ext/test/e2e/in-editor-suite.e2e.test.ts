// Runs the in-editor suite (test/suite) inside code-server's extension host, through a small host
// extension, and reports each of its tests here.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestResult } from '../suite/framework.ts';
import { type Editor, extensionRoot, startEditor } from './harness.ts';

interface SuiteReport {
  results?: TestResult[];
  error?: string;
  log: string[];
}

function waitForFile(path: string, timeoutMs: number, serverLog: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!existsSync(path)) return false;
      clearTimeout(timer);
      watcher.close();
      resolve(readFileSync(path, 'utf8'));
      return true;
    };
    const watcher = watch(dirname(path), (_event, name) => {
      if (name === basename(path)) check();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the in-editor suite wrote no results in ${timeoutMs} ms; code-server said:\n${serverLog()}`));
    }, timeoutMs);
    check();
  });
}

describe('in-editor suite in code-server', { timeout: 300_000 }, () => {
  let editor: Editor | undefined;
  let report: SuiteReport;
  const resultsDir = mkdtempSync(join(tmpdir(), 'lsst-suite-results-'));

  before(async () => {
    const host = join(extensionRoot, 'dist', 'test', 'host');
    assert.ok(existsSync(join(host, 'host.cjs')), 'run `node packages/vscode-ext/esbuild.mjs --tests` first');
    const resultsFile = join(resultsDir, 'results.json');
    const helm = process.env.LSST_TEST_HELM;
    assert.ok(helm, 'LSST_TEST_HELM names the helm that renders the fixture chart (scripts/test-editor.mjs sets it)');
    editor = await startEditor({
      workspaceSource: join(extensionRoot, 'test', 'fixtures', 'workspace'),
      kubeconfig: readFileSync(join(extensionRoot, 'test', 'fixtures', 'kubeconfig.yaml'), 'utf8'),
      extraExtensions: [{ folderName: 'lsst-test.lsst-guidelines-test-host-0.0.0', source: host }],
      // The unpacked extension: extensions installed from a .vsix are listed in extensions.json,
      // and a folder copied beside them (the host) would then not be loaded.
      env: { LSST_SUITE_RESULTS: resultsFile },
      settings: { 'lsst.helmPath': helm },
    });
    const log = editor.serverLog;
    report = JSON.parse(await waitForFile(resultsFile, 180_000, log)) as SuiteReport;
  });

  after(async () => {
    await editor?.close();
    rmSync(resultsDir, { recursive: true, force: true });
  });

  test('the suite ran and every in-editor test passed', () => {
    assert.equal(report.error, undefined, report.error);
    const results = report.results ?? [];
    assert.ok(results.length > 0, 'the suite registered tests');
    for (const result of results) console.log(`  ${result.ok ? '✔' : '✖'} ${result.name} (${result.durationMs} ms)`);
    const failed = results.filter((result) => !result.ok);
    assert.deepEqual(
      failed.map((result) => `${result.name}\n${result.error}`),
      [],
      `${failed.length} of ${results.length} in-editor tests failed`,
    );
  });
});
