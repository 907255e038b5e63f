#!/usr/bin/env node
// The editor tests, from a fresh machine: install code-server, Chromium and Neovim (once), build the
// extension, its tests and the .vsix, then run the in-editor suite and the end-to-end tests in
// code-server, and the language server in Neovim. Exits non-zero on failure; a global timeout ends
// code-server and Chromium too.
// The run saves its screenshots in test-results/; with --update-screenshot (or UPDATE_SCREENSHOT=1)
// it replaces the committed docs/images/editor.png (the README's) and tutorial-editor.png instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupEditorTests } from './setup-editor-tests.mjs';
import { ensureHelm } from './setup-helm.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const extensionRoot = join(root, 'packages', 'vscode-ext');
const timeoutMs = Number(process.env.LSST_EDITOR_TESTS_TIMEOUT_MS ?? 15 * 60_000);
const updateScreenshot = process.argv.includes('--update-screenshot') || process.env.UPDATE_SCREENSHOT === '1';

function step(name) {
  console.log(`\n[test-editor] ${name}`);
}

function runOrFail(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

/** Ends every process group the harness recorded (code-server), whatever state the runner is in. */
function killRecordedEditors(pidsDir) {
  if (!existsSync(pidsDir)) return;
  for (const file of readdirSync(pidsDir)) {
    const pid = Number(readFileSync(join(pidsDir, file), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function releasedVsix() {
  const folder = process.env.LSST_RELEASE_DIR;
  if (!folder || !existsSync(folder)) return undefined;
  const name = readdirSync(folder).find((entry) => entry.endsWith('.vsix'));
  return name ? join(folder, name) : undefined;
}

async function main() {
  step('setup: Chromium, Neovim, ripgrep, code-server');
  setupEditorTests();
  // The chart tests render with the helm shipped in a devDependency, named by the lsst.helmPath setting.
  const helm = ensureHelm();
  // The .vsix of the release step (scripts/test.mjs, LSST_RELEASE_DIR), else one packed here.
  const released = releasedVsix();
  const vsixDir = mkdtempSync(join(tmpdir(), 'lsst-vsix-'));
  let vsix = join(vsixDir, 'lsst-guidelines.vsix');
  if (released) {
    step(`build: in-editor suite; installing the release's ${released}`);
    vsix = released;
  } else {
    step('build: extension, in-editor suite, .vsix');
    runOrFail(process.execPath, [join(extensionRoot, 'esbuild.mjs'), '--tests']);
    runOrFail(process.execPath, [join(extensionRoot, 'scripts', 'package.mjs'), '--out', vsix]);
  }
  // package.mjs bundles for production; the suite host needs the test bundles beside it again.
  runOrFail(process.execPath, [join(extensionRoot, 'esbuild.mjs'), '--tests']);

  const e2eDir = join(extensionRoot, 'test', 'e2e');
  const files = readdirSync(e2eDir)
    .filter((name) => name.endsWith('.e2e.test.ts'))
    .sort((a, b) => (a.startsWith('in-editor') ? -1 : b.startsWith('in-editor') ? 1 : a.localeCompare(b)))
    .map((name) => join('packages', 'vscode-ext', 'test', 'e2e', name));
  // The language server in a real LSP client other than VS Code: Debian's Neovim, headless.
  files.push(join('packages', 'language-server', 'test', 'editor', 'neovim.e2e.test.ts'));
  step(`run: ${files.length} test files in code-server (timeout ${Math.round(timeoutMs / 1000)} s)`);
  const pidsDir = mkdtempSync(join(tmpdir(), 'lsst-editor-pids-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
    {
      cwd: root,
      stdio: 'inherit',
      detached: true,
      env: {
        ...process.env,
        LSST_TEST_VSIX: vsix,
        LSST_EDITOR_PIDS_DIR: pidsDir,
        LSST_TEST_HELM: helm,
        UPDATE_SCREENSHOT: updateScreenshot ? '1' : '',
      },
    },
  );
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    console.error(`[test-editor] timed out after ${timeoutMs} ms: ending the tests, code-server and Chromium`);
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    killRecordedEditors(pidsDir);
  }, timeoutMs);
  const code = await new Promise((resolve) =>
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
  );
  clearTimeout(timer);
  killRecordedEditors(pidsDir);
  rmSync(pidsDir, { recursive: true, force: true });
  rmSync(vsixDir, { recursive: true, force: true });
  if (timedOut) return 1;
  const folder = updateScreenshot ? join('docs', 'images') : 'test-results';
  const screenshots = ['editor.png', 'tutorial-editor.png'].map((name) => join(folder, name));
  if (code === 0) console.log(`[test-editor] screenshots: ${screenshots.join(', ')}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test-editor] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
