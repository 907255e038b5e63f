// Restricted Mode on purpose: workspace trust on, and the person answers "No, I don't trust the
// authors". The extension still checks (it declares untrustedWorkspaces.supported), and nothing
// from the workspace is run: a hostile .lsst.yaml is data that becomes diagnostics, and a
// Dockerfile or manifest that names a workspace script is checked, never executed.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ConfigError } from '@lsst-kube/core';
import { configFor, describeFindings, describeRows, engineAnswer, lineOf, rowsOf } from './engine-answer.ts';
import { type Editor, repoRoot, startEditor } from './harness.ts';

/** Creates `EXECUTED` beside itself: its existence after the tests means something ran it. */
const payloadScript = `#!/bin/sh
touch "$(dirname "$0")/EXECUTED"
`;
const payloadModule = `require('node:fs').writeFileSync(require('node:path').join(__dirname, 'EXECUTED'), 'ran');
`;

// Keys and tags that would make a careless tool run something: none is part of the format.
const hostileConfiguration = `# Written to look as if it ran something: a tool that executed any of it would create EXECUTED.
extends: ./payload.cjs
plugins:
  - ./payload.cjs
hooks:
  beforeCheck: sh payload.sh
rules:
  image/pinned:
    severity: error
    command: sh payload.sh
namespaces: !!js/function "function () { require('child_process').execSync('sh payload.sh') }"
`;

const hostileManifest = `apiVersion: v1
kind: Pod
metadata:
  name: runner
  namespace: my-team
spec:
  containers:
    - name: runner
      image: busybox
      command: ["sh", "payload.sh"]
`;

// Checked with the defaults (no .lsst.yaml above it): findings, and its RUN lines are never run.
const scriptedDockerfile = `FROM debian:bookworm
COPY payload.sh /payload.sh
RUN sh ../hostile/payload.sh && node ../hostile/payload.cjs
CMD ["sh", "/payload.sh"]
`;

