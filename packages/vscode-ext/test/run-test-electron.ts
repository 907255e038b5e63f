// Runs the in-editor suite in desktop VS Code through @vscode/test-electron, on machines that can
// download VS Code: node --import tsx packages/vscode-ext/test/run-test-electron.ts
// (Here, where VS Code cannot be downloaded, the same suite runs inside code-server instead.)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { extensionRoot } from './e2e/harness.ts';

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(extensionRoot, 'esbuild.mjs'), '--tests'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the extension and its tests failed');
  const base = mkdtempSync(join(tmpdir(), 'lsst-test-electron-'));
  const workspace = join(base, 'workspace');
  cpSync(join(extensionRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const kubeconfig = join(base, 'kubeconfig');
  cpSync(join(extensionRoot, 'test', 'fixtures', 'kubeconfig.yaml'), kubeconfig);
  try {
    await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: extensionRoot,
      extensionTestsPath: join(extensionRoot, 'dist', 'test', 'suite.cjs'),
      extensionTestsEnv: { KUBECONFIG: kubeconfig },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
