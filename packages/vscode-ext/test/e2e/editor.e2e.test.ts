// A person's session in a real VS Code (code-server in Chromium): open a manifest and a
// Dockerfile, read the Problems panel, apply a quick-fix, type a new violation, use the status bar.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkText, loadConfig } from '@lsst-kube/core';
import {
  documentationScreenshotPath,
  type Editor,
  extensionRoot,
  type ProblemRow,
  repoRoot,
  startEditor,
} from './harness.ts';

const fixtures = join(extensionRoot, 'test', 'fixtures');
const statusItem = '[id="lsst.lsst-guidelines.lsst.kubeContext"]';
/** The Dockerfile of the tutorial's editor step (docs/tutorial.md, step 4), as the reader has it. */
const tutorialDockerfile = 'examples/bad/naive.Dockerfile';
const tutorialDockerfileText = readFileSync(join(repoRoot, tutorialDockerfile), 'utf8');

/** 1-based line of the first line of a fixture that contains `text`. */
function lineOf(relativePath: string, text: string): number {
  const lines = readFileSync(join(fixtures, 'workspace', relativePath), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(text));
  assert.notEqual(index, -1, `${relativePath} has no line with ${text}`);
  return index + 1;
}

/** What the engine itself finds in a fixture (the CLI's answer), as `rule@line` sorted. */
function engineAnswer(relativePath: string): string[] {
  const workspace = join(fixtures, 'workspace');
  const config = loadConfig(readFileSync(join(workspace, '.lsst.yaml'), 'utf8'), { file: '.lsst.yaml' });
  const text = readFileSync(join(workspace, relativePath), 'utf8');
  const result = checkText({ path: relativePath, text }, { config });
  return result.findings
    .filter((finding) => !finding.suppression)
    .map((finding) => `${finding.rule}@${finding.start.line}`)
    .sort();
}

function shown(rows: ProblemRow[], file: string): string[] {
  return rows
    .filter((row) => row.file === file)
    .map((row) => `${row.rule}@${row.line}`)
    .sort();
}

