// The release artifacts of scripts/release.mjs, from the artifacts alone: each is installed into a
// fresh temporary folder with no repository around, as a user would, and run through the real
// kubectl on a copy of the examples. Run by scripts/test-release.mjs (LSST_RELEASE_DIR).
import assert from 'node:assert/strict';
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, test } from 'node:test';
import { installKrewPlugin, type KrewPlugin, matchingPlatform, validateKrewManifest } from './krew.ts';
import { readZip } from './zip.ts';

const repositoryRoot = realpathSync(new URL('../../../../', import.meta.url).pathname);
const releaseDir = process.env.LSST_RELEASE_DIR ?? '';
const kubectl = '/usr/bin/kubectl';
const version = (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version;
// The yaml package, as core resolves it (this package does not depend on it directly).
const { parse: parseYaml } = createRequire(join(repositoryRoot, 'packages/core/package.json'))('yaml') as {
  parse: (text: string) => unknown;
};

const names = {
  npm: `kubectl-lsst-${version}.tgz`,
  executable: 'kubectl-lsst-linux-x64',
  krewExecutable: `kubectl-lsst-v${version}-linux-amd64.tar.gz`,
  krewNode: `kubectl-lsst-v${version}-node.tar.gz`,
  krewManifest: 'lsst.yaml',
  vsix: `lsst-guidelines-${version}.vsix`,
};

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A fresh folder outside the repository with a copy of the examples, a home, and a folder for tools. */
function sandbox() {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-release-test-'));
  const work = join(folder, 'work');
  cpSync(join(repositoryRoot, 'examples'), work, { recursive: true });
  const home = join(folder, 'home');
  const tools = join(folder, 'tools');
  mkdirSync(home);
  mkdirSync(tools);
  symlinkSync(kubectl, join(tools, 'kubectl'));
  return { folder, work, home, tools };
}

function run(command: string, args: string[], options: SpawnSyncOptions & { env: NodeJS.ProcessEnv }) {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 120_000, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** `kubectl lsst check` on the examples: the bad ones fail with findings, the good ones pass. */
function assertChecksExamples(cwd: string, env: NodeJS.ProcessEnv) {
  const bad = run('kubectl', ['lsst', 'check', 'bad', '--format', 'json'], { cwd, env });
  assert.equal(bad.status, 1, bad.stderr);
  const report = JSON.parse(bad.stdout) as { results: { path: string; findings: { rule: string }[] }[] };
  const dockerfile = report.results.find((result) => result.path === 'bad/naive.Dockerfile');
  assert.ok(
    dockerfile?.findings.some((finding) => finding.rule === 'security/run-as-non-root'),
    bad.stdout,
  );
  const good = run('kubectl', ['lsst', 'check', 'good'], { cwd, env });
  assert.equal(good.status, 0, good.stdout + good.stderr);
  // The language server answers an editor: initialize, shutdown and exit, on stdio.
  const lspInput = [
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } },
    { jsonrpc: '2.0', method: 'initialized', params: {} },
    { jsonrpc: '2.0', id: 2, method: 'shutdown' },
    { jsonrpc: '2.0', method: 'exit' },
  ]
    .map((message) => JSON.stringify(message))
    .map((json) => `Content-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`)
    .join('');
  const lsp = run('kubectl', ['lsst', 'lsp'], { cwd, env, input: lspInput });
  assert.equal(lsp.status, 0, lsp.stderr);
  assert.match(lsp.stdout, /"id":1,"result":\{"capabilities":\{[\s\S]*"codeActionProvider"/);
  const shown = run('kubectl', ['lsst', 'version'], { cwd, env });
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`^kubectl-lsst ${version.replaceAll('.', '\\.')}\\ncommit: [0-9a-f]{12}`));
}

