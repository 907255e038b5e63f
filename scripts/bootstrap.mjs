// Installs the workspace's dependencies with the pinned pnpm (through npx: nothing global) and builds it.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const pnpm = ['--yes', 'pnpm@10.34.8'];

function run(command, args) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Node.js 20 or newer is needed (this is ${process.version}).`);
  process.exit(2);
}
run('npx', [...pnpm, 'install', '--frozen-lockfile', '--reporter=append-only']);
run(process.execPath, ['scripts/build.mjs']);
// The helm that the chart tests run, from the devDependency's zip.
run(process.execPath, ['scripts/setup-helm.mjs']);
