import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeTree } from '../../test-support/file-tree.ts';
import { KustomizeBases } from './kustomize-bases.ts';

test('the files a kustomization beside them lists as resources are its bases; others and other folders are not', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-kustomize-'));
  mkdirSync(join(folder, 'plain'));
  mkdirSync(join(folder, 'other'));
  writeFileSync(
    join(folder, 'kustomization.yaml'),
    'commonLabels: { app: qserv }\nresources:\n  - dataserver.yaml\n  - ./service.yaml\n  - other\n  - https://example.org/remote.yaml\n',
  );
  writeFileSync(join(folder, 'other', 'Kustomization'), 'resources: [../dataserver.yaml, job.yaml]\n');
  writeFileSync(join(folder, 'plain', 'kustomization.yml'), 'resources: [: broken\n');
  const bases = new KustomizeBases();
  assert.equal(bases.has(join(folder, 'dataserver.yaml')), true);
  assert.equal(bases.has(join(folder, 'service.yaml')), true);
  assert.equal(bases.has(join(folder, 'unlisted.yaml')), false);
  assert.equal(bases.has(join(folder, 'other', 'job.yaml')), true);
  assert.equal(
    bases.has(join(folder, 'plain', 'dataserver.yaml')),
    false,
    'a kustomization that does not parse lists nothing',
  );
  assert.equal(bases.has(join(tmpdir(), 'no-such-folder', 'x.yaml')), false);
});

test('a kustomization that is a FIFO is not waited on: it lists nothing', () => {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-kustomize-fifo-'));
  assert.equal(spawnSync('mkfifo', [join(folder, 'kustomization.yaml')]).status, 0);
  assert.equal(new KustomizeBases().has(join(folder, 'deployment.yaml')), false);
});

function tree(files: Record<string, string>): string {
  return writeTree('lsst-kustomize-tree-', files);
}

test("a kustomization's namespace: is the namespace of the files it lists", () => {
  const folder = tree({
    'app/kustomization.yaml': 'namespace: hub\nresources: [deployment.yaml]\n',
    'app/deployment.yaml': '',
    'app/unlisted.yaml': '',
  });
  const bases = new KustomizeBases();
  assert.deepEqual(bases.namespaceOf(join(folder, 'app', 'deployment.yaml')), {
    namespace: 'hub',
    kustomization: 'kustomization.yaml',
  });
  assert.equal(bases.namespaceOf(join(folder, 'app', 'unlisted.yaml')), undefined, 'kustomize does not touch it');
  assert.deepEqual(bases.optionsFor(join(folder, 'app', 'deployment.yaml')), {
    kustomizeBase: true,
    kustomizeNamespace: { namespace: 'hub', kustomization: 'kustomization.yaml' },
  });
  assert.deepEqual(bases.optionsFor(join(folder, 'app', 'unlisted.yaml')), {});
});

test('an overlay beside the base that builds on it, directly or through another, gives its namespace', () => {
  const folder = tree({
    'manifests/base/kustomization.yaml': 'resources: [deployment.yaml, service.yaml]\n',
    'manifests/base/deployment.yaml': '',
    'manifests/base/service.yaml': '',
    'manifests/overlays/prod/kustomization.yml': 'namespace: keeper\nresources: [../../base]\n',
    'kustomize/base/app/kustomization.yaml': 'resources: [job.yaml]\n',
    'kustomize/base/app/job.yaml': '',
    'kustomize/base/all/Kustomization': 'resources: [../app]\n',
    'kustomize/overlays/dev/kustomization.yaml': 'namespace: jobs-dev\ncomponents: [../../base/all]\n',
  });
  const bases = new KustomizeBases();
  assert.deepEqual(bases.namespaceOf(join(folder, 'manifests', 'base', 'service.yaml')), {
    namespace: 'keeper',
    kustomization: join('..', 'overlays', 'prod', 'kustomization.yml'),
  });
  assert.deepEqual(bases.namespaceOf(join(folder, 'kustomize', 'base', 'app', 'job.yaml')), {
    namespace: 'jobs-dev',
    kustomization: join('..', '..', 'overlays', 'dev', 'kustomization.yaml'),
  });
});

test('an overlay that builds on another folder, or one past the top of the repository, gives nothing', () => {
  const folder = tree({
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
    'repo/base/deployment.yaml': '',
    'repo/other/kustomization.yaml': 'resources: [deployment.yaml]\n',
    'repo/overlays/prod/kustomization.yaml': 'namespace: elsewhere\nresources: [../../other]\n',
    // A neighbouring project that happens to point into this repository.
    'neighbour/kustomization.yaml': 'namespace: theirs\nresources: [../repo/base]\n',
    // Two kustomizations that build on each other, and on nothing else.
    'repo/loop-a/kustomization.yaml': 'namespace: loop\nresources: [../loop-b]\n',
    'repo/loop-b/kustomization.yaml': 'resources: [../loop-a]\n',
  });
  const bases = new KustomizeBases();
  assert.equal(bases.has(join(folder, 'repo', 'base', 'deployment.yaml')), true);
  assert.equal(bases.namespaceOf(join(folder, 'repo', 'base', 'deployment.yaml')), undefined);
  assert.deepEqual(bases.optionsFor(join(folder, 'repo', 'base', 'deployment.yaml')), { kustomizeBase: true });
});

