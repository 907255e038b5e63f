// The language server at the protocol level, started as users start it (`kubectl-lsst lsp` from the
// built CLI): initialize, didOpen, didChange, publishDiagnostics, pull diagnostics, codeAction,
// executeCommand, hover, configuration and its reload, the socket and pipe transports, shutdown.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { buildOnce } from '../../kubectl-lsst/test/e2e/build-once.ts';
import { binPath, makeFolder, repositoryRoot, serverEnv, TestClient, uriOf } from './lsp-client.ts';

before(() => buildOnce());

const examples = join(repositoryRoot, 'examples', 'bad');
const postgres = readFileSync(join(examples, 'postgres.yaml'), 'utf8');
const dockerfile = readFileSync(join(examples, 'naive.Dockerfile'), 'utf8');
const twoDeployments = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: web
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: app
          image: nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: web
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: app
          image: nginx
`;

interface CliFinding {
  rule: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What `kubectl lsst check --format json` finds in a file, in the editor's terms (0-based ranges). */
function cliFindings(folder: string, file: string): string[] {
  const result = spawnSync(binPath, ['check', '--format', 'json', file], {
    cwd: folder,
    env: serverEnv(folder),
    encoding: 'utf8',
  });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  const report = JSON.parse(result.stdout) as { results: { findings: CliFinding[] }[] };
  return report.results
    .flatMap((entry) => entry.findings)
    .map((f) => `${f.rule} ${f.line - 1}:${f.column - 1}-${f.endLine - 1}:${f.endColumn - 1} ${f.message}`)
    .sort();
}

function described(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .map(
      (d) =>
        `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`,
    )
    .sort();
}

function rulesOf(diagnostics: readonly Diagnostic[]): string[] {
  return [...new Set(diagnostics.map((d) => String(d.code)))].sort();
}

/** The text after a client applies a workspace edit's changes to one document. */
function applied(text: string, uri: string, edit: { changes?: Record<string, TextEdit[]> } | undefined): string {
  const edits = edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `the edit changes ${uri}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits);
}

