import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
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
