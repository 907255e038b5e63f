#!/usr/bin/env node
// Installs what the editor tests need on a fresh Debian machine (run as root): Debian's Chromium,
// libkrb5-dev, Neovim and ripgrep, and code-server into .cache/code-server. Idempotent: what is done is skipped.
// code-server's own postinstall downloads binaries, so its steps are done here by hand with local parts.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const codeServerVersion = '4.100.3';
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const codeServerHome = join(repoRoot, '.cache', 'code-server');
export const codeServerPackage = join(codeServerHome, 'node_modules', 'code-server');
export const codeServerEntry = join(codeServerPackage, 'out', 'node', 'entry.js');
export const chromiumPath = '/usr/bin/chromium';
const markerFile = join(codeServerHome, 'installed-version');
// neovim: Debian's Neovim (0.7) is the language server's real client in the editor tests.
const debianPackages = ['chromium', 'libkrb5-dev', 'neovim', 'ripgrep'];
const nativeModules = [
  'kerberos',
  'node-pty',
  '@parcel/watcher',
  '@vscode/spdlog',
  '@vscode/deviceid',
  '@vscode/policy-watcher',
  'native-watchdog',
];

function log(message) {
  console.log(`[setup-editor-tests] ${message}`);
}

function run(command, args, options = {}) {
  log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

function isDebianPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function installDebianPackages() {
  const missing = debianPackages.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) {
    log(`Debian packages present: ${debianPackages.join(', ')}`);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `missing Debian packages ${missing.join(', ')}: run this script as root or install them with apt-get`,
    );
  }
  log(`installing Debian packages: ${missing.join(', ')}`);
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

export function isCodeServerInstalled() {
  return (
    existsSync(markerFile) &&
    readFileSync(markerFile, 'utf8').trim() === codeServerVersion &&
    existsSync(codeServerEntry)
  );
}

function installCodeServer() {
  if (isCodeServerInstalled()) {
    log(`code-server ${codeServerVersion} present in ${codeServerHome}`);
    return;
  }
  log(`installing code-server ${codeServerVersion} into ${codeServerHome}`);
  rmSync(codeServerHome, { recursive: true, force: true });
  mkdirSync(codeServerHome, { recursive: true });
  // Its own package.json keeps npm from treating the pnpm workspace above as the project.
  writeFileSync(join(codeServerHome, 'package.json'), `${JSON.stringify({ private: true }, null, 2)}\n`);
  const npmEnv = { ...process.env, npm_config_yes: 'true', npm_config_fund: 'false' };
  // The postinstall downloads ripgrep from the internet: skip it and do its work by hand below.
  run('npm', ['install', '--no-audit', '--ignore-scripts', `code-server@${codeServerVersion}`], {
    cwd: codeServerHome,
    env: npmEnv,
  });
  // argon2's prebuilt binary is a download; build it from source instead.
  run('npm', ['rebuild', 'argon2'], { cwd: codeServerHome, env: npmEnv });
  const vscodeDir = join(codeServerPackage, 'lib', 'vscode');
  run('npm', ['install', '--no-audit', '--omit=dev', '--ignore-scripts'], { cwd: vscodeDir, env: npmEnv });
  const ripgrepTarget = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  mkdirSync(dirname(ripgrepTarget), { recursive: true });
  log(`copy /usr/bin/rg -> ${ripgrepTarget}`);
  copyFileSync('/usr/bin/rg', ripgrepTarget);
  run('npm', ['rebuild', ...nativeModules], { cwd: vscodeDir, env: npmEnv });
  forceSymlink('node_modules', join(vscodeDir, 'node_modules.asar'));
  forceSymlink('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  forceSymlink('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  writeFileSync(markerFile, `${codeServerVersion}\n`);
  log(`code-server ${codeServerVersion} installed`);
}

function forceSymlink(target, path) {
  log(`ln -sfn ${target} ${path}`);
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

export function setupEditorTests() {
  installDebianPackages();
  installCodeServer();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    setupEditorTests();
    log('ready');
  } catch (error) {
    console.error(`[setup-editor-tests] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