describe('kubectl-lsst lsp over stdio, pushing diagnostics', () => {
  let folder: string;
  let client: TestClient;
  let capabilities: Record<string, unknown>;

  before(async () => {
    folder = makeFolder({
      'deploy/postgres.yaml': postgres,
      'image/Dockerfile': dockerfile,
      'two/deployments.yaml': twoDeployments,
      // A kustomize base whose overlay sets the namespace.
      'kustomize/base/kustomization.yaml': 'resources: [postgres.yaml]\n',
      'kustomize/base/postgres.yaml': postgres,
      'kustomize/overlays/prod/kustomization.yaml': 'namespace: db\nresources: [../../base]\n',
      // An image built on one built in the folder beside it, which runs as a non-root user.
      'build/base-env/Dockerfile': 'FROM almalinux:9\nRUN dnf install -y tini && dnf clean all\nUSER 1000\n',
      'build/service/Dockerfile': 'ARG hub\nFROM ${hub}/base-env:1.0\nCOPY app /app\n',
      // A folder whose other manifest names its namespace: the one that names none is a warning there.
      'migrations/job-config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: job, namespace: telemetry }\n',
      'migrations/proxy-config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proxy\ndata: {}\n',
    });
    const started = await TestClient.start(folder, {
      workspaceFolder: folder,
      capabilities: { workspace: { applyEdit: true } },
    });
    client = started.client;
    capabilities = started.init.capabilities as Record<string, unknown>;
  });
  after(async () => {
    if (client) assert.equal(await client.stop(), 0, 'shutdown then exit ends the server with 0');
  });

  test('initialize answers with incremental sync, code actions, hover and the commands, and no pull diagnostics to a client without them', () => {
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, [
      'quickfix',
      'source.fixAll',
      'source.fixAll.lsst',
    ]);
    assert.deepEqual((capabilities.executeCommandProvider as { commands: string[] }).commands, [
      'lsst.explainRule',
      'lsst.fixAll',
      'lsst.addToBaseline',
      'lsst.openRuleDocs',
      'lsst.checkFiles',
      'lsst.documentState',
    ]);
    assert.equal(capabilities.diagnosticProvider, undefined);
  });

  test('an opened manifest gets the same findings as kubectl lsst check, at the same places', async () => {
    const uri = uriOf(join(folder, 'deploy/postgres.yaml'));
    await client.open(uri, 'yaml', postgres);
    const diagnostics = await client.diagnostics(uri);
    assert.ok(diagnostics.length >= 3, `findings in the bad example: ${diagnostics.length}`);
    assert.deepEqual(described(diagnostics), cliFindings(folder, 'deploy/postgres.yaml'));
    assert.ok(diagnostics.every((d) => d.source === 'lsst' && d.codeDescription?.href.includes('/docs/rules/')));
  });

  test("a kustomize base gets its overlay's namespace, as kubectl lsst check gives it", async () => {
    const uri = uriOf(join(folder, 'kustomize/base/postgres.yaml'));
    await client.open(uri, 'yaml', postgres);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(described(diagnostics), cliFindings(folder, 'kustomize/base/postgres.yaml'));
    assert.ok(diagnostics.length > 0);
    assert.ok(!rulesOf(diagnostics).includes('namespace/explicit'), rulesOf(diagnostics).join(', '));
    // The same text outside the kustomization is reported.
    const alone = await client.diagnostics(uriOf(join(folder, 'deploy/postgres.yaml')));
    assert.ok(rulesOf(alone).includes('namespace/explicit'), rulesOf(alone).join(', '));
  });

  test('a Dockerfile built on an image of the folder beside is judged by that Dockerfile, as kubectl lsst check judges it', async () => {
    const text = readFileSync(join(folder, 'build/service/Dockerfile'), 'utf8');
    const uri = uriOf(join(folder, 'build/service/Dockerfile'));
    await client.open(uri, 'dockerfile', text);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(described(diagnostics), cliFindings(folder, 'build/service/Dockerfile'));
    assert.ok(!rulesOf(diagnostics).includes('security/run-as-non-root'), rulesOf(diagnostics).join(', '));
  });

  test('a manifest whose folder names a namespace it lacks gets the warning kubectl lsst check gives', async () => {
    const text = readFileSync(join(folder, 'migrations/proxy-config.yaml'), 'utf8');
    const uri = uriOf(join(folder, 'migrations/proxy-config.yaml'));
    await client.open(uri, 'yaml', text);
    const diagnostics = await client.diagnostics(uri);
    assert.deepEqual(described(diagnostics), cliFindings(folder, 'migrations/proxy-config.yaml'));
    const namespace = diagnostics.find((d) => d.code === 'namespace/explicit');
    assert.equal(namespace?.severity, 2, 'Warning');
    assert.match(String(namespace?.message ?? ''), /other manifests of its folder name theirs \("telemetry"\)/);
  });

  test('an opened Dockerfile gets the same findings as kubectl lsst check', async () => {
    const uri = uriOf(join(folder, 'image/Dockerfile'));
    await client.open(uri, 'dockerfile', dockerfile);
    const diagnostics = await client.diagnostics(uri);
    assert.ok(rulesOf(diagnostics).includes('security/run-as-non-root'));
    assert.deepEqual(described(diagnostics), cliFindings(folder, 'image/Dockerfile'));
  });

  test('an incremental change re-checks the document: pinning one image drops that finding and keeps the other', async () => {
    const uri = uriOf(join(folder, 'two/deployments.yaml'));
    await client.open(uri, 'yaml', twoDeployments);
    const before = await client.diagnostics(uri);
    const pinned = before.filter((d) => d.code === 'image/pinned');
    assert.equal(pinned.length, 2, described(before).join('\n'));
    // The first "image: nginx" (line 12) becomes nginx:1.27.0, as an editor sends a keystroke's range.
    const line = twoDeployments.split('\n').indexOf('          image: nginx');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line, character: 22 }, end: { line, character: 22 } }, text: ':1.27.0' }],
    });
    const after = await client.diagnostics(uri, (params) => params.version === 2);
    const stillPinned = after.filter((d) => d.code === 'image/pinned');
    assert.equal(stillPinned.length, 1);
    assert.ok((stillPinned[0]?.range.start.line ?? 0) > line, "the finding left is the second Deployment's");
    // And what the server holds is the edited text: the whole-file check of it agrees.
    const edited = twoDeployments.replace('image: nginx\n', 'image: nginx:1.27.0\n');
    writeFileSync(join(folder, 'two/edited.yaml'), edited);
    assert.deepEqual(described(after), cliFindings(folder, 'two/edited.yaml'));
  });

  test('code actions: the preferred fix, suppress and explain; applying the fix removes the finding', async () => {
    const uri = uriOf(join(folder, 'two/deployments.yaml'));
    const current = await client.diagnostics(uri, (params) => params.version === 2);
    const text = twoDeployments.replace('image: nginx\n', 'image: nginx:1.27.0\n');
    const target = current.find((d) => d.code === 'security/no-privilege-escalation');
    assert.ok(target, described(current).join('\n'));
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    });
    const titles = actions.map((action) => action.title);
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit, `a preferred fix among ${titles.join(' | ')}`);
    assert.equal(fix.kind, 'quickfix');
    const suppress = actions.find((action) => action.title.startsWith('Suppress security/no-privilege-escalation'));
    assert.ok(suppress?.edit);
    const explain = actions.find((action) => action.command?.command === 'lsst.explainRule');
    assert.deepEqual(explain?.command?.arguments, ['security/no-privilege-escalation']);
    const fixAllOfRule = actions.find((action) => action.title.startsWith('Fix all security/no-privilege-escalation'));
    assert.ok(fixAllOfRule?.edit, 'two containers lack the setting: fix all of the rule is offered');

    const fixed = applied(text, uri, fix.edit);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ text: fixed }],
    });
    const afterFix = await client.diagnostics(uri, (params) => params.version === 3);
    assert.equal(afterFix.filter((d) => d.code === 'security/no-privilege-escalation').length, 1);

    // The suppression comment of the finding left, with its reason written, silences it.
    const left = afterFix.find((d) => d.code === 'security/no-privilege-escalation');
    assert.ok(left);
    const leftActions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: left.range,
      context: { diagnostics: [left] },
    });
    const suppressLeft = leftActions.find((action) =>
      action.title.startsWith('Suppress security/no-privilege-escalation'),
    );
    const insert = suppressLeft?.edit?.changes?.[uri] ?? [];
    assert.equal(insert[0]?.newText, '        # lsst-ignore security/no-privilege-escalation -- \n');
    const suppressed = applied(fixed, uri, {
      changes: { [uri]: insert.map((edit) => ({ ...edit, newText: edit.newText.replace('-- \n', '-- a test\n') })) },
    });
    assert.match(suppressed, /# lsst-ignore security\/no-privilege-escalation -- a test\n/);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 4 },
      contentChanges: [{ text: suppressed }],
    });
    const afterSuppress = await client.diagnostics(uri, (params) => params.version === 4);
    assert.equal(afterSuppress.filter((d) => d.code === 'security/no-privilege-escalation').length, 0);
  });

  test('source.fixAll and the fixAll command fix every fixable finding; checking again finds none fixable', async () => {
    const uri = uriOf(join(folder, 'deploy/postgres.yaml'));
    const diagnostics = await client.diagnostics(uri);
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(
      actions.map((action) => action.kind),
      ['source.fixAll.lsst'],
    );
    const viaAction = applied(postgres, uri, actions[0]?.edit);

    const result = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'lsst.fixAll',
      arguments: [uri],
    });
    assert.equal(result, true);
    const edit = client.appliedEdits.at(-1);
    const viaCommand = applied(postgres, uri, edit);
    assert.equal(viaCommand, viaAction);
    assert.notEqual(viaCommand, postgres);

    const fixedFile = join(folder, 'deploy/fixed.yaml');
    writeFileSync(fixedFile, viaCommand);
    const left = cliFindings(folder, 'deploy/fixed.yaml');
    const fixableBefore = diagnostics.length;
    assert.ok(left.length < fixableBefore, `${left.length} findings left of ${fixableBefore}`);
    const check = spawnSync(binPath, ['check', '--format', 'json', 'deploy/fixed.yaml'], {
      cwd: folder,
      env: serverEnv(folder),
      encoding: 'utf8',
    });
    const report = JSON.parse(check.stdout) as { results: { findings: { fix?: unknown }[] }[] };
    assert.equal(report.results.flatMap((entry) => entry.findings).filter((f) => f.fix).length, 0);
  });

  test('hover over a finding shows the rule, the guideline text it encodes and the quick-fix', async () => {
    const uri = uriOf(join(folder, 'image/Dockerfile'));
    const diagnostics = await client.diagnostics(uri);
    const target = diagnostics.find((d) => d.code === 'security/run-as-non-root');
    assert.ok(target);
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', {
      textDocument: { uri },
      position: target.range.start,
    });
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /security\/run-as-non-root/);
    assert.match(value, /DMTN-095 §1\.2\.4/);
    // The guideline's own words, quoted.
    assert.match(value, /^> .*root/im);
    assert.match(value, /\*Quick-fix:\* Add "USER 65534"/);
    const nothing = await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    assert.equal(nothing, null, 'no hover on a comment without a finding');
  });

  test('hover on a field shows its type on the target and its description, from the schema (a CRD of the file too)', async () => {
    const text = `${twoDeployments.split('---')[0]?.replace('      containers:', '      hostNetwork: true\n      containers:')}---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.org }
spec:
  group: example.org
  names: { kind: Widget, plural: widgets }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: { type: integer, description: "How many *widgets* run." }
---
apiVersion: example.org/v1
kind: Widget
metadata: { name: w, namespace: web }
spec:
  size: 3
`;
    const uri = uriOf(join(folder, 'two/fields.yaml'));
    await client.open(uri, 'yaml', text);
    await client.diagnostics(uri);
    const hoverAt = async (needle: string, from = 0) => {
      const offset = text.indexOf(needle, from) + 1;
      const lines = text.slice(0, offset).split('\n');
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: { line: lines.length - 1, character: (lines.at(-1) ?? '').length },
      });
      return (hover?.contents as { value: string } | undefined)?.value ?? '';
    };
    const image = await hoverAt('image: nginx');
    assert.match(image, /^\*\*image\*\*: string · Kubernetes 1\.31 \(dev\)/);
    assert.match(image, /Container image name\./);
    const replicasFree = await hoverAt('containers:');
    assert.match(replicasFree, /^\*\*containers\*\*: list of Container, required/);
    assert.match(replicasFree, /List of initialization containers|List of containers belonging to the pod/);
    // A finding on the same key follows the field's own text.
    const hostNetwork = await hoverAt('hostNetwork');
    assert.match(
      hostNetwork,
      /^\*\*hostNetwork\*\*: boolean[\s\S]*Host networking requested[\s\S]*\n---\n[\s\S]*network\/public-exposure/,
    );
    const size = await hoverAt('size: 3');
    assert.match(size, /^\*\*size\*\*: integer/);
    assert.match(size, /How many \\\*widgets\\\* run\./, 'the description is text, its markup escaped');
    const value = await hoverAt('nginx');
    assert.match(value, /image\/pinned/, 'on the value, the finding there');
    assert.doesNotMatch(value, /\*\*image\*\*/, 'a value is not a field');
  });

  test('explain returns the rule explained and tells the user in a message; an unknown rule is an error message', async () => {
    const explanation: string = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'lsst.explainRule',
      arguments: ['image/pinned'],
    });
    assert.match(explanation, /^# image\/pinned/);
    assert.match(explanation, /## Why/);
    await client.waitFor('an explanation message', () =>
      client.messages.find((m) => m.type === 3 && m.message.startsWith('image/pinned:')),
    );
    const unknown = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'lsst.explainRule',
      arguments: ['image/pined'],
    });
    assert.equal(unknown, null);
    await client.waitFor('an error message', () =>
      client.messages.find((m) => m.type === 1 && m.message.includes('image/pined')),
    );
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = uriOf(join(folder, 'image/Dockerfile'));
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.diagnostics(uri, (params) => params.diagnostics.length === 0);
    assert.deepEqual(cleared, []);
  });
});

