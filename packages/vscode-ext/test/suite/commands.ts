// Commands: the workspace check, explaining a rule, and the kube context switches.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { suite, test } from './framework.ts';
import { extensionApi, lineOf, lsstDiagnostics, open, revert, ruleOf, workspaceUri } from './helpers.ts';

suite('commands', () => {
  test('check the whole workspace fills the Problems panel for files that are not open', async () => {
    const found = await vscode.workspace.findFiles('**/*.{yaml,yml}', '**/node_modules/**');
    assert.ok(found.length >= 3, `findFiles sees the fixtures: ${found.length}`);
    const summary = await vscode.commands.executeCommand<{ files: number; errors: number }>('lsst.checkWorkspace');
    assert.ok(summary && summary.files >= 3, `checked ${summary?.files} files`);
    const dockerfile = workspaceUri('app/Dockerfile');
    const rules = lsstDiagnostics(dockerfile).map(ruleOf);
    assert.ok(rules.includes('image/pinned'), rules.join(', '));
    assert.deepEqual(lsstDiagnostics(workspaceUri('app/values.yaml')), []);
  });

  test('explain a rule opens its documentation inside the editor', async () => {
    await vscode.commands.executeCommand('lsst.explainRule', 'image/pinned');
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    assert.ok(
      tabs.some((tab) => tab.label.includes('pinned')),
      `a tab for the rule among ${tabs.map((tab) => tab.label).join(', ')}`,
    );
    const page = await vscode.workspace.openTextDocument(
      vscode.Uri.from({ scheme: 'lsst-rule', path: '/image/pinned.md' }),
    );
    assert.match(page.getText(), /image\/pinned/);
  });

  test('switch namespace goes through the kubeconfig, as kubectl lsst context ns does', async () => {
    const api = await extensionApi();
    await api.kubeStatus.refresh();
    assert.equal(api.kubeStatus.state.current?.role, 'development');
    await vscode.commands.executeCommand('lsst.switchNamespace', 'suite-namespace');
    assert.equal(api.kubeStatus.state.current?.namespace, 'suite-namespace');
    assert.match(api.kubeStatus.item.text, /suite-namespace/);
    const kubeconfig = process.env.KUBECONFIG ?? '';
    assert.match(readFileSync(kubeconfig, 'utf8'), /namespace: suite-namespace/);
    await vscode.commands.executeCommand('lsst.switchContext', 'lsst-dev');
    assert.equal(api.kubeStatus.state.current?.name, 'lsst-dev');
  });

  test('request a port for the Service under the cursor annotates it and opens the request', async () => {
    const editor = await open('app/service.yaml');
    const line = lineOf(editor.document, 'name: web');
    editor.selection = new vscode.Selection(line, 4, line, 4);
    const id = await vscode.commands.executeCommand<string>('lsst.requestPort', {
      type: 'LoadBalancer',
      reason: 'the public web front end',
    });
    assert.equal(id, 'my-team.web.80-tcp');
    assert.match(editor.document.getText(), /annotations:\n\s+lsst\.io\/port-request: my-team\.web\.80-tcp/);
    assert.match(
      editor.document.getText(),
      /^# The web front end; its port is not exposed yet\.$/m,
      'comments are kept',
    );
    const ticket = vscode.workspace.textDocuments.find((document) => /kind: PortRequest/.test(document.getText()));
    assert.ok(ticket, 'the request document is open');
    assert.match(ticket.getText(), /reason: the public web front end/);
    await revert(editor);
  });
});
