// The krew manifest parses, is a krew Plugin named `lsst`, and installs the binary kubectl runs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { parseManifest } from '@lsst-kube/core';

const packageRoot = new URL('..', import.meta.url).pathname;
const packagesRoot = join(packageRoot, '..');

interface KrewPlugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version: string;
    shortDescription: string;
    caveats: string;
    platforms: { bin: string; uri: string; sha256: string; files: { from: string; to: string }[] }[];
  };
}

function readManifest(): KrewPlugin {
  const parsed = parseManifest(readFileSync(join(packageRoot, 'krew/lsst.yaml'), 'utf8'));
  assert.equal(parsed.documents.length, 1);
  assert.deepEqual(parsed.documents[0]?.problems, []);
  return parsed.documents[0]?.document.toJS() as KrewPlugin;
}

test('the krew manifest is a krew v1alpha2 Plugin named lsst', () => {
  const plugin = readManifest();
  assert.equal(plugin.apiVersion, 'krew.googlecontainertools.github.com/v1alpha2');
  assert.equal(plugin.kind, 'Plugin');
  // krew installs kubectl-<name>, which kubectl runs as `kubectl <name>`.
  assert.equal(plugin.metadata.name, 'lsst');
  const packageJson = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  assert.equal(plugin.spec.version, `v${packageJson.version}`);
  assert.ok(plugin.spec.shortDescription.length <= 60, 'krew asks for a short description');
  assert.match(plugin.spec.caveats, /Node\.js 20 or newer/);
});

test('every platform installs bin/kubectl-lsst with the bundle beside it', () => {
  const plugin = readManifest();
  const packageJson = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
    bin: Record<string, string>;
  };
  assert.ok(plugin.spec.platforms.length > 0);
  for (const platform of plugin.spec.platforms) {
    assert.equal(basename(platform.bin), 'kubectl-lsst');
    assert.equal(platform.bin, packageJson.bin['kubectl-lsst']);
    assert.match(platform.sha256, /^[0-9a-f]{64}$/);
    assert.match(platform.uri, new RegExp(`/v${plugin.spec.version.slice(1)}/`));
    const installed = platform.files.map((file) => `${file.to}/${basename(file.from)}`);
    assert.ok(installed.includes(platform.bin));
    // bin/kubectl-lsst loads ../dist/cli.cjs, which loads ./oclif.cjs and ./kube-client.cjs on demand.
    assert.ok(installed.includes('dist/cli.cjs'));
    assert.ok(installed.includes('dist/oclif.cjs'));
    assert.ok(installed.includes('dist/kube-client.cjs'));
    for (const file of platform.files.filter((entry) => entry.from.includes('/bin/'))) {
      assert.ok(existsSync(join(packagesRoot, file.from)), `${file.from} exists`);
    }
  }
  assert.ok(statSync(join(packageRoot, 'bin/kubectl-lsst')).mode & 0o111, 'executable');
});