test("images: of the file's kustomization and of its overlays, a tag written as a number kept as written", () => {
  const folder = tree({
    'itest/kustomization.yaml':
      'resources: [dataserver.yaml]\nimages:\n- name: nginxinc/nginx-unprivileged\n  newTag: 1.20\n- name: no-change\n- { newTag: "2" }\n',
    'itest/dataserver.yaml': '',
    'overlays/ci/kustomization.yaml':
      'resources: [../../itest]\nimages: [{ name: nginxinc/nginx-unprivileged, digest: "sha256:0123" }]\n',
    'overlays/plain/kustomization.yaml': 'resources: [../../itest]\n',
  });
  const bases = new KustomizeBases();
  const file = join(folder, 'itest', 'dataserver.yaml');
  const expected = [
    {
      kustomization: 'kustomization.yaml',
      own: true,
      images: [{ name: 'nginxinc/nginx-unprivileged', newTag: '1.20' }],
    },
    {
      kustomization: join('..', 'overlays', 'ci', 'kustomization.yaml'),
      own: false,
      images: [{ name: 'nginxinc/nginx-unprivileged', digest: 'sha256:0123' }],
    },
  ];
  assert.deepEqual(bases.imagesOf(file), expected);
  assert.deepEqual(bases.optionsFor(file), { kustomizeBase: true, kustomizeImages: expected });
  assert.deepEqual(bases.imagesOf(join(folder, 'itest', 'unlisted.yaml')), []);
});

test('patches are told from resources, and a resource in a folder below its kustomization is found', () => {
  const folder = tree({
    'manifests/base/kustomization.yaml':
      'resources: [qserv.yaml, workers/statefulset.yaml]\npatchesStrategicMerge: [image.yaml]\n',
    'manifests/base/qserv.yaml': '',
    'manifests/base/image.yaml': '',
    'manifests/base/workers/statefulset.yaml': '',
    'manifests/dev/kustomization.yaml':
      'namespace: qserv-dev\nresources: [../base]\npatchesStrategicMerge:\n- qserv.yaml\n- |-\n  apiVersion: v1\n  kind: ConfigMap\npatches:\n- path: patches/replicas.yaml\n  target: { kind: StatefulSet }\n- patch: "[]"\n',
    'manifests/dev/qserv.yaml': '',
    'manifests/dev/patches/replicas.yaml': '',
  });
  const bases = new KustomizeBases();
  const at = (path: string) => join(folder, 'manifests', path);
  assert.deepEqual(bases.optionsFor(at('dev/qserv.yaml')), { kustomizePatch: true });
  assert.deepEqual(bases.optionsFor(at('dev/patches/replicas.yaml')), { kustomizePatch: true });
  assert.deepEqual(bases.optionsFor(at('base/image.yaml')), { kustomizePatch: true });
  assert.equal(bases.has(at('base/image.yaml')), false, 'a patch is not a resource');
  assert.deepEqual(bases.optionsFor(at('base/workers/statefulset.yaml')), {
    kustomizeBase: true,
    kustomizeNamespace: { namespace: 'qserv-dev', kustomization: join('..', '..', 'dev', 'kustomization.yaml') },
  });
});

test("a kustomization above the top of the file's repository does not list it", () => {
  const folder = tree({
    'kustomization.yaml': 'resources: [repo/app/deployment.yaml]\n',
    'repo/.git/HEAD': 'ref: refs/heads/main\n',
    'repo/app/deployment.yaml': '',
  });
  assert.equal(new KustomizeBases().has(join(folder, 'repo', 'app', 'deployment.yaml')), false);
});

test("the files of a kustomization's ConfigMap and Secret generators are data, not manifests", () => {
  const folder = tree({
    'config/manager/kustomization.yaml':
      'resources: [manager.yaml]\nconfigMapGenerator:\n- name: manager-config\n  files: [controller_manager_config.yaml]\nsecretGenerator:\n- name: creds\n  files: [token=secrets/token.yaml]\n',
    'config/manager/manager.yaml': '',
    'config/manager/controller_manager_config.yaml': '',
    'config/manager/secrets/token.yaml': '',
  });
  const bases = new KustomizeBases();
  const at = (path: string) => join(folder, 'config', 'manager', path);
  assert.deepEqual(bases.optionsFor(at('controller_manager_config.yaml')), { kustomizeData: 'kustomization.yaml' });
  assert.deepEqual(bases.optionsFor(at('secrets/token.yaml')), { kustomizeData: join('..', 'kustomization.yaml') });
  assert.deepEqual(bases.optionsFor(at('manager.yaml')), { kustomizeBase: true });
});

test('a file named as a patch beside a kustomization that does not list it is taken for a patch', () => {
  const folder = tree({
    'config/default/kustomization.yaml':
      'resources: [../manager, patch-notes.yaml]\npatchesStrategicMerge:\n- manager_auth_proxy_patch.yaml\n# - manager_config_patch.yaml\n',
    'config/default/manager_config_patch.yaml': '',
    'config/default/patch-notes.yaml': '',
    'config/default/dispatcher.yaml': '',
    'plain/manager_config_patch.yaml': '',
  });
  const bases = new KustomizeBases();
  const at = (path: string) => join(folder, path);
  assert.equal(bases.isPatch(at('config/default/manager_config_patch.yaml')), true);
  assert.equal(bases.isPatch(at('config/default/patch-notes.yaml')), false, 'listed as a resource');
  assert.equal(bases.isPatch(at('config/default/dispatcher.yaml')), false, '"patch" inside a word');
  assert.equal(bases.isPatch(at('plain/manager_config_patch.yaml')), false, 'no kustomization beside it');
});
