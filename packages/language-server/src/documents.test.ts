// Which documents the language server checks, and as what: by name as the CLI decides, by the
// editor's language id when the name says nothing, through the chart when the file is a chart's.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { documentRole, filePathOf, isConfigurationUri } from './documents.ts';

const folder = mkdtempSync(join(tmpdir(), 'lsst-lsp-roles-'));
const uri = (name: string) => pathToFileURL(join(folder, name)).href;

test('manifests and Dockerfiles by name, whatever language the editor gave them', () => {
  assert.deepEqual(documentRole(uri('deploy.yaml'), 'yaml'), { kind: 'manifest', path: join(folder, 'deploy.yaml') });
  assert.deepEqual(documentRole(uri('deploy.yml'), 'plaintext'), {
    kind: 'manifest',
    path: join(folder, 'deploy.yml'),
  });
  assert.deepEqual(documentRole(uri('Dockerfile'), 'plaintext'), {
    kind: 'dockerfile',
    path: join(folder, 'Dockerfile'),
  });
  assert.deepEqual(documentRole(uri('api.Dockerfile'), 'dockerfile'), {
    kind: 'dockerfile',
    path: join(folder, 'api.Dockerfile'),
  });
  assert.deepEqual(documentRole(uri('Containerfile'), 'plaintext'), {
    kind: 'dockerfile',
    path: join(folder, 'Containerfile'),
  });
});

test('a name that says nothing is checked by its language id; other files are left alone', () => {
  assert.deepEqual(documentRole(uri('build'), 'dockerfile'), { kind: 'dockerfile', path: join(folder, 'build') });
  assert.deepEqual(documentRole(uri('objects'), 'yaml'), { kind: 'manifest', path: join(folder, 'objects') });
  assert.equal(documentRole(uri('notes.md'), 'markdown'), undefined);
  assert.equal(documentRole(uri('main.go'), 'go'), undefined);
});

test('.lsst.yaml is configuration, not a manifest', () => {
  assert.equal(isConfigurationUri(uri('.lsst.yaml')), true);
  assert.equal(isConfigurationUri(uri('.lsst.yml')), true);
  assert.equal(isConfigurationUri(uri('my.lsst.yaml')), false);
  assert.equal(documentRole(uri('.lsst.yaml'), 'yaml'), undefined);
});

test("a chart's files are checked through the chart (its outermost folder with a Chart.yaml)", () => {
  const chart = join(folder, 'charts', 'web');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
  const template = join(chart, 'templates', 'deployment.yaml');
  assert.deepEqual(documentRole(pathToFileURL(template).href, 'yaml'), { chart, path: template });
  assert.deepEqual(documentRole(pathToFileURL(join(chart, 'values.yaml')).href, 'helm'), {
    chart,
    path: join(chart, 'values.yaml'),
  });
  // A Dockerfile beside a chart is still a Dockerfile.
  assert.deepEqual(documentRole(pathToFileURL(join(chart, 'Dockerfile')).href, 'dockerfile'), {
    kind: 'dockerfile',
    path: join(chart, 'Dockerfile'),
  });
});

test('untitled buffers are checked under a name that says what they are', () => {
  assert.deepEqual(documentRole('untitled:Untitled-1', 'yaml'), { kind: 'manifest', path: 'Untitled-1.yaml' });
  assert.deepEqual(documentRole('untitled:Untitled-2', 'dockerfile'), {
    kind: 'dockerfile',
    path: 'Untitled-2/Dockerfile',
  });
  assert.equal(filePathOf('untitled:Untitled-1'), undefined);
  assert.equal(filePathOf(uri('a b.yaml')), join(folder, 'a b.yaml'));
});
