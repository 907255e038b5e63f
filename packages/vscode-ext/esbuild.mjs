// Bundles the extension into dist/extension.cjs (CommonJS, `vscode` external) and the language server
// it starts into dist/server.cjs, and ships beside them what they read at run time: the
// configuration's JSON Schema and the rule docs pages.
// Usage: node packages/vscode-ext/esbuild.mjs [--tests] [--watch] [--production]
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const extensionRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(extensionRoot, '..', '..');
const dist = join(extensionRoot, 'dist');
const args = new Set(process.argv.slice(2));

const baseOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  logLevel: 'warning',
};

function copyRuntimeData() {
  const schema = join(repoRoot, 'packages', 'core', 'schema', 'lsst-config.schema.json');
  if (existsSync(schema)) cpSync(schema, join(dist, 'lsst-config.schema.json'));
  const baselineSchema = join(repoRoot, 'packages', 'core', 'schema', 'lsst-baseline.schema.json');
  if (existsSync(baselineSchema)) cpSync(baselineSchema, join(dist, 'lsst-baseline.schema.json'));
  else console.warn(`esbuild.mjs: ${relative(repoRoot, schema)} is missing; .lsst.yaml gets no schema`);
  const rulesDocs = join(repoRoot, 'docs', 'rules');
  const target = join(dist, 'rules');
  rmSync(target, { recursive: true, force: true });
  if (!existsSync(rulesDocs)) return;
  for (const file of walk(rulesDocs)) {
    if (!file.endsWith('.md')) continue;
    const destination = join(target, relative(rulesDocs, file));
    mkdirSync(dirname(destination), { recursive: true });
    cpSync(file, destination);
  }
}

function walk(folder) {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export async function buildExtension({
  tests = args.has('--tests'),
  watch = args.has('--watch'),
  production = args.has('--production'),
} = {}) {
  mkdirSync(dist, { recursive: true });
  const common = { ...baseOptions, sourcemap: production ? false : 'linked', minify: production };
  const builds = [
    { ...common, entryPoints: [join(extensionRoot, 'src', 'extension.ts')], outfile: join(dist, 'extension.cjs') },
    { ...common, entryPoints: [join(extensionRoot, 'src', 'server.ts')], outfile: join(dist, 'server.cjs') },
  ];
  if (tests) {
    // The in-editor suite, and the small extension that runs it inside code-server.
    builds.push({
      ...common,
      entryPoints: [join(extensionRoot, 'test', 'suite', 'index.ts')],
      outfile: join(dist, 'test', 'suite.cjs'),
    });
    builds.push({
      ...common,
      entryPoints: [join(extensionRoot, 'test', 'host', 'host.ts')],
      outfile: join(dist, 'test', 'host', 'host.cjs'),
    });
  }
  copyRuntimeData();
  if (tests) {
    mkdirSync(join(dist, 'test', 'host'), { recursive: true });
    cpSync(join(extensionRoot, 'test', 'host', 'package.json'), join(dist, 'test', 'host', 'package.json'));
  }
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    console.log('esbuild.mjs: watching');
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildExtension().catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
