// Every test of the project, in the order a failure is cheapest to read: lint, types, generated
// files, unit tests, end-to-end tests (real kubectl), then the editor tests (code-server in Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const steps = [
  ['lint and format', 'npx', ['biome', 'check', '.']],
  ['type-check', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['generated files are up to date', process.execPath, ['scripts/generate.mjs', '--check']],
  ['unit tests', process.execPath, ['scripts/run-tests.mjs', 'unit']],
  ['end-to-end tests', process.execPath, ['scripts/run-tests.mjs', 'e2e']],
  ['editor tests', process.execPath, ['scripts/test-editor.mjs']],
];

const failures = [];
for (const [name, command, args] of steps) {
  if (args[0]?.startsWith('scripts/') && !existsSync(`${root}${args[0]}`)) {
    console.error(`\n== ${name}: ${args[0]} is missing`);
    failures.push(name);
    continue;
  }
  console.log(`\n== ${name}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) failures.push(name);
}
console.log(failures.length === 0 ? '\nAll test steps passed.' : `\nFailed steps: ${failures.join(', ')}`);
process.exit(failures.length === 0 ? 0 : 1);
