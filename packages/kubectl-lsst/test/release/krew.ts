// krew's rules for a plugin manifest and its way of installing an archive, written after krew's
// own code (kubernetes-sigs/krew: internal/index/validation/validate.go, cmd/validate-krew-manifest,
// internal/download/downloader.go, internal/installation/move.go and install.go). krew itself is
// a Go program that no package registry reachable here ships, so the tests follow its steps.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}
interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Requirement[];
}
export interface KrewPlatform {
  selector?: Selector;
  uri: string;
  sha256: string;
  bin: string;
  files?: { from: string; to: string }[];
}
export interface KrewPlugin {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version: string;
    homepage?: string;
    shortDescription: string;
    description?: string;
    caveats?: string;
    platforms: KrewPlatform[];
  };
}

// The <os,arch> pairs validate-krew-manifest checks selectors against, and the ARM ones krew releases for since.
const krewPlatforms: [string, string][] = [
  ['windows', '386'],
  ['windows', 'amd64'],
  ['linux', '386'],
  ['linux', 'amd64'],
  ['linux', 'arm'],
  ['linux', 'arm64'],
  ['darwin', '386'],
  ['darwin', 'amd64'],
  ['darwin', 'arm64'],
];
const windowsForbidden = [
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`COM${n}`, `LPT${n}`]),
];
// krew's semver package: Go's semver with a leading v.
const semver =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

function selectorMatches(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const requirement of selector.matchExpressions ?? []) {
    const value = labels[requirement.key];
    const values = requirement.values ?? [];
    if (requirement.operator === 'In' && !(value !== undefined && values.includes(value))) return false;
    if (requirement.operator === 'NotIn' && value !== undefined && values.includes(value)) return false;
    if (requirement.operator === 'Exists' && value === undefined) return false;
    if (requirement.operator === 'DoesNotExist' && value !== undefined) return false;
  }
  return true;
}

/** The platform krew picks on <os,arch>: the first whose selector matches. */
export function matchingPlatform(plugin: KrewPlugin, os: string, arch: string): KrewPlatform | undefined {
  return plugin.spec.platforms.find((platform) => selectorMatches(platform.selector, { os, arch }));
}

/** krew's ValidatePlugin, then validate-krew-manifest's checks (warnings count as problems here). */
export function validateKrewManifest(fileName: string, plugin: KrewPlugin): string[] {
  const problems: string[] = [];
  if (!fileName.endsWith('.yaml')) problems.push(`expected manifest extension ".yaml" in ${fileName}`);
  const name = fileName.replace(/\.yaml$/, '');
  if (plugin.apiVersion !== 'krew.googlecontainertools.github.com/v1alpha2')
    problems.push(`apiVersion=${plugin.apiVersion} not supported`);
  if (plugin.kind !== 'Plugin') problems.push(`kind=${plugin.kind}, but only "Plugin" is supported`);
  if (!/^[\w-]+$/.test(name) || windowsForbidden.some((word) => word.toLowerCase() === name.toLowerCase()))
    problems.push(`the plugin name "${name}" is not allowed`);
  if (plugin.metadata?.name !== name) problems.push(`plugin should be named "${name}", not "${plugin.metadata?.name}"`);
  const spec = plugin.spec;
  if (!spec.shortDescription) problems.push('should have a short description');
  else if (/[\r\n]/.test(spec.shortDescription)) problems.push('should not have line breaks in short description');
  if (!spec.platforms?.length) problems.push('should have a platform specified');
  if (!spec.version) problems.push('should have a version specified');
  else if (!semver.test(spec.version)) problems.push(`failed to parse plugin version ${spec.version}`);
  spec.platforms.forEach((platform, index) => {
    const where = `spec.platforms[${index}]`;
    if (!platform.uri) problems.push(`${where}: \`uri\` has to be set`);
    if (!platform.sha256) problems.push(`${where}: \`sha256\` sum has to be set`);
    else if (!/^[a-f0-9]{64}$/.test(platform.sha256)) problems.push(`${where}: \`sha256\` value is not valid`);
    if (!platform.bin) problems.push(`${where}: \`bin\` has to be set`);
    if (platform.files !== undefined) {
      if (platform.files.length === 0) problems.push(`${where}: \`files\` has to be unspecified or non-empty`);
      for (const operation of platform.files) {
        if (!operation.from) problems.push(`${where}: \`from\` field has to be set`);
        if (!operation.to) problems.push(`${where}: \`to\` field has to be set`);
        else if (normalize(operation.to).replace(/\/$/, '') !== operation.to)
          problems.push(`${where}: the path ${operation.to} is not clean`);
      }
    }
    const selector = platform.selector;
    if (!selector) problems.push(`${where}: nil selector is not supported`);
    else {
      if (selector.matchLabels === undefined && !selector.matchExpressions?.length)
        problems.push(`${where}: empty selector is not supported`);
      const keys = [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)];
      for (const key of keys) if (key !== 'os' && key !== 'arch') problems.push(`${where}: key "${key}" not supported`);
      if (selector.matchLabels && Object.keys(selector.matchLabels).length === 0)
        problems.push(`${where}: \`matchLabels\` specified but empty`);
      if (selector.matchExpressions && selector.matchExpressions.length === 0)
        problems.push(`${where}: \`matchExpressions\` specified but empty`);
      if (!krewPlatforms.some(([os, arch]) => selectorMatches(selector, { os, arch })))
        problems.push(`${where}'s selector doesn't match any supported platforms`);
    }
  });
  for (const [os, arch] of krewPlatforms) {
    const matches = spec.platforms.flatMap((platform, index) =>
      selectorMatches(platform.selector, { os, arch }) ? [index] : [],
    );
    if (matches.length > 1)
      problems.push(
        `multiple spec.platforms (at indexes ${matches}) have overlapping selectors that select os=${os}/arch=${arch}`,
      );
  }
  const longLine = (text: string | undefined, max: number) =>
    (text ?? '').split('\n').some((line) => line.length > max && line.trim().includes(' '));
  if (longLine(spec.description, 80)) problems.push('line length in `description` exceeds 80 characters');
  if (longLine(spec.shortDescription, 70)) problems.push('line length in `shortDescription` exceeds 70 characters');
  if (longLine(spec.caveats, 80)) problems.push('line length in `caveats` exceeds 80 characters');
  return problems;
}

