// Benchmark: start-up of the release artifacts, whole processes, against `node -e ''` in the same
// run: the single executable (first run, which unpacks its files, and later runs), and the npm
// package's bundled CLI installed with npm. NODE_EXTRA_CA_CERTS is unset (it slows every Node start).
// Prints medians, ratios and sizes; asserts nothing.
// Usage: node scripts/bench-release.mjs [runs=31] [release folder]   (without a folder it runs
// scripts/release.mjs into a temporary one first)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const runs = Number(process.argv[2] ?? 31);
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'bench-release-'));
let releaseDir = process.argv[3];
if (!releaseDir) {
  releaseDir = join(work, 'release');
  const built = spawnSync(process.execPath, ['scripts/release.mjs', '--out', releaseDir], {
    cwd: root,
    stdio: 'ignore',
  });
  if (built.status !== 0) throw new Error('scripts/release.mjs failed');
}

const env = { ...process.env, HOME: join(work, 'home'), LANG: 'C.UTF-8' };
delete env.NODE_EXTRA_CA_CERTS;
mkdirSync(env.HOME);
const pod = join(work, 'pod.yaml');
writeFileSync(
  pod,
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  containers:\n    - name: web\n      image: ghcr.io/lsst/web:1.2.3\n',
);

const prefix = join(work, 'prefix');
const install = spawnSync(
  'npm',
  [
    'install',
    '-g',
    '--prefix',
    prefix,
    '--offline',
    '--no-audit',
    '--no-fund',
    join(releaseDir, `kubectl-lsst-${version}.tgz`),
  ],
  { env: { ...env, npm_config_cache: join(work, 'npm-cache') }, encoding: 'utf8' },
);
if (install.status !== 0) throw new Error(`npm install failed: ${install.stderr}`);
const bundled = join(prefix, 'bin', 'kubectl-lsst');
const executable = join(work, 'kubectl-lsst');
cpSync(join(releaseDir, 'kubectl-lsst-linux-x64'), executable);

function time(command, args, before) {
  const samples = [];
  for (let index = 0; index < runs; index++) {
    before?.();
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { env, cwd: work, stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result.status !== 0 && result.status !== 1)
      throw new Error(`${command} ${args.join(' ')}: exit ${result.status}`);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

// Warm the code caches and the single executable's unpacked files.
for (const command of [bundled, executable]) time(command, ['check', pod]);
const baseline = time(process.execPath, ['-e', '']);
const rows = [
  ["`node -e ''`", baseline],
  ['npm package, `kubectl-lsst check pod.yaml`', time(bundled, ['check', pod])],
  ['single executable, `kubectl-lsst check pod.yaml`', time(executable, ['check', pod])],
  [
    'single executable, first run (unpacks its files)',
    time(executable, ['check', pod], () => rmSync(join(env.HOME, '.cache'), { recursive: true, force: true })),
  ],
  ['npm package, `kubectl-lsst --version` (oclif)', time(bundled, ['--version'])],
  ['single executable, `kubectl-lsst --version` (oclif)', time(executable, ['--version'])],
];
console.log(`Node ${process.version}, ${runs} runs each, median whole-process time`);
for (const [name, ms] of rows)
  console.log(`${name.padEnd(54)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / baseline).toFixed(2)}x`);
const mib = (path) => `${(statSync(path).size / 1024 / 1024).toFixed(1)} MiB`;
console.log(`single executable: ${mib(executable)}; node itself: ${mib(process.execPath)}`);
console.log(`npm package: ${mib(join(releaseDir, `kubectl-lsst-${version}.tgz`))}`);
rmSync(work, { recursive: true, force: true });
