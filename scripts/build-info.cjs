// What `kubectl lsst version` reports, read from the repository: the version (the root
// package.json is the one place it is set), the commit, the compiled date of each data table
// (packages/core/src/data/README.md) and the Kubernetes versions the schema data covers.
// scripts/build.mjs bakes it into the bundles; unbundled runs (tsx) read it at start.
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** @returns {{ version: string, commit: string, dataTables: { table: string, compiled: string }[], kubernetesVersions: string[] }} */
function collectBuildInfo(root = join(__dirname, '..')) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const dataReadme = readFileSync(join(root, 'packages/core/src/data/README.md'), 'utf8');
  const dataTables = [];
  for (const line of dataReadme.split('\n')) {
    // | `base-images.ts` | what | used by | sources | 2026-11-27 |
    const row = /^\|\s*`([^`]+)`\s*\|.*\|\s*(\d{4}-\d{2}-\d{2})\s*\|\s*$/.exec(line);
    if (row)
      dataTables.push({
        table: row[1].replace(/^schemas\/kubernetes\.generated\.ts$/, 'kubernetes-schemas').replace(/\.ts$/, ''),
        compiled: row[2],
      });
  }
  const sources = JSON.parse(readFileSync(join(root, 'packages/core/src/data/schemas/sources.json'), 'utf8'));
  return { version, commit: gitCommit(root), dataTables, kubernetesVersions: sources.versions };
}

/** The commit, with `-dirty` when tracked files differ from it; `unknown` outside a git checkout. */
function gitCommit(root) {
  const git = (args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const commit = git(['rev-parse', '--short=12', 'HEAD']).trim();
    const dirty = git(['status', '--porcelain', '--untracked-files=no']).trim() !== '';
    return dirty ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown';
  }
}

module.exports = { collectBuildInfo };
