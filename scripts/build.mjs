// Bundles the kubectl plugin into packages/kubectl-lsst/dist/cli.cjs (and the editor extension,
// through its own script). Usage: node scripts/build.mjs [--metafile]
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const cliRoot = join(root, 'packages/kubectl-lsst');
const started = performance.now();

const result = await build({
  entryPoints: [join(cliRoot, 'src/cli.ts')],
  outfile: join(cliRoot, 'dist/cli.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Readable stack traces with --debug; whitespace and syntax are still minified for load time.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  keepNames: true,
  // oclif looks typescript up only to run uncompiled plugins, which a bundle never does.
  external: ['typescript'],
  // The ESM sources read their own location; in the CommonJS bundle that is the bundle file.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
  logLevel: 'warning',
});
if (process.argv.includes('--metafile'))
  writeFileSync(join(cliRoot, 'dist/meta.json'), JSON.stringify(result.metafile));
const size = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;
console.log(
  `kubectl-lsst: dist/cli.cjs ${(size / 1024).toFixed(0)} KiB in ${(performance.now() - started).toFixed(0)} ms`,
);

const extensionBuild = join(root, 'packages/vscode-ext/esbuild.mjs');
if (existsSync(extensionBuild)) {
  const extension = spawnSync(process.execPath, [extensionBuild], {
    cwd: join(root, 'packages/vscode-ext'),
    stdio: 'inherit',
  });
  if (extension.status !== 0) process.exit(extension.status ?? 1);
}