describe('configuration: .lsst.yaml upward, the client settings, and reloads', () => {
  test('.lsst.yaml above the file turns a rule off; changing it (watched file, or its open buffer) re-checks the open documents', async () => {
    const folder = makeFolder({
      '.lsst.yaml': 'rules:\n  image/pinned: off\n',
      'apps/web/deployment.yaml': twoDeployments,
    });
    const { client } = await TestClient.start(folder, {
      workspaceFolder: folder,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    try {
      const uri = uriOf(join(folder, 'apps/web/deployment.yaml'));
      await client.open(uri, 'yaml', twoDeployments);
      const first = await client.diagnostics(uri);
      assert.ok(first.length > 0);
      assert.ok(!rulesOf(first).includes('image/pinned'), 'off in .lsst.yaml');

      writeFileSync(join(folder, '.lsst.yaml'), 'rules:\n  image/pinned: error\n');
      const count = client.published.length;
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: uriOf(join(folder, '.lsst.yaml')), type: 2 }],
      });
      const reloaded = await client.diagnostics(uri, (params) => client.published.indexOf(params) >= count);
      const pinned = reloaded.filter((d) => d.code === 'image/pinned');
      assert.equal(pinned.length, 2);
      assert.ok(
        pinned.every((d) => d.severity === 1),
        'error, as the file now says',
      );

      // An unsaved edit of an open .lsst.yaml counts too.
      const configUri = uriOf(join(folder, '.lsst.yaml'));
      await client.open(configUri, 'yaml', 'rules:\n  image/pinned: error\n');
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: configUri, version: 2 },
        contentChanges: [{ text: 'rules:\n  image/pinned: info\n' }],
      });
      const again = await client.diagnostics(uri, (params) =>
        params.diagnostics.some((d) => d.code === 'image/pinned' && d.severity === 3),
      );
      assert.equal(again.filter((d) => d.code === 'image/pinned').length, 2);
    } finally {
      await client.stop();
    }
  });

  test('an invalid .lsst.yaml: the document says it is not checked, and the problem is on the configuration file', async () => {
    const folder = makeFolder({
      '.lsst.yaml': 'rules:\n  image/pinned: sometimes\n',
      'deployment.yaml': twoDeployments,
    });
    const { client } = await TestClient.start(folder, { workspaceFolder: folder });
    try {
      const uri = uriOf(join(folder, 'deployment.yaml'));
      await client.open(uri, 'yaml', twoDeployments);
      const diagnostics = await client.diagnostics(uri);
      assert.equal(diagnostics.length, 1);
      assert.match(String(diagnostics[0]?.message), /^Not checked: the configuration is invalid\./);
      const problems = await client.diagnostics(uriOf(join(folder, '.lsst.yaml')));
      assert.equal(problems[0]?.range.start.line, 1);
      assert.match(String(problems[0]?.message), /sometimes/);
    } finally {
      await client.stop();
    }
  });

  test("workspace/configuration: the client's lsst.severity is asked for and laid over the configuration", async () => {
    const folder = makeFolder({ 'deployment.yaml': twoDeployments });
    const { client } = await TestClient.start(folder, {
      workspaceFolder: folder,
      capabilities: { workspace: { configuration: true } },
      settings: { severity: { 'image/pinned': 'off', 'namespace/explicit': 'error' } },
    });
    try {
      const uri = uriOf(join(folder, 'deployment.yaml'));
      await client.open(uri, 'yaml', twoDeployments);
      const diagnostics = await client.diagnostics(uri);
      assert.ok(diagnostics.length > 0);
      assert.ok(!rulesOf(diagnostics).includes('image/pinned'));
      assert.ok(client.configurationRequests.length > 0);
      // A changed setting reaches the server through didChangeConfiguration.
      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { lsst: {} } });
      const after = await client.diagnostics(uri, (params) =>
        params.diagnostics.some((d) => d.code === 'image/pinned'),
      );
      assert.equal(after.filter((d) => d.code === 'image/pinned').length, 2);
    } finally {
      await client.stop();
    }
  });
});

