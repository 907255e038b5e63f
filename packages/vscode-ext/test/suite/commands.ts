// Commands: the workspace check, explaining a rule, and the kube context switches.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkText, loadConfig } from '@lsst-kube/core';
import { baselineWithFinding } from '@lsst-kube/core/render';
import * as vscode from 'vscode';
import { readSettings } from '../../src/settings.ts';
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

  test('namespace/matches-context: the same findings as typed, in the workspace check, and from the engine', async () => {
    const api = await extensionApi();
    await api.kubeStatus.refresh();
    const contextNamespace = api.kubeStatus.state.current?.namespace;
    assert.equal(contextNamespace, 'my-team');
    const configMap = (name: string, namespace: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata: { mode: lab }\n`;
    const text = [
      ...Array.from({ length: 100 }, (_, index) => configMap(`database-${index}`, 'qserv')),
      configMap('hub', 'my-team'),
      configMap('dashboards', 'monitoring'),
    ].join('---\n');
    const uri = workspaceUri('app/many-namespaces.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const shown = () =>
        lsstDiagnostics(uri)
          .filter((diagnostic) => ruleOf(diagnostic) === 'namespace/matches-context')
          .map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
      await vscode.commands.executeCommand('lsst.checkWorkspace');
      const fromWorkspaceCheck = shown();
      const editor = await open('app/many-namespaces.yaml');
      const checked = await api.documentState(editor.document);
      assert.ok(checked, 'the open file was checked');
      assert.equal(checked.version, editor.document.version);
      const asTyped = shown();
      const config = await api.configuration.forDocument(editor.document, readSettings(editor.document.uri));
      const engine = checkText({ path: uri.fsPath, text, kind: 'manifest' }, { config, contextNamespace })
        .findings.filter((finding) => finding.rule === 'namespace/matches-context')
        .map((finding) => `${finding.start.line}: ${finding.message}`);
      assert.equal(asTyped.length, 2, asTyped.join('\n'));
      assert.match(asTyped[0] ?? '', /^5: ConfigMap "database-0" is in namespace "qserv"/);
      assert.match(asTyped[1] ?? '', /"monitoring"/);
      assert.deepEqual(fromWorkspaceCheck, asTyped);
      assert.deepEqual(engine, asTyped);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  test('the workspace check hides what the baseline records in files that are not open', async () => {
    const folder = workspaceUri('adopted');
    const manifestUri = vscode.Uri.joinPath(folder, 'old.yaml');
    const baselineUri = vscode.Uri.joinPath(folder, '.lsst-baseline.json');
    const manifest =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: old\nspec:\n  containers:\n    - name: app\n      image: lsstsqre/old:latest\n';
    const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      await write(vscode.Uri.joinPath(folder, '.lsst.yaml'), 'baseline: .lsst-baseline.json\n');
      await write(manifestUri, manifest);
      const config = loadConfig('baseline: .lsst-baseline.json\n', {
        file: vscode.Uri.joinPath(folder, '.lsst.yaml').fsPath,
      });
      const pinned = checkText({ path: manifestUri.fsPath, text: manifest }, { config }).findings.find(
        (finding) => finding.rule === 'image/pinned',
      );
      assert.ok(pinned, 'the engine reports image/pinned');
      await write(baselineUri, baselineWithFinding([], pinned, manifest, manifestUri.fsPath, baselineUri.fsPath));
      await vscode.commands.executeCommand('lsst.checkWorkspace');
      const rules = lsstDiagnostics(manifestUri).map(ruleOf);
      assert.ok(!rules.includes('image/pinned'), `the baselined finding is hidden: ${rules.join(', ')}`);
      assert.ok(rules.length > 0, 'the findings the baseline does not record are shown');
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
  });

  test('explain a rule opens its documentation inside the editor, in one tab: the rendered page', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const allTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs);
    // The preview's tab reaches the extension host a moment after the command returns.
    const opened = new Promise<void>((resolve) => {
      const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
        if (!allTabs().some((tab) => tab.label.includes('pinned'))) return;
        subscription.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('lsst.explainRule', 'image/pinned');
    await opened;
    const tabs = allTabs();
    const pageTabs = tabs.filter((tab) => tab.label.includes('pinned'));
    assert.equal(pageTabs.length, 1, `one tab for the rule among ${tabs.map((tab) => tab.label).join(', ')}`);
    assert.ok(pageTabs[0]?.input instanceof vscode.TabInputWebview, `the preview, not the text: ${pageTabs[0]?.label}`);
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