describe('Restricted Mode: an untrusted folder', { timeout: 300_000 }, () => {
  let editor: Editor;
  const markers = () =>
    ['hostile', 'scripted', 'examples'].map((folder) => join(editor.workspaceDir, folder, 'EXECUTED'));

  before(async () => {
    editor = await startEditor({
      workspaceTrust: true,
      folders: { examples: join(repoRoot, 'examples') },
      files: {
        'hostile/.lsst.yaml': hostileConfiguration,
        'hostile/pod.yaml': hostileManifest,
        'hostile/payload.sh': payloadScript,
        'hostile/payload.cjs': payloadModule,
        'scripted/Dockerfile': scriptedDockerfile,
        'scripted/payload.sh': payloadScript,
      },
      vsix: process.env.LSST_TEST_VSIX,
    });
    for (const script of ['hostile/payload.sh', 'scripted/payload.sh']) {
      chmodSync(join(editor.workspaceDir, script), 0o755);
    }
  });

  after(async () => {
    await editor?.close();
  });

  test('the editor asks about trust; answered no, the folder opens in Restricted Mode', async () => {
    const dialog = editor.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    assert.match((await dialog.textContent()) ?? '', /Do you trust the authors of the files in this folder\?/);
    await dialog.locator('.monaco-button', { hasText: "No, I don't trust the authors" }).click();
    await dialog.waitFor({ state: 'hidden' });
    await editor.page.locator('[id="status.workspaceTrust"]', { hasText: 'Restricted Mode' }).waitFor();
    await editor.page
      .locator('.monaco-workbench', { hasText: 'Restricted Mode is intended for safe code browsing' })
      .waitFor();
  });

  test('an example still shows what the CLI finds', async () => {
    const relativePath = 'examples/bad/jupyterlab.yaml';
    const answer = await engineAnswer(editor.workspaceDir, relativePath);
    const expected = describeFindings(answer.findings);
    assert.ok(expected.length >= 10, `${relativePath} has the README's findings`);
    await editor.openFile(relativePath);
    await editor.maximizePanel(true);
    await editor.filterProblems(`**/${relativePath}`);
    const rows = await editor.waitForProblems(
      (found) => describeRows(found, relativePath).join('\n') === expected.join('\n'),
      `the CLI's findings in ${relativePath}:\n${expected.join('\n')}`,
    );
    const imageLine = lineOf(answer.text, 'image: jupyter/datascience-notebook');
    assert.ok(rowsOf(rows, relativePath).some((row) => row.rule === 'image/pinned' && row.line === imageLine));
    // Still untrusted: the extension checked without asking for trust.
    await editor.page.locator('[id="status.workspaceTrust"]', { hasText: 'Restricted Mode' }).waitFor();
  });

  test('a hostile .lsst.yaml is data: its problems are diagnostics, and nothing in it runs', async () => {
    // What the CLI reports for this configuration: the same problems, at the same lines.
    const error = await configFor(editor.workspaceDir, 'hostile/pod.yaml').then(
      () => assert.fail('the hostile configuration loads'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof ConfigError, String(error));
    const expectedProblems = error.problems.map((problem) => `${problem.line} error`).sort();
    assert.ok(expectedProblems.length >= 4, error.message);

    await editor.openFile('hostile/pod.yaml');
    await editor.filterProblems('**/hostile/**');
    const rows = await editor.waitForProblems(
      (found) =>
        rowsOf(found, 'hostile/pod.yaml').some((row) => /configuration is invalid/.test(row.message)) &&
        rowsOf(found, 'hostile/.lsst.yaml')
          .map((row) => `${row.line} ${row.severity}`)
          .sort()
          .join() === expectedProblems.join(),
      `"Not checked: the configuration is invalid" on pod.yaml and ${expectedProblems.length} problems in .lsst.yaml`,
    );
    // The manifest is not checked with a configuration that cannot be read, and says why.
    const manifestRows = rowsOf(rows, 'hostile/pod.yaml');
    assert.deepEqual(
      manifestRows.map((row) => [row.rule, row.severity]),
      [['configuration', 'error']],
    );
    const configurationMessages = rowsOf(rows, 'hostile/.lsst.yaml').map((row) => row.message);
    for (const key of ['extends', 'plugins', 'hooks', 'command']) {
      assert.ok(
        configurationMessages.some((message) => message.includes(`unknown key "${key}"`)),
        `"${key}" is reported as an unknown key: ${configurationMessages.join(' | ')}`,
      );
    }
    assert.ok(
      configurationMessages.some((message) => /"namespaces" must be a map/.test(message)),
      `the !!js/function tag is read as text: ${configurationMessages.join(' | ')}`,
    );
    for (const marker of markers()) assert.equal(existsSync(marker), false, `${marker}: something ran a payload`);
  });

  test('a Dockerfile whose RUN names workspace scripts is checked, not run', async () => {
    const relativePath = 'scripted/Dockerfile';
    const answer = await engineAnswer(editor.workspaceDir, relativePath);
    const expected = describeFindings(answer.findings);
    assert.ok(
      expected.some((row) => row.includes('security/run-as-non-root')),
      `the engine finds the missing USER: ${expected.join(', ')}`,
    );
    await editor.openFile(relativePath);
    await editor.filterProblems(`**/${relativePath}`);
    await editor.waitForProblems(
      (found) => describeRows(found, relativePath).join('\n') === expected.join('\n'),
      `the CLI's findings in ${relativePath}:\n${expected.join('\n')}`,
    );
    // The workspace check reads every file of the folder, hostile ones included, and still runs none.
    await editor.filterProblems('');
    await editor.runCommand('LSST: Check the Whole Workspace');
    const summary = editor.page.locator('.notification-toast', { hasText: /LSST guidelines: \d+ files checked/ });
    await summary.waitFor({ state: 'visible' });
    const checked = Number(/(\d+) files checked/.exec((await summary.textContent()) ?? '')?.[1]);
    // The examples' manifests and Dockerfiles, the hostile Pod and the scripted Dockerfile.
    const examples = ['bad', 'good'].flatMap((folder) =>
      readdirSync(join(repoRoot, 'examples', folder)).filter((name) => /\.yaml$|Dockerfile$/.test(name)),
    );
    assert.equal(checked, examples.length + 2);
    for (const marker of markers()) assert.equal(existsSync(marker), false, `${marker}: something ran a payload`);
  });
});