describe('Helm charts', () => {
  test("opening a values file renders its chart with helm and publishes the findings on the chart's files; a chart finding offers suppress and explain, no fix", async () => {
    const helm = process.env.LSST_TEST_HELM;
    assert.ok(helm, 'LSST_TEST_HELM names the test helm: run through scripts/run-tests.mjs');
    const folder = makeFolder({});
    cpSync(join(repositoryRoot, 'packages/kubectl-lsst/test/fixtures/gitops'), folder, { recursive: true });
    const { client } = await TestClient.start(folder, {
      workspaceFolder: folder,
      initializationOptions: { lsst: { helmPath: helm } },
    });
    try {
      const chart = join(folder, 'applications/worker');
      const values = uriOf(join(chart, 'values.yaml'));
      const text = readFileSync(join(chart, 'values.yaml'), 'utf8');
      await client.open(values, 'yaml', text);
      const onValues = await client.diagnostics(values);
      assert.deepEqual(
        onValues.map((d) => `${d.code}@${d.range.start.line}`),
        ['security/run-as-non-root@4'],
      );
      // Files of the chart that are not open get theirs too.
      const onProd = await client.diagnostics(uriOf(join(chart, 'values-prod.yaml')));
      assert.deepEqual(
        onProd.map((d) => `${d.code}@${d.range.start.line}`),
        ['network/public-exposure@3'],
      );
      const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: values },
        range: onValues[0]?.range,
        context: { diagnostics: onValues },
      });
      assert.deepEqual(
        actions.map((action) => action.title),
        ['Suppress security/run-as-non-root here (write the reason after "--")', 'Explain security/run-as-non-root'],
      );
      const hover = await client.connection.sendRequest<Hover>('textDocument/hover', {
        textDocument: { uri: values },
        position: onValues[0]?.range.start,
      });
      assert.match((hover.contents as { value: string }).value, /security\/run-as-non-root/);
    } finally {
      await client.stop();
    }
  });
});