/** Waits until the file on disk satisfies `accept` (the editor saves asynchronously). */
async function waitForFile(path: string, accept: (text: string) => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!accept(readFileSync(path, 'utf8'))) {
    if (Date.now() > deadline)
      assert.fail(`${path} never reached the expected content:\n${readFileSync(path, 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function kubectl(kubeconfig: string, ...args: string[]): string {
  const result = spawnSync('kubectl', args, { encoding: 'utf8', env: { ...process.env, KUBECONFIG: kubeconfig } });
  assert.equal(result.status, 0, `kubectl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

describe('the extension in a real editor', { timeout: 300_000 }, () => {
  let editor: Editor;

  before(async () => {
    editor = await startEditor({
      workspaceSource: join(fixtures, 'workspace'),
      kubeconfig: readFileSync(join(fixtures, 'kubeconfig.yaml'), 'utf8'),
      files: { [tutorialDockerfile]: tutorialDockerfileText },
      vsix: process.env.LSST_TEST_VSIX,
    });
  });

  after(async () => {
    await editor?.close();
  });

  test('a manifest shows its findings in the Problems panel, with rule and line', async () => {
    await editor.openFile('app/deployment.yaml');
    const rows = await editor.waitForProblems(
      (found) => shown(found, 'deployment.yaml').join() === engineAnswer('app/deployment.yaml').join(),
      `the engine's findings in deployment.yaml: ${engineAnswer('app/deployment.yaml').join(', ')}`,
    );
    const mine = rows.filter((row) => row.file === 'deployment.yaml');
    // The rows are exactly what the engine (and so the CLI) finds, and include the two this file is about.
    assert.deepEqual(shown(rows, 'deployment.yaml'), engineAnswer('app/deployment.yaml'));
    const expected = [
      ['image/pinned', lineOf('app/deployment.yaml', 'image: nginx'), 'error', 'lsst'],
      ['security/run-as-non-root', lineOf('app/deployment.yaml', '- name: web'), 'error', 'lsst'],
    ];
    for (const [rule, line, severity, source] of expected) {
      assert.ok(
        mine.some(
          (row) => row.rule === rule && row.line === line && row.severity === severity && row.source === source,
        ),
        `${rule} at line ${line} (${severity}, ${source}) in ${JSON.stringify(mine)}`,
      );
    }
    const pinned = mine.find((row) => row.rule === 'image/pinned');
    assert.match(pinned?.message ?? '', /nginx/);
    // The rule name links to its documentation page.
    const link = editor.page.locator('.markers-panel .monaco-link', { hasText: 'image/pinned' }).first();
    assert.match((await link.getAttribute('href')) ?? '', /docs\/rules\/image\/pinned\.md$/);
  });

  test('a Dockerfile shows its findings', async () => {
    await editor.openFile('app/Dockerfile');
    const rows = await editor.waitForProblems(
      (found) => shown(found, 'Dockerfile').join() === engineAnswer('app/Dockerfile').join(),
      `the engine's findings in the Dockerfile: ${engineAnswer('app/Dockerfile').join(', ')}`,
    );
    for (const expected of ['image/pinned@1', 'security/run-as-non-root@1']) {
      assert.ok(shown(rows, 'Dockerfile').includes(expected), `${expected} in ${shown(rows, 'Dockerfile').join(', ')}`);
    }
  });

  test("the tutorial's editor step, as its screenshot shows it: the example Dockerfile, the fix offered on FROM, the context", async () => {
    await editor.openFile(tutorialDockerfile);
    const from = tutorialDockerfileText.split('\n').findIndex((line) => line.startsWith('FROM centos:7')) + 1;
    assert.ok(from > 0, `${tutorialDockerfile} starts its final stage with FROM centos:7`);
    await editor.waitForProblems(
      (rows) => shown(rows, 'naive.Dockerfile').includes(`security/run-as-non-root@${from}`),
      `security/run-as-non-root at line ${from} of ${tutorialDockerfile}`,
    );
    await editor.page
      .locator(statusItem)
      .filter({ hasText: 'lsst-dev · my-team · development' })
      .waitFor({ state: 'visible' });
    // The cursor on FROM centos:7 and Ctrl+., as the step says: the menu offers the USER the fix adds.
    await editor.goToLine(from, 1);
    const menu = await editor.openQuickFixMenu();
    await menu
      .locator('.monaco-list-row', { hasText: 'Add "USER 65534" at the end of the final stage' })
      .first()
      .waitFor({ state: 'visible' });
    await editor.page.mouse.move(700, 12);
    await editor.screenshot(documentationScreenshotPath('tutorial-editor.png'));
    await editor.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
  });

  test('the quick-fix menu on a squiggle applies the preferred fix and the problem goes away', async () => {
    await editor.openFile('app/deployment.yaml');
    const line = lineOf('app/deployment.yaml', '- name: web');
    await editor.goToLine(line, 11);
    const menu = await editor.openQuickFixMenu();
    await menu.locator('.monaco-list-row', { hasText: 'Set runAsNonRoot: true' }).first().waitFor({ state: 'visible' });
    // Walk down the menu with the arrow keys to the fix, as a person does, and press Enter on it.
    const focused = menu.locator('.monaco-list-row.focused');
    for (let step = 0; step < 20 && !/Set runAsNonRoot: true/.test((await focused.textContent()) ?? ''); step++) {
      await editor.page.keyboard.press('ArrowDown');
    }
    assert.match((await focused.textContent()) ?? '', /Set runAsNonRoot: true/);
    await editor.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    await editor.waitForProblems(
      (rows) =>
        !rows.some((row) => row.file === 'deployment.yaml' && row.rule === 'security/run-as-non-root') &&
        rows.some((row) => row.file === 'deployment.yaml' && row.rule === 'image/pinned'),
      'run-as-non-root fixed, image/pinned still there',
    );
    await editor.runCommand('File: Save');
    const saved = join(editor.workspaceDir, 'app', 'deployment.yaml');
    await waitForFile(saved, (text) => text.includes('runAsNonRoot'));
    const text = readFileSync(saved, 'utf8');
    assert.match(text, /securityContext:\n\s+runAsNonRoot: true/);
    assert.match(text, /image: nginx\n/, 'the rest of the file is untouched');
  });

  test('the walkthrough: its first quick-fix is the one it names, and applying it completes the step', async () => {
    // Clicked by name: typing it also lists "Reset Welcome Page Walkthrough Progress", first.
    const quickInput = editor.page.locator('.quick-input-widget');
    await editor.page.keyboard.press('F1');
    await editor.page.keyboard.type('>Welcome: Open Walkthrough');
    await quickInput.locator('.monaco-list-row', { hasText: 'Welcome: Open Walkthrough...' }).click();
    await quickInput.locator('.monaco-list-row', { hasText: 'Get started with the LSST guidelines' }).first().click();
    const applyFixDone = editor.page.locator('[data-done-step-id$="#applyFix"]').first();
    await applyFixDone.waitFor({ state: 'attached' });
    assert.equal(await applyFixDone.getAttribute('aria-checked'), 'false');

    // As a newcomer does: the step's own button (the walkthrough takes the focus as it opens, which
    // can close a command palette opened at that moment).
    await editor.page.getByRole('button', { name: 'Open the example' }).first().click();
    await editor.page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor({ state: 'visible' });
    const example = readFileSync(join(extensionRoot, 'walkthrough', 'example-deployment.yaml'), 'utf8').split('\n');
    await editor.goToLine(example.findIndex((line) => line.includes('- name: web')) + 1, 11);
    const menu = await editor.openQuickFixMenu();
    // The walkthrough's apply-fix.md says which fix comes first; this is what a person sees.
    const focused = menu.locator('.monaco-list-row.focused');
    await focused.filter({ hasText: /Set allowPrivilegeEscalation: false/ }).waitFor({ state: 'visible' });
    await editor.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });

    await editor.page.locator('.tabs-container .tab', { hasText: 'Walkthrough: LSST' }).first().click();
    await editor.page
      .locator('[data-done-step-id$="#applyFix"][aria-checked="true"]')
      .first()
      .waitFor({ state: 'attached' });
    await editor.runCommand('View: Close All Editors');
    const dontSave = editor.page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
    // An untitled example asks whether to save it; when it does not, there is nothing to answer.
    await dontSave.click({ timeout: 10_000 }).catch(() => undefined);
  });

  test('typing a new violation makes it appear as you type', async () => {
    await editor.openFile('app/clean.yaml');
    const line = lineOf('app/clean.yaml', 'image: lsstsqre/app:1.2.3');
    await editor.goToLine(line, 1);
    await editor.page.keyboard.press('End');
    for (let i = 0; i < ':1.2.3'.length; i++) await editor.page.keyboard.press('Backspace');
    const rows = await editor.waitForProblems(
      (found) => found.some((row) => row.file === 'clean.yaml' && row.rule === 'image/pinned'),
      'image/pinned in clean.yaml while it is unsaved',
    );
    assert.equal(rows.find((row) => row.file === 'clean.yaml')?.line, line);
    await editor.page.keyboard.type(':2.0.0');
    await editor.waitForProblems(
      (found) => !found.some((row) => row.file === 'clean.yaml' && row.rule === 'image/pinned'),
      'no image/pinned in clean.yaml after typing a tag',
    );
  });

  test('the status bar shows the context, namespace and role, and follows kubectl', async () => {
    const item = editor.page.locator(statusItem);
    await item.filter({ hasText: 'lsst-dev · my-team · development' }).waitFor({ state: 'visible' });
    assert.doesNotMatch((await item.getAttribute('class')) ?? '', /warning-kind/);
    const kubeconfig = editor.kubeconfigPath ?? assert.fail('no kubeconfig');
    // A change made in a terminal shows without touching the editor.
    kubectl(kubeconfig, 'config', 'use-context', 'lsst-prod');
    await item.filter({ hasText: 'lsst-prod · science · production' }).waitFor({ state: 'visible' });
    assert.match((await item.getAttribute('class')) ?? '', /warning-kind/);
    // A namespace context made on the production cluster is production too, whatever its name.
    kubectl(kubeconfig, 'config', 'set-context', 'prod-cluster/team-y', '--cluster=prod-cluster', '--user=alice');
    kubectl(kubeconfig, 'config', 'use-context', 'prod-cluster/team-y');
    await item.filter({ hasText: 'prod-cluster/team-y · default · production' }).waitFor({ state: 'visible' });
    assert.match((await item.getAttribute('class')) ?? '', /warning-kind/);
    // A cluster no configuration knows is shown as not guarded, in the warning colour.
    kubectl(kubeconfig, 'config', 'use-context', 'summit');
    await item.filter({ hasText: 'summit · default · unknown role, not guarded' }).waitFor({ state: 'visible' });
    assert.match((await item.getAttribute('class')) ?? '', /warning-kind/);
    kubectl(kubeconfig, 'config', 'use-context', 'lsst-dev');
    await item.filter({ hasText: 'lsst-dev · my-team · development' }).waitFor({ state: 'visible' });
  });

  test('switching namespace from the status bar writes a namespace context that kubectl uses', async () => {
    const item = editor.page.locator(statusItem);
    await item.click();
    const quickInput = editor.page.locator('.quick-input-widget');
    // Chosen by typing, as from the keyboard: a click can land while the list is still being laid out.
    const contextInput = quickInput.locator('input[placeholder^="Switch to a context"]');
    await contextInput.waitFor({ state: 'visible' });
    await contextInput.fill('Switch namespace');
    await quickInput.locator('.monaco-list-row.focused', { hasText: 'Switch namespace' }).waitFor({ state: 'visible' });
    await editor.page.keyboard.press('Enter');
    // The namespace picker replaces the first one in the same widget: wait for it, not for the old input.
    const namespaceInput = quickInput.locator('input[placeholder^="Type a namespace"]');
    await namespaceInput.waitFor({ state: 'visible' });
    await namespaceInput.fill('analysis');
    await quickInput.locator('.monaco-list-row', { hasText: 'analysis' }).first().waitFor({ state: 'visible' });
    await editor.page.keyboard.press('Enter');
    await item.filter({ hasText: '· analysis · development' }).waitFor({ state: 'visible' });
    const kubeconfig = editor.kubeconfigPath ?? assert.fail('no kubeconfig');
    assert.equal(kubectl(kubeconfig, 'config', 'view', '--minify', '-o', 'jsonpath={..namespace}'), 'analysis');
  });

  test('switching to a production context asks first', async () => {
    const item = editor.page.locator(statusItem);
    await item.click();
    const quickInput = editor.page.locator('.quick-input-widget');
    await quickInput.locator('.monaco-list-row', { hasText: 'lsst-prod' }).click();
    const dialog = editor.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible' });
    assert.match((await dialog.textContent()) ?? '', /production/);
    await dialog.locator('.monaco-button', { hasText: 'Switch' }).click();
    await item.filter({ hasText: 'lsst-prod · science · production' }).waitFor({ state: 'visible' });
    const kubeconfig = editor.kubeconfigPath ?? assert.fail('no kubeconfig');
    assert.equal(kubectl(kubeconfig, 'config', 'current-context'), 'lsst-prod');
  });
});