describe('the release artifacts', () => {
  test('SHA256SUMS lists every artifact with its digest', () => {
    assert.ok(releaseDir && existsSync(releaseDir), 'LSST_RELEASE_DIR names the folder of scripts/release.mjs');
    const lines = readFileSync(join(releaseDir, 'SHA256SUMS'), 'utf8').trim().split('\n');
    const listed = new Map(lines.map((line) => [line.slice(66), line.slice(0, 64)]));
    for (const name of Object.values(names)) {
      assert.ok(listed.has(name), `${name} is listed`);
      assert.equal(listed.get(name), sha256(join(releaseDir, name)), `${name}'s digest`);
    }
    assert.deepEqual(
      [...listed.keys()].sort(),
      readdirSync(releaseDir)
        .filter((n) => n !== 'SHA256SUMS')
        .sort(),
    );
  });

  test('npm install -g of the tarball gives both executables, no dependencies, and checks through kubectl', () => {
    const box = sandbox();
    symlinkSync(process.execPath, join(box.tools, 'node'));
    const prefix = join(box.folder, 'prefix');
    const install = run(
      'npm',
      ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(releaseDir, names.npm)],
      { cwd: box.work, env: { ...process.env, HOME: box.home, npm_config_cache: join(box.folder, 'npm-cache') } },
    );
    assert.equal(install.status, 0, install.stdout + install.stderr);
    const installed = join(prefix, 'lib/node_modules/kubectl-lsst');
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    assert.equal(manifest.version, version);
    assert.deepEqual(Object.keys(manifest.bin).sort(), ['kubectl-lsst', 'kubectl_complete-lsst']);
    assert.equal(manifest.dependencies, undefined, 'bundled: nothing to install');
    for (const field of ['license', 'repository', 'engines', 'files']) assert.ok(manifest[field], field);
    assert.ok(!existsSync(join(installed, 'node_modules')));
    const env = { HOME: box.home, PATH: `${join(prefix, 'bin')}:${box.tools}`, LANG: 'C.UTF-8' };
    assertChecksExamples(box.work, env);
    // kubectl 1.26+ asks kubectl_complete-lsst for `kubectl lsst ch<TAB>`.
    const completion = run('kubectl_complete-lsst', ['ch'], { cwd: box.work, env });
    assert.equal(completion.status, 0, completion.stderr);
    assert.match(completion.stdout, /^check$/m);
  });

  test('the single executable runs with no node on PATH, through kubectl', () => {
    const box = sandbox();
    const bin = join(box.folder, 'bin');
    mkdirSync(bin);
    cpSync(join(releaseDir, names.executable), join(bin, 'kubectl-lsst'));
    const env = { HOME: box.home, PATH: `${bin}:${box.tools}`, LANG: 'C.UTF-8' };
    assert.notEqual(run('/bin/sh', ['-c', 'command -v node'], { cwd: box.work, env }).status, 0, 'no node on PATH');
    assertChecksExamples(box.work, env);
    // The second run and later ones read the files the first unpacked.
    assert.equal(readdirSync(join(box.home, '.cache/kubectl-lsst')).length, 1);
    symlinkSync(join(bin, 'kubectl-lsst'), join(bin, 'kubectl_complete-lsst'));
    const completion = run('kubectl_complete-lsst', ['ch'], { cwd: box.work, env });
    assert.match(completion.stdout, /^check$/m, completion.stderr);
    // A home it cannot write to: the temporary folder (or KUBECTL_LSST_CACHE_DIR) takes the files.
    const cacheDir = join(box.folder, 'cache');
    const elsewhere = run('kubectl', ['lsst', 'check', 'good'], {
      cwd: box.work,
      env: { ...env, HOME: '/nonexistent', KUBECTL_LSST_CACHE_DIR: cacheDir },
    });
    assert.equal(elsewhere.status, 0, elsewhere.stderr);
    assert.ok(readdirSync(cacheDir).some((name) => name.startsWith(`${version}-`)));
  });
});

