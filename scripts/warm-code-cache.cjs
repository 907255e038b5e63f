// Writes the code cache of one bundle of bin/kubectl-lsst from the command lines people start most,
// run one after another in this process, so that the cache holds the start-up path of each of them
// (a cache written by one command leaves the others' functions to be compiled at every start).
// Run by scripts/build.mjs without Node flags, in a folder of its own holding a small kubeconfig.
// Usage: node scripts/warm-code-cache.cjs BUNDLE COMMAND-LINES-AS-JSON
'use strict';
const path = require('node:path');

const bin = path.join(__dirname, '..', 'packages/kubectl-lsst/bin/kubectl-lsst');
// The launcher runs a command line when required, unless this is set.
globalThis[Symbol.for('kubectl-lsst.warm-up')] = true;
const { loadBundle, saveCodeCache } = require(bin);

async function warmUp(bundle, commandLines) {
  const loaded = loadBundle(bundle);
  for (const args of commandLines) {
    process.argv = [process.execPath, bin, ...args];
    const code = await loaded.cli.run();
    // A light command line left to the main bundle (undefined) would warm up nothing here.
    if (code === undefined || code > 1) throw new Error(`kubectl-lsst ${args.join(' ')}: exit ${code}`);
  }
  if (loaded.script) saveCodeCache(loaded);
}

warmUp(process.argv[2], JSON.parse(process.argv[3])).then(
  () => {
    process.exitCode = 0;
  },
  (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  },
);
