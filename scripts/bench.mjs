// Benchmark of whole processes, each against baselines measured in the same run (a loaded,
// shared machine makes only ratios within one run comparable). For each corpus size (Kubernetes
// objects in multi-document files of 20, plus one Dockerfile per 10 objects) it prints, median
// of the runs, alternating: `kubectl-lsst check --format json` (CPU time, wall time, peak RSS)
// serially and with --jobs 2, parsing the same manifests with `yaml` alone (the engine's
// options), and JSON.parse of the same objects as JSON; then the ratios. Then every command's
// start-up against `node -e ''` (NODE_EXTRA_CA_CERTS unset: it adds ~80 ms to every Node start).
// --million checks a generated 1,000,000-object corpus to the end in every output format and
// prints time and peak RSS (the memory a report of any size needs). --kubeconfig prints, for
// kubeconfigs of growing size up to the 4 MiB limit and one past it, `context current`,
// `context` and `context ns`. --schema prints the cost of schema validation: `check` of the same
// corpus with `input/schema` on (the default) and off (a configuration that turns it off), alternating.
// Usage: node scripts/bench.mjs [--sizes 1000,10000,100000] [--runs N] [--startup-runs N]
//        node scripts/bench.mjs --schema [--objects N] [--runs N] [--jobs N]
//        node scripts/bench.mjs --startup [--startup-runs N]                       (start-up only)
//        node scripts/bench.mjs --million [--objects N] [--formats json,sarif] [--jobs N]
//        node scripts/bench.mjs --kubeconfig
//        node scripts/bench.mjs --corpus FOLDER [--objects N] [--dockerfiles N]   (writes the corpus only)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = join(root, 'packages/kubectl-lsst/bin/kubectl-lsst');
const option = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : process.argv[index + 1];
};
const objectsPerFile = 20;
// Whole-process figures without the ~80 ms that NODE_EXTRA_CA_CERTS adds to every Node start.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

// A baseline runs in its own process: `node scripts/bench.mjs --baseline yaml|json FOLDER`.
if (process.argv[2] === '--baseline') {
  runBaseline(process.argv[3], process.argv[4]);
  process.exit(0);
}
if (process.argv.includes('--kubeconfig')) {
  buildIfNeeded();
  benchLargeKubeconfigs();
  process.exit(0);
}
// `--corpus FOLDER` only writes the corpus (the parse benchmark and the differential test read it).
if (process.argv[2] === '--corpus') {
  generateCorpus(process.argv[3], Number(option('objects', 10_000)), Number(option('dockerfiles', 1_000)));
  process.exit(0);
}
buildIfNeeded();
if (process.argv.includes('--million')) {
  benchMillion();
  process.exit(0);
}
if (process.argv.includes('--schema')) {
  benchSchema();
  process.exit(0);
}

