import assert from 'node:assert/strict';
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { writeTree } from '../../test-support/file-tree.ts';
import { defaultResolvedConfig } from '../config/load.ts';
import { checkText } from '../engine/check.ts';
import { IncrementalManifestChecker } from '../engine/incremental.ts';
import { FolderManifests } from './folder-manifests.ts';
import { RepositoryImages } from './repository-images.ts';

function deployment(image: string, securityContext = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: docs
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:${securityContext}
      containers:
        - name: app
          image: '${image}'
`;
}

const pythonService = (user: string) =>
  `FROM python:3.12-slim AS runtime\nRUN useradd --create-home appuser\nCOPY . /app\n${user ? `USER ${user}\n` : ''}CMD ["run"]\n`;

// Shaped like a service that deploys itself: a checkout named as its image, its Dockerfile at the top,
// its manifests under manifests/base/, and a second image built in a folder of its own.
const checkout = {
  'docs-keeper/.git/HEAD': 'ref: refs/heads/main\n',
  'docs-keeper/Dockerfile': pythonService('appuser'),
  'docs-keeper/manifests/base/deployment.yaml': deployment('ghcr.io/example/docs-keeper:1.2.0'),
  'docs-keeper/worker/Dockerfile': pythonService(''),
  'docs-keeper/manifests/base/worker.yaml': deployment('ghcr.io/example/worker:1.2.0'),
  'docs-keeper/deploy/uploader/Dockerfile': `FROM ghcr.io/lsst/scipipe:al9-w_2026_40\nCOPY . /app\n`,
  'docs-keeper/deploy/uploader/uploader.yaml': deployment('example/uploader:3'),
  // Above the repository's top: another project, whatever its name.
  'outside/Dockerfile': pythonService('root'),
};

function runAsNonRootFindings(folder: string, path: string, around = new FolderManifests()) {
  const absolute = join(folder, path);
  const result = checkText(
    { path, text: readFileSync(absolute, 'utf8'), kind: 'manifest' },
    { config: defaultResolvedConfig(), ...around.optionsFor(absolute) },
  );
  return result.findings
    .filter((finding) => finding.rule === 'security/run-as-non-root')
    .map((finding) => ({ severity: finding.severity, message: finding.message, fixed: finding.fix !== undefined }));
}

test('an image is found by its name: the Dockerfile at the top of a checkout so named, or of a folder so named around the manifest', () => {
  const folder = writeTree('lsst-repository-images-', checkout);
  try {
    const images = new RepositoryImages();
    const manifest = join(folder, 'docs-keeper/manifests/base/deployment.yaml');
    assert.equal(images.builtFor(manifest, 'docs-keeper')?.dockerfile, '../../Dockerfile');
    // A path relative to the working folder finds the same.
    assert.equal(images.builtFor(relative(process.cwd(), manifest), 'docs-keeper')?.dockerfile, '../../Dockerfile');
    assert.equal(images.builtFor(manifest, 'worker')?.dockerfile, '../../worker/Dockerfile');
    assert.equal(
      images.builtFor(join(folder, 'docs-keeper/deploy/uploader/uploader.yaml'), 'uploader')?.dockerfile,
      'Dockerfile',
    );
    // No folder of that name, a name that is not a folder's, and nothing above the repository's top.
    assert.equal(images.builtFor(manifest, 'nginx'), undefined);
    assert.equal(images.builtFor(manifest, '../outside'), undefined);
    assert.equal(images.builtFor(manifest, 'outside'), undefined);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a Deployment of the repository's own image is judged by the user its Dockerfile sets", () => {
  const folder = writeTree('lsst-repository-images-', checkout);
  try {
    // A named user: the message names the Dockerfile and asks for the id; no fix, since runAsNonRoot alone would
    // stop the pod. Still an error: nothing in the manifest lets Kubernetes (or the admission policy) know the user.
    assert.deepEqual(runAsNonRootFindings(folder, 'docs-keeper/manifests/base/deployment.yaml'), [
      {
        severity: 'error',
        message:
          'Container "app" runs as user appuser of its image "ghcr.io/example/docs-keeper:1.2.0" (built from ../../Dockerfile, going by its name), not as root, but nothing in the manifest makes Kubernetes check it: another image, or a new build of this one, could run as root. Set runAsNonRoot: true and runAsUser to the numeric id of "appuser" in its securityContext: Kubernetes cannot verify a user name, and refuses to start the container under runAsNonRoot: true without the id.',
        fixed: false,
      },
    ]);
    // No USER on an official base that runs as root: the container runs as root, an error with the fix.
    const [worker] = runAsNonRootFindings(folder, 'docs-keeper/manifests/base/worker.yaml');
    assert.equal(worker?.severity, 'error');
    assert.match(
      worker?.message ?? '',
      /^Container "app" runs as root: its image "ghcr.io\/example\/worker:1.2.0" \(built from \.\.\/\.\.\/worker\/Dockerfile, going by its name\) runs as root/,
    );
    assert.equal(worker?.fixed, true);
    // No USER on a base known to run as a non-root user: that user.
    const [uploader] = runAsNonRootFindings(folder, 'docs-keeper/deploy/uploader/uploader.yaml');
    assert.match(
      uploader?.message ?? '',
      /runs as user lsst of its image "example\/uploader:3" \(built from Dockerfile, going by its name\)/,
    );
    // A manifest that sets runAsUser is not reported, whatever the Dockerfile says.
    writeFileSync(
      join(folder, 'docs-keeper/manifests/base/pinned.yaml'),
      deployment(
        'ghcr.io/example/docs-keeper:1.2.0',
        '\n      securityContext: { runAsNonRoot: true, runAsUser: 1000 }',
      ),
    );
    assert.deepEqual(runAsNonRootFindings(folder, 'docs-keeper/manifests/base/pinned.yaml'), []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('an image the repository does not build, or an official one, is judged as before', () => {
  const folder = writeTree('lsst-repository-images-', {
    ...checkout,
    'docs-keeper/postgres/Dockerfile': pythonService('appuser'),
    'docs-keeper/manifests/base/database.yaml': deployment('postgres:16.4'),
    'docs-keeper/manifests/base/other.yaml': deployment('ghcr.io/example/other:1'),
    'docs-keeper/manifests/base/variable.yaml': deployment('ghcr.io/example/variable:1'),
    'docs-keeper/variable/Dockerfile': 'FROM ghcr.io/example/base:2\nARG APP_USER=app\nUSER ${APP_USER}\n',
  });
  try {
    // The official postgres image is Docker Hub's, not the folder's: its entrypoint hands over to postgres.
    const [database] = runAsNonRootFindings(folder, 'docs-keeper/manifests/base/database.yaml');
    assert.match(database?.message ?? '', /^Container "app" starts as root: its image "postgres:16.4" starts as root/);
    const unknown =
      'Container "app" may run as root: neither runAsNonRoot: true nor a non-zero runAsUser applies to it.';
    for (const path of ['other.yaml', 'variable.yaml']) {
      const [finding] = runAsNonRootFindings(folder, `docs-keeper/manifests/base/${path}`);
      assert.ok(finding?.message.startsWith(unknown), `${path}: ${finding?.message}`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("the editor's incremental check sees the Dockerfile as it is now, and the CLI's run reads it once", () => {
  const folder = writeTree('lsst-repository-images-', checkout);
  try {
    const path = join(folder, 'docs-keeper/manifests/base/deployment.yaml');
    const dockerfile = join(folder, 'docs-keeper/Dockerfile');
    const checker = new IncrementalManifestChecker();
    const config = defaultResolvedConfig();
    const around = new FolderManifests({ rereadEachCheck: true });
    const text = `${deployment('ghcr.io/example/docs-keeper:1.2.0')}---\n${deployment('ghcr.io/example/worker:1.2.0')}`;
    // What each finding says the container runs as.
    const users = () =>
      checker
        .check(path, text, { config, ...around.optionsFor(path) })
        .findings.filter((finding) => finding.rule === 'security/run-as-non-root')
        .map((finding) => `${finding.start.line} ${/runs as (root|user \w+)/.exec(finding.message)?.[1]}`);
    assert.deepEqual(users(), ['12 user appuser', '26 root']);
    // The Dockerfile switches to root: the document of its image is checked again at the next check.
    writeFileSync(dockerfile, pythonService('root'));
    utimesSync(dockerfile, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(users(), ['12 root', '26 root']);
    // A run of the CLI reads each Dockerfile once.
    const once = new RepositoryImages();
    assert.equal(effectiveUser(once, path), 'root');
    writeFileSync(dockerfile, pythonService('appuser'));
    utimesSync(dockerfile, new Date(), new Date(Date.now() + 10000));
    assert.equal(effectiveUser(once, path), 'root');
    assert.equal(effectiveUser(new RepositoryImages({ rereadEachCheck: true }), path), 'appuser');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

function effectiveUser(images: RepositoryImages, manifest: string): string | undefined {
  const stage = images.builtFor(manifest, 'docs-keeper')?.model.finalStage;
  const users = stage?.instructions.filter((instruction) => instruction.keyword === 'USER') ?? [];
  return users[users.length - 1]?.argumentsText.trim();
}
