// Makes every release artifact from this checkout, with the version of the root package.json:
//   kubectl-lsst-<version>.tgz            the npm package of the plugin (bundled: no dependencies)
//   kubectl-lsst-linux-x64                a single executable (Node's single executable applications)
//   kubectl-lsst-v<version>-linux-amd64.tar.gz, kubectl-lsst-v<version>-node.tar.gz, lsst.yaml
//                                         the krew archives and the krew manifest with their sha256
//   lsst-guidelines-<version>.vsix        the editor extension, as the Marketplace takes it
//   SHA256SUMS                            over all of the above
// Usage: node scripts/release.mjs [--out DIR] [--no-build]      (npm run release)
//        node scripts/release.mjs --only npm [--out DIR]       (the npm package alone, in seconds)
//        node scripts/release.mjs --set-version 0.2.0           (writes the version everywhere)
// The default folder is release/v<version>/. Docs: docs/install.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliRoot = join(root, 'packages/kubectl-lsst');
const extensionRoot = join(root, 'packages/vscode-ext');
export const repository = 'https://github.com/lsst-dm/kubectl-lsst';
/** The workspace manifests whose version follows the root package.json's. */
const versionedManifests = [
  'packages/core/package.json',
  'packages/kubectl-lsst/package.json',
  'packages/vscode-ext/package.json',
];

/** The plugin's files, as bin/kubectl-lsst expects them: bin/ beside dist/. */
export const pluginFiles = [
  { path: 'bin/kubectl-lsst', mode: 0o755 },
  { path: 'bin/kubectl_complete-lsst', mode: 0o755 },
  { path: 'bin/package.json', mode: 0o644 },
  { path: 'dist/current.cjs', mode: 0o644 },
  { path: 'dist/light.cjs', mode: 0o644 },
  { path: 'dist/light-help.json', mode: 0o644 },
  { path: 'dist/light-rules.json', mode: 0o644 },
  { path: 'dist/light-sections.json', mode: 0o644 },
  { path: 'dist/light-explanations.json', mode: 0o644 },
  { path: 'dist/cli.cjs', mode: 0o644 },
  { path: 'dist/oclif.cjs', mode: 0o644 },
  { path: 'dist/kube-client.cjs', mode: 0o644 },
  { path: 'dist/language-server.cjs', mode: 0o644 },
  { path: 'dist/check-worker.cjs', mode: 0o644 },
];

export function releaseVersion() {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
}

/** The names of the artifacts of a version, for the release and for the tests that use them. */
export function artifactNames(version = releaseVersion()) {
  return {
    npm: `kubectl-lsst-${version}.tgz`,
    executable: 'kubectl-lsst-linux-x64',
    krewExecutable: `kubectl-lsst-v${version}-linux-amd64.tar.gz`,
    krewNode: `kubectl-lsst-v${version}-node.tar.gz`,
    krewManifest: 'lsst.yaml',
    vsix: `lsst-guidelines-${version}.vsix`,
    sums: 'SHA256SUMS',
  };
}

