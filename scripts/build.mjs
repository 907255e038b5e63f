// Bundles the kubectl plugin into packages/kubectl-lsst/dist/ (and the editor extension, through
// its own script). Two bundles: cli.cjs holds the fast paths (`check`, `context current`) and
// loads oclif.cjs (oclif, help, every other command) only when needed, so that the fast path
// neither reads nor compiles oclif. Usage: node scripts/build.mjs [--metafile]
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const cliRoot = join(root, 'packages/kubectl-lsst');
const dist = join(cliRoot, 'dist');
const started = performance.now();

// string-width sets up Intl.Segmenter and large Unicode regexes when loaded (about 20 ms of a
// 40 ms budget for `check`); this shim answers for printable ASCII and loads it only for other text.
const fastStringWidth = join(cliRoot, 'src/lib/string-width-fast.cjs');
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^string-width$/ }, (args) => {
      if (args.pluginData === 'real') return undefined;
      if (args.importer !== fastStringWidth) return { path: fastStringWidth };
      // The real module, as core (which depends on it) resolves it.
      return pluginBuild.resolve('string-width', {
        resolveDir: join(root, 'packages/core'),
        kind: 'import-statement',
        pluginData: 'real',
      });
    });
  },
};

// dockerfile-ast (and the language server types under it) load on the first Dockerfile only.
const lazyDockerfileAst = join(cliRoot, 'src/lib/dockerfile-ast-lazy.cjs');
const lazyDockerfileParser = {
  name: 'lazy-dockerfile-ast',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^dockerfile-ast$/ }, (args) => {
      if (args.pluginData === 'real') return undefined;
      if (args.importer !== lazyDockerfileAst) return { path: lazyDockerfileAst };
      return pluginBuild.resolve('dockerfile-ast', {
        resolveDir: join(root, 'packages/core'),
        kind: 'require-call',
        pluginData: 'real',
      });
    });
  },
};

// In cli.cjs, `import('./oclif-runner.ts')` becomes a require of the sibling bundle.
const oclifAsSiblingBundle = {
  name: 'oclif-as-sibling-bundle',
  setup(pluginBuild) {
    // Through a small CommonJS module, so that the bundle requires it: a bare import() would need
    // a dynamic-import callback, which code compiled from the V8 code cache does not have.
    pluginBuild.onResolve({ filter: /^\.\/oclif-runner\.ts$/ }, () => ({ path: 'oclif-runner', namespace: 'sibling' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'sibling' }, () => ({
      contents: "module.exports = require('./oclif.cjs');",
      loader: 'js',
    }));
    pluginBuild.onResolve({ filter: /^\.\/oclif\.cjs$/ }, () => ({ path: './oclif.cjs', external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Readable stack traces with --debug; whitespace and syntax are still minified for load time.
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  // oclif looks typescript up only to run uncompiled plugins, which a bundle never does.
  external: ['typescript'],
  // The ESM sources read their own location; in a CommonJS bundle that is the bundle file.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
  logLevel: 'warning',
};

// dist/ is not emptied first: a test or a shell may be running the previous build meanwhile.
const [cli, oclif] = await Promise.all([
  build({
    ...common,
    entryPoints: [join(cliRoot, 'src/cli.ts')],
    outfile: join(dist, 'cli.cjs'),
    plugins: [lazyStringWidth, lazyDockerfileParser, oclifAsSiblingBundle],
  }),
  build({
    ...common,
    entryPoints: [join(cliRoot, 'src/oclif-runner.ts')],
    outfile: join(dist, 'oclif.cjs'),
    plugins: [lazyStringWidth],
  }),
]);
if (process.argv.includes('--metafile')) {
  writeFileSync(join(dist, 'cli.meta.json'), JSON.stringify(cli.metafile));
  writeFileSync(join(dist, 'oclif.meta.json'), JSON.stringify(oclif.metafile));
}
const kib = (result) => (Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0) / 1024;
console.log(
  `kubectl-lsst: dist/cli.cjs ${kib(cli).toFixed(0)} KiB, dist/oclif.cjs ${kib(oclif).toFixed(0)} KiB in ${(performance.now() - started).toFixed(0)} ms`,
);

const extensionBuild = join(root, 'packages/vscode-ext/esbuild.mjs');
if (existsSync(extensionBuild)) {
  const extension = spawnSync(process.execPath, [extensionBuild], {
    cwd: join(root, 'packages/vscode-ext'),
    stdio: 'inherit',
  });
  if (extension.status !== 0) process.exit(extension.status ?? 1);
}
