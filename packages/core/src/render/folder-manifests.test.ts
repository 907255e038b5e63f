import assert from 'node:assert/strict';
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTree } from '../../test-support/file-tree.ts';
import { defaultResolvedConfig } from '../config/load.ts';
import { checkText } from '../engine/check.ts';
import { IncrementalManifestChecker } from '../engine/incremental.ts';
import { FolderManifests } from './folder-manifests.ts';

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
function namespaceFindings(folder: string, path: string, around = new FolderManifests()) {
  const absolute = join(folder, path);
  return checkText(
    { path, text: readFileSync(absolute, 'utf8') },
    { config: defaultResolvedConfig(), ...around.optionsFor(absolute) },
  ).findings.filter((finding) => finding.rule === 'namespace/explicit');
}

test('the namespaces the other manifests of a folder name, and nothing a template, a broken file or kustomize says', () => {
  const folder = writeTree('lsst-folder-manifests-', repository);
  try {
    const around = new FolderManifests();
    assert.deepEqual(around.namespacesAround(join(folder, 'migrations/nginx-configmap.yaml')), ['telemetry']);
    // The file's own namespace is not "around" it.
    assert.deepEqual(around.namespacesAround(join(folder, 'migrations/import-job.yaml')), ['telemetry']);
    // Only the folder itself: a folder below is another set of manifests.
    assert.deepEqual(around.namespacesAround(join(folder, 'examples/claim-a.yaml')), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('an object the rest of its folder would put in a namespace is a warning with that namespace; a folder that names none, a note', () => {
  const folder = writeTree('lsst-folder-manifests-', repository);
  try {
    const [forgotten] = namespaceFindings(folder, 'migrations/nginx-configmap.yaml');
    assert.equal(forgotten?.severity, 'warning');
    assert.match(forgotten?.message ?? '', /other manifests of its folder name theirs \("telemetry"\)/);
    assert.equal(forgotten?.fix?.description, 'Set metadata.namespace to telemetry');
    const [agnostic] = namespaceFindings(folder, 'examples/claim-a.yaml');
    assert.equal(agnostic?.severity, 'info');
    assert.match(agnostic?.message ?? '', /nothing else in its file or folder does: it is written for the namespace/);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the editor's incremental check sees the folder as it is now, and the file's other documents", () => {
  const folder = writeTree('lsst-folder-manifests-', repository);
  try {
    const path = join(folder, 'examples/claim-a.yaml');
    const checker = new IncrementalManifestChecker();
    // One configuration for every check, as the editor keeps it: the checker reuses documents only then.
    const config = defaultResolvedConfig();
    const twoDocuments = `${configMap('a')}---\n${configMap('b')}`;
    const severities = (text: string) =>
      checker
        .check(path, text, { config, ...new FolderManifests().optionsFor(path) })
        .findings.filter((finding) => finding.rule === 'namespace/explicit')
        .map((finding) => `${finding.start.line} ${finding.severity}`);
    assert.deepEqual(severities(twoDocuments), ['3 info']);
    // Naming a namespace in the second document makes the first one's finding a warning, though its text is the same.
    assert.deepEqual(severities(`${configMap('a')}---\n${configMap('b', 'claims')}`), ['3 warning']);
    assert.deepEqual(severities(twoDocuments), ['3 info']);
    // A manifest written beside it, naming its namespace, counts at the next check.
    writeFileSync(join(folder, 'examples/claim-c.yaml'), configMap('c', 'claims'));
    assert.deepEqual(severities(twoDocuments), ['3 warning', '9 warning']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

// Shaped like a Kubebuilder operator's config/rbac/: each binding's ClusterRole in a file of its own.
const operatorRbac = {
  'config/rbac/auth_proxy_role.yaml':
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: proxy-role\nrules:\n- apiGroups: [authentication.k8s.io]\n  resources: [tokenreviews]\n  verbs: [create]\n',
  'config/rbac/auth_proxy_role_binding.yaml':
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: proxy-rolebinding\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: proxy-role\nsubjects:\n- kind: ServiceAccount\n  name: controller-manager\n  namespace: system\n',
  'config/rbac/role.yaml':
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: manager-role\nrules:\n- apiGroups: [""]\n  resources: [pods, services]\n  verbs: [get, list, watch, create]\n',
  'config/rbac/role_binding.yaml':
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: manager-rolebinding\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: manager-role\nsubjects:\n- kind: ServiceAccount\n  name: controller-manager\n  namespace: system\n',
};

function bindingFindings(folder: string, path: string) {
  const absolute = join(folder, path);
  return checkText(
    { path, text: readFileSync(absolute, 'utf8') },
    { config: defaultResolvedConfig(), ...new FolderManifests().optionsFor(absolute) },
  ).findings.filter((finding) => finding.rule === 'rbac/namespace-scoped');
}

test('a ClusterRoleBinding is judged by its ClusterRole in the file beside it: cluster-scoped rights need it, namespaced ones do not', () => {
  const folder = writeTree('lsst-folder-manifests-', operatorRbac);
  try {
    assert.deepEqual(bindingFindings(folder, 'config/rbac/auth_proxy_role_binding.yaml'), []);
    const [manager] = bindingFindings(folder, 'config/rbac/role_binding.yaml');
    assert.match(manager?.message ?? '', /It grants pods and services in every namespace\./);
    assert.equal(
      new FolderManifests().clusterRoleAround(join(folder, 'config/rbac/role.yaml'), 'manager-role'),
      undefined,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the editor's incremental check sees a ClusterRole written beside a binding at its next check", () => {
  const { 'config/rbac/auth_proxy_role.yaml': role, ...withoutRole } = operatorRbac;
  const folder = writeTree('lsst-folder-manifests-', withoutRole);
  try {
    const path = join(folder, 'config/rbac/auth_proxy_role_binding.yaml');
    // Two documents, so that the checker keeps them from one check to the next.
    const text = `${readFileSync(path, 'utf8')}---\napiVersion: v1\nkind: ServiceAccount\nmetadata: { name: controller-manager, namespace: system }\n`;
    const checker = new IncrementalManifestChecker();
    const config = defaultResolvedConfig();
    const rules = () =>
      checker
        .check(path, text, { config, ...new FolderManifests().optionsFor(path) })
        .findings.map((finding) => finding.rule)
        .filter((rule) => rule === 'rbac/namespace-scoped');
    assert.deepEqual(rules(), ['rbac/namespace-scoped']);
    writeFileSync(join(folder, 'config/rbac/auth_proxy_role.yaml'), role);
    assert.deepEqual(rules(), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("an instance kept across checks (the editor's) looks at the folder at each check, and reads again only the files that changed", () => {
  const folder = writeTree('lsst-folder-manifests-', repository);
  try {
    const around = new FolderManifests({ rereadEachCheck: true });
    const path = join(folder, 'migrations/nginx-configmap.yaml');
    const namespacesNow = () => around.optionsFor(path).folderManifests.namespaces();
    // A time of change in whole seconds, which the file can be given again exactly.
    const plan = join(folder, 'migrations/plan-configmap.yaml');
    const mtime = new Date('2026-12-01T10:00:00Z');
    utimesSync(plan, mtime, mtime);
    assert.deepEqual(namespacesNow(), ['telemetry']);
    // A file written beside it counts at the next check.
    writeFileSync(join(folder, 'migrations/secret.yaml'), configMap('token', 'vault'));
    assert.deepEqual(namespacesNow(), ['telemetry', 'vault']);
    // A file whose size and time of change are as before is not read again: its facts are kept.
    writeFileSync(plan, configMap('plan', 'elsewhere'));
    utimesSync(plan, mtime, mtime);
    assert.deepEqual(namespacesNow(), ['telemetry', 'vault']);
    // Once its time of change moves, it is.
    utimesSync(plan, new Date(), new Date(mtime.getTime() + 5000));
    assert.deepEqual(namespacesNow(), ['elsewhere', 'telemetry', 'vault']);
    // Within one check the folder is looked at once, however many objects ask.
    const options = around.optionsFor(path).folderManifests;
    options.namespaces();
    writeFileSync(join(folder, 'migrations/late.yaml'), configMap('late', 'later'));
    assert.deepEqual(options.namespaces(), ['elsewhere', 'telemetry', 'vault']);
    // A CLI run's instance reads each folder once.
    const once = new FolderManifests();
    assert.deepEqual(once.optionsFor(path).folderManifests.namespaces(), ['elsewhere', 'later', 'telemetry', 'vault']);
    rmSync(join(folder, 'migrations/late.yaml'));
    assert.deepEqual(once.optionsFor(path).folderManifests.namespaces(), ['elsewhere', 'later', 'telemetry', 'vault']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
