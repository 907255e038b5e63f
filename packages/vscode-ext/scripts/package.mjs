// Builds the extension (production bundle) and packs it into lsst-guidelines-<version>.vsix.
// Everything is bundled, so the package carries no node_modules (`--no-dependencies`); vsce's
// checks of a Marketplace manifest (publisher, icon, repository, license) all apply.
// Usage: node packages/vscode-ext/scripts/package.mjs [--out path.vsix]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildExtension } from '../esbuild.mjs';

const extensionRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(readFileSync(join(extensionRoot, 'package.json'), 'utf8'));

export async function packageExtension(out = join(extensionRoot, `${name}-${version}.vsix`)) {
  await buildExtension({ tests: false, watch: false, production: true });
  const vsce = join(dirname(createRequire(import.meta.url).resolve('@vscode/vsce/package.json')), 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
    cwd: extensionRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`vsce package failed with exit code ${result.status}`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? resolve(process.argv[outIndex + 1] ?? '') : undefined;
  packageExtension(out).then(
    (path) => console.log(`packed ${path}`),
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