describe('pull diagnostics (textDocument/diagnostic)', () => {
  test('a client that pulls gets a diagnosticProvider, the findings on request, and no pushed diagnostics', async () => {
    const folder = makeFolder({ Dockerfile: dockerfile });
    const { client, init } = await TestClient.start(folder, {
      workspaceFolder: folder,
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } } },
    });
    try {
      assert.deepEqual(init.capabilities.diagnosticProvider, {
        identifier: 'lsst',
        interFileDependencies: false,
        workspaceDiagnostics: false,
      });
      const uri = uriOf(join(folder, 'Dockerfile'));
      await client.open(uri, 'dockerfile', dockerfile);
      const report = await client.connection.sendRequest<{ kind: string; items: Diagnostic[] }>(
        'textDocument/diagnostic',
        { textDocument: { uri } },
      );
      assert.equal(report.kind, 'full');
      assert.deepEqual(described(report.items), cliFindings(folder, 'Dockerfile'));
      // A change is checked when pulled, with no waiting for the pause in typing.
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text: `${dockerfile}USER 65534\n` }],
      });
      const changed = await client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', {
        textDocument: { uri },
      });
      assert.ok(!rulesOf(changed.items).includes('security/run-as-non-root'));
      assert.equal(client.published.filter((params) => params.uri === uri).length, 0);
    } finally {
      await client.stop();
    }
  });
});

