// Preloaded by start-up-modules.e2e.test.ts: at exit, writes the modules the process loaded to the file
// LSST_LOADED_MODULES names. One fixed path, so that the binary keeps one code cache for this set of flags.
'use strict';
const out = process.env.LSST_LOADED_MODULES;
if (out) process.on('exit', () => require('node:fs').writeFileSync(out, process.moduleLoadList.join('\n')));
