#!/usr/bin/env node
// The release artifacts, tested as a user gets them: scripts/release.mjs builds them once into
// $LSST_RELEASE_DIR (a temporary folder when unset), then the tests in
// packages/kubectl-lsst/test/release/ install and run each from there, with no repository around.
// scripts/test.mjs sets LSST_RELEASE_DIR so that the editor tests install this same .vsix.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const given = process.env.LSST_RELEASE_DIR;
const out = given || mkdtempSync(join(tmpdir(), 'lsst-release-'));

const built = spawnSync(process.execPath, ['scripts/release.mjs', '--out', out], { cwd: root, stdio: 'inherit' });
let status = built.status ?? 1;
if (status === 0) {
  const testsDir = join('packages', 'kubectl-lsst', 'test', 'release');
  const files = readdirSync(join(root, testsDir))
    .filter((name) => name.endsWith('.release-test.ts'))
    .sort()
    .map((name) => join(testsDir, name));
  // The tests' temporary folders (installs, homes, caches) go into one scratch folder, removed at the end.
  const scratch = mkdtempSync(join(tmpdir(), 'lsst-test-scratch-'));
  chmodSync(scratch, 0o1777);
  const tests = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    { cwd: root, stdio: 'inherit', env: { ...process.env, LSST_RELEASE_DIR: out, FORCE_COLOR: '0', TMPDIR: scratch } },
  );
  status = tests.status ?? 1;
  rmSync(scratch, { recursive: true, force: true });
}
if (!given) rmSync(out, { recursive: true, force: true });
process.exit(status);