describe('transports', () => {
  async function overSocket(args: (address: string) => string[], listenOn: string | number): Promise<void> {
    const folder = makeFolder({ Dockerfile: dockerfile });
    const server = createServer();
    const connected = once(server, 'connection') as Promise<[Socket]>;
    server.listen(listenOn);
    await once(server, 'listening');
    const address = server.address();
    const where = typeof address === 'string' ? address : String(address?.port);
    const child = spawn(binPath, ['lsp', ...args(where)], { cwd: folder, env: serverEnv(folder), stdio: 'ignore' });
    try {
      const [socket] = await connected;
      const { client, init } = await TestClient.over(socket, socket, child, { workspaceFolder: folder });
      assert.equal(init.serverInfo?.name, 'kubectl-lsst');
      const uri = uriOf(join(folder, 'Dockerfile'));
      await client.open(uri, 'dockerfile', dockerfile);
      assert.ok(rulesOf(await client.diagnostics(uri)).includes('security/run-as-non-root'));
      assert.equal(await client.stop(), 0);
    } finally {
      child.kill();
      server.close();
    }
  }

  test('--socket PORT connects to the client on that port', async () => {
    await overSocket((port) => [`--socket=${port}`], 0);
  });

  test('--pipe NAME connects to the client on that pipe', async () => {
    await overSocket((path) => ['--pipe', path], join(makeFolder({}), 'lsp.sock'));
  });

  test('a bad transport flag is a usage error naming it', () => {
    const result = spawnSync(binPath, ['lsp', '--socket', 'x'], {
      cwd: tmpdir(),
      env: serverEnv(tmpdir()),
      encoding: 'utf8',
    });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /socket/);
  });
});