// --startup measures start-up only.
const sizes = process.argv.includes('--startup') ? [] : option('sizes', '1000,10000,100000').split(',').map(Number);
const runsOption = option('runs', undefined);
const startUpRuns = Number(option('startup-runs', 21));
console.log(`Node ${process.version}, ${cpuCount()} CPUs, whole processes, NODE_EXTRA_CA_CERTS unset\n`);
const sizeRows = [];
for (const size of sizes) {
  // Fewer runs of the large sizes: a 100,000-object check is minutes of CPU on a loaded machine.
  const runs = runsOption !== undefined ? Number(runsOption) : size <= 1_000 ? 5 : size <= 10_000 ? 3 : 1;
  const folder = mkdtempSync(join(tmpdir(), 'lsst-bench-'));
  try {
    const corpus = generateCorpus(join(folder, 'corpus'), size, Math.ceil(size / 10));
    writeJsonTwin(join(folder, 'corpus'), join(folder, 'json'));
    const measured = { check: [], jobs: [], yaml: [], json: [] };
    for (let run = 0; run < runs; run++) {
      // Alternating, so that a busy moment on the machine hits all alike.
      measured.check.push(timeProcess(bin, ['check', '--format', 'json', '--jobs', '1', 'corpus'], folder));
      measured.jobs.push(timeProcess(bin, ['check', '--format', 'json', '--jobs', '2', 'corpus'], folder));
      measured.yaml.push(timeProcess(process.execPath, [scriptPath(), '--baseline', 'yaml', 'corpus'], folder));
      measured.json.push(timeProcess(process.execPath, [scriptPath(), '--baseline', 'json', 'json'], folder));
    }
    const median = Object.fromEntries(Object.entries(measured).map(([name, list]) => [name, medianRun(list)]));
    sizeRows.push({ size, runs, corpus, ...median });
    printSize(sizeRows.at(-1));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
if (sizeRows.length > 0) printSummaryTable(sizeRows);
printStartUp(measureStartUp(startUpRuns));

/** `check` with input/schema on and off, the same corpus, alternating; the other rules as configured by default. */
function benchSchema() {
  const objects = Number(option('objects', 10_000));
  const runs = Number(option('runs', 5));
  const jobs = option('jobs', '1');
  const folder = mkdtempSync(join(tmpdir(), 'lsst-bench-schema-'));
  try {
    const corpus = generateCorpus(join(folder, 'corpus'), objects, Math.ceil(objects / 10));
    // Each run names its configuration, so that nothing found upward or at home differs between them.
    writeFileSync(join(folder, 'schema-on.yaml'), 'rules: {}\n');
    writeFileSync(join(folder, 'schema-off.yaml'), 'rules:\n  input/schema: off\n');
    const measured = { on: [], off: [] };
    for (let run = 0; run < runs; run++) {
      for (const mode of run % 2 === 0 ? ['on', 'off'] : ['off', 'on']) {
        const args = ['check', '--format', 'json', '--jobs', jobs, '--config', `schema-${mode}.yaml`, 'corpus'];
        measured[mode].push(timeProcess(bin, args, folder));
      }
    }
    const on = medianRun(measured.on);
    const off = medianRun(measured.off);
    console.log(
      `Node ${process.version}, ${cpuCount()} CPUs; ${corpus.objects} objects in ${corpus.manifestFiles} files (${mib(corpus.manifestBytes)}), ${corpus.dockerfiles} Dockerfiles; --jobs ${jobs}; median of ${runs}\n`,
    );
    printRows([
      ['check, input/schema on', describeRun(on)],
      ['check, input/schema off', describeRun(off)],
      [
        'on / off',
        `CPU ${ratio(on.cpuMs, off.cpuMs)}, wall ${ratio(on.wallMs, off.wallMs)}, peak RSS ${ratio(on.rssBytes, off.rssBytes)}`,
      ],
      [
        'every run, CPU s (on | off)',
        `${measured.on.map((r) => (r.cpuMs / 1000).toFixed(2)).join(' ')} | ${measured.off.map((r) => (r.cpuMs / 1000).toFixed(2)).join(' ')}`,
      ],
    ]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function scriptPath() {
  return new URL(import.meta.url).pathname;
}

function cpuCount() {
  return readFileSync('/proc/cpuinfo', 'utf8').match(/^processor\s/gm)?.length ?? '?';
}

function buildIfNeeded() {
  if (!existsSync(join(root, 'packages/kubectl-lsst/dist/cli.cjs'))) {
    spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
}

/** One whole process under GNU time: wall and CPU seconds, peak RSS; its output goes to /dev/null. */
function timeProcess(command, args, cwd, extraEnv = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', command, ...args], {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const line = result.stderr.split('\n').findLast((text) => text.startsWith('TIME '));
  if (!line) throw new Error(`${command} ${args.join(' ')} gave no timing:\n${result.stderr.slice(-2000)}`);
  const [, , user, system, maxKib] = line.split(' ').map(Number);
  // check exits 1 when it finds errors; anything else means it did not finish.
  const exitCode = Number(result.stderr.match(/Command exited with non-zero status (\d+)/)?.[1] ?? 0);
  if (exitCode > 1) throw new Error(`${command} ${args.join(' ')} exited ${exitCode}:\n${result.stderr.slice(-2000)}`);
  return { wallMs, cpuMs: (user + system) * 1000, rssBytes: maxKib * 1024, exitCode };
}

/** The run of median CPU time (its wall time and RSS with it, so that the three belong together). */
function medianRun(list) {
  const sorted = [...list].sort((a, b) => a.cpuMs - b.cpuMs);
  return sorted[Math.floor(sorted.length / 2)];
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(2)} s`;
}

function ratio(value, base) {
  return `${(value / base).toFixed(2)}x`;
}

function printSize(row) {
  const { size, runs, corpus, check, jobs, yaml, json } = row;
  const lines = [
    [
      'corpus',
      `${corpus.objects} objects in ${corpus.manifestFiles} files (${mib(corpus.manifestBytes)}), ${corpus.dockerfiles} Dockerfiles`,
    ],
    ['check --format json', describeRun(check)],
    ['check --format json --jobs 2', describeRun(jobs)],
    ['parse only with yaml (manifests)', describeRun(yaml)],
    ['JSON.parse (the same objects as JSON)', describeRun(json)],
    [
      'check / yaml parse',
      `CPU ${ratio(check.cpuMs, yaml.cpuMs)}, wall ${ratio(check.wallMs, yaml.wallMs)}; --jobs 2: wall ${ratio(jobs.wallMs, yaml.wallMs)}`,
    ],
    ['check / JSON.parse', `CPU ${ratio(check.cpuMs, json.cpuMs)}, wall ${ratio(check.wallMs, json.wallMs)}`],
    ['--jobs 2 / serial', `wall ${ratio(jobs.wallMs, check.wallMs)}, CPU ${ratio(jobs.cpuMs, check.cpuMs)}`],
  ];
  console.log(`${size.toLocaleString('en')} objects (median of ${runs})`);
  printRows(lines, '  ');
  console.log('');
}

function describeRun(run) {
  return `CPU ${seconds(run.cpuMs)}, wall ${seconds(run.wallMs)}, peak RSS ${mib(run.rssBytes)}`;
}

function printRows(rows, indent = '') {
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) console.log(`${indent}${name.padEnd(width)}  ${value}`);
}

/** The table the README shows: whole-process figures and ratios only. */
function printSummaryTable(rows) {
  console.log(
    '| objects (+ Dockerfiles) | `check` CPU | wall, `--jobs 2` | peak RSS | CPU / `yaml` parse | CPU / `JSON.parse` |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const { corpus, check, jobs, yaml, json } of rows) {
    console.log(
      `| ${corpus.objects.toLocaleString('en')} (+ ${corpus.dockerfiles.toLocaleString('en')}) | ${seconds(check.cpuMs)} | ${seconds(check.wallMs)}, ${seconds(jobs.wallMs)} | ${mib(check.rssBytes)} | ${ratio(check.cpuMs, yaml.cpuMs)} | ${ratio(check.cpuMs, json.cpuMs)} |`,
    );
  }
  console.log('');
}

function runBaseline(kind, folder) {
  const files = readdirSync(folder).sort();
  if (kind === 'json') {
    for (const file of files) JSON.parse(readFileSync(join(folder, file), 'utf8'));
    return;
  }
  const coreRequire = createRequire(join(root, 'packages/core/package.json'));
  const { LineCounter, parseAllDocuments } = coreRequire('yaml');
  // The engine's YAML options, and a LineCounter (which the engine filled when this baseline was set; kept, so
  // that ratios compare across days). Dockerfiles are not part of this baseline.
  for (const file of files) {
    if (!file.endsWith('.yaml')) continue;
    const text = readFileSync(join(folder, file), 'utf8');
    parseAllDocuments(text, { lineCounter: new LineCounter(), version: '1.1', uniqueKeys: true });
  }
}

/** The manifests of the corpus as JSON (one array of objects per file), for the JSON.parse baseline. */
function writeJsonTwin(corpus, folder) {
  mkdirSync(folder);
  const coreRequire = createRequire(join(root, 'packages/core/package.json'));
  const { parseAllDocuments } = coreRequire('yaml');
  for (const file of readdirSync(corpus)) {
    if (!file.endsWith('.yaml')) continue;
    const documents = parseAllDocuments(readFileSync(join(corpus, file), 'utf8'), { version: '1.1' });
    writeFileSync(join(folder, `${file}.json`), JSON.stringify(documents.map((document) => document.toJSON())));
  }
}

/** Every command's start-up, interleaved with `node -e ''`. */
function measureStartUp(count) {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-bench-start-'));
  try {
    writeFileSync(join(folder, 'small.yaml'), deployment(0, 'web'));
    writeFileSync(join(folder, 'kubeconfig'), largeKubeconfig(5));
    const startEnv = { HOME: folder, KUBECONFIG: join(folder, 'kubeconfig'), XDG_CACHE_HOME: join(folder, 'cache') };
    const commands = [
      ['check small.yaml', ['check', 'small.yaml'], 1.6],
      ['context current', ['context', 'current'], 1.3],
      ['context (list)', ['context'], 2],
      ['rules', ['rules'], 2],
      ['explain image/pinned', ['explain', 'image/pinned'], 2],
      ['version', ['version'], 2],
      ['--help', ['--help'], 2],
      ['request-port --help', ['request-port', '--help'], 2],
    ];
    const time = (command, args) => {
      const started = process.hrtime.bigint();
      spawnSync(command, args, { env: { ...env, ...startEnv }, stdio: 'ignore', cwd: folder });
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    // Warmed once each (file cache, the code cache written on the first run).
    time(process.execPath, ['-e', '']);
    for (const [, args] of commands) time(bin, args);
    const node = [];
    const times = commands.map(() => []);
    for (let run = 0; run < count; run++) {
      node.push(time(process.execPath, ['-e', '']));
      for (const [index, [, args]] of commands.entries()) times[index].push(time(bin, args));
    }
    return {
      count,
      node: median(node),
      commands: commands.map(([name, , target], index) => ({ name, target, ms: median(times[index]) })),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function printStartUp({ count, node, commands }) {
  console.log(`Start-up, median of ${count}: node -e '' ${node.toFixed(1)} ms`);
  printRows(
    commands.map(({ name, target, ms }) => [
      `kubectl-lsst ${name}`,
      `${ms.toFixed(1)} ms, ${ratio(ms, node)} (target: at most ${target}x)`,
    ]),
    '  ',
  );
}

/** A million objects checked to the end in every format: time and peak RSS. */
function benchMillion() {
  const objects = Number(option('objects', 1_000_000));
  const formats = option('formats', 'json,sarif,stylish,junit,github').split(',');
  const jobs = option('jobs', '2');
  const folder = mkdtempSync(join(tmpdir(), 'lsst-bench-million-'));
  try {
    const corpus = generateCorpus(join(folder, 'corpus'), objects, Math.ceil(objects / 10));
    console.log(
      `Node ${process.version}; ${corpus.objects} objects in ${corpus.manifestFiles} files (${mib(corpus.manifestBytes)}), ${corpus.dockerfiles} Dockerfiles; --jobs ${jobs}\n`,
    );
    const rows = [];
    for (const format of formats) {
      const run = timeProcess(bin, ['check', '--format', format, '--jobs', jobs, 'corpus'], folder);
      rows.push([`check --format ${format}`, `${describeRun(run)}, exit ${run.exitCode}`]);
      printRows(rows.slice(-1));
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mib(bytes) {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function generateCorpus(folder, objects, dockerfiles) {
  mkdirSync(folder, { recursive: true });
  const makers = [deployment, service, statefulSet, cronJob, role, roleBinding, configMap, daemonSet];
  let made = 0;
  let manifestFiles = 0;
  let manifestBytes = 0;
  while (made < objects) {
    const documents = [];
    for (let index = 0; index < objectsPerFile && made < objects; index++, made++) {
      documents.push(makers[made % makers.length](made, `app-${Math.floor(made / objectsPerFile)}`));
    }
    const text = documents.join('---\n');
    writeFileSync(join(folder, `bundle-${String(manifestFiles).padStart(5, '0')}.yaml`), text);
    manifestFiles += 1;
    manifestBytes += Buffer.byteLength(text);
  }
  for (let index = 0; index < dockerfiles; index++) {
    writeFileSync(join(folder, `service-${String(index).padStart(5, '0')}.Dockerfile`), dockerfile(index));
  }
  return { objects: made, manifestFiles, manifestBytes, dockerfiles };
}

function container(index, name) {
  const images = [
    'nginx:1.27.0',
    'python:3.12-slim',
    'lsstsqre/centos:7',
    'postgres',
    `redis:7.2@sha256:${'a'.repeat(64)}`,
  ];
  return `        - name: ${name}
          image: ${images[index % images.length]}
          imagePullPolicy: IfNotPresent
          args: ["--port", "8080", "--log-level", "info"]
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
            - name: DATABASE_URL
              valueFrom:
                secretKeyRef: { name: ${name}-db, key: url }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: "1", memory: 512Mi }
          readinessProbe:
            httpGet: { path: /healthz, port: http }
            periodSeconds: 10
          volumeMounts:
            - name: data
              mountPath: /data
${index % 3 === 0 ? '          securityContext:\n            allowPrivilegeEscalation: false\n            readOnlyRootFilesystem: true\n' : ''}`;
}

function podSpec(index, name, indent) {
  const spec = `securityContext:
  runAsNonRoot: ${index % 2 === 0}
  runAsUser: 1000
containers:
${container(index, name).replace(/^ {8}/gm, '')}${index % 4 === 0 ? `initContainers:\n${container(index + 1, `${name}-init`).replace(/^ {8}/gm, '')}` : ''}volumes:
  - name: data
    persistentVolumeClaim: { claimName: ${name}-data }
`;
  return spec.replace(/^/gm, ' '.repeat(indent)).replace(/^\s+$/gm, '');
}

function metadata(index, name) {
  return `metadata:
  name: ${name}-${index}
  namespace: team-${index % 7}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: rubin
  annotations:
    description: "generated object ${index}"
`;
}

function deployment(index, name) {
  return `apiVersion: apps/v1
kind: Deployment
${metadata(index, name)}spec:
  replicas: 2
  selector:
    matchLabels: { app.kubernetes.io/name: ${name} }
  template:
    metadata:
      labels: { app.kubernetes.io/name: ${name} }
    spec:
${podSpec(index, name, 6)}`;
}

function daemonSet(index, name) {
  return deployment(index, name).replace('kind: Deployment', 'kind: DaemonSet').replace('  replicas: 2\n', '');
}

function statefulSet(index, name) {
  return `apiVersion: apps/v1
kind: StatefulSet
${metadata(index, name)}spec:
  serviceName: ${name}
  replicas: 3
  selector:
    matchLabels: { app.kubernetes.io/name: ${name} }
  template:
    metadata:
      labels: { app.kubernetes.io/name: ${name} }
    spec:
${podSpec(index, name, 6)}  volumeClaimTemplates:
    - metadata: { name: data }
      spec:
        accessModes: [ReadWriteOnce]
        resources: { requests: { storage: 10Gi } }
`;
}

function cronJob(index, name) {
  return `apiVersion: ${index % 5 === 0 ? 'batch/v1beta1' : 'batch/v1'}
kind: CronJob
${metadata(index, name)}spec:
  schedule: "*/15 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 2
      template:
        spec:
          restartPolicy: OnFailure
${podSpec(index, name, 10)}`;
}

function service(index, name) {
  return `apiVersion: v1
kind: Service
${metadata(index, name)}spec:
  type: ${index % 6 === 0 ? 'NodePort' : 'ClusterIP'}
  selector: { app.kubernetes.io/name: ${name} }
  ports:
    - name: http
      port: 80
      targetPort: http
`;
}

function role(index, name) {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: ${index % 4 === 0 ? 'ClusterRole' : 'Role'}
${metadata(index, name)}rules:
  - apiGroups: [""]
    resources: [configmaps, secrets]
    verbs: [get, list, watch]
  - apiGroups: [apps]
    resources: [deployments]
    verbs: ${index % 8 === 0 ? '["*"]' : '[get, list]'}
`;
}

function roleBinding(index, name) {
  return `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
${metadata(index, name)}roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: ${name}-${index - 1}
subjects:
  - kind: ServiceAccount
    name: ${name}
    namespace: team-${index % 7}
`;
}

function configMap(index, name) {
  return `apiVersion: v1
kind: ConfigMap
${metadata(index, name)}data:
  settings.yaml: |
    logLevel: info
    workers: ${index % 16}
    features: [alpha, beta]
  # a comment between keys
  endpoint: https://api.example.org/v${index % 3}
`;
}

function dockerfile(index) {
  const bases = ['python:3.12-slim', 'node:20-bookworm', 'debian:12', 'centos:7', 'lsstsqre/centos:7-stack', 'ubuntu'];
  const base = bases[index % bases.length];
  return `# syntax=docker/dockerfile:1
ARG BASE=${base}
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/service-${index} ./cmd/service

FROM \${BASE}
LABEL org.opencontainers.image.source="https://github.com/example/service-${index}"
RUN apt-get update && apt-get install -y ca-certificates curl${index % 2 === 0 ? ' && rm -rf /var/lib/apt/lists/*' : ''}
${index % 5 === 0 ? 'RUN curl -fsSL https://example.org/install.sh | sh\n' : ''}COPY --from=build /out/service-${index} /usr/local/bin/service
ENV PORT=8080
EXPOSE 8080
${index % 3 === 0 ? '' : 'USER 1000\n'}HEALTHCHECK CMD curl -f http://localhost:8080/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/service"]
`;
}

/** A kubeconfig of `count` clusters, users (with a token each) and contexts, as a large organisation's. */
function largeKubeconfig(count) {
  const parts = ['apiVersion: v1\nkind: Config\ncurrent-context: ctx-0\nclusters:\n'];
  for (let index = 0; index < count; index++) {
    parts.push(
      `- name: cluster-${index}\n  cluster:\n    server: https://k8s-${index}.example.org:6443\n    certificate-authority-data: ${'QUJD'.repeat(20)}\n`,
    );
  }
  parts.push('contexts:\n');
  for (let index = 0; index < count; index++) {
    parts.push(
      `- name: ctx-${index}\n  context:\n    cluster: cluster-${index}\n    user: user-${index}\n    namespace: ns-${index}\n`,
    );
  }
  parts.push('users:\n');
  for (let index = 0; index < count; index++) {
    parts.push(`- name: user-${index}\n  user:\n    token: token-${index}-${'x'.repeat(40)}\n`);
  }
  return parts.join('');
}

function benchLargeKubeconfigs() {
  const folder = mkdtempSync(join(tmpdir(), 'lsst-bench-kubeconfig-'));
  const rows = [];
  try {
    for (const count of [1_000, 4_000, 10_000, 12_000]) {
      const path = join(folder, `config-${count}`);
      writeFileSync(path, largeKubeconfig(count));
      const size = readFileSync(path).length;
      const env = { ...process.env, HOME: folder, KUBECONFIG: path, XDG_CACHE_HOME: join(folder, `cache-${count}`) };
      const run = (args) => {
        const started = performance.now();
        // GNU time's %M: the peak resident memory of the command, in KiB.
        const result = spawnSync('/usr/bin/time', ['-f', '%M', bin, ...args], { env, encoding: 'utf8', cwd: folder });
        const ms = performance.now() - started;
        const peakKib = Number(result.stderr.trim().split('\n').pop());
        const outcome = result.status === 0 ? '' : ` (exit ${result.status})`;
        return `${(ms / 1000).toFixed(2)} s, ${mib(peakKib * 1024)}${outcome}`;
      };
      rows.push([`${count} contexts (${mib(size)}): context current`, run(['context', 'current'])]);
      rows.push([`${count} contexts (${mib(size)}): context`, run(['context'])]);
      rows.push([`${count} contexts (${mib(size)}): context ns`, run(['context', 'ns', 'bench', '--no-check'])]);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  let width = 0;
  for (const [name] of rows) width = Math.max(width, name.length);
  console.log(`\nNode ${process.version}, kubeconfigs up to the 4 MiB limit and one past it (refused)\n`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
}
