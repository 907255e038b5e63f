// Benchmark: `kubectl lsst context current` against bare Node start-up and kubectl's own
// `config current-context`, whole processes, NODE_EXTRA_CA_CERTS unset (it slows every Node start).
// Prints medians and ratios; no assertion. Usage: node bench/context-current.mjs [runs=30]
// Uses the built CLI (bin/kubectl-lsst, dist/cli.cjs); without a build (or with BENCH_OWN_BUNDLE=1)
// it bundles the `context current` fast path itself with esbuild.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 30);
const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-context-current-'));

// A realistic kubeconfig: a few clusters, users and 40 namespace contexts.
const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
for (const cluster of ['dev', 'test', 'preprod', 'prod']) {
  lines.push(
    `- name: lsst-${cluster}`,
    '  cluster:',
    `    server: https://${cluster}.example.org:6443`,
    `    certificate-authority-data: ${'Q'.repeat(1500)}`,
  );
}
lines.push('contexts:');
for (let index = 0; index < 40; index++) {
  lines.push(
    `- name: lsst-dev/ns-${index}`,
    '  context:',
    '    cluster: lsst-dev',
    '    user: alice',
    `    namespace: ns-${index}`,
  );
}
lines.push('current-context: lsst-dev/ns-7', 'users:', '- name: alice', '  user:', `    token: ${'t'.repeat(900)}`);
const kubeconfig = join(work, 'config');
writeFileSync(kubeconfig, `${lines.join('\n')}\n`);
const lsstConfig = join(work, 'lsst.yaml');
writeFileSync(
  lsstConfig,
  'clusters:\n  - name: dev\n    role: development\n    kubernetesVersion: "1.31"\n    match: { contexts: ["lsst-dev*"] }\n',
);

let cli = [join(packageRoot, 'bin', 'kubectl-lsst'), 'context', 'current'];
let cliLabel = 'kubectl-lsst context current (bin/kubectl-lsst, built bundle)';
if (process.env.BENCH_OWN_BUNDLE === '1' || !existsSync(join(packageRoot, 'dist', 'cli.cjs'))) {
  const { build } = await import('esbuild');
  const entry = join(work, 'entry.ts');
  writeFileSync(
    entry,
    `import { runContextCurrent } from ${JSON.stringify(join(packageRoot, 'src/commands/context/current-fast.ts'))};\n` +
      'runContextCurrent(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env }).then((code) => { process.exitCode = code; });\n',
  );
  const outfile = join(work, 'context-current.cjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'error',
  });
  cli = [process.execPath, outfile];
  cliLabel = 'kubectl-lsst context current (fast path bundled by this script)';
}

const env = { ...process.env, KUBECONFIG: kubeconfig, LSST_CONFIG: lsstConfig, HOME: work };
delete env.NODE_EXTRA_CA_CERTS;
delete env.NODE_OPTIONS;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function measure(label, command, args, extraEnv = {}) {
  const times = [];
  let output = '';
  // One warm-up run (file cache), then the measured ones.
  for (let index = 0; index <= runs; index++) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { env: { ...env, ...extraEnv }, encoding: 'utf8' });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.status !== 0) throw new Error(`${label} failed: ${result.stderr}`);
    output = result.stdout.trim();
    if (index > 0) times.push(elapsed);
  }
  return { label, median: median(times), output };
}

const node = measure("node -e ''", process.execPath, ['-e', '']);
const kubectl = measure('kubectl config current-context', 'kubectl', ['config', 'current-context']);
const ours = measure(cliLabel, cli[0], cli.slice(1));
// Every prompt after a kubeconfig change reads and parses the files again: the cache-miss cost.
const uncached = measure(`${cliLabel}, cache off`, cli[0], cli.slice(1), { KUBECTL_LSST_NO_CACHE: '1' });

console.log(`runs: ${runs} each (medians, whole process, NODE_EXTRA_CA_CERTS unset)`);
for (const entry of [node, kubectl, ours, uncached])
  console.log(
    `  ${entry.median.toFixed(1).padStart(7)} ms  ${entry.label}${entry.output ? `  -> ${entry.output}` : ''}`,
  );
console.log(`ratio to node -e '': ${(ours.median / node.median).toFixed(2)}x (target: within 2x)`);
console.log(`ratio to kubectl config current-context: ${(ours.median / kubectl.median).toFixed(2)}x`);
console.log(
  `cache off: ${(uncached.median / node.median).toFixed(2)}x node -e '', ${(uncached.median / kubectl.median).toFixed(2)}x kubectl`,
);
