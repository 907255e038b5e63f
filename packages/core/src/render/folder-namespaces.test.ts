import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTree } from '../../test-support/file-tree.ts';
import { defaultResolvedConfig } from '../config/load.ts';
import { checkText } from '../engine/check.ts';
import { IncrementalManifestChecker } from '../engine/incremental.ts';
import { FolderNamespaces } from './folder-namespaces.ts';

const configMap = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}data: {}\n`;

// Shaped like a repository's folder of one-off migration manifests: a Job and its ConfigMaps, one forgotten.
const repository = {
  'migrations/import-job.yaml': `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: import\n  namespace: telemetry\nspec: {}\n`,
  'migrations/plan-configmap.yaml': configMap('plan', 'telemetry'),
  'migrations/nginx-configmap.yaml': configMap('nginx-proxy'),
  'migrations/notes.md': 'namespace: elsewhere\n',
  'migrations/chart-template.yaml': 'metadata:\n  namespace: {{ .Release.Namespace }}\n',
  'migrations/broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: [\n',
  'migrations/kustomization.yaml': 'namespace: not-metadata\nresources: []\n',
  'examples/claim-a.yaml': configMap('a'),
  'examples/claim-b.yaml': configMap('b'),
  'examples/sub/other.yaml': configMap('c', 'deep'),
};

/** The namespace/explicit findings of one file of the tree, checked as the CLI checks a file on disk. */
function namespaceFindings(folder: string, path: string, around = new FolderNamespaces()) {
  const absolute = join(folder, path);
  return checkText(
    { path, text: readFileSync(absolute, 'utf8') },
    { config: defaultResolvedConfig(), ...around.optionsFor(absolute) },
  ).findings.filter((finding) => finding.rule === 'namespace/explicit');
}

test('the namespaces the other manifests of a folder name, and nothing a template, a broken file or kustomize says', () => {
  const folder = writeTree('lsst-folder-namespaces-', repository);
  try {
    const around = new FolderNamespaces();
    assert.deepEqual(around.around(join(folder, 'migrations/nginx-configmap.yaml')), ['telemetry']);
    // The file's own namespace is not "around" it.
    assert.deepEqual(around.around(join(folder, 'migrations/import-job.yaml')), ['telemetry']);
    // Only the folder itself: a folder below is another set of manifests.
    assert.deepEqual(around.around(join(folder, 'examples/claim-a.yaml')), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('an object the rest of its folder would put in a namespace is a warning with that namespace; a folder that names none, a note', () => {
  const folder = writeTree('lsst-folder-namespaces-', repository);
  try {
    const [forgotten] = namespaceFindings(folder, 'migrations/nginx-configmap.yaml');
    assert.equal(forgotten?.severity, 'warning');
    assert.match(forgotten?.message ?? '', /the other manifests of its folder name theirs \("telemetry"\)/);
    assert.equal(forgotten?.fix?.description, 'Set metadata.namespace to telemetry');
    const [agnostic] = namespaceFindings(folder, 'examples/claim-a.yaml');
    assert.equal(agnostic?.severity, 'info');
    assert.match(agnostic?.message ?? '', /nothing else in its file or folder does: it is written for the namespace/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the editor's incremental check sees the folder as it is now, and the file's other documents", () => {
  const folder = writeTree('lsst-folder-namespaces-', repository);
  try {
    const path = join(folder, 'examples/claim-a.yaml');
    const checker = new IncrementalManifestChecker();
    // One configuration for every check, as the editor keeps it: the checker reuses documents only then.
    const config = defaultResolvedConfig();
    const twoDocuments = `${configMap('a')}---\n${configMap('b')}`;
    const severities = (text: string) =>
      checker
        .check(path, text, { config, ...new FolderNamespaces().optionsFor(path) })
        .findings.filter((finding) => finding.rule === 'namespace/explicit')
        .map((finding) => `${finding.start.line} ${finding.severity}`);
    assert.deepEqual(severities(twoDocuments), ['3 info', '9 info']);
    // Naming a namespace in the second document makes the first one's finding a warning, though its text is the same.
    assert.deepEqual(severities(`${configMap('a')}---\n${configMap('b', 'claims')}`), ['3 warning']);
    assert.deepEqual(severities(twoDocuments), ['3 info', '9 info']);
    // A manifest written beside it, naming its namespace, counts at the next check.
    writeFileSync(join(folder, 'examples/claim-c.yaml'), configMap('c', 'claims'));
    assert.deepEqual(severities(twoDocuments), ['3 warning', '9 warning']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
