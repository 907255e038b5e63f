// Every test of the project, in the order a failure is cheapest to read: lint, types, generated
// files, unit tests, end-to-end tests (real kubectl), the release artifacts (built once, installed
// and run as a user would), then the editor tests (code-server in Chromium, with the release's .vsix).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const steps = [
  ['lint and format', 'npx', ['biome', 'check', '.']],
  ['type-check', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['generated files are up to date', process.execPath, ['scripts/generate.mjs', '--check']],
  ['unit tests', process.execPath, ['scripts/run-tests.mjs', 'unit']],
  ['end-to-end tests', process.execPath, ['scripts/run-tests.mjs', 'e2e']],
  ['release artifacts', process.execPath, ['scripts/test-release.mjs']],
  ['editor tests', process.execPath, ['scripts/test-editor.mjs']],
];
// The release step builds its artifacts here; the editor step installs the same .vsix from here.
const ownReleaseDir = !process.env.LSST_RELEASE_DIR;
if (ownReleaseDir) process.env.LSST_RELEASE_DIR = mkdtempSync(join(tmpdir(), 'lsst-release-'));

const failures = [];
const counts = { passed: 0, failed: 0 };
let step;
for (const [name, command, args] of steps) {
  if (args[0]?.startsWith('scripts/') && !existsSync(`${root}${args[0]}`)) {
    console.error(`\n== ${name}: ${args[0]} is missing`);
    failures.push(name);
    continue;
  }
  console.log(`\n== ${name}`);
  // Output is echoed as it comes, and read for the test runners' counts.
  const child = spawn(command, args, { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });
  let pending = '';
  step = { summary: { passed: 0, failed: 0 }, spec: { passed: 0, failed: 0 }, hasSummary: false };
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) countLine(line);
  });
  const status = await new Promise((resolve) => child.on('close', (code, signal) => resolve(code ?? signal)));
  countLine(pending);
  // A step that prints the runner's closing line counts by it; otherwise by node's spec reporter.
  const stepCounts = step.hasSummary ? step.summary : step.spec;
  counts.passed += stepCounts.passed;
  counts.failed += stepCounts.failed;
  if (status !== 0) failures.push(name);
}
if (ownReleaseDir) rmSync(process.env.LSST_RELEASE_DIR ?? '', { recursive: true, force: true });
console.log(failures.length === 0 ? '\nAll test steps passed.' : `\nFailed steps: ${failures.join(', ')}`);
console.log(`total: ${counts.passed} passed, ${counts.failed} failed`);
process.exit(failures.length === 0 ? 0 : 1);

/** "unit: 834 passed, 0 failed" from scripts/run-tests.mjs, "ℹ pass 17" / "ℹ fail 0" from node's spec reporter. */
function countLine(line) {
  const summary = /^\w+: (\d+) passed, (\d+) failed$/.exec(line);
  if (summary) {
    step.hasSummary = true;
    step.summary.passed += Number(summary[1]);
    step.summary.failed += Number(summary[2]);
    return;
  }
  const spec = /^ℹ (pass|fail) (\d+)$/.exec(line);
  if (spec) step.spec[spec[1] === 'pass' ? 'passed' : 'failed'] += Number(spec[2]);
}
