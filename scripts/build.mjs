// Bundles the kubectl plugin into packages/kubectl-lsst/dist/ (and the editor extension, through
// its own script). cli.cjs holds the fast paths (`check`, `context current`) and loads oclif.cjs
// (oclif, help, every other command) only when needed, so that the fast path neither reads nor
// compiles oclif. light.cjs, tried first by bin/kubectl-lsst, answers help, `rules`, `explain`,
// `version` and `context` without oclif or the rule engine: its help texts, rule catalogue and
// explanations are made here by the oclif bundle itself. Usage: node scripts/build.mjs [--metafile]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const cliRoot = join(root, 'packages/kubectl-lsst');
const dist = join(cliRoot, 'dist');
const started = performance.now();
// `kubectl lsst version`: the version, commit, data tables' dates and Kubernetes versions, baked in.
const { collectBuildInfo } = createRequire(import.meta.url)('./build-info.cjs');
const buildInfo = collectBuildInfo(root);

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

// yaml is a CommonJS package: bundled as is, every `isScalar(node)` of our code went through a
// getter that esbuild puts on the imported namespace (about 4% of a large check). This module binds
// its exports once, as constants, so that calls to them are plain calls.
const yamlExportsAsConstants = {
  name: 'yaml-exports-as-constants',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^yaml$/ }, async (args) => {
      if (args.pluginData === 'real') return undefined;
      const real = await pluginBuild.resolve('yaml', {
        resolveDir: join(root, 'packages/core'),
        kind: 'require-call',
        pluginData: 'real',
      });
      if (real.errors.length > 0) return real;
      return { path: real.path, namespace: 'yaml-constants' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'yaml-constants' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(args.path)).filter((name) => name !== 'default');
      return {
        contents: `const yaml = require(${JSON.stringify(args.path)});\nexport const { ${names.join(', ')} } = yaml;\nexport default yaml;\n`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};

// dockerfile-ast requires vscode-languageserver-types, whose package sends bundlers to its ES
// module: bundled as such, every Position.create and Range.create of the Dockerfile parser went
// through an export getter (a profile put 6% of a large check there). Its CommonJS build has
// plain properties.
const languageServerTypesAsCommonJs = {
  name: 'language-server-types-as-commonjs',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^vscode-languageserver-types$/ }, async (args) => {
      if (args.kind !== 'require-call' || args.pluginData === 'real') return undefined;
      const resolved = await pluginBuild.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: 'real',
      });
      if (resolved.errors.length > 0 || !resolved.path.endsWith('/lib/esm/main.js')) return resolved;
      return { path: resolved.path.replace(/\/lib\/esm\/main\.js$/, '/lib/umd/main.js') };
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

