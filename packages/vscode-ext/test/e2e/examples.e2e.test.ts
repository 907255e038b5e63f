// The repository's own examples/ in a real VS Code (code-server in Chromium), opened the way a
// person does: the Problems panel must say what `kubectl lsst check examples/` says, a quick-fix
// chosen from the menu on a squiggle must edit the file as the CLI's fix does, and a good example
// must stay clean. The run also saves the screenshot of the README.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyFixes, checkText, defaultResolvedConfig } from '@lsst-kube/core';
import { describeFindings, describeRows, engineAnswer, lineOf, rowsOf } from './engine-answer.ts';
import { documentationScreenshotPath, type Editor, repoRoot, startEditor } from './harness.ts';

const badManifest = 'examples/bad/jupyterlab.yaml';
const badDockerfile = 'examples/bad/naive.Dockerfile';
const scienceManifest = 'examples/bad/filesets-pod.yaml';
const goodManifest = 'examples/good/jupyterlab.yaml';

/** Waits until the file on disk satisfies `accept` (the editor saves asynchronously). */
async function waitForFile(path: string, accept: (text: string) => boolean, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = readFileSync(path, 'utf8');
    if (accept(text)) return text;
    if (Date.now() > deadline) assert.fail(`${path} never reached the expected content:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the examples in a real editor', { timeout: 300_000 }, () => {
  let editor: Editor;

  before(async () => {
    editor = await startEditor({
      folders: { examples: join(repoRoot, 'examples') },
      vsix: process.env.LSST_TEST_VSIX,
    });
  });

  after(async () => {
    await editor?.close();
  });

  /** Opens a file and waits until its rows in the Problems panel are exactly the engine's findings. */
  async function openAndCompare(relativePath: string) {
    const answer = await engineAnswer(editor.workspaceDir, relativePath);
    const expected = describeFindings(answer.findings);
    await editor.openFile(relativePath);
    // Only this file's problems, in a panel tall enough that none is scrolled out of view.
    await editor.maximizePanel(true);
    await editor.filterProblems(`**/${relativePath}`);
    const rows = await editor.waitForProblems(
      (found) => describeRows(found, relativePath).join('\n') === expected.join('\n'),
      `the CLI's findings in ${relativePath}:\n${expected.join('\n')}`,
    );
    return { answer, rows: rowsOf(rows, relativePath) };
  }

  async function normalPanel(): Promise<void> {
    await editor.filterProblems('');
    await editor.maximizePanel(false);
  }

  test('a bad manifest of examples/ shows what the CLI finds, rule by rule and line by line', async () => {
    const { answer, rows } = await openAndCompare(badManifest);
    assert.equal(answer.config.source, join(editor.workspaceDir, 'examples', '.lsst.yaml'));
    assert.ok(rows.length >= 10, `the README lists ten rules for ${badManifest}; the panel shows ${rows.length} rows`);
    // Hand-picked, so that agreeing with the engine cannot pass on an empty answer.
    const text = answer.text;
    for (const [rule, line, severity] of [
      ['cluster/api-version', lineOf(text, 'apiVersion: extensions/v1beta1'), 'error'],
      ['image/pinned', lineOf(text, 'image: jupyter/datascience-notebook'), 'error'],
      ['security/run-as-non-root', lineOf(text, 'runAsUser: 0'), 'error'],
      ['filesets/read-only', lineOf(text, '- name: datasets'), 'error'],
      ['network/public-exposure', lineOf(text, 'type: LoadBalancer'), 'error'],
      ['namespace/explicit', lineOf(text, 'metadata:'), 'warning'],
    ] as const) {
      assert.ok(
        rows.some(
          (row) => row.rule === rule && row.line === line && row.severity === severity && row.source === 'lsst',
        ),
        `${rule} at line ${line} (${severity}) in:\n${describeRows(rows, badManifest).join('\n')}`,
      );
    }
    const pinned = rows.find((row) => row.rule === 'image/pinned');
    assert.match(pinned?.message ?? '', /jupyter\/datascience-notebook/);

    // The screenshot of the README: the manifest with its squiggles and the Problems panel.
    await normalPanel();
    // From the first line, so that the view always shows the same lines.
    await editor.goToLine(1, 1);
    await editor.page.locator('.editor-instance .squiggly-error').first().waitFor({ state: 'visible' });
    await editor.page
      .locator('.markers-panel .monaco-list-row', { hasText: 'cluster/api-version' })
      .waitFor({ state: 'visible' });
    // The pointer rests on the title bar, where it raises no hover or tooltip.
    await editor.page.mouse.move(700, 12);
    await editor.screenshot(documentationScreenshotPath('editor.png'));
  });

  test('a bad Dockerfile of examples/ shows what the CLI finds', async () => {
    const { answer, rows } = await openAndCompare(badDockerfile);
    const text = answer.text;
    for (const [rule, line, severity] of [
      ['security/run-as-non-root', lineOf(text, 'FROM centos:7'), 'error'],
      ['image/supported-base', lineOf(text, 'FROM centos:7'), 'warning'],
      ['image/verified-downloads', lineOf(text, 'curl -sSL'), 'warning'],
      ['container/single-purpose', lineOf(text, 'CMD ['), 'warning'],
      ['container/minimal-packages', lineOf(text, 'pip3 install'), 'info'],
    ] as const) {
      assert.ok(
        rows.some((row) => row.rule === rule && row.line === line && row.severity === severity),
        `${rule} at line ${line} (${severity}) in:\n${describeRows(rows, badDockerfile).join('\n')}`,
      );
    }
    await normalPanel();
  });

  test('examples/.lsst.yaml is found upward: the findings that only its settings give are shown', async () => {
    const { answer, rows } = await openAndCompare(scienceManifest);
    // examples/.lsst.yaml names the science namespaces (nb-*): without it, these findings do not exist.
    const withDefaults = describeFindings(
      checkText({ path: scienceManifest, text: answer.text }, { config: defaultResolvedConfig() }).findings.filter(
        (finding) => !finding.suppression,
      ),
    );
    const onlyFromConfiguration = describeFindings(answer.findings).filter((row) => !withDefaults.includes(row));
    assert.ok(onlyFromConfiguration.length > 0, 'examples/.lsst.yaml changes what is found in this file');
    const shown = describeRows(rows, scienceManifest);
    for (const row of onlyFromConfiguration) assert.ok(shown.includes(row), `${row} in:\n${shown.join('\n')}`);
    await normalPanel();
  });

  test('the quick-fix menu on a squiggle of an example applies the fix and the problem goes away', async () => {
    const before = await engineAnswer(editor.workspaceDir, badManifest);
    const finding = before.findings.find((candidate) => candidate.rule === 'filesets/read-only');
    assert.ok(finding?.fix, `the engine offers a fix for filesets/read-only in ${badManifest}`);
    const expectedText = applyFixes(before.text, [finding]).text;
    assert.notEqual(expectedText, before.text);

    await editor.openFile(badManifest);
    await editor.goToLine(finding.start.line, finding.start.column);
    // The cursor sits on a squiggle: the overlay of the current line carries the error decoration.
    await editor.page
      .locator('.editor-instance .view-overlays > div:has(.current-line) .squiggly-error')
      .first()
      .waitFor({ state: 'visible' });
    const menu = await editor.openQuickFixMenu();
    const title = finding.fix.description;
    await menu.locator('.monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
    // Walk down the menu with the arrow keys to the fix, as a person does, and press Enter on it.
    const focused = menu.locator('.monaco-list-row.focused');
    for (let step = 0; step < 20 && !((await focused.textContent()) ?? '').includes(title); step++) {
      await editor.page.keyboard.press('ArrowDown');
    }
    assert.ok(((await focused.textContent()) ?? '').includes(title), `the menu focuses "${title}"`);
    await editor.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });

    // The rows are now the engine's findings on the fixed text: filesets/read-only gone, the rest kept.
    const after = await engineAnswer(editor.workspaceDir, badManifest, expectedText);
    assert.ok(!after.findings.some((other) => other.rule === 'filesets/read-only'));
    await editor.maximizePanel(true);
    await editor.filterProblems(`**/${badManifest}`);
    await editor.waitForProblems(
      (rows) => describeRows(rows, badManifest).join('\n') === describeFindings(after.findings).join('\n'),
      `filesets/read-only gone from ${badManifest}, every other finding still there`,
    );
    await normalPanel();

    await editor.runCommand('File: Save');
    const saved = await waitForFile(join(editor.workspaceDir, badManifest), (text) => text !== before.text);
    assert.equal(saved, expectedText);
    assert.match(saved, /- name: datasets\n\s+mountPath: \/datasets\n\s+readOnly: true\n/);
  });

  test('a good example has no error or warning, and is checked as it is edited', async () => {
    const answer = await engineAnswer(editor.workspaceDir, goodManifest);
    assert.deepEqual(describeFindings(answer.findings.filter((finding) => finding.severity !== 'info')), []);
    await editor.openFile(goodManifest);
    await editor.filterProblems(`**/${goodManifest}`);
    // Proof that the file is being checked: break a guideline by typing, see it, then put it back.
    const line = lineOf(answer.text, 'allowPrivilegeEscalation: false');
    await editor.goToLine(line, 1);
    await editor.page.keyboard.press('End');
    for (let i = 0; i < 'false'.length; i++) await editor.page.keyboard.press('Backspace');
    await editor.page.keyboard.type('true');
    await editor.waitForProblems(
      (rows) => rowsOf(rows, goodManifest).some((row) => row.rule === 'security/no-privilege-escalation'),
      `security/no-privilege-escalation in ${goodManifest} while allowPrivilegeEscalation is true`,
    );
    for (let i = 0; i < 'true'.length; i++) await editor.page.keyboard.press('Backspace');
    await editor.page.keyboard.type('false');
    const rows = await editor.waitForProblems(
      (found) => rowsOf(found, goodManifest).every((row) => row.severity === 'info'),
      `no error or warning in ${goodManifest} once it is as committed`,
    );
    assert.deepEqual(
      rowsOf(rows, goodManifest).filter((row) => row.severity !== 'info'),
      [],
    );
    assert.equal(await editor.editorText().then((text) => text.includes('allowPrivilegeEscalation: false')), true);
    await editor.filterProblems('');
  });
});
