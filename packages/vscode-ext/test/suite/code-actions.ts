// Code actions through the editor's own command, as the light bulb asks for them.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './framework.ts';
import { extensionApi, lineOf, open, revert, ruleOf, waitForDiagnostics, workspaceUri } from './helpers.ts';

function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Thenable<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
}

async function diagnosticOf(editor: vscode.TextEditor, rule: string): Promise<vscode.Diagnostic> {
  const diagnostics = await waitForDiagnostics(
    editor.document.uri,
    (found) => found.some((diagnostic) => ruleOf(diagnostic) === rule),
    rule,
  );
  const diagnostic = diagnostics.find((found) => ruleOf(found) === rule);
  assert.ok(diagnostic);
  return diagnostic;
}

suite('code actions', () => {
  test('the rule fix is the preferred quick-fix and removes the finding', async () => {
    const editor = await open('app/deployment.yaml');
    const diagnostic = await diagnosticOf(editor, 'security/run-as-non-root');
    const actions = await actionsAt(editor.document.uri, diagnostic.range);
    const titles = actions.map((action) => action.title);
    const preferred = actions.find((action) => action.isPreferred && /runAsNonRoot/.test(action.title));
    assert.ok(preferred?.edit, `a preferred fix among ${titles.join(' | ')}`);
    assert.match(preferred.title, /runAsNonRoot: true/);
    // Without arguments, VS Code runs the command under its own id, which the walkthrough's `onCommand:` sees.
    assert.equal(preferred.command?.command, 'lsst.fixApplied');
    assert.deepEqual(preferred.command?.arguments ?? [], []);
    assert.ok(titles.some((title) => title.startsWith('Suppress security/run-as-non-root')));
    assert.ok(titles.some((title) => title.startsWith('Explain security/run-as-non-root')));
    assert.ok(titles.some((title) => title.startsWith('Open the documentation of security/run-as-non-root')));
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.match(editor.document.getText(), /securityContext:\n\s+runAsNonRoot: true/);
    await waitForDiagnostics(
      editor.document.uri,
      (found) => !found.some((d) => ruleOf(d) === 'security/run-as-non-root'),
      'no security/run-as-non-root after the fix',
    );
    await revert(editor);
  });

  test('source.fixAll.lsst fixes everything fixable, and checking again finds nothing fixable', async () => {
    const api = await extensionApi();
    const editor = await open('app/deployment.yaml');
    await diagnosticOf(editor, 'security/run-as-non-root');
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const actions = await actionsAt(editor.document.uri, whole, 'source.fixAll.lsst');
    assert.equal(actions.length, 1, actions.map((action) => action.title).join(' | '));
    const [fixAll] = actions;
    assert.ok(fixAll?.edit);
    assert.equal(fixAll.kind?.value, 'source.fixAll.lsst');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    const checked = await api.documentState(editor.document);
    assert.deepEqual(
      checked?.findings.filter((finding) => finding.fixable).map((finding) => finding.rule),
      [],
      'no fixable finding is left',
    );
    assert.match(editor.document.getText(), /image: nginx\n/, 'unrelated text is kept');
    await revert(editor);
  });

  test('fix all of one rule in the file fixes every occurrence of that rule', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: nginx:1.25\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n    - name: b\n      image: nginx:1.25\n',
    });
    const editor = await vscode.window.showTextDocument(document);
    const diagnostic = await diagnosticOf(editor, 'security/run-as-non-root');
    const actions = await actionsAt(document.uri, diagnostic.range);
    const all = actions.find((action) => action.title.startsWith('Fix all security/run-as-non-root problems'));
    assert.ok(all?.edit, actions.map((action) => action.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(all.edit));
    assert.equal(document.getText().match(/runAsNonRoot: true/g)?.length, 2);
    await waitForDiagnostics(
      document.uri,
      (found) => !found.some((d) => ruleOf(d) === 'security/run-as-non-root'),
      'no security/run-as-non-root left',
    );
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('suppress on this line inserts an lsst-ignore comment with a reason, and the finding goes', async () => {
    const editor = await open('app/deployment.yaml');
    const diagnostic = await diagnosticOf(editor, 'image/pinned');
    const actions = await actionsAt(editor.document.uri, diagnostic.range);
    const suppress = actions.find((action) => action.title.startsWith('Suppress image/pinned'));
    assert.ok(suppress?.command);
    await vscode.commands.executeCommand(suppress.command.command, ...(suppress.command.arguments ?? []));
    const line = lineOf(editor.document, 'lsst-ignore');
    assert.equal(editor.document.lineAt(line).text, '          # lsst-ignore image/pinned -- reason');
    assert.equal(editor.document.lineAt(line + 1).text.trim(), 'image: nginx');
    // The reason is a snippet placeholder: typing replaces it.
    assert.equal(editor.document.getText(editor.selection), 'reason');
    await editor.edit((edit) => edit.replace(editor.selection, 'pinned by digest at deploy time'));
    await waitForDiagnostics(
      editor.document.uri,
      (found) => !found.some((d) => ruleOf(d) === 'image/pinned'),
      'image/pinned suppressed',
    );
    await revert(editor);
  });

  test('hovering a finding shows the guideline and the rule', async () => {
    const editor = await open('app/deployment.yaml');
    const diagnostic = await diagnosticOf(editor, 'image/pinned');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      diagnostic.range.start,
    );
    const text = hovers
      .flatMap((hover) => hover.contents)
      .map((content) => (typeof content === 'string' ? content : content.value))
      .join('\n');
    assert.match(text, /image\/pinned/);
    assert.match(text, /Guideline/);
    assert.match(text, /1\.2\.2/);
    assert.match(text, /\[Explain image\/pinned\]\(command:lsst\.explainRule\?/);
  });

  test('"add to baseline" sits next to "suppress"; the finding it records is hidden', async () => {
    const editor = await open('baseline/web.yaml');
    const diagnostic = await diagnosticOf(editor, 'image/pinned');
    const actions = await actionsAt(editor.document.uri, diagnostic.range);
    const titles = actions.map((action) => action.title);
    const suppress = titles.findIndex((title) => title.startsWith('Suppress image/pinned'));
    const record = actions.find((action) => action.title === 'Add this image/pinned finding to the baseline');
    assert.ok(record?.command, titles.join(' | '));
    assert.equal(titles.indexOf(record.title), suppress + 1);
    await vscode.commands.executeCommand(record.command.command, ...(record.command.arguments ?? []));
    await waitForDiagnostics(
      editor.document.uri,
      (found) => !found.some((d) => ruleOf(d) === 'image/pinned'),
      'image/pinned hidden once in the baseline',
    );
    const baseline = JSON.parse(
      new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('baseline/.lsst-baseline.json'))),
    );
    assert.deepEqual(
      baseline.entries.map((entry: { rule: string; file: string }) => `${entry.file} ${entry.rule}`),
      ['web.yaml image/pinned'],
    );
  });
});
