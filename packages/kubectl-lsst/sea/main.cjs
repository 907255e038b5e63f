// The entry point of the single executable (Node's single executable applications, built by
// scripts/release.mjs): the plugin's files travel inside the executable as assets and are
// unpacked once into a cache folder named by their digest, then bin/kubectl-lsst runs from there
// as in the npm package (oclif loads its command registry from a file, so the bundles need one).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');
const sea = require('node:sea');

const manifest = JSON.parse(sea.getAsset('manifest.json', 'utf8'));

/** Where unpacked files go: $XDG_CACHE_HOME or ~/.cache, else the temporary folder. */
function cacheRoots() {
  const roots = [];
  if (process.env.KUBECTL_LSST_CACHE_DIR) roots.push(process.env.KUBECTL_LSST_CACHE_DIR);
  const home = os.homedir();
  if (process.env.XDG_CACHE_HOME) roots.push(path.join(process.env.XDG_CACHE_HOME, 'kubectl-lsst'));
  else if (home) roots.push(path.join(home, '.cache', 'kubectl-lsst'));
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  roots.push(path.join(os.tmpdir(), `kubectl-lsst-${uid}`));
  return roots;
}

/** The folder holding this executable's files, unpacked now if no earlier run did it. */
function unpacked() {
  const name = `${manifest.version}-${manifest.digest.slice(0, 16)}`;
  const errors = [];
  for (const root of cacheRoots()) {
    const folder = path.join(root, name);
    if (fs.existsSync(path.join(folder, '.complete'))) return folder;
    try {
      // A whole folder is written under a temporary name and renamed: a reader never sees half of it.
      fs.mkdirSync(root, { recursive: true, mode: 0o700 });
      const temporary = fs.mkdtempSync(path.join(root, `.${name}-`));
      for (const file of manifest.files) {
        const target = path.join(temporary, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, new Uint8Array(sea.getRawAsset(file.path)), { mode: file.mode });
      }
      fs.writeFileSync(path.join(temporary, '.complete'), `${manifest.digest}\n`);
      try {
        fs.renameSync(temporary, folder);
      } catch (error) {
        // Another run unpacked the same files first: theirs are as good.
        fs.rmSync(temporary, { recursive: true, force: true });
        if (!fs.existsSync(path.join(folder, '.complete'))) throw error;
      }
      return folder;
    } catch (error) {
      errors.push(`${root}: ${error.message}`);
    }
  }
  process.stderr.write(
    `kubectl-lsst: cannot unpack the plugin's files (${errors.join('; ')}). Set KUBECTL_LSST_CACHE_DIR to a writable folder.\n`,
  );
  process.exit(2);
}

const folder = unpacked();
// kubectl runs `kubectl_complete-lsst` for completion: a link of that name to this executable completes.
const launcher = path.basename(process.argv[1] ?? '').startsWith('kubectl_complete-')
  ? 'bin/kubectl_complete-lsst'
  : 'bin/kubectl-lsst';
const entry = path.join(folder, launcher);
process.argv[1] = entry;
createRequire(entry)(entry);