describe('the krew manifest and archives', () => {
  const manifestPath = join(releaseDir, names.krewManifest);
  const plugin = () => parseYaml(readFileSync(manifestPath, 'utf8')) as KrewPlugin;

  test("the manifest passes krew's validation, with the real sha256 of each archive", () => {
    assert.deepEqual(validateKrewManifest(basename(manifestPath), plugin()), []);
    assert.equal(plugin().spec.version, `v${version}`);
    for (const platform of plugin().spec.platforms) {
      const archive = basename(new URL(platform.uri).pathname);
      assert.equal(platform.uri, `https://github.com/lsst-dm/kubectl-lsst/releases/download/v${version}/${archive}`);
      assert.equal(platform.sha256, sha256(join(releaseDir, archive)), `${archive}'s sha256`);
    }
  });

  test('the validation finds what krew rejects', () => {
    const broken = plugin();
    broken.spec.platforms.push({ ...structuredClone(broken.spec.platforms[0]), sha256: 'ABC' } as never);
    broken.spec.shortDescription = 'two\nlines';
    const problems = validateKrewManifest('kubectl-lsst.yaml', broken).join('\n');
    assert.match(problems, /plugin should be named "kubectl-lsst", not "lsst"/);
    assert.match(problems, /line breaks in short description/);
    assert.match(problems, /sha256/);
    assert.match(problems, /overlapping selectors .* os=linux\/arch=amd64/);
  });

  test('krew on Linux x64 installs the single executable, which kubectl runs with no node on PATH', () => {
    const box = sandbox();
    const krewRoot = join(box.folder, 'krew');
    const platform = matchingPlatform(plugin(), 'linux', 'amd64');
    assert.ok(platform, 'a platform for linux/amd64');
    const archive = join(releaseDir, basename(new URL(platform.uri).pathname));
    installKrewPlugin(krewRoot, plugin(), platform, archive);
    assert.ok(lstatSync(join(krewRoot, 'bin/kubectl-lsst')).isSymbolicLink());
    assertChecksExamples(box.work, { HOME: box.home, PATH: `${join(krewRoot, 'bin')}:${box.tools}`, LANG: 'C.UTF-8' });
  });

  test('krew on macOS and Linux on ARM installs the Node.js package, which runs here as there', () => {
    const box = sandbox();
    symlinkSync(process.execPath, join(box.tools, 'node'));
    for (const [os, arch] of [
      ['darwin', 'arm64'],
      ['linux', 'arm64'],
    ] as const) {
      const krewRoot = join(box.folder, `krew-${os}-${arch}`);
      const platform = matchingPlatform(plugin(), os, arch);
      assert.ok(platform, `a platform for ${os}/${arch}`);
      assert.equal(basename(new URL(platform.uri).pathname), names.krewNode);
      installKrewPlugin(krewRoot, plugin(), platform, join(releaseDir, names.krewNode));
      const installed = join(krewRoot, 'store/lsst', `v${version}`);
      assert.deepEqual(readdirSync(installed).sort(), ['LICENSE', 'bin', 'dist']);
      accessSync(join(installed, 'bin/kubectl-lsst'), constants.X_OK);
      assertChecksExamples(box.work, {
        HOME: box.home,
        PATH: `${join(krewRoot, 'bin')}:${box.tools}`,
        LANG: 'C.UTF-8',
      });
    }
  });
});

describe('the .vsix', () => {
  test('carries a Marketplace manifest, its icon, README with pictures, CHANGELOG and every file it names', async () => {
    const entries = await readZip(join(releaseDir, names.vsix));
    const manifest = JSON.parse(String(entries.get('extension/package.json'))) as Record<string, unknown> & {
      main: string;
      icon: string;
      galleryBanner: { color: string; theme: string };
      contributes: {
        yamlValidation: { url: string }[];
        jsonValidation: { url: string }[];
        walkthroughs: { steps: { media: { markdown: string } }[] }[];
      };
    };
    assert.equal(manifest.version, version);
    assert.equal(manifest.publisher, 'lsst');
    for (const field of ['displayName', 'description', 'license', 'repository', 'categories', 'keywords', 'engines'])
      assert.ok(manifest[field], `package.json has ${field}`);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    const icon = entries.get(`extension/${manifest.icon}`);
    assert.ok(icon, 'the icon is packed');
    assert.equal(icon.subarray(1, 4).toString(), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'the Marketplace asks for 128 px or more');
    const readme = String(entries.get('extension/readme.md'));
    assert.match(readme, /!\[[^\]]*\]\(https:\/\/[^)]+\.png\)/, 'a picture, by an https address');
    assert.match(String(entries.get('extension/changelog.md')), new RegExp(`## ${version.replaceAll('.', '\\.')}`));
    assert.ok(entries.has('extension/LICENSE.txt') || entries.has('extension/LICENSE'));
    const named = [
      manifest.main,
      ...manifest.contributes.yamlValidation.map((entry) => entry.url),
      ...manifest.contributes.jsonValidation.map((entry) => entry.url),
      ...manifest.contributes.walkthroughs.flatMap((walkthrough) =>
        walkthrough.steps.map((step) => step.media.markdown),
      ),
    ];
    for (const path of named) assert.ok(entries.has(`extension/${path.replace(/^\.\//, '')}`), `${path} is packed`);
    assert.ok(![...entries.keys()].some((path) => path.includes('node_modules/')), 'bundled: no node_modules');
    const vsixManifest = String(entries.get('extension.vsixmanifest'));
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Icons\.Default/);
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Branding\.Color" Value="#1e3a5f"/);
    assert.match(vsixManifest, /Microsoft\.VisualStudio\.Services\.Links\.Source" Value="https:\/\/github\.com\//);
  });
});