describe('a client with commands of its own, a baseline, and the workspace check (as the VS Code extension)', () => {
  const pod =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx\n';
  let folder: string;
  let client: TestClient;
  let capabilities: Record<string, unknown>;

  before(async () => {
    folder = makeFolder({
      '.lsst.yaml': 'baseline: .lsst-baseline.json\n',
      'app/web.yaml': pod,
      'app/Dockerfile': 'FROM python:latest\n',
      'app/values.yaml': 'replicas: 2\n',
      'tests/data/pod.yaml': pod,
    });
    const started = await TestClient.start(folder, {
      workspaceFolder: folder,
      capabilities: { window: { showDocument: { support: true } } },
      initializationOptions: {
        clientCommands: ['lsst.suppressFinding', 'lsst.fixApplied', 'lsst.explainRule', 'lsst.openRuleDocs'],
      },
    });
    client = started.client;
    capabilities = started.init.capabilities as Record<string, unknown>;
  });
  after(async () => {
    if (client) assert.equal(await client.stop(), 0);
  });

  test("the client's commands are not offered as the server's; the code actions call them", async () => {
    assert.deepEqual((capabilities.executeCommandProvider as { commands: string[] }).commands, [
      'lsst.fixAll',
      'lsst.addToBaseline',
      'lsst.checkFiles',
      'lsst.documentState',
    ]);
    const uri = uriOf(join(folder, 'app/web.yaml'));
    await client.open(uri, 'yaml', pod);
    const diagnostics = await client.diagnostics(uri);
    const target = diagnostics.find((d) => d.code === 'security/run-as-non-root');
    assert.ok(target, described(diagnostics).join('\n'));
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    });
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit);
    assert.deepEqual(fix.command, { title: 'Fix applied', command: 'lsst.fixApplied' });
    const suppress = actions.find((action) => action.title.startsWith('Suppress security/run-as-non-root'));
    assert.equal(suppress?.edit, undefined, 'the client inserts the comment itself');
    assert.deepEqual(suppress?.command?.command, 'lsst.suppressFinding');
    assert.deepEqual(suppress?.command?.arguments, [uri, target.range.start.line, 'security/run-as-non-root']);
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Open the documentation of security/run-as-non-root'), titles.join(' | '));
  });

  test('"add to the baseline" follows "suppress"; its command records the finding, and the finding is hidden', async () => {
    const uri = uriOf(join(folder, 'app/web.yaml'));
    const diagnostics = await client.diagnostics(uri);
    const target = diagnostics.find((d) => d.code === 'image/pinned');
    assert.ok(target, described(diagnostics).join('\n'));
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target] },
    });
    const titles = actions.map((action) => action.title);
    const record = actions.find((action) => action.title === 'Add this image/pinned finding to the baseline');
    assert.ok(record?.command, titles.join(' | '));
    assert.equal(
      titles.indexOf(record.title),
      titles.findIndex((title) => title.startsWith('Suppress image/pinned')) + 1,
    );
    const published = client.published.length;
    const done = await client.connection.sendRequest('workspace/executeCommand', {
      command: record.command.command,
      arguments: record.command.arguments,
    });
    assert.equal(done, true);
    const baseline = JSON.parse(readFileSync(join(folder, '.lsst-baseline.json'), 'utf8')) as {
      entries: { file: string; rule: string }[];
    };
    assert.deepEqual(
      baseline.entries.map((entry) => `${entry.file} ${entry.rule}`),
      ['app/web.yaml image/pinned'],
    );
    const after = await client.diagnostics(uri, () => client.published.length > published);
    assert.ok(!after.some((d) => d.code === 'image/pinned'), described(after).join('\n'));
    assert.ok(
      after.some((d) => d.code === 'security/run-as-non-root'),
      'the other findings stay',
    );
  });

  test('checkFiles checks files that are not open and publishes their diagnostics, leaving out test data; documentState answers for open ones', async () => {
    const dockerfileUri = uriOf(join(folder, 'app/Dockerfile'));
    const testDataUri = uriOf(join(folder, 'tests/data/pod.yaml'));
    const summary = await client.connection.sendRequest<{
      files: number;
      errors: number;
      failed: number;
      excluded: number;
    }>('workspace/executeCommand', {
      command: 'lsst.checkFiles',
      arguments: [
        [
          dockerfileUri,
          uriOf(join(folder, 'app/values.yaml')),
          uriOf(join(folder, 'app/web.yaml')),
          testDataUri,
        ].sort(),
      ],
    });
    assert.equal(summary.failed, 0);
    assert.equal(summary.files, 2, 'values.yaml is not Kubernetes: not counted');
    assert.equal(summary.excluded, 1, 'tests/ is test data (the default exclude), as for check FOLDER');
    assert.ok(!client.published.some((params) => params.uri === testDataUri));
    const onDockerfile = await client.diagnostics(dockerfileUri);
    assert.deepEqual(described(onDockerfile), cliFindings(folder, 'app/Dockerfile'));
    const valuesUri = uriOf(join(folder, 'app/values.yaml'));
    assert.ok(!client.published.some((params) => params.uri === valuesUri && params.diagnostics.length > 0));
    const state = await client.connection.sendRequest<{
      kind: string;
      configurationSource: string;
      findings: unknown[];
    }>('workspace/executeCommand', { command: 'lsst.documentState', arguments: [uriOf(join(folder, 'app/web.yaml'))] });
    assert.equal(state.kind, 'manifest');
    assert.equal(state.configurationSource, join(folder, '.lsst.yaml'));
    assert.ok(state.findings.length > 0);
  });
});

