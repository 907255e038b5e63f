// Runs the node:test suites (TypeScript through tsx). Usage: node scripts/run-tests.mjs [unit|e2e|all] [paths...]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const [suite = 'unit', ...paths] = process.argv.slice(2);

function findTests(dir, found = []) {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findTests(path, found);
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const isE2e = (file) => file.includes('/e2e/') || file.endsWith('.e2e.test.ts');
let files = paths.length > 0 ? paths : findTests(join(root, 'packages')).concat(findTests(join(root, 'scripts')));
if (paths.length === 0 && suite === 'unit') files = files.filter((file) => !isE2e(file));
if (paths.length === 0 && suite === 'e2e') files = files.filter(isE2e);
files.sort();
console.log(`running ${files.length} test files (${suite})`);
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...files.map((file) => relative(root, file))],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
