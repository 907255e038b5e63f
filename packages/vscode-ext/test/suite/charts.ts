// Helm charts: a values file shows the findings of its chart's render; saving renders again.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './framework.ts';
import { extensionApi, lineOf, lsstDiagnostics, open, ruleOf, waitForDiagnostics } from './helpers.ts';

suite('charts', () => {
  test("a chart's values file shows the finding of the chart's render on its line; saving renders again", async () => {
    const api = await extensionApi();
    const values = await open('chart/values.yaml');
    const uri = values.document.uri;
    const [pinned] = (
      await waitForDiagnostics(
        uri,
        (found) => found.some((diagnostic) => ruleOf(diagnostic) === 'image/pinned'),
        'image/pinned from the render',
        60_000,
      )
    ).filter((diagnostic) => ruleOf(diagnostic) === 'image/pinned');
    assert.ok(pinned);
    assert.equal(pinned.range.start.line, lineOf(values.document, 'tag: latest'));
    // The finding comes from rendered text: a suppression comment is offered, no fix.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      pinned.range,
    );
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Suppress image/pinned here (with a reason)'), titles.join(', '));
    assert.ok(!actions.some((action) => action.edit !== undefined), titles.join(', '));

    // The template is not checked as a manifest on its own.
    const template = await open('chart/templates/deployment.yaml');
    assert.equal(await api.documentState(template.document), undefined);
    assert.deepEqual(
      lsstDiagnostics(template.document.uri).filter((diagnostic) => ruleOf(diagnostic).startsWith('input/')),
      [],
    );

    // A saved values file renders the chart again.
    const editor = await open('chart/values.yaml');
    const line = lineOf(editor.document, 'tag: latest');
    const original = editor.document.getText();
    await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, '  tag: "2.4.1"'));
    await editor.document.save();
    await waitForDiagnostics(
      uri,
      (found) => !found.some((diagnostic) => ruleOf(diagnostic) === 'image/pinned'),
      'no image/pinned after saving a pinned tag',
      60_000,
    );
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), original));
    await editor.document.save();
    await waitForDiagnostics(
      uri,
      (found) => found.some((diagnostic) => ruleOf(diagnostic) === 'image/pinned'),
      'image/pinned again',
      60_000,
    );
  }, 120_000);
});