describe('renderCharts: false (an untrusted workspace)', () => {
  test('opening a chart file runs no helm; once the setting allows it, the chart renders', async () => {
    const helm = process.env.LSST_TEST_HELM;
    assert.ok(helm, 'LSST_TEST_HELM names the test helm: run through scripts/run-tests.mjs');
    const folder = makeFolder({ 'plain/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n' });
    cpSync(join(repositoryRoot, 'packages/kubectl-lsst/test/fixtures/gitops'), folder, { recursive: true });
    // A helm that leaves a mark each time it runs, then runs the real one.
    const marks = join(folder, 'helm-ran');
    const wrapper = join(folder, 'helm-wrapper.sh');
    writeFileSync(wrapper, `#!/bin/sh\necho run >> '${marks}'\nexec '${helm}' "$@"\n`, { mode: 0o755 });
    const settings = { helmPath: wrapper, renderCharts: false };
    const { client } = await TestClient.start(folder, {
      workspaceFolder: folder,
      initializationOptions: { lsst: settings },
    });
    try {
      const values = uriOf(join(folder, 'applications/worker/values.yaml'));
      await client.open(values, 'yaml', readFileSync(join(folder, 'applications/worker/values.yaml'), 'utf8'));
      // A later document's diagnostics: the server has handled the chart file's opening by then.
      const pod = uriOf(join(folder, 'plain/pod.yaml'));
      await client.open(pod, 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n');
      await client.diagnostics(pod);
      await client.connection.sendRequest('workspace/executeCommand', {
        command: 'lsst.checkFiles',
        arguments: [[values]],
      });
      assert.equal(existsSync(marks), false, 'helm did not run');
      assert.ok(!client.published.some((params) => params.uri === values && params.diagnostics.length > 0));
      await client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { lsst: { ...settings, renderCharts: true } },
      });
      const onValues = await client.diagnostics(values, (params) => params.diagnostics.length > 0);
      assert.deepEqual(
        onValues.map((d) => `${d.code}@${d.range.start.line}`),
        ['security/run-as-non-root@4'],
      );
      assert.equal(existsSync(marks), true, 'helm ran once allowed');
    } finally {
      await client.stop();
    }
  });
});