/** krew's extractTARGZ: folders and regular files only, no `..` and no absolute names. */
function extractTarGz(archive: Buffer, target: string): void {
  const tar = gunzipSync(archive);
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const mode = Number.parseInt(field(100, 8).trim() || '0', 8);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const data = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (name === 'pax_global_header') continue;
    assert.ok(!name.includes('..'), `krew refuses to unpack an archive with suspicious entry "${name}"`);
    assert.ok(!name.startsWith('/') && !name.startsWith('\\'), `krew refuses the absolute entry "${name}"`);
    const path = join(target, name);
    if (type === '5') mkdirSync(path, { recursive: true, mode });
    else if (type === '0' || type === '\0') {
      mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
      writeFileSync(path, data, { mode });
    } else assert.fail(`krew is unable to handle file type ${type} for "${name}" in tar`);
  }
}

/** A glob of krew's file operations (filepath.Glob): `*` and `?` within one path segment. */
function glob(base: string, pattern: string): string[] {
  let found = [base];
  for (const segment of pattern.split('/')) {
    const matcher = new RegExp(
      `^${segment
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replaceAll('*', '[^/]*')
        .replaceAll('?', '[^/]')}$`,
    );
    found = found.flatMap((folder) =>
      existsSync(folder) && statSync(folder).isDirectory()
        ? readdirSync(folder)
            .filter((entry) => matcher.test(entry))
            .map((entry) => join(folder, entry))
        : [],
    );
  }
  return found.sort();
}

const within = (base: string, path: string) => {
  const rel = relative(base, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/**
 * `kubectl krew install --manifest lsst.yaml --archive <archive>` into krewRoot: verify the sha256,
 * unpack, apply `files` (a path that exists moves to `to`, a glob moves into `to`), move the result
 * to store/<name>/<version>, and link bin/kubectl-<name> to the platform's `bin`.
 */
export function installKrewPlugin(krewRoot: string, plugin: KrewPlugin, platform: KrewPlatform, archive: string): void {
  const bytes = readFileSync(archive);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), platform.sha256, 'krew checks the sha256 first');
  const unpacked = mkdtempSync(join(tmpdir(), 'krew-unpacked-'));
  const moving = mkdtempSync(join(tmpdir(), 'krew-temp-move'));
  try {
    extractTarGz(bytes, unpacked);
    for (const operation of platform.files ?? [{ from: '*', to: '.' }]) {
      const direct = resolve(unpacked, operation.from);
      if (existsSync(direct)) {
        const to = resolve(moving, operation.to === '.' ? basename(direct) : operation.to);
        assert.ok(within(unpacked, direct) && within(moving, to), `move ${operation.from} stays inside`);
        mkdirSync(dirname(to), { recursive: true });
        rmSync(to, { recursive: true, force: true });
        renameSync(direct, to);
        continue;
      }
      const matches = glob(unpacked, operation.from);
      assert.ok(matches.length > 0, `no files in the plugin archive matched the glob pattern=${operation.from}`);
      for (const match of matches) {
        const to = resolve(moving, operation.to, basename(match));
        assert.ok(within(moving, to), `move ${match} stays inside`);
        mkdirSync(dirname(to), { recursive: true });
        rmSync(to, { recursive: true, force: true });
        renameSync(match, to);
      }
    }
    const installDir = join(krewRoot, 'store', plugin.metadata.name, plugin.spec.version);
    mkdirSync(dirname(installDir), { recursive: true });
    renameSync(moving, installDir);
    const bin = resolve(installDir, platform.bin);
    assert.ok(within(installDir, bin), `bin ${platform.bin} is inside the installation`);
    assert.ok(existsSync(bin), `bin ${platform.bin} was installed`);
    mkdirSync(join(krewRoot, 'bin'), { recursive: true });
    symlinkSync(bin, join(krewRoot, 'bin', `kubectl-${plugin.metadata.name}`));
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
    rmSync(moving, { recursive: true, force: true });
  }
}