function log(message) {
  console.log(`[release] ${message}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  return result;
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Every workspace package carries the root version: a release never mixes two. */
function checkVersions(version) {
  for (const manifest of versionedManifests) {
    const found = JSON.parse(readFileSync(join(root, manifest), 'utf8')).version;
    if (found !== version)
      throw new Error(
        `${manifest} has version ${found}, the root package.json ${version}: run node scripts/release.mjs --set-version ${version}`,
      );
  }
}

function setVersion(version) {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`"${version}" is not a version like 1.2.3`);
  for (const manifest of ['package.json', ...versionedManifests]) {
    const path = join(root, manifest);
    const text = readFileSync(path, 'utf8');
    const updated = text.replace(/^( {2}"version": )"[^"]*"/m, `$1"${version}"`);
    if (updated === text && !text.includes(`"version": "${version}"`))
      throw new Error(`${manifest}: no "version" to set`);
    writeFileSync(`${path}.tmp`, updated);
    renameSync(`${path}.tmp`, path);
  }
  // The GitHub Action's default version and the pre-commit hooks' pinned tarball.
  const pins = [
    ['action.yml', /^( {2}version:\n {4}description: .*\n {4}default: )"[^"]*"/m, `$1"${version}"`],
    [
      '.pre-commit-hooks.yaml',
      /\/download\/v[^/]+\/kubectl-lsst-[^/]+\.tgz/g,
      `/download/v${version}/kubectl-lsst-${version}.tgz`,
    ],
  ];
  for (const [file, pattern, replacement] of pins) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    if (!pattern.test(text)) throw new Error(`${file}: no pinned version found`);
    writeFileSync(`${path}.tmp`, text.replace(pattern, replacement));
    renameSync(`${path}.tmp`, path);
  }
  log(
    `version ${version} written to package.json, ${versionedManifests.join(', ')}, action.yml, .pre-commit-hooks.yaml`,
  );
}

/** The commit's time: archive entries carry it, so that the same commit gives the same bytes. */
function commitTime() {
  try {
    return Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' }).trim()) || 0;
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// tar.gz, as krew unpacks it: ustar, regular files and folders only, relative paths.

function tarHeader(name, { size, mode, type, mtime }) {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
  const header = Buffer.alloc(512);
  const field = (offset, length, value) => header.write(value, offset, length, 'utf8');
  const octal = (offset, length, value) => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, mode);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, mtime);
  header.fill(' ', 148, 156);
  field(156, 1, type);
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  field(265, 32, 'root');
  field(297, 32, 'root');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  field(148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

/** entries: { name, source?, mode } (a name ending in / is a folder). */
function writeTarGz(path, entries, mtime) {
  const parts = [];
  for (const entry of entries) {
    if (entry.name.endsWith('/')) {
      parts.push(tarHeader(entry.name, { size: 0, mode: 0o755, type: '5', mtime }));
      continue;
    }
    const data = readFileSync(entry.source);
    parts.push(tarHeader(entry.name, { size: data.length, mode: entry.mode, type: '0', mtime }));
    parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  writeFileSync(path, gzipSync(Buffer.concat(parts)));
}

// ---------------------------------------------------------------------------------------------
// The artifacts

function buildNpmPackage(out, version) {
  const stage = mkdtempSync(join(tmpdir(), 'lsst-npm-'));
  try {
    for (const file of pluginFiles) {
      mkdirSync(dirname(join(stage, file.path)), { recursive: true });
      copyFileSync(join(cliRoot, file.path), join(stage, file.path));
      chmodSync(join(stage, file.path), file.mode);
    }
    copyFileSync(join(cliRoot, 'README.md'), join(stage, 'README.md'));
    copyFileSync(join(extensionRoot, 'LICENSE'), join(stage, 'LICENSE'));
    const source = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8'));
    const manifest = {
      name: 'kubectl-lsst',
      version,
      description: source.description,
      keywords: ['kubectl', 'kubectl-plugin', 'kubernetes', 'dockerfile', 'lint', 'lsst'],
      homepage: `${repository}#readme`,
      bugs: { url: `${repository}/issues` },
      repository: { type: 'git', url: `git+${repository}.git` },
      license: 'MIT',
      engines: { node: '>=20' },
      bin: { 'kubectl-lsst': 'bin/kubectl-lsst', 'kubectl_complete-lsst': 'bin/kubectl_complete-lsst' },
      files: pluginFiles.map((file) => file.path),
    };
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', out], {
      cwd: stage,
      encoding: 'utf8',
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' },
    });
    if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
    const [{ filename }] = JSON.parse(packed.stdout);
    return filename;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** A single executable for this machine's platform, or undefined where none is made. */
