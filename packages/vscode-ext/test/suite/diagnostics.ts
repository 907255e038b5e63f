// Diagnostics: which documents are checked, what a diagnostic carries, stale results, configuration.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from './framework.ts';
import {
  extensionApi,
  lineOf,
  lsstDiagnostics,
  open,
  revert,
  ruleOf,
  waitForDiagnostics,
  workspaceUri,
} from './helpers.ts';

suite('diagnostics', () => {
  test('a Kubernetes manifest gets the engine findings, with rule, docs link, severity and source', async () => {
    const api = await extensionApi();
    const editor = await open('app/deployment.yaml');
    const diagnostics = await waitForDiagnostics(
      editor.document.uri,
      (found) => found.some((diagnostic) => ruleOf(diagnostic) === 'image/pinned'),
      'image/pinned',
    );
    const pinned = diagnostics.find((diagnostic) => ruleOf(diagnostic) === 'image/pinned');
    assert.ok(pinned);
    assert.equal(pinned.range.start.line, lineOf(editor.document, 'image: nginx'));
    assert.equal(pinned.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(pinned.source, 'lsst');
    const code = pinned.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /docs\/rules\/image\/pinned\.md$/);
    const checked = await api.documentState(editor.document);
    assert.deepEqual(
      diagnostics.map((diagnostic) => `${ruleOf(diagnostic)}@${diagnostic.range.start.line}`).sort(),
      (checked?.findings ?? []).map((finding) => `${finding.rule}@${finding.line - 1}`).sort(),
    );
  });

  test('YAML that is not a Kubernetes manifest is left alone', async () => {
    const api = await extensionApi();
    const editor = await open('app/values.yaml');
    const checked = await api.documentState(editor.document);
    assert.deepEqual(checked?.findings, []);
    assert.deepEqual(lsstDiagnostics(editor.document.uri), []);
  });

  test('Dockerfiles are found by name: Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile', async () => {
    const api = await extensionApi();
    const text = 'FROM python:latest\n';
    for (const name of ['Dockerfile.dev', 'api.Dockerfile', 'Containerfile']) {
      const uri = workspaceUri(`build/${name}`);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      const document = await vscode.workspace.openTextDocument(uri);
      await waitForDiagnostics(
        uri,
        (found) => found.some((d) => ruleOf(d) === 'image/pinned'),
        `image/pinned in ${name}`,
      );
      assert.equal((await api.documentState(document))?.kind, 'dockerfile');
    }
  });

  test('findings follow the unsaved buffer as you type', async () => {
    const editor = await open('app/clean.yaml');
    const line = lineOf(editor.document, 'image:');
    const lineText = editor.document.lineAt(line).text;
    await editor.edit((edit) => edit.replace(editor.document.lineAt(line).range, lineText.replace(/:1\.2\.3$/, '')));
    await waitForDiagnostics(
      editor.document.uri,
      (found) => found.some((diagnostic) => ruleOf(diagnostic) === 'image/pinned'),
      'image/pinned after removing the tag',
    );
    assert.ok(editor.document.isDirty, 'checked without saving');
    await revert(editor);
    await waitForDiagnostics(
      editor.document.uri,
      (found) => !found.some((diagnostic) => ruleOf(diagnostic) === 'image/pinned'),
      'no image/pinned after the revert',
    );
  });

  test('a result that arrives after a newer check started is dropped', async () => {
    const api = await extensionApi();
    const document = await vscode.workspace.openTextDocument({
      language: 'yaml',
      content:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: nginx\n',
    });
    const editor = await vscode.window.showTextDocument(document);
    const append = (text: string) =>
      editor.edit((edit) => edit.insert(document.positionAt(document.getText().length), text));
    await append('    - name: b\n      image: redis\n');
    // A check of that text is asked for, and typing goes on before it is answered.
    const first = api.documentState(document);
    await append('    - name: c\n      image: postgres\n');
    const latest = await api.documentState(document);
    await first;
    assert.equal(latest?.version, document.version);
    const pinned = () => lsstDiagnostics(document.uri).filter((diagnostic) => ruleOf(diagnostic) === 'image/pinned');
    await waitForDiagnostics(document.uri, () => pinned().length === 3, 'the three containers of the newest text');
    // Whatever the older check found, what is shown is the newest text's, and stays so.
    assert.equal((await api.documentState(document))?.version, document.version);
    assert.equal(pinned().length, 3, 'the three containers of the newest text');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('severity overrides in the settings apply', async () => {
    const editor = await open('app/deployment.yaml');
    const settings = vscode.workspace.getConfiguration('lsst');
    await settings.update('severity', { 'image/pinned': 'warning' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(
        editor.document.uri,
        (found) =>
          found.some(
            (diagnostic) =>
              ruleOf(diagnostic) === 'image/pinned' && diagnostic.severity === vscode.DiagnosticSeverity.Warning,
          ),
        'image/pinned as a warning',
      );
    } finally {
      await settings.update('severity', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(
      editor.document.uri,
      (found) =>
        found.some(
          (diagnostic) =>
            ruleOf(diagnostic) === 'image/pinned' && diagnostic.severity === vscode.DiagnosticSeverity.Error,
        ),
      'image/pinned back to an error',
    );
  });

  test('a .lsst.yaml next to the document is found, and a change to it re-checks open documents', async () => {
    const api = await extensionApi();
    const manifest = workspaceUri('team/pod.yaml');
    await vscode.workspace.fs.writeFile(
      manifest,
      new TextEncoder().encode(
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: true\n  containers:\n    - name: a\n      image: nginx\n',
      ),
    );
    const document = await vscode.workspace.openTextDocument(manifest);
    await vscode.window.showTextDocument(document);
    await waitForDiagnostics(manifest, (found) => found.some((d) => ruleOf(d) === 'image/pinned'), 'image/pinned');
    const config = workspaceUri('team/.lsst.yaml');
    const configText = await vscode.workspace.fs.readFile(workspaceUri('.lsst.yaml'));
    await vscode.workspace.fs.writeFile(
      config,
      new TextEncoder().encode(`${new TextDecoder().decode(configText)}rules:\n  image/pinned: off\n`),
    );
    await waitForDiagnostics(manifest, (found) => !found.some((d) => ruleOf(d) === 'image/pinned'), 'image/pinned off');
    assert.equal((await api.documentState(document))?.configurationSource, config.fsPath);
    await vscode.workspace.fs.delete(config);
    await waitForDiagnostics(manifest, (found) => found.some((d) => ruleOf(d) === 'image/pinned'), 'image/pinned back');
  });

  test('a check that fails becomes one diagnostic, and the next check works again', async () => {
    const editor = await open('app/deployment.yaml');
    const settings = vscode.workspace.getConfiguration('lsst');
    // A target no cluster carries makes the engine refuse the check.
    await settings.update('targets', ['no-such-cluster'], vscode.ConfigurationTarget.Workspace);
    try {
      const [failure] = await waitForDiagnostics(
        editor.document.uri,
        (found) => found.length === 1 && /could not run on this file/.test(found[0]?.message ?? ''),
        'one diagnostic saying the check could not run',
      );
      assert.match(failure?.message ?? '', /no-such-cluster/);
    } finally {
      await settings.update('targets', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(
      editor.document.uri,
      (found) => found.some((diagnostic) => ruleOf(diagnostic) === 'image/pinned'),
      'the findings back once the setting is fixed',
    );
  });

  test('an invalid .lsst.yaml becomes diagnostics, not an exception', async () => {
    const manifest = workspaceUri('broken/pod.yaml');
    await vscode.workspace.fs.writeFile(
      manifest,
      new TextEncoder().encode('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n'),
    );
    const config = workspaceUri('broken/.lsst.yaml');
    await vscode.workspace.fs.writeFile(config, new TextEncoder().encode('rules:\n  no/such-rule: error\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(manifest));
    const [summary] = await waitForDiagnostics(
      manifest,
      (found) => found.some((d) => /configuration is invalid/.test(d.message)),
      'the configuration problem',
    );
    assert.match(summary?.message ?? '', /no\/such-rule/);
    await waitForDiagnostics(config, (found) => found.length > 0, 'a problem in .lsst.yaml itself');
    await vscode.workspace.fs.delete(config);
  });
});