// @kubernetes/client-node (4.5 MB bundled) is its own bundle, kube-client.cjs, shared by the
// other two and loaded only by code that talks to a cluster (its imports are dynamic).
// Deep imports used by the sources are listed here, so that kube-client.cjs carries them too.
const kubeClientSubpaths = ['dist/gen/models/ObjectSerializer.js'];
const kubeClientAsSiblingBundle = {
  name: 'kube-client-as-sibling-bundle',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@kubernetes\/client-node(\/.*)?$/ }, (args) => {
      const subpath = args.path.slice('@kubernetes/client-node/'.length);
      if (subpath !== '' && !kubeClientSubpaths.includes(subpath)) {
        return { errors: [{ text: `add "${subpath}" to kubeClientSubpaths in scripts/build.mjs` }] };
      }
      return { path: subpath || 'index', namespace: 'kube-client' };
    });
    pluginBuild.onLoad({ filter: /.*/, namespace: 'kube-client' }, (args) => ({
      contents:
        args.path === 'index'
          ? "module.exports = require('./kube-client.cjs').index;"
          : `module.exports = require('./kube-client.cjs').subpaths[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    pluginBuild.onResolve({ filter: /^\.\/kube-client\.cjs$/ }, () => ({ path: './kube-client.cjs', external: true }));
  },
};
const kubeClientEntry = `module.exports = {
  index: require('@kubernetes/client-node'),
  subpaths: {${kubeClientSubpaths.map((subpath) => `\n    ${JSON.stringify(subpath)}: require('@kubernetes/client-node/${subpath}'),`).join('')}
  },
};`;

// The language server (vscode-languageserver and the server) is its own bundle too, language-server.cjs,
// loaded by `kubectl lsst lsp` only: no other command reads or compiles it.
const languageServerAsSiblingBundle = {
  name: 'language-server-as-sibling-bundle',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@lsst-kube\/language-server$/ }, () => ({
      path: 'language-server',
      namespace: 'language-server',
    }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'language-server' }, () => ({
      contents: "module.exports = require('./language-server.cjs');",
      loader: 'js',
    }));
    pluginBuild.onResolve({ filter: /^\.\/language-server\.cjs$/ }, () => ({
      path: './language-server.cjs',
      external: true,
    }));
  },
};

// bin/kubectl-lsst runs cli.cjs from V8's code cache, where import() has no loader: dynamic
// imports of Node's own modules become requires (bundled modules already are).
const builtinImportsAsRequires = {
  name: 'builtin-imports-as-requires',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'builtin' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Whitespace and syntax are minified for load time; names only in the start-up bundles (startUpBundle).
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: false,
  // oclif looks typescript up only to run uncompiled plugins, which a bundle never does.
  external: ['typescript'],
  // The ESM sources read their own location; in a CommonJS bundle that is the bundle file.
  // A getter: most runs never ask, and computing it costs milliseconds of every start.
  define: { 'import.meta.url': '__bundle.url', LSST_BUILD_INFO: JSON.stringify(buildInfo) },
  banner: { js: "const __bundle = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  metafile: true,
  logLevel: 'warning',
};

// The bundles bin/kubectl-lsst starts from: short names make a smaller source and code cache, about 3 ms
// of every `check`. --debug maps stack traces back to the sources through the source maps.
const startUpBundle = { ...common, minifyIdentifiers: true };

// dist/ is not emptied first: a test or a shell may be running the previous build meanwhile.
const [cli, , oclif, kubeClient, languageServer] = await Promise.all([
  build({
    ...startUpBundle,
    entryPoints: [join(cliRoot, 'src/cli.ts')],
    outfile: join(dist, 'cli.cjs'),
    plugins: [
      lazyStringWidth,
      lazyDockerfileParser,
      languageServerTypesAsCommonJs,
      yamlExportsAsConstants,
      oclifAsSiblingBundle,
      kubeClientAsSiblingBundle,
      builtinImportsAsRequires,
    ],
  }),
  // The worker threads of `check --jobs N` (lib/check-workers.ts starts them from beside cli.cjs).
  build({
    ...startUpBundle,
    entryPoints: [join(cliRoot, 'src/lib/check-worker.ts')],
    outfile: join(dist, 'check-worker.cjs'),
    plugins: [
      lazyStringWidth,
      lazyDockerfileParser,
      languageServerTypesAsCommonJs,
      yamlExportsAsConstants,
      kubeClientAsSiblingBundle,
      builtinImportsAsRequires,
    ],
  }),
  build({
    ...common,
    entryPoints: [join(cliRoot, 'src/oclif-runner.ts')],
    outfile: join(dist, 'oclif.cjs'),
    plugins: [lazyStringWidth, kubeClientAsSiblingBundle, languageServerAsSiblingBundle],
  }),
  build({
    ...common,
    stdin: { contents: kubeClientEntry, resolveDir: join(root, 'packages/core') },
    outfile: join(dist, 'kube-client.cjs'),
  }),
  build({
    ...common,
    entryPoints: [join(root, 'packages/language-server/src/index.ts')],
    outfile: join(dist, 'language-server.cjs'),
    plugins: [lazyStringWidth, kubeClientAsSiblingBundle],
  }),
]);
// The outputs light.cjs serves as made, from oclif itself, in a process whose output is a pipe and
// whose environment sets neither colour nor width: oclif's help is then 80 columns wide and plain.
const collected = spawnSync(
  process.execPath,
  [
    '-e',
    'require(process.argv[1]).staticOutputs().then((outputs) => process.stdout.write(JSON.stringify(outputs)))',
    join(dist, 'oclif.cjs'),
  ],
  {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: withoutOutputSettings(withoutNodeFlags(process.env)),
  },
);
if (collected.status !== 0) throw new Error("kubectl-lsst: making the fast path's help texts with oclif failed");
for (const [part, value] of Object.entries(JSON.parse(collected.stdout)))
  writeFileAtomically(join(dist, `light-${part}.json`), JSON.stringify(value));
const light = await build({
  ...startUpBundle,
  entryPoints: [join(cliRoot, 'src/light.ts')],
  outfile: join(dist, 'light.cjs'),
  define: { ...startUpBundle.define, LSST_STATIC_OUTPUTS_FILE: JSON.stringify('./light-PART.json') },
  plugins: [lazyStringWidth, kubeClientAsSiblingBundle, builtinImportsAsRequires],
});
// The shell prompt's `context current`, in a bundle of its own: its cache holds nothing else.
const current = await build({
  ...startUpBundle,
  entryPoints: [join(cliRoot, 'src/current.ts')],
  outfile: join(dist, 'current.cjs'),
  plugins: [lazyStringWidth, kubeClientAsSiblingBundle, builtinImportsAsRequires],
});
// bin/kubectl-lsst's code cache of the previous bundle: V8 checks a cache against the source's
// length only, so a change that keeps the length (a constant 8 -> 4) would run the old code.
for (const name of readdirSync(dist)) if (name.endsWith('.v8cache')) rmSync(join(dist, name), { force: true });
// The code caches are written now, from warm-ups on the start-up paths, not by whichever run comes
// first: a large check would leave the start-up functions out, and one light command the others'.
/** Two contexts, so that `context` runs its table as it does for most people. */
const warmUpKubeconfig = `apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev
  cluster: { server: 'https://dev.example.org:6443' }
- name: prod
  cluster: { server: 'https://prod.example.org:6443' }
contexts:
- name: dev
  context: { cluster: dev, user: me, namespace: apps }
- name: prod
  context: { cluster: prod, user: me }
users:
- name: me
  user: { token: not-a-secret }
`;

const warmUpFolder = mkdtempSync(join(tmpdir(), 'kubectl-lsst-warm-up-'));
try {
  writeFileSync(join(warmUpFolder, 'kubeconfig'), warmUpKubeconfig);
  const warmUpOptions = {
    cwd: warmUpFolder,
    // Its notes (the clusters have no role) are expected; its errors are shown if it fails.
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    // Its own HOME and kubeconfig: no configuration of the person building is read.
    env: {
      ...withoutOutputSettings(withoutNodeFlags(process.env)),
      HOME: warmUpFolder,
      XDG_CONFIG_HOME: join(warmUpFolder, 'config'),
      XDG_CACHE_HOME: join(warmUpFolder, 'cache'),
      KUBECONFIG: join(warmUpFolder, 'kubeconfig'),
    },
  };
  const warmUp = (bundle, commandLines) => {
    const result = spawnSync(
      process.execPath,
      [join(root, 'scripts/warm-code-cache.cjs'), bundle, JSON.stringify(commandLines)],
      warmUpOptions,
    );
    if (result.status !== 0)
      console.warn(`kubectl-lsst: the ${bundle} code cache warm-up failed; the first run writes it.\n${result.stderr}`);
  };
  // A manifest in both report formats people read most, and a Dockerfile (its reader and rules).
  warmUp('cli', [
    ['check', '--format', 'json', join(root, 'examples/bad/jupyterlab.yaml')],
    ['check', join(root, 'examples/bad/jupyterlab.yaml')],
    ['check', join(root, 'examples/bad/naive.Dockerfile')],
  ]);
  warmUp('light', [['explain', 'image/pinned'], ['rules'], ['--help'], ['version'], ['context']]);
  // The prompt's answer is kept per user, so most prompts read it back: worked out once first, by a
  // run whose own cache is then removed, so that the warm-up's cache holds the reading-back path.
  spawnSync(process.execPath, [join(cliRoot, 'bin/kubectl-lsst'), 'context', 'current'], warmUpOptions);
  rmSync(join(dist, `current.${process.version}.default.v8cache`), { force: true });
  warmUp('current', [['context', 'current']]);
} finally {
  rmSync(warmUpFolder, { recursive: true, force: true });
}
if (process.argv.includes('--metafile')) {
  writeFileSync(join(dist, 'cli.meta.json'), JSON.stringify(cli.metafile));
  writeFileSync(join(dist, 'oclif.meta.json'), JSON.stringify(oclif.metafile));
  writeFileSync(join(dist, 'light.meta.json'), JSON.stringify(light.metafile));
  writeFileSync(join(dist, 'current.meta.json'), JSON.stringify(current.metafile));
}
const kib = (result) =>
  (Object.entries(result.metafile.outputs).find(([name]) => name.endsWith('.cjs'))?.[1].bytes ?? 0) / 1024;
console.log(
  `kubectl-lsst: dist/current.cjs ${kib(current).toFixed(0)} KiB, dist/light.cjs ${kib(light).toFixed(0)} KiB, dist/cli.cjs ${kib(cli).toFixed(0)} KiB, dist/oclif.cjs ${kib(oclif).toFixed(0)} KiB, dist/kube-client.cjs ${kib(kubeClient).toFixed(0)} KiB, dist/language-server.cjs ${kib(languageServer).toFixed(0)} KiB in ${(performance.now() - started).toFixed(0)} ms`,
);

const extensionBuild = join(root, 'packages/vscode-ext/esbuild.mjs');
if (existsSync(extensionBuild)) {
  const extension = spawnSync(process.execPath, [extensionBuild], {
    cwd: join(root, 'packages/vscode-ext'),
    stdio: 'inherit',
  });
  if (extension.status !== 0) process.exit(extension.status ?? 1);
}

/** The environment without Node or V8 flags, so that the cache is the one of a plain `kubectl lsst`. */
function withoutNodeFlags(env) {
  const plain = { ...env };
  delete plain.NODE_OPTIONS;
  delete plain.NODE_EXTRA_CA_CERTS;
  return plain;
}

/** Written under another name and renamed: a run meanwhile reads the old file or the new one, whole. */
function writeFileAtomically(path, text) {
  writeFileSync(`${path}.${process.pid}.tmp`, text);
  renameSync(`${path}.${process.pid}.tmp`, path);
}

/** The environment without what changes oclif's help (colour, width). */
function withoutOutputSettings(env) {
  const plain = { ...env };
  delete plain.FORCE_COLOR;
  delete plain.OCLIF_COLUMNS;
  return plain;
}