function buildExecutable(out, version, name) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    log(`no single executable on ${process.platform}-${process.arch}: only linux-x64 is built and tested`);
    return undefined;
  }
  const stage = mkdtempSync(join(tmpdir(), 'lsst-sea-'));
  try {
    const assets = {};
    const digest = createHash('sha256');
    for (const file of pluginFiles) {
      assets[file.path] = join(cliRoot, file.path);
      digest.update(`${file.path}\0${file.mode}\0`).update(readFileSync(join(cliRoot, file.path)));
    }
    const manifest = { version, digest: digest.digest('hex'), files: pluginFiles };
    writeFileSync(join(stage, 'manifest.json'), JSON.stringify(manifest));
    assets['manifest.json'] = join(stage, 'manifest.json');
    const config = {
      main: join(cliRoot, 'sea/main.cjs'),
      output: join(stage, 'sea-prep.blob'),
      disableExperimentalSEAWarning: true,
      assets,
    };
    writeFileSync(join(stage, 'sea-config.json'), JSON.stringify(config));
    run(process.execPath, ['--experimental-sea-config', join(stage, 'sea-config.json')], { stdio: 'pipe' });
    const executable = join(stage, name);
    copyFileSync(process.execPath, executable);
    chmodSync(executable, 0o755);
    // Node's symbols are a tenth of the file and serve only debuggers.
    if (spawnSync('strip', ['--version'], { stdio: 'ignore' }).status === 0) run('strip', [executable]);
    const postject = join(dirname(createRequire(import.meta.url).resolve('postject/package.json')), 'dist/cli.js');
    const injected = spawnSync(
      process.execPath,
      [
        postject,
        executable,
        'NODE_SEA_BLOB',
        config.output,
        '--sentinel-fuse',
        'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
      ],
      { encoding: 'utf8' },
    );
    // postject warns about ELF note sections it does not name; only its exit status counts.
    if (injected.status !== 0) throw new Error(`postject failed: ${injected.stdout}${injected.stderr}`);
    copyFileSync(executable, join(out, name));
    chmodSync(join(out, name), 0o755);
    return name;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function krewManifest(version, platforms) {
  const indent = (text, spaces) =>
    text
      .split('\n')
      .map((line) => (line ? ' '.repeat(spaces) + line : line))
      .join('\n');
  return `# krew plugin manifest (https://krew.sigs.k8s.io/docs/developer-guide/plugin-manifest/),
# written by scripts/release.mjs for the archives of this release.
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: lsst
spec:
  version: v${version}
  homepage: ${repository}
  shortDescription: Check manifests and Dockerfiles against the LSST guidelines
  description: |
    Checks Kubernetes manifests, kustomizations, Helm charts and Dockerfiles
    against the LSST container guidelines (DMTN-095): image sources and pinning,
    non-root users, privilege escalation, network exposure, file-system mounts,
    RBAC and API versions per target cluster. Reports in the terminal, JSON,
    SARIF or GitHub annotations, and fixes what it can in place. It also
    switches namespace contexts safely and handles public port requests.
  caveats: |
    On Linux x64 the plugin is a single executable. On macOS and on other
    Linux machines it is a Node.js program: it needs Node.js 20 or newer on
    PATH (\`node --version\`). Try it with:
      kubectl lsst check path/to/manifests
  platforms:
${platforms.map((platform) => indent(platform, 4).replace(/^ {4}/, '  - ')).join('\n')}
`;
}

function buildKrew(out, version, executableName, mtime) {
  const names = artifactNames(version);
  const license = join(extensionRoot, 'LICENSE');
  const platforms = [];
  if (executableName) {
    writeTarGz(
      join(out, names.krewExecutable),
      [
        { name: 'kubectl-lsst', source: join(out, executableName), mode: 0o755 },
        { name: 'LICENSE', source: license, mode: 0o644 },
      ],
      mtime,
    );
    platforms.push(`selector:
  matchLabels:
    os: linux
    arch: amd64
uri: ${repository}/releases/download/v${version}/${names.krewExecutable}
sha256: ${sha256(join(out, names.krewExecutable))}
bin: kubectl-lsst
files:
  - from: kubectl-lsst
    to: .
  - from: LICENSE
    to: .`);
  }
  const folders = [...new Set(pluginFiles.map((file) => `kubectl-lsst/${dirname(file.path)}/`))];
  writeTarGz(
    join(out, names.krewNode),
    [
      { name: 'kubectl-lsst/' },
      ...folders.map((name) => ({ name })),
      ...pluginFiles.map((file) => ({
        name: `kubectl-lsst/${file.path}`,
        source: join(cliRoot, file.path),
        mode: file.mode,
      })),
      { name: 'LICENSE', source: license, mode: 0o644 },
    ],
    mtime,
  );
  // Everywhere else krew runs a kubectl plugin that Node.js can: macOS, and Linux on ARM.
  const nodeSelectors = [
    'matchLabels:\n    os: darwin',
    `matchExpressions:\n    - key: os\n      operator: In\n      values: [linux]\n    - key: arch\n      operator: In\n      values: [${executableName ? 'arm64, arm' : 'amd64, arm64, arm'}]`,
  ];
  for (const selector of nodeSelectors) {
    platforms.push(`selector:
  ${selector}
uri: ${repository}/releases/download/v${version}/${names.krewNode}
sha256: ${sha256(join(out, names.krewNode))}
bin: bin/kubectl-lsst
files:
  - from: kubectl-lsst/*
    to: .
  - from: LICENSE
    to: .`);
  }
  writeFileSync(join(out, names.krewManifest), krewManifest(version, platforms));
}

async function buildVsix(out, version) {
  const { packageExtension } = await import('../packages/vscode-ext/scripts/package.mjs');
  const path = join(out, artifactNames(version).vsix);
  await packageExtension(path);
  return path;
}

function writeSums(out) {
  const names = readdirSync(out)
    .filter((name) => name !== 'SHA256SUMS' && statSync(join(out, name)).isFile())
    .sort();
  writeFileSync(join(out, 'SHA256SUMS'), names.map((name) => `${sha256(join(out, name))}  ${name}\n`).join(''));
}

/** `only: 'npm'` makes the npm package alone (and its SHA256SUMS): the tutorial's test installs it. */
export async function release({ out, build = true, only } = {}) {
  if (only !== undefined && only !== 'npm') throw new Error(`--only takes "npm", not "${only}"`);
  const started = performance.now();
  const version = releaseVersion();
  checkVersions(version);
  const folder = resolve(out ?? join(root, 'release', `v${version}`));
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' });
  if (dirty.status === 0 && dirty.stdout.trim() !== '')
    log('warning: tracked files differ from the commit: `kubectl lsst version` will say "-dirty"');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  if (build) run(process.execPath, ['scripts/build.mjs']);
  for (const file of pluginFiles) {
    if (!existsSync(join(cliRoot, file.path))) throw new Error(`${file.path} is missing: run npm run build`);
  }
  const names = artifactNames(version);
  log(`npm package ${buildNpmPackage(folder, version)}`);
  if (only === 'npm') {
    writeSums(folder);
    return folder;
  }
  const executable = buildExecutable(folder, version, names.executable);
  if (executable) log(`single executable ${executable}`);
  buildKrew(folder, version, executable, commitTime());
  log(`krew archives and ${names.krewManifest}`);
  await buildVsix(folder, version);
  writeSums(folder);
  for (const name of readdirSync(folder).sort()) {
    log(`  ${name.padEnd(44)} ${(statSync(join(folder, name)).size / 1024 / 1024).toFixed(2).padStart(8)} MiB`);
  }
  log(`v${version} in ${folder} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return folder;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  try {
    if (args.includes('--set-version')) setVersion(option('--set-version') ?? '');
    else await release({ out: option('--out'), build: !args.includes('--no-build'), only: option('--only') });
  } catch (error) {
    console.error(`[release] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
